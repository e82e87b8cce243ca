// Bundles the Electron main process, the engine host and the preload into out/electron/.
// Native modules (DuckDB, TensorFlow) stay external and load from node_modules.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const external = ['electron', '@duckdb/*', '@tensorflow/*'];
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  external,
  absWorkingDir: root,
  logLevel: 'warning',
};

await Promise.all([
  build({ ...common, entryPoints: ['electron/main.ts'], outfile: 'out/electron/main.js', format: 'esm' }),
  build({
    ...common,
    entryPoints: ['electron/engineHost.ts'],
    outfile: 'out/electron/engineHost.js',
    format: 'esm',
    // Bundled ESM still needs require() for the CommonJS dependencies it pulls in.
    banner: {
      js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
    },
  }),
  // A sandboxed preload must be CommonJS.
  build({
    ...common,
    entryPoints: ['electron/preload.ts'],
    outfile: 'out/electron/preload.cjs',
    format: 'cjs',
  }),
]);
// Worker threads load by URL next to the bundle (esbuild leaves `new URL('./x', import.meta.url)`
// alone), so the plain-JS workers (and the module the tree worker imports) are copied beside it.
const { copyFileSync } = await import('node:fs');
for (const worker of [
  'cluster/kmeansWorker.mjs',
  'models/gbm/treeWorker.mjs',
  'models/gbm/histogramKernel.mjs',
  'models/gbm/treeState.mjs',
]) {
  copyFileSync(`${root}engine/analysis/${worker}`, `${root}out/electron/${worker.split('/').pop()}`);
}
console.log('built out/electron');
