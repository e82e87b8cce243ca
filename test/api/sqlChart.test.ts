// sql.chart: charts of a kept SQL result computed in DuckDB; columns cross as base64 doubles.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Engine } from '../../engine/api/Engine.ts';
import type { Output } from '../../engine/api/contract.ts';
import { decodeF64, valueKind } from '../../engine/api/sqlChart.ts';
import { Workspace } from '../helpers.ts';

type Chart = Output<'sql.chart'>;
const text = (c: Chart['series'][number]['x']) => ('text' in c ? c.text : assert.fail('not labels'));

describe('sql.chart', () => {
  let ws: Workspace;
  let engine: Engine;
  const query = async (sql: string) =>
    ((await engine.dispatch('sql.query', { sql })) as { resultId: string }).resultId;
  const chart = async (input: Record<string, unknown>) =>
    (await engine.dispatch('sql.chart', input)) as Chart;

  before(async () => {
    ws = await Workspace.memory();
    engine = new Engine(ws);
  });
  after(() => ws.close());

  it('classifies DuckDB types as number, time or category', () => {
    assert.equal(valueKind('BIGINT'), 'number');
    assert.equal(valueKind('DECIMAL(18,3)'), 'number');
    assert.equal(valueKind('TIMESTAMP WITH TIME ZONE'), 'time');
    assert.equal(valueKind('DATE'), 'time');
    assert.equal(valueKind('VARCHAR'), 'category');
    assert.equal(valueKind('BOOLEAN'), 'category');
  });

  it('bar: sums y per category, largest first, one series per colour', async () => {
    const id = await query(
      `SELECT * FROM (VALUES ('a', 'x', 1), ('a', 'y', 2), ('b', 'x', 10), ('c', 'y', 4)) t(cat, grp, n)`,
    );
    const plain = await chart({ resultId: id, kind: 'bar', x: 'cat', y: 'n' });
    assert.equal(plain.mode, 'grouped');
    assert.deepEqual(text(plain.series[0]!.x), ['b', 'c', 'a']);
    assert.deepEqual([...decodeF64(plain.series[0]!.y)], [10, 4, 3]);
    assert.equal(plain.yTitle, 'sum of n');
    const counted = await chart({ resultId: id, kind: 'bar', x: 'cat' });
    assert.deepEqual([...decodeF64(counted.series[0]!.y)], [2, 1, 1]);
    const colored = await chart({ resultId: id, kind: 'bar', x: 'cat', y: 'n', color: 'grp' });
    assert.deepEqual(
      colored.series.map((s) => s.name),
      ['x', 'y'],
    );
    assert.deepEqual(text(colored.series[0]!.x), ['b', 'a']);
  });

  it('line: groups by a time x (epoch ms), and bins x past 10,000 values', async () => {
    const id = await query(`SELECT DATE '2024-01-01' + (i % 3)::INTEGER AS day, 1 AS n FROM range(9) t(i)`);
    const c = await chart({ resultId: id, kind: 'line', x: 'day', y: 'n' });
    assert.equal(c.xType, 'time');
    assert.deepEqual(
      [...decodeF64(c.series[0]!.x)],
      [0, 1, 2].map((d) => Date.UTC(2024, 0, 1 + d)),
    );
    assert.deepEqual([...decodeF64(c.series[0]!.y)], [3, 3, 3]);
    const big = await query(`SELECT i AS x, 1 AS y FROM range(50000) t(i)`);
    const binned = await chart({ resultId: big, kind: 'line', x: 'x', y: 'y' });
    assert.equal(binned.mode, 'binned');
    assert.equal(binned.points, 1000);
    assert.equal(
      decodeF64(binned.series[0]!.y).reduce((a, b) => a + b, 0),
      50000,
    );
    assert.match(binned.note ?? '', /50,000 values of x are cut into 1,000 bins/);
  });

  it('histogram: one bin per value for a small integer range, else 60 bins', async () => {
    const id = await query(`SELECT i % 5 AS k, i / 7.0 AS v FROM range(1000) t(i)`);
    const small = await chart({ resultId: id, kind: 'histogram', x: 'k' });
    assert.deepEqual([...decodeF64(small.series[0]!.x)], [0, 1, 2, 3, 4]);
    assert.deepEqual([...decodeF64(small.series[0]!.y)], [200, 200, 200, 200, 200]);
    assert.equal(small.binWidth, 1);
    const wide = await chart({ resultId: id, kind: 'histogram', x: 'v' });
    assert.equal(wide.series[0]!.x && decodeF64(wide.series[0]!.x).length, 60);
    assert.equal(
      decodeF64(wide.series[0]!.y).reduce((a, b) => a + b, 0),
      1000,
    );
  });

  it('scatter: raw points up to maxPoints, a 2-D histogram above', async () => {
    const id = await query(`SELECT i::DOUBLE AS a, (i * 2)::DOUBLE AS b FROM range(5000) t(i)`);
    const raw = await chart({ resultId: id, kind: 'scatter', x: 'a', y: 'b' });
    assert.equal(raw.mode, 'raw');
    const xs = decodeF64(raw.series[0]!.x);
    const ys = decodeF64(raw.series[0]!.y);
    assert.equal(xs.length, 5000);
    assert.ok(xs.every((x, i) => ys[i] === 2 * x));
    const dense = await chart({ resultId: id, kind: 'scatter', x: 'a', y: 'b', maxPoints: 1000 });
    assert.equal(dense.mode, 'density');
    assert.equal(dense.z?.length, 200);
    assert.equal(
      dense.z?.flat().reduce((a, b) => a + b, 0),
      5000,
    );
    assert.match(dense.note ?? '', /5,000 points are more than the 1,000 drawn one by one/);
  });

  it('a million points cross as about 21 MB of base64 in well under the time budget', async () => {
    const id = await query(`SELECT random() AS a, random() AS b FROM range(1000000)`);
    const started = performance.now();
    const c = await chart({ resultId: id, kind: 'scatter', x: 'a', y: 'b' });
    const ms = performance.now() - started;
    const bytes = JSON.stringify(c).length;
    console.log(
      `sql.chart: 1,000,000-point scatter in ${Math.round(ms)} ms, ${(bytes / 1e6).toFixed(1)} MB of JSON`,
    );
    assert.equal(c.mode, 'raw');
    assert.equal(decodeF64(c.series[0]!.x).length, 1_000_000);
    assert.ok(bytes < 22_000_000);
  });

  it('names a missing column, a text scatter axis and a dropped result', async () => {
    const id = await query(`SELECT 'a' AS s, 1 AS n`);
    await assert.rejects(chart({ resultId: id, kind: 'bar', x: 'nope' }), {
      name: 'InvalidInput',
      message: 'sql.chart: the result has no column "nope" (columns: s, n)',
    });
    await assert.rejects(chart({ resultId: id, kind: 'scatter', x: 's', y: 'n' }), { name: 'InvalidInput' });
    await assert.rejects(chart({ resultId: 'gone', kind: 'bar', x: 's' }), { name: 'UnknownResult' });
  });
});
