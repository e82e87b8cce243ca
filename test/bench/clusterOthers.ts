// Timings of the Gaussian mixture and DBSCAN kernels on 100,000 × 8 seeded blobs. `benchGmmDbscan()` is called by
// the cluster benchmark (`npm run bench -- cluster`); `node --import tsx test/bench/clusterOthers.ts` runs it alone.
import { pathToFileURL } from 'node:url';
import { dbscan } from '../../engine/analysis/cluster/dbscan.ts';
import { gaussianMixture } from '../../engine/analysis/cluster/gmm.ts';
import type { Matrix } from '../../engine/analysis/matrix.ts';
import { matrix } from '../../engine/analysis/matrix.ts';
import { Rng } from '../../engine/analysis/random.ts';

export interface GmmDbscanBench {
  gmm: { seconds: number; iterations: number; rows: number; cols: number; k: number };
  dbscan: {
    seconds: number;
    rows: number;
    cols: number;
    clusters: number;
    noise: number;
    eps: number;
    minSamples: number;
  };
}

/** `rows` × `cols` points around `centres` well-separated unit-variance Gaussian centres (seeded). */
export function blobs(rows: number, cols: number, centres: number, seed: number): Matrix {
  const rng = new Rng(seed);
  const centre = Float64Array.from({ length: centres * cols }, () => rng.uniform(-20, 20));
  const m = matrix(rows, cols);
  for (let i = 0; i < rows; i++) {
    const c = rng.int(centres);
    for (let j = 0; j < cols; j++) m.data[i * cols + j] = (centre[c * cols + j] as number) + rng.normal();
  }
  return m;
}

export async function benchGmmDbscan(rows = 100_000, cols = 8): Promise<GmmDbscanBench> {
  const k = 8;
  const x = blobs(rows, cols, k, 2024);
  let start = performance.now();
  const gmm = await gaussianMixture(x, { k, covariance: 'full', seed: 0 });
  const gmmSeconds = (performance.now() - start) / 1000;
  const eps = 1.5;
  const minSamples = 10;
  start = performance.now();
  const db = await dbscan(x, { eps, minSamples });
  const dbscanSeconds = (performance.now() - start) / 1000;
  return {
    gmm: { seconds: gmmSeconds, iterations: gmm.iterations, rows, cols, k },
    dbscan: { seconds: dbscanSeconds, rows, cols, clusters: db.clusters, noise: db.noise, eps, minSamples },
  };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(JSON.stringify(await benchGmmDbscan(), null, 2));
}
