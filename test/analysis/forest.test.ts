import assert from 'node:assert/strict';
import { rocAuc } from '../../engine/analysis/metrics/classification.ts';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import type { Matrix } from '../../engine/analysis/matrix.ts';
import { fromRows, matrix } from '../../engine/analysis/matrix.ts';
import { fitForest, loadForest } from '../../engine/analysis/models/gbm/forest.ts';
import { Rng } from '../../engine/analysis/random.ts';

interface TreesFixture {
  readonly source: { readonly command: string };
  readonly trainRows: number;
  readonly x: (number | null)[][];
  readonly y: number[];
  readonly forest: { readonly fill: number; readonly aucs: number[] };
}

/** test/fixtures/sklearn/trees.json (made by the command in its `source`), missing values filled as for sklearn. */
function fixture() {
  const f = JSON.parse(
    readFileSync(new URL('../fixtures/sklearn/trees.json', import.meta.url), 'utf8'),
  ) as TreesFixture;
  const rows = f.x.map((r) => r.map((v) => v ?? f.forest.fill));
  const n = f.trainRows;
  return {
    ...f,
    train: fromRows(rows.slice(0, n)),
    test: fromRows(rows.slice(n)),
    yTrain: Uint8Array.from(f.y.slice(0, n)),
    yTest: Uint8Array.from(f.y.slice(n)),
  };
}

function mean(a: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]!;
  return s / a.length;
}

function synthetic(rows: number, cols: number, seed: number): { x: Matrix; y: Uint8Array } {
  const rng = new Rng(seed);
  const x = matrix(rows, cols);
  const y = new Uint8Array(rows);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) x.data[i * cols + j] = rng.normal();
    const a = x.data[i * cols]!;
    const b = x.data[i * cols + 1]!;
    y[i] = a * b + 0.5 * a + 0.3 * rng.normal() > 0.2 ? 1 : 0;
  }
  return { x, y };
}

let defaultFit: ReturnType<typeof fitForest> | null = null;
function defaultModel(): ReturnType<typeof fitForest> {
  const f = fixture();
  defaultFit ??= fitForest(f.train, f.yTrain, { seed: 0 });
  return defaultFit;
}

test('forest test AUC on the fixture is within 0.015 of scikit-learn RandomForestClassifier (mean of 5 seeds)', async () => {
  const f = fixture();
  const model = await defaultModel();
  assert.equal(model.kind, 'forest');
  assert.equal(model.nTrees, 100);
  const p = await model.predictProba(f.test);
  assert.ok(p.every((v) => v >= 0 && v <= 1));
  const ours = rocAuc(f.yTest, p);
  const theirs = mean(f.forest.aucs);
  assert.ok(Math.abs(ours - theirs) < 0.015, `ours ${ours} vs sklearn ${theirs} (${f.source.command})`);
  const importance = model.featureImportance();
  assert.ok(Math.abs(importance.reduce((s, v) => s + v, 0) - 1) < 1e-12);
});

test('NaN is learned as its own side', async () => {
  const rng = new Rng(8);
  const rows: number[][] = [];
  const y: number[] = [];
  for (let i = 0; i < 300; i++) {
    const missing = rng.chance(0.3);
    rows.push([missing ? NaN : rng.normal(), rng.normal()]);
    y.push(missing ? 1 : 0);
  }
  const model = await fitForest(fromRows(rows), y, { trees: 20, maxFeatures: 'all', seed: 1 });
  const p = await model.predictProba(
    fromRows([
      [NaN, 0],
      [0.3, 0],
      [NaN, NaN],
    ]),
  );
  assert.ok(p[0]! > 0.9 && p[1]! < 0.1 && p[2]! > 0.9, `probabilities ${Array.from(p).join(', ')}`);
});

test('the same seed gives the same forest, whatever the number of threads; another seed differs', async () => {
  // Enough rows for the worker threads to take part (nodes of ≥ 65,536 rows are cut into several chunks).
  const { x, y } = synthetic(80_000, 4, 12);
  const options = { trees: 2, maxDepth: 4, seed: 3 };
  const a = await fitForest(x, y, { ...options, threads: 1 });
  const b = await fitForest(x, y, { ...options, threads: 2 });
  const head = fromRows(Array.from({ length: 300 }, (_, i) => Array.from(x.data.subarray(i * 4, i * 4 + 4))));
  assert.deepEqual(await a.predictProba(head), await b.predictProba(head));
  const f = fixture();
  const [p5, p5again, p6] = await Promise.all(
    [5, 5, 6].map(async (seed) =>
      (await fitForest(f.train, f.yTrain, { trees: 5, seed })).predictProba(f.test),
    ),
  );
  assert.deepEqual(p5, p5again);
  assert.notDeepEqual(p5, p6);
});

test('a saved forest loads back and predicts identically', async () => {
  const f = fixture();
  const model = await defaultModel();
  const copy = loadForest(JSON.parse(JSON.stringify(model.toJSON())));
  assert.deepEqual(await copy.predictProba(f.test), await model.predictProba(f.test));
  assert.throws(() => loadForest({ kind: 'gbm', version: 1, params: {} }), TypeError);
  assert.throws(
    () => loadForest({ kind: 'forest', version: 1, params: { nFeatures: 6, importance: [], trees: [] } }),
    TypeError,
  );
});

test('class weights shift the predictions', async () => {
  const f = fixture();
  const options = { trees: 30, minSamplesLeaf: 5, seed: 0 };
  const plain = await fitForest(f.train, f.yTrain, options);
  const balanced = await fitForest(f.train, f.yTrain, { ...options, classWeight: 'balanced' });
  const mp = mean(await plain.predictProba(f.test));
  const mb = mean(await balanced.predictProba(f.test));
  assert.ok(mb > mp + 0.02, `mean probability ${mp} → ${mb}`);
});

test('progress counts trees and the signal cancels', async () => {
  const { x, y } = synthetic(1000, 4, 5);
  const messages: string[] = [];
  const controller = new AbortController();
  await assert.rejects(
    fitForest(x, y, {
      trees: 100_000,
      signal: controller.signal,
      onProgress: (_fraction, message) => {
        messages.push(message);
        if (/^tree [1-9]\d*\//.test(message)) controller.abort();
      },
    }),
    { name: 'AbortError' },
  );
  assert.ok(
    messages.some((m) => /^tree \d+\/100000$/.test(m)),
    messages.join(', '),
  );
});

test('bad input gives clear errors', async () => {
  const x = fromRows([[1], [2], [3], [4]]);
  await assert.rejects(fitForest(x, [0, NaN, 1, 1]), /label of row 1 is NaN/);
  await assert.rejects(fitForest(x, [0, 0, 0, 0]), /one class only/);
  await assert.rejects(fitForest(matrix(0, 2), []), /no rows/);
  await assert.rejects(fitForest(x, [0, 1, 0, 1], { trees: 0 }), /trees must be a positive integer/);
  const model = await fitForest(x, [0, 1, 0, 1], { trees: 3 });
  await assert.rejects(model.predictProba(fromRows([[1, 2]])), /1 features, the input 2/);
});
