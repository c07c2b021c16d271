import { defineProject, mergeConfig } from 'vitest/config';
import viteConfig from './vite.config.ts';

// The web app's pure modules, compiled as the app compiles them; run by the root `vitest run`.
export default mergeConfig(viteConfig, defineProject({ test: { name: 'web', include: ['test/**/*.test.ts'] } }));
