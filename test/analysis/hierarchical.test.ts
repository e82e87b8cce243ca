import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import type { LinkageMethod } from '../../engine/analysis/cluster/hierarchical.ts';
import { hierarchical, linkageMatrix } from '../../engine/analysis/cluster/hierarchical.ts';
import { cutTree, dendrogram } from '../../engine/analysis/cluster/linkageTree.ts';
import { fromRows, matrix } from '../../engine/analysis/matrix.ts';
import type { Matrix } from '../../engine/analysis/matrix.ts';
import { Rng } from '../../engine/analysis/random.ts';

/** Reference values from SciPy 1.10.1 (see make_gmm_dbscan_hclust.py for the command and versions). */
interface ScipyDendrogram {
  icoord: number[][];
  dcoord: number[][];
  leaves: number[];
  ivl: string[];
}
interface Fixture {
  data: Record<string, number[][]>;
  hierarchical: {
    data: string;
    method: LinkageMethod;
    linkage: number[];
    cuts: Record<string, number[]>;
    dendrograms: Record<string, ScipyDendrogram>;
  }[];
}
const fixture = JSON.parse(
  readFileSync(new URL('../fixtures/sklearn/gmm_dbscan_hclust.json', import.meta.url), 'utf8'),
) as Fixture;
const data = (name: string): Matrix => fromRows(fixture.data[name] ?? []);

/** Adjusted Rand index (Hubert & Arabie 1985), small local version for partitions of equal length. */
function adjustedRand(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = a.length;
  const pairs = (m: number): number => (m * (m - 1)) / 2;
  const table = new Map<string, number>();
  const rows = new Map<number, number>();
  const cols = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const key = `${a[i]}|${b[i]}`;
    table.set(key, (table.get(key) ?? 0) + 1);
    rows.set(a[i]!, (rows.get(a[i]!) ?? 0) + 1);
    cols.set(b[i]!, (cols.get(b[i]!) ?? 0) + 1);
  }
  const index = [...table.values()].reduce((s, m) => s + pairs(m), 0);
  const sumRows = [...rows.values()].reduce((s, m) => s + pairs(m), 0);
  const sumCols = [...cols.values()].reduce((s, m) => s + pairs(m), 0);
  const expected = (sumRows * sumCols) / pairs(n);
  const max = (sumRows + sumCols) / 2;
  return max === expected ? 1 : (index - expected) / (max - expected);
}

function close(actual: number, expected: number, rel = 1e-9): boolean {
  return Math.abs(actual - expected) <= rel * Math.max(Math.abs(expected), 1e-300);
}

for (const c of fixture.hierarchical) {
  test(`hierarchical ${c.method}: linkage matrix, cuts and dendrogram equal SciPy's`, async () => {
    const x = data(c.data);
    const z = await linkageMatrix(x, c.method);
    assert.equal(z.length, c.linkage.length);
    for (let m = 0; m < z.length / 4; m++) {
      assert.equal(z[m * 4], c.linkage[m * 4], `merge ${m}: a`);
      assert.equal(z[m * 4 + 1], c.linkage[m * 4 + 1], `merge ${m}: b`);
      assert.ok(
        close(z[m * 4 + 2]!, c.linkage[m * 4 + 2]!),
        `merge ${m}: ${z[m * 4 + 2]} vs ${c.linkage[m * 4 + 2]}`,
      );
      assert.equal(z[m * 4 + 3], c.linkage[m * 4 + 3], `merge ${m}: size`);
    }
    for (const [k, expected] of Object.entries(c.cuts)) {
      const labels = cutTree(z, Number(k));
      assert.equal(adjustedRand(labels, expected), 1);
      assert.equal(new Set(labels).size, Number(k));
      assert.equal(labels[0], 0);
    }
    for (const [p, expected] of Object.entries(c.dendrograms)) {
      const dg = dendrogram(z, Number(p));
      assert.deepEqual(dg.leaves, expected.leaves);
      assert.deepEqual(dg.leafLabels, expected.ivl);
      assert.deepEqual(dg.icoord, expected.icoord);
      assert.equal(dg.dcoord.length, expected.dcoord.length);
      dg.dcoord.forEach((link, i) => link.forEach((y, j) => assert.ok(close(y, expected.dcoord[i]![j]!))));
    }
  });
}

test('cutTree: labels numbered by first appearance in row order', () => {
  // Rows 0 and 3 merge first, then 1 and 2; the cut at k = 2 gives {0, 3} and {1, 2}.
  const z = Float64Array.from([0, 3, 1, 2, 1, 2, 2, 2, 4, 5, 5, 4]);
  assert.deepEqual(Array.from(cutTree(z, 2)), [0, 1, 1, 0]);
  assert.deepEqual(Array.from(cutTree(z, 4)), [0, 1, 2, 3]);
  assert.deepEqual(Array.from(cutTree(z, 1)), [0, 0, 0, 0]);
  assert.throws(() => cutTree(z, 5), /k must be between 1 and 4/);
  assert.throws(() => cutTree(new Float64Array(3), 1), /multiple of 4/);
});

test('hierarchical: small data is clustered directly', async () => {
  const x = data('hc');
  const result = await hierarchical(x, { k: 4 });
  assert.equal(result.sampled, null);
  assert.equal(result.note, null);
  const ward = fixture.hierarchical.find((c) => c.method === 'ward')!;
  assert.equal(adjustedRand(result.labels, ward.cuts['4']!), 1);
});

test('hierarchical: above maxRows a seeded sample is clustered and every row is labelled', async () => {
  const rng = new Rng(5);
  const centres = [
    [0, 0],
    [10, 0],
    [0, 10],
  ];
  const rows = Array.from({ length: 1200 }, (_, i) => {
    const c = centres[i % 3]!;
    return [c[0]! + rng.normal(), c[1]! + rng.normal()];
  });
  const x = fromRows(rows);
  const progress: number[] = [];
  const result = await hierarchical(x, { k: 3, maxRows: 300, seed: 9, onProgress: (f) => progress.push(f) });
  assert.ok(result.sampled !== null);
  assert.equal(result.sampled.size, 300);
  assert.equal(result.sampled.total, 1200);
  assert.equal(result.linkage.length, 299 * 4);
  assert.match(result.note ?? '', /sample of 300 of 1,200 rows/);
  assert.equal(result.labels.length, 1200);
  assert.equal(result.labels[0], 0);
  // Well-separated blobs: the sampled tree recovers them for every row.
  assert.equal(
    adjustedRand(
      result.labels,
      Array.from({ length: 1200 }, (_, i) => i % 3),
    ),
    1,
  );
  assert.equal(progress.at(-1), 1);
  const again = await hierarchical(x, { k: 3, maxRows: 300, seed: 9, linkage: 'average' });
  assert.deepEqual(again.sampled?.rows, result.sampled.rows);
});

test('hierarchical: bad input is refused', async () => {
  await assert.rejects(hierarchical(matrix(0, 2), { k: 1 }), /empty/);
  await assert.rejects(
    hierarchical(
      fromRows([
        [0, 1],
        [NaN, 1],
      ]),
      { k: 1 },
    ),
    /row 1, column 0 is NaN/,
  );
  await assert.rejects(hierarchical(fromRows([[0], [1]]), { k: 3 }), /k must be between 1 and 2/);
  await assert.rejects(linkageMatrix(fromRows([[0, 1]]), 'ward'), /at least 2 rows/);
  await assert.rejects(linkageMatrix(fromRows([[0], [1]]), 'centroid' as LinkageMethod), /unknown linkage/);
  const controller = new AbortController();
  controller.abort(new Error('stopped'));
  await assert.rejects(hierarchical(data('hc'), { k: 2, signal: controller.signal }), /stopped/);
});
