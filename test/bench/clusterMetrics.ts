// Silhouette timing for the cluster benchmark (wired in by test/bench/cluster.ts): 10,000 rows × 16
// columns, 8 clusters, exact O(n²·d) computation (10,000 is the largest input computed exactly by default).
import { silhouette } from '../../engine/analysis/cluster/metrics.ts';
import { matrix } from '../../engine/analysis/matrix.ts';
import { Rng } from '../../engine/analysis/random.ts';

/**
 * Seconds for one exact silhouette of 10,000 × 16 rows: the fastest of `repeat` runs (default 3),
 * since on a shared 2-core machine single runs vary by ±30%.
 */
export async function benchSilhouette(repeat = 3): Promise<{ seconds: number; rows: number; cols: number }> {
  const rows = 10_000;
  const cols = 16;
  const k = 8;
  const rng = new Rng(2024);
  const x = matrix(rows, cols);
  const labels = new Int32Array(rows);
  for (let i = 0; i < rows; i++) {
    const c = rng.int(k);
    labels[i] = c;
    for (let j = 0; j < cols; j++) x.data[i * cols + j] = rng.normal() + (j % k === c ? 4 : 0);
  }
  let seconds = Infinity;
  for (let r = 0; r < repeat; r++) {
    const start = performance.now();
    const result = await silhouette(x, labels, { sample: 'all' });
    seconds = Math.min(seconds, (performance.now() - start) / 1000);
    if (result.sampleSize !== rows)
      throw new Error(`benchSilhouette: used ${result.sampleSize} rows, expected ${rows}`);
  }
  return { seconds, rows, cols };
}
