import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';

const webRoot = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root: webRoot,
  // Relative asset URLs so the server can mount the app under any prefix.
  base: './',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // The bundle budget is checked on gzipped bytes by scripts/webBundleSize.mjs; this only silences
    // Vite's warning on the raw size of the chart chunk.
    chunkSizeWarningLimit: 1200,
  },
});
