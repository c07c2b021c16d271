import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// `npm run dev` gives the server and Vite the same environment: follow the server's PORT.
const server = process.env.PATTERN_SERVER_URL ?? `http://127.0.0.1:${process.env.PORT ?? 3000}`;

/**
 * The app owns `/`, `/workflows`, `/runs` and `/data` (and Vite its own modules); every other
 * path (the API, `/docs`, `/store` blobs, the routes saved workflows serve) goes to the server.
 */
const serverPaths = '^/(?!(?:workflows|runs|data)(?:/|$)|@|src/|node_modules/|index\\.html).+';

export default defineConfig({
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 2000 },
  server: { proxy: { [serverPaths]: { target: server } } },
});
