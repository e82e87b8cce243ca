import { float64Values, type Matrix } from '../engine/analysis/matrix.ts';
import { Rng } from '../engine/analysis/random.ts';

/**
 * `rows` points around `k` centres drawn uniformly in [−10, 10]^cols (make_blobs' box), each
 * point's centre chosen uniformly, with `std` per coordinate; reproducible from the seed.
 */
export function blobs(rows: number, cols: number, k: number, std: number, seed: number): Matrix {
  const rng = new Rng(seed);
  const centres = Float64Array.from({ length: k * cols }, () => rng.uniform(-10, 10));
  const data = float64Values(rows * cols);
  for (let i = 0, p = 0; i < rows; i++) {
    const c = rng.int(k);
    for (let j = 0; j < cols; j++, p++) data[p] = (centres[c * cols + j] as number) + std * rng.normal();
  }
  return { data, rows, cols };
}
