// `npm start`: builds the web app when its sources are newer than the build, then runs the server.
import './web-build.mjs';

const { register } = await import('tsx/esm/api');
register();
await import('../apps/server/src/main.ts');
