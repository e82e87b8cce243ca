import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fromRows, matrix } from '../../engine/analysis/matrix.ts';
import { pca, symmetricEigen } from '../../engine/analysis/pca.ts';

/** Reference values from scikit-learn 1.2's PCA(svd_solver='full') (test/fixtures/sklearn/make_metrics.py). */
interface PcaCase {
  name: string;
  /** The data, or the name of the metric case whose data this is. */
  x?: number[][];
  xFrom?: string;
  mean: number[];
  explainedVariance: number[];
  explainedVarianceRatio: number[];
  components: number[][];
  /** Scores of the first rows. */
  scoresHead: number[][];
  varianceShare: number;
  varianceShareK: number;
}
const fixture = JSON.parse(
  readFileSync(new URL('../fixtures/sklearn/metrics.json', import.meta.url), 'utf8'),
) as {
  pca: PcaCase[];
  metrics: { name: string; x: number[][] }[];
};
const dataOf = (c: PcaCase): number[][] => c.x ?? fixture.metrics.find((m) => m.name === c.xFrom)?.x ?? [];

function assertClose(actual: number, expected: number, rel: number, what: string, floor = 1e-3): void {
  const tolerance = rel * Math.max(Math.abs(expected), floor);
  assert.ok(
    Math.abs(actual - expected) <= tolerance,
    `${what}: ${actual} vs ${expected} (tolerance ${tolerance})`,
  );
}

for (const c of fixture.pca) {
  test(`PCA equals scikit-learn: ${c.name}`, () => {
    const x = fromRows(dataOf(c));
    const result = pca(x);
    const d = c.mean.length;
    assert.equal(result.k, d);
    c.mean.forEach((m, j) => assertClose(result.mean[j] as number, m, 1e-12, `mean ${j}`));
    c.explainedVariance.forEach((v, j) =>
      assertClose(result.explainedVariance[j] as number, v, 1e-9, `variance ${j}`),
    );
    c.explainedVarianceRatio.forEach((v, j) =>
      assertClose(result.explainedVarianceRatio[j] as number, v, 1e-9, `ratio ${j}`),
    );
    // Loadings with scikit-learn's signs (svd_flip), to 1e-9 (unit vectors).
    c.components.forEach((row, i) =>
      row.forEach((v, j) =>
        assertClose(result.components.data[i * d + j] as number, v, 1e-9, `loading ${i},${j}`, 1),
      ),
    );
    const spread = Math.sqrt(c.explainedVariance[0] as number);
    c.scoresHead.forEach((row, i) =>
      row.forEach((v, j) =>
        assertClose(result.scores.data[i * d + j] as number, v, 1e-9, `score ${i},${j}`, spread),
      ),
    );
    const share = pca(x, { varianceShare: c.varianceShare });
    assert.equal(share.k, c.varianceShareK);
    assert.equal(share.components.rows, c.varianceShareK);
    assert.equal(share.scores.cols, c.varianceShareK);
    assert.equal(share.explainedVariance.length, d, 'the scree plot keeps every component');
  });
}

test('transform projects new rows like the fitted scores', () => {
  const c = fixture.pca[0] as PcaCase;
  const result = pca(fromRows(dataOf(c)), { components: 2 });
  const projected = result.transform(fromRows(dataOf(c).slice(0, 5)));
  assert.equal(projected.cols, 2);
  assert.deepEqual([...projected.data], [...result.scores.data.subarray(0, 10)]);
  assert.throws(() => result.transform(matrix(1, 2)), /2 columns, the PCA was fit on 5/);
});

test('PCA by hand: points on the line y = 2x', () => {
  const result = pca(
    fromRows([
      [0, 0],
      [1, 2],
      [2, 4],
      [6, 12],
    ]),
  );
  // Variance along (1, 2)/√5: the x values' variance 20.75/3 times 5; nothing across.
  assertClose(result.explainedVariance[0] as number, 103.75 / 3, 1e-14, 'variance');
  assert.ok(Math.abs(result.explainedVariance[1] as number) < 1e-14);
  assertClose(result.explainedVarianceRatio[0] as number, 1, 1e-14, 'ratio');
  // Largest score is the last row's (+), so the loading points along +(1, 2).
  assertClose(result.components.data[0] as number, 1 / Math.sqrt(5), 1e-14, 'loading x');
  assertClose(result.components.data[1] as number, 2 / Math.sqrt(5), 1e-14, 'loading y');
});

test('symmetric eigendecomposition reconstructs the matrix', () => {
  const a = Float64Array.from([4, 1, 2, 1, 3, 0.5, 2, 0.5, 5]);
  const { values, vectors } = symmetricEigen(a, 3);
  for (let p = 0; p < 3; p++) {
    for (let q = 0; q < 3; q++) {
      let s = 0;
      for (let e = 0; e < 3; e++)
        s += (vectors[p * 3 + e] as number) * (values[e] as number) * (vectors[q * 3 + e] as number);
      assertClose(s, a[p * 3 + q] as number, 1e-13, `entry ${p},${q}`, 1);
    }
  }
});

test('PCA bad input: NaN, one row, conflicting or out-of-range options', () => {
  assert.throws(
    () =>
      pca(
        fromRows([
          [1, 2],
          [NaN, 3],
          [4, 5],
        ]),
      ),
    /row 1, column 0 is NaN/,
  );
  assert.throws(() => pca(fromRows([[1, 2]])), /at least 2 rows/);
  const x = fromRows([
    [1, 2],
    [3, 1],
    [4, 5],
  ]);
  assert.throws(() => pca(x, { components: 3 }), /from 1 to 2/);
  assert.throws(() => pca(x, { components: 1, varianceShare: 0.5 }), /either components or varianceShare/);
  assert.throws(() => pca(x, { varianceShare: 1 }), /between 0 and 1/);
});
