import { defineConfig, defaultClientConditions } from 'vite';
import react from '@vitejs/plugin-react';

const api = 'http://127.0.0.1:8080';

/**
 * The citizen web app. `development` comes first among the export conditions so that the
 * `@tongban/core/*` subpaths resolve to their TypeScript sources (core is not prebuilt).
 */
export default defineConfig({
  plugins: [react()],
  resolve: {
    conditions: ['development', ...defaultClientConditions],
  },
  server: {
    proxy: {
      '/api': { target: api, changeOrigin: false },
      '/auth': { target: api, changeOrigin: false },
      '/healthz': { target: api, changeOrigin: false },
    },
  },
  preview: {
    proxy: {
      '/api': { target: api, changeOrigin: false },
      '/auth': { target: api, changeOrigin: false },
      '/healthz': { target: api, changeOrigin: false },
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
    chunkSizeWarningLimit: 1500,
  },
});
