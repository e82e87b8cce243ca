import { writeFileSync } from 'node:fs';
import type { Matrix } from '../../engine/analysis/matrix.ts';
import { Rng } from '../../engine/analysis/random.ts';

export interface ClassificationData {
  readonly x: Matrix;
  /** 0/1 labels. */
  readonly y: Uint8Array;
}

export interface ClassificationOptions {
  readonly rows: number;
  readonly cols?: number;
  /** Columns that carry signal (the rest are noise or linear mixes of these). */
  readonly informative?: number;
  /** Share of positives (default 0.2). */
  readonly positives?: number;
  readonly seed?: number;
}

/**
 * A table in the spirit of scikit-learn's `make_classification`: each class is a few Gaussian
 * clusters on the vertices of a hypercube in the informative columns (so the boundary is not
 * linear and trees beat a logistic model, as on real churn data), some redundant columns are
 * random linear mixes of those, the rest is noise, and 1% of labels are flipped. Reproducible.
 */
export function makeClassification(options: ClassificationOptions): ClassificationData {
  const { rows, cols = 20, informative = 6, positives = 0.2, seed = 0 } = options;
  const redundant = Math.min(4, cols - informative);
  const rng = new Rng(seed);
  const clustersPerClass = 2;
  const centres = Array.from({ length: 2 * clustersPerClass }, () =>
    Float64Array.from({ length: informative }, () => (rng.next() < 0.5 ? -1 : 1) * 1.0),
  );
  const mix = Array.from({ length: redundant }, () =>
    Float64Array.from({ length: informative }, () => rng.uniform(-1, 1)),
  );
  // Each cluster gets its own random covariance (a linear map of standard normals).
  const maps = centres.map(() =>
    Array.from({ length: informative }, () =>
      Float64Array.from({ length: informative }, () => rng.uniform(-1, 1)),
    ),
  );
  const data = new Float64Array(rows * cols);
  const y = new Uint8Array(rows);
  const z = new Float64Array(informative);
  const v = new Float64Array(informative);
  for (let i = 0; i < rows; i++) {
    const label = rng.next() < positives ? 1 : 0;
    const cluster = label * clustersPerClass + rng.int(clustersPerClass);
    const centre = centres[cluster]!;
    const map = maps[cluster]!;
    for (let j = 0; j < informative; j++) z[j] = rng.normal();
    for (let j = 0; j < informative; j++) {
      let s = centre[j]!;
      const row = map[j]!;
      for (let t = 0; t < informative; t++) s += row[t]! * z[t]!;
      v[j] = s;
    }
    const base = i * cols;
    for (let j = 0; j < informative; j++) data[base + j] = v[j]!;
    for (let r = 0; r < redundant; r++) {
      let s = 0;
      for (let j = 0; j < informative; j++) s += mix[r]![j]! * v[j]!;
      data[base + informative + r] = s;
    }
    for (let j = informative + redundant; j < cols; j++) data[base + j] = rng.normal();
    y[i] = rng.next() < 0.01 ? 1 - label : label;
  }
  return { x: { data, rows, cols }, y };
}

/**
 * Writes the table for a Python reference run: little-endian float64, row-major, with the label
 * as the last column (`numpy.fromfile(path).reshape(rows, cols + 1)`).
 */
export function writeForPython(d: ClassificationData, path: string): void {
  const { rows, cols } = d.x;
  const out = new Float64Array(rows * (cols + 1));
  for (let i = 0; i < rows; i++) {
    out.set(d.x.data.subarray(i * cols, (i + 1) * cols), i * (cols + 1));
    out[i * (cols + 1) + cols] = d.y[i]!;
  }
  writeFileSync(path, new Uint8Array(out.buffer));
}
