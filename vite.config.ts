import { defineConfig } from 'vite';
import { jumeauTerritories, territoriesFromEnv } from './viewer/server/plugin.ts';

// COOP/COEP enable SharedArrayBuffer for workers (see ../shared/TOOLCHAIN.md); the viewer imports workers/,
// engine/ and data/ from the repository root, hence fs.allow.
const isolation = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' };

// `JUMEAU_TERRITORY=/tmp/rodez npm start` opens a territory directory; without it the sample district.
// The plugin prepares the tileset once (cached under .cache/viewer/) and serves store and tiles under /jumeau/.
export default defineConfig({
  root: 'viewer',
  plugins: [jumeauTerritories({ territories: territoriesFromEnv() })],
  server: { headers: isolation, fs: { allow: ['..'] }, open: Boolean(process.env.DISPLAY) && !process.env.CI },
  preview: { headers: isolation },
  worker: { format: 'es' },
  // Pre-bundled at start so the first page load never triggers a dependency re-optimisation and reload.
  optimizeDeps: {
    entries: ['index.html'],
    include: ['three', 'three/addons/controls/MapControls.js', '3d-tiles-renderer', '3d-tiles-renderer/plugins', '@deck.gl/core', '@deck.gl/layers', 'comlink', 'proj4', 'earcut'],
  },
  build: { outDir: '../dist/viewer', emptyOutDir: true, target: 'es2022' },
});
