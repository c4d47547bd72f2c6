import { defineConfig } from 'vite';

// COOP/COEP enable SharedArrayBuffer for workers (see ../shared/TOOLCHAIN.md); the viewer imports workers/,
// engine/ and data/ from the repository root, hence fs.allow.
const isolation = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' };

export default defineConfig({
  root: 'viewer',
  server: { headers: isolation, fs: { allow: ['..'] }, open: Boolean(process.env.DISPLAY) && !process.env.CI },
  preview: { headers: isolation },
  worker: { format: 'es' },
  build: { outDir: '../dist/viewer', emptyOutDir: true, target: 'es2022' },
});
