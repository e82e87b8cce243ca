import { test } from 'node:test';
import assert from 'node:assert/strict';
import { matrix, type Matrix } from '../../engine/analysis/matrix.ts';
import { fitLogistic } from '../../engine/analysis/models/logistic.ts';
import type { BinaryClassifier } from '../../engine/analysis/models/types.ts';
import { Rng } from '../../engine/analysis/random.ts';
import { crossValidate, spread } from '../../engine/analysis/validation/crossValidate.ts';
import { gridCombinations, gridSearch } from '../../engine/analysis/validation/gridSearch.ts';
import { permutationImportance } from '../../engine/analysis/validation/permutationImportance.ts';
import { stratifiedKFold, stratifiedSplit } from '../../engine/analysis/validation/split.ts';

/** n rows, 3 columns: the label depends on column 0 strongly, column 1 weakly, column 2 not at all. */
function table(n: number, seed: number): { x: Matrix; y: Uint8Array } {
  const rng = new Rng(seed);
  const x = matrix(n, 3);
  const y = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const a = rng.normal();
    const b = rng.normal();
    x.data.set([a, b, rng.normal()], i * 3);
    y[i] = rng.next() < 1 / (1 + Math.exp(-(2 * a + 0.5 * b - 1.5))) ? 1 : 0;
  }
  return { x, y };
}

const positives = (y: ArrayLike<number>, rows: ArrayLike<number>) =>
  Array.from(rows).reduce((s, i) => s + (y[i] as number), 0);

test('stratified split keeps the class balance, covers every row once, and is seeded', () => {
  const y = Uint8Array.from({ length: 1000 }, (_, i) => (i % 10 < 2 ? 1 : 0));
  const { train, test: held } = stratifiedSplit(y, { testFraction: 0.2, seed: 7 });
  assert.equal(held.length, 200);
  assert.equal(train.length, 800);
  assert.equal(positives(y, held), 40);
  const all = new Set([...train, ...held]);
  assert.equal(all.size, 1000);
  assert.ok(
    held.every((v, i) => i === 0 || v > held[i - 1]!),
    'sorted',
  );
  assert.deepEqual(stratifiedSplit(y, { seed: 7 }).test, held);
  assert.notDeepEqual(stratifiedSplit(y, { seed: 8 }).test, held);
  // A tiny class still gets a test row.
  const rare = Uint8Array.from({ length: 50 }, (_, i) => (i < 2 ? 1 : 0));
  assert.equal(positives(rare, stratifiedSplit(rare, { testFraction: 0.1 }).test), 1);
  assert.throws(() => stratifiedSplit(y, { testFraction: 1 }), /testFraction must be in \(0, 1\)/);
  assert.throws(() => stratifiedSplit([0, 1, 3]), /label 3 at row 2 is not binary/);
});

test('stratified k-fold: disjoint test folds, balanced classes, clear errors', () => {
  const y = Uint8Array.from({ length: 103 }, (_, i) => (i % 4 === 0 ? 1 : 0));
  const folds = stratifiedKFold(y, 5, 1);
  assert.equal(folds.length, 5);
  const seen = new Uint8Array(y.length);
  for (const { train, test: held } of folds) {
    assert.equal(train.length + held.length, y.length);
    for (const i of held) seen[i]!++;
    const p = positives(y, held);
    assert.ok(p === 5 || p === 6, `positives per fold ${p}`);
    assert.ok(held.length === 20 || held.length === 21, `fold size ${held.length}`);
  }
  assert.ok(
    seen.every((c) => c === 1),
    'every row in exactly one test fold',
  );
  assert.throws(
    () => stratifiedKFold([1, 1, 0, 0, 0], 3),
    /need at least 3 rows of each class; class 1 has 2/,
  );
  assert.throws(() => stratifiedKFold(y, 1), /k must be a whole number ≥ 2/);
});

test('cross-validation of the logistic model: per-fold metrics, spread, out-of-fold predictions, progress', async () => {
  const { x, y } = table(2000, 3);
  const fractions: number[] = [];
  const cv = await crossValidate(x, y, (xt, yt, o) => fitLogistic(xt, yt, o), {
    folds: 4,
    seed: 2,
    onProgress: (f) => fractions.push(f),
  });
  assert.equal(cv.folds.length, 4);
  assert.ok(cv.auc.mean > 0.75 && cv.auc.mean < 0.95, `AUC ${cv.auc.mean}`);
  assert.ok(cv.auc.sd > 0 && cv.auc.sd < 0.05, `sd ${cv.auc.sd}`);
  assert.deepEqual(cv.auc, spread(cv.folds.map((f) => f.auc)));
  assert.ok(
    cv.outOfFold.every((p) => p > 0 && p < 1),
    'every row scored out of fold',
  );
  assert.equal(fractions.at(-1), 1);
  assert.ok(
    fractions.every((f, i) => i === 0 || f >= fractions[i - 1]!),
    'progress never goes back',
  );
  const again = await crossValidate(x, y, (xt, yt, o) => fitLogistic(xt, yt, o), { folds: 4, seed: 2 });
  assert.deepEqual(again.outOfFold, cv.outOfFold);
  const controller = new AbortController();
  controller.abort(new Error('cancelled'));
  await assert.rejects(
    crossValidate(x, y, (xt, yt, o) => fitLogistic(xt, yt, o), { signal: controller.signal }),
    /cancelled/,
  );
  assert.deepEqual(spread([1, 3]), { mean: 2, sd: Math.SQRT2 });
});

test('grid search tries every combination in order and keeps the best', async () => {
  const grid = { l2: [0.1, 1], depth: [2, 3, 4] };
  assert.equal(gridCombinations(grid).length, 6);
  assert.deepEqual(gridCombinations(grid)[1], { l2: 0.1, depth: 3 });
  const seen: string[] = [];
  const result = await gridSearch(grid, ({ l2, depth }) => {
    seen.push(`${l2}/${depth}`);
    return -Math.abs(l2 - 1) - Math.abs(depth - 3);
  });
  assert.deepEqual(seen, ['0.1/2', '0.1/3', '0.1/4', '1/2', '1/3', '1/4']);
  assert.deepEqual(result.best.params, { l2: 1, depth: 3 });
  const low = await gridSearch({ a: [3, 1, 2] }, ({ a }) => a, { minimize: true });
  assert.equal(low.best.params.a, 1);
  const nan = await gridSearch({ a: [1, 2] }, ({ a }) => (a === 1 ? NaN : 0.5));
  assert.equal(nan.best.params.a, 2);
  await assert.rejects(
    gridSearch({ a: [] as number[] }, () => 0),
    /no values for "a"/,
  );
});

test('permutation importance: zero for an unused column, large for the one the model uses', async () => {
  const { x, y } = table(1500, 5);
  // A model that looks at column 0 only.
  const model: BinaryClassifier = {
    kind: 'logistic',
    predictProba: (m) =>
      Promise.resolve(
        Float64Array.from({ length: m.rows }, (_, i) => 1 / (1 + Math.exp(-2 * m.data[i * 3]!))),
      ),
    toJSON: () => ({ kind: 'logistic', version: 1, params: null }),
  };
  const before = Float64Array.from(x.data);
  const imp = await permutationImportance(model, x, y, { repeats: 4, seed: 1, names: ['a', 'b', 'c'] });
  assert.deepEqual(x.data, before, 'the input is not modified');
  assert.equal(imp.columns.length, 3);
  assert.equal(imp.columns[0]!.name, 'a');
  assert.ok(imp.columns[0]!.mean > 0.2, `column a: ${imp.columns[0]!.mean}`);
  assert.equal(imp.columns[1]!.mean, 0);
  assert.equal(imp.columns[2]!.sd, 0);
  assert.equal(imp.columns[0]!.drops.length, 4);
  const again = await permutationImportance(model, x, y, { repeats: 4, seed: 1 });
  assert.deepEqual(again.columns[0]!.drops, imp.columns[0]!.drops);
  const fitted = await fitLogistic(x, y);
  const real = await permutationImportance(fitted, x, y, { repeats: 3, metric: 'neg_log_loss' });
  assert.ok(
    real.columns[0]!.mean > real.columns[1]!.mean && real.columns[1]!.mean > real.columns[2]!.mean,
    'a > b > c',
  );
});
