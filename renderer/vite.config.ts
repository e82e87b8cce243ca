import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/** The renderer build: `renderer/` in, `out/renderer/` out, relative asset paths, no inline scripts. */
export default defineConfig({
  root: import.meta.dirname,
  base: './',
  plugins: [react()],
  build: {
    outDir: '../out/renderer',
    emptyOutDir: true,
    modulePreload: { polyfill: false },
    chunkSizeWarningLimit: 5000,
  },
});
