import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { oneHot } from '../../engine/analysis/preprocess/encode.ts';
import { impute } from '../../engine/analysis/preprocess/impute.ts';
import type { Column, Recipe, Table } from '../../engine/analysis/preprocess/index.ts';
import { ConstantColumnError, PreprocessError, preprocess } from '../../engine/analysis/preprocess/index.ts';
import { median, quantileSorted } from '../../engine/analysis/preprocess/quantile.ts';
import { robustScale, standardScale } from '../../engine/analysis/preprocess/scale.ts';
import { log1pColumn } from '../../engine/analysis/preprocess/transform.ts';

/** StandardScaler / RobustScaler outputs from scikit-learn 1.2 (test/fixtures/sklearn/make_metrics.py). */
interface ScalerCase {
  name: string;
  /** The data, or the name of the metric case whose data this is. */
  x?: number[][];
  xFrom?: string;
  standard: { mean: number[]; scale: number[]; output: number[][] };
  robust: { center: number[]; scale: number[]; output: number[][] };
}
const fixture = JSON.parse(
  readFileSync(new URL('../fixtures/sklearn/metrics.json', import.meta.url), 'utf8'),
) as {
  scalers: ScalerCase[];
  metrics: { name: string; x: number[][] }[];
  mallGenre: string[];
};
const dataOf = (c: ScalerCase): number[][] => c.x ?? fixture.metrics.find((m) => m.name === c.xFrom)?.x ?? [];

function assertClose(actual: number, expected: number, rel: number, what: string): void {
  const tolerance = rel * Math.max(Math.abs(expected), 1);
  assert.ok(
    Math.abs(actual - expected) <= tolerance,
    `${what}: ${actual} vs ${expected} (tolerance ${tolerance})`,
  );
}

const numeric = (name: string, values: number[]): Column => ({
  name,
  kind: 'numeric',
  values: Float64Array.from(values),
});
const categorical = (name: string, values: (string | null)[]): Column => ({
  name,
  kind: 'categorical',
  values,
});

for (const c of fixture.scalers) {
  test(`standard and robust scaling equal scikit-learn: ${c.name}`, () => {
    const x = dataOf(c);
    const d = x[0]?.length ?? 0;
    assert.ok(d > 0);
    for (let j = 0; j < d; j++) {
      const column = Float64Array.from(x, (row) => row[j] as number);
      const standard = standardScale(`c${j}`, column);
      assertClose(standard.center, c.standard.mean[j] as number, 1e-12, 'mean');
      assertClose(standard.scale, c.standard.scale[j] as number, 1e-12, 'sd');
      const robust = robustScale(`c${j}`, column);
      assert.equal(robust.center, c.robust.center[j], 'median');
      assertClose(robust.scale, c.robust.scale[j] as number, 1e-15, 'IQR');
      x.forEach((_, i) => {
        assertClose(standard.values[i] as number, c.standard.output[i]?.[j] as number, 1e-12, `z ${i},${j}`);
        assertClose(robust.values[i] as number, c.robust.output[i]?.[j] as number, 1e-15, `robust ${i},${j}`);
      });
    }
  });
}

test('quantiles and medians follow NumPy', () => {
  const sorted = Float64Array.from([1, 2, 4, 8]);
  // np.percentile([1, 2, 4, 8], [25, 50, 75]) = [1.75, 3, 5]
  assert.equal(quantileSorted(sorted, 0.25), 1.75);
  assert.equal(quantileSorted(sorted, 0.5), 3);
  assert.equal(quantileSorted(sorted, 0.75), 5);
  assert.equal(median(Float64Array.from([5, 1, 3])), 3);
  assert.equal(median(Float64Array.from([5, 1, 3, 2])), 2.5);
});

test('the whole recipe: impute, drop, log1p, one-hot, scale, with a report', () => {
  const table: Table = {
    columns: [
      numeric('age', [30, NaN, 50, 40, 20, 60]),
      numeric('revenue', [0, 9, 99, NaN, 3, 0]),
      categorical('country', ['DE', 'FR', null, 'DE', 'US', 'DE']),
      numeric('ignored', [NaN, NaN, NaN, NaN, NaN, NaN]),
    ],
  };
  const recipe: Recipe = {
    columns: [
      { column: 'age', impute: 'median', scale: 'standard' },
      { column: 'revenue', impute: 'drop', log1p: true },
      { column: 'country', impute: 'mode', topLevels: 1 },
    ],
  };
  const out = preprocess(table, recipe);
  assert.deepEqual([...out.rowIndex], [0, 1, 2, 4, 5]);
  assert.deepEqual(out.featureNames, ['age', 'revenue', 'country=DE', 'country=other']);
  assert.equal(out.matrix.rows, 5);
  assert.equal(out.matrix.cols, 4);
  // Age median over kept rows (30, 50, 20, 60) is 40; its z-score is then 0.
  assert.equal(out.report.columns[0]?.fill, 40);
  assert.equal(out.matrix.data[1 * 4 + 0], 0);
  assert.equal(out.matrix.data[2 * 4 + 1], Math.log1p(99));
  // Row 2's missing country becomes DE (the mode); FR and US are pooled.
  assert.deepEqual([...out.matrix.data.filter((_, i) => i % 4 === 2)], [1, 0, 1, 0, 1]);
  assert.deepEqual([...out.matrix.data.filter((_, i) => i % 4 === 3)], [0, 1, 0, 1, 0]);
  assert.deepEqual(out.report.rows, { input: 6, dropped: 1, kept: 5 });
  const [age, revenue, country] = out.report.columns;
  assert.equal(age?.missing, 1);
  assert.equal(age?.imputed, 1);
  assert.equal(revenue?.droppedRows, 1);
  assert.equal(revenue?.log1p, true);
  assert.deepEqual(country?.levels, ['DE']);
  assert.equal(country?.otherRows, 2);
  assert.equal(country?.fill, 'DE');
  assert.ok(Math.abs((age?.features[0]?.center ?? 0) - 40) < 1e-12);
});

test('a missing value without imputation names the column and the row', () => {
  const values = Array.from({ length: 20 }, (_, i) => i);
  values[17] = NaN;
  const table: Table = { columns: [numeric('age', values)] };
  assert.throws(
    () => preprocess(table, { columns: [{ column: 'age' }] }),
    (error: unknown) =>
      error instanceof PreprocessError &&
      error.column === 'age' &&
      error.row === 17 &&
      /column "age": row 17 is NaN/.test(error.message),
  );
  const withNull: Table = { columns: [categorical('plan', ['a', null, 'b'])] };
  assert.throws(
    () => preprocess(withNull, { columns: [{ column: 'plan' }] }),
    /column "plan": row 1 is missing/,
  );
  assert.throws(
    () =>
      preprocess(
        { columns: [numeric('x', [1, Infinity])] },
        { columns: [{ column: 'x', impute: 'median' }] },
      ),
    /column "x": row 1 is Infinity/,
  );
});

test('log1p refuses negative values, naming the input row after dropped rows', () => {
  const table: Table = { columns: [numeric('spend', [NaN, 1, 2, -3, -4])] };
  assert.throws(
    () => preprocess(table, { columns: [{ column: 'spend', impute: 'drop', log1p: true }] }),
    /column "spend": log1p needs values ≥ 0, row 3 is -3 \(2 negative values\)/,
  );
  assert.deepEqual([...log1pColumn('x', Float64Array.from([0, 1]))], [0, Math.log1p(1)]);
});

test('constant columns: a clear error, or dropped on request', () => {
  const table: Table = { columns: [numeric('x', [1, 2, 3, 4]), numeric('flat', [7, 7, 7, 7])] };
  const columns = [
    { column: 'x', scale: 'standard' },
    { column: 'flat', scale: 'standard' },
  ] as const;
  assert.throws(
    () => preprocess(table, { columns }),
    (error: unknown) =>
      error instanceof ConstantColumnError &&
      error.column === 'flat' &&
      /"flat" is constant/.test(error.message),
  );
  const out = preprocess(table, { columns, constantColumns: 'drop' });
  assert.deepEqual(out.featureNames, ['x']);
  assert.deepEqual(out.report.droppedConstant, ['flat']);
  assert.throws(
    () => robustScale('mostly', Float64Array.from([0, 0, 0, 0, 0, 9])),
    /"mostly" has an interquartile range of 0/,
  );
  assert.throws(() => standardScale('one', Float64Array.from([0.1, 0.1, 0.1])), /"one" is constant/);
});

test('one-hot: top levels by frequency, ties by name, "other" last', () => {
  const encoded = oneHot('country', ['US', 'DE', 'FR', 'DE', 'US', 'AT', 'FR', 'NL'], 3);
  // DE, FR, US twice each (ties by name), AT and NL pooled.
  assert.deepEqual(encoded.names, ['country=DE', 'country=FR', 'country=US', 'country=other']);
  assert.equal(encoded.otherRows, 2);
  assert.deepEqual([...(encoded.columns[3] as Float64Array)], [0, 0, 0, 0, 0, 1, 0, 1]);
  assert.deepEqual(oneHot('p', ['a', 'b'], 5).names, ['p=a', 'p=b']);
  assert.deepEqual(oneHot('p', ['other', 'other', 'b', 'c'], 1).names, ['p=other', 'p=(other)']);
  // Mall_Customers.csv's Genre column: 112 Female, 88 Male.
  const genre = oneHot('genre', fixture.mallGenre);
  assert.deepEqual(genre.names, ['genre=Female', 'genre=Male']);
  assert.equal(
    genre.columns[0]?.reduce((s, v) => s + v, 0),
    112,
  );
});

test('impute reports counts and kept rows; constants must fit the column kind', () => {
  const result = impute(
    [numeric('a', [1, NaN, 1, 5, NaN]), categorical('b', ['x', 'y', null, 'y', 'x'])],
    [{ constant: -1 }, 'drop'],
  );
  assert.deepEqual([...result.keptRows], [0, 1, 3, 4]);
  assert.deepEqual(result.counts[0], { column: 'a', missing: 2, imputed: 2, droppedRows: 0, fill: -1 });
  assert.deepEqual(result.counts[1], { column: 'b', missing: 1, imputed: 0, droppedRows: 1 });
  assert.deepEqual([...(result.columns[0]?.values as Float64Array)], [1, -1, 5, -1]);
  assert.throws(() => impute([numeric('a', [NaN, 1])], [{ constant: 'zero' }]), /must be a finite number/);
  assert.throws(
    () => impute([categorical('b', [null, 'x'])], ['median']),
    /median imputation needs a numeric column/,
  );
  assert.throws(() => impute([numeric('a', [NaN, NaN])], ['mode']), /every value is missing/);
  // Mode ties go to the smallest value.
  assert.equal(impute([numeric('a', [3, 1, 3, 1, NaN])], ['mode']).counts[0]?.fill, 1);
});

test('bad tables and recipes', () => {
  assert.throws(() => preprocess({ columns: [numeric('a', [])] }, { columns: [{ column: 'a' }] }), /no rows/);
  const table: Table = { columns: [numeric('a', [1, 2]), categorical('b', ['x', 'y'])] };
  assert.throws(() => preprocess(table, { columns: [] }), /selects no columns/);
  assert.throws(
    () => preprocess(table, { columns: [{ column: 'c' }] }),
    /names column "c", which the table lacks/,
  );
  assert.throws(() => preprocess(table, { columns: [{ column: 'a' }, { column: 'a' }] }), /appears twice/);
  assert.throws(
    () => preprocess(table, { columns: [{ column: 'b', log1p: true }] }),
    /log1p needs a numeric column/,
  );
  assert.throws(
    () => preprocess(table, { columns: [{ column: 'a', topLevels: 3 }] }),
    /categorical columns only/,
  );
  assert.throws(
    () => preprocess({ columns: [numeric('a', [1, 2]), numeric('b', [1])] }, { columns: [{ column: 'a' }] }),
    /"b" has 1 rows, expected 2/,
  );
  assert.throws(
    () => preprocess({ columns: [numeric('a', [NaN, NaN])] }, { columns: [{ column: 'a', impute: 'drop' }] }),
    /no rows left/,
  );
});
