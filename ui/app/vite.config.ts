// Builds the dashboard (Lit components) into dist/ui/, which the API server serves at `/`.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  root: here('.'),
  base: '/',
  logLevel: 'warn',
  build: {
    outDir: here('../../dist/ui'),
    emptyOutDir: true,
    target: 'es2022',
    // The app is one chunk; Chart.js (dynamically imported by the bar chart) is a second, fetched at start beside it.
    chunkSizeWarningLimit: 400,
    reportCompressedSize: false,
  },
});
