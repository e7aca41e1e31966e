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
    // One small app: a single chunk loads in one request.
    chunkSizeWarningLimit: 400,
    reportCompressedSize: false,
  },
});
