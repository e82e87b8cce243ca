// Experiments that cannot be analysed as asked fail with an ExperimentInputError whose message names the file,
// column, variant or metric at fault; units seen twice are excluded and counted rather than double-counted.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { AnalyzeRequest, ExperimentResult } from '../../engine/api/experimentsContract.ts';
import { analyzeExperiment } from '../../engine/experiments/analyze.ts';
import { ExperimentInputError } from '../../engine/experiments/errors.ts';
import { datasets, tempDir, Workspace } from '../helpers.ts';

const cookieCats = `${datasets}cookie_cats.csv.gz`;
const COOKIE = { variant: 'version', control: 'gate_30', metrics: ['retention_7'] };

type Extra = Partial<Omit<AnalyzeRequest, 'source'>>;
const analyse = (path: string, extra: Extra = {}, ws: Workspace | null = null): Promise<ExperimentResult> =>
  analyzeExperiment(ws, {
    source: { kind: 'file', path },
    variant: 'arm',
    control: 'A',
    metrics: ['m'],
    ...extra,
  });

/** Rejects with an ExperimentInputError whose whole message matches `message`. */
async function fails(promise: Promise<unknown>, message: RegExp): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof ExperimentInputError, `not an ExperimentInputError: ${String(error)}`);
    assert.equal(error.name, 'ExperimentInputError');
    assert.match(error.message, message);
    assert.ok(!error.message.includes('\n'), 'one line');
    return true;
  });
}

describe('experiments: bad input', () => {
  const tmp = tempDir();
  after(() => tmp.cleanup());
  const csv = (name: string, lines: string[]) => tmp.file(name, `${lines.join('\n')}\n`);

  it('a single variant (filtered with `where`) names the file and the one variant with its units', async () => {
    await fails(
      analyse(cookieCats, { ...COOKIE, where: "version = 'gate_30'" }),
      /^cookie_cats\.csv\.gz: only one variant \(gate_30 \(44700\)\); an experiment needs a control and at least one other variant$/,
    );
  });

  it('a control that is not a variant lists the variants there are', async () => {
    await fails(
      analyse(cookieCats, { ...COOKIE, control: 'gate_50' }),
      /^cookie_cats\.csv\.gz: control "gate_50" is not a value of version \(variants: gate_30 \(44700\), gate_40 \(45489\)\)$/,
    );
    // Filtering the control away is the same mistake, seen from the other side.
    await fails(
      analyse(cookieCats, { ...COOKIE, where: "version = 'gate_40'" }),
      /control "gate_30" is not a value of version \(variants: gate_40 \(45489\)\)/,
    );
  });

  it('a non-numeric metric (a VARCHAR column, or numbers mixed with text) names the column and its type', async () => {
    await fails(
      analyse(cookieCats, { ...COOKIE, metrics: ['retention_7', 'version'] }),
      /^cookie_cats\.csv\.gz: metric column "version" is VARCHAR, not numeric \(metrics must be numbers or true\/false\)$/,
    );
    const mixed = csv('mixed.csv', ['unit,arm,m', 'u1,A,1', 'u2,A,abc', 'u3,A,2', 'u4,B,3', 'u5,B,4']);
    await fails(analyse(mixed), /^mixed\.csv: metric column "m" is VARCHAR, not numeric/);
    await fails(analyse(mixed, { metrics: ['ratio:m/m'] }), /^mixed\.csv: metric column "m" is VARCHAR/);
    await fails(
      analyse(cookieCats, { ...COOKIE, cuped: 'version' }),
      /CUPED covariate column "version" is VARCHAR/,
    );
  });

  it('an empty group (a variant whose units all lack the metric) or a variant of one unit', async () => {
    const empty = csv('empty.csv', [
      'unit,arm,m',
      'u1,A,1',
      'u2,A,2',
      'u3,A,3',
      'u4,B,',
      'u5,B,',
      'u6,C,4',
      'u7,C,5',
    ]);
    await fails(
      analyse(empty),
      /^empty\.csv: variant "B" has no units with a value of metric "m"; each variant needs at least two$/,
    );
    const one = csv('one.csv', ['unit,arm,m', 'u1,A,5', 'u2,A,4', 'u3,A,5', 'u4,B,6']);
    await fails(analyse(one), /^one\.csv: variant "B" has one unit with a value of metric "m"/);
    // Units without a value are left out of that metric only, and counted.
    const partial = csv('partial.csv', [
      'unit,arm,m,k',
      'u1,A,1,1',
      'u2,A,2,1',
      'u3,A,,1',
      'u4,B,3,0',
      'u5,B,4,0',
    ]);
    const r = await analyse(partial, { metrics: ['m', 'k'] });
    assert.deepEqual(
      r.metrics.map((m) => [m.metric, m.missing, m.variants.map((v) => v.n).join()]),
      [
        ['m', 1, '2,2'],
        ['k', 0, '3,2'],
      ],
    );
    assert.deepEqual(r.warnings, ['metric "m": 1 unit has no value (empty cells): left out of this metric']);
  });

  it('NaN or infinity in a metric names the metric, the count and a unit', async () => {
    const nan = csv('nan.csv', [
      'unit,arm,m',
      'u1,A,1',
      'u2,A,2',
      'u3,A,NaN',
      'u4,B,3',
      'u5,B,4',
      'u6,B,NaN',
    ]);
    await fails(
      analyse(nan),
      /^nan\.csv: metric "m" has 2 NaN or infinite values \(e.g. at unit u\d\); fix or filter them$/,
    );
    // Capping would hide a NaN (least(NaN, cap) is the cap): it is caught before.
    await fails(analyse(nan, { winsorize: 90 }), /^nan\.csv: metric "m" has 2 NaN or infinite values/);
    const inf = csv('inf.csv', ['unit,arm,m', 'u1,A,1', 'u2,A,2', 'u3,A,inf', 'u4,B,3', 'u5,B,4']);
    await fails(analyse(inf), /^inf\.csv: metric "m" has 1 NaN or infinite value \(e.g. at unit u3\)/);
    // Filtering them out is the remedy the message suggests.
    const r = await analyse(nan, { where: 'NOT isnan(m)' });
    assert.equal(r.units.analysed, 4);
  });

  it('unknown columns name the role and list the columns', async () => {
    const columns = '\\(columns: userid, version, sum_gamerounds, retention_1, retention_7\\)$';
    await fails(
      analyse(cookieCats, { ...COOKIE, variant: 'nope' }),
      new RegExp(`no variant column "nope" ${columns}`),
    );
    await fails(
      analyse(cookieCats, { ...COOKIE, metrics: ['nope'] }),
      new RegExp(`no metric column "nope" ${columns}`),
    );
    await fails(
      analyse(cookieCats, { ...COOKIE, factors: ['nope'] }),
      new RegExp(`no factor column "nope" ${columns}`),
    );
    await fails(
      analyse(cookieCats, { ...COOKIE, unit: 'nope' }),
      new RegExp(`no unit column "nope" ${columns}`),
    );
    await fails(
      analyse(cookieCats, { ...COOKIE, time: 'nope' }),
      new RegExp(`no time column "nope" ${columns}`),
    );
    await fails(analyse(cookieCats, { ...COOKIE, where: 'nope = 1' }), /^cookie_cats\.csv\.gz: .*"nope"/);
    // Without an id column every row is a unit, so the error is about the data, not the missing column.
    const noId = csv('noid.csv', ['arm,m', 'A,1', 'B,2']);
    await fails(analyse(noId), /^noid\.csv: variant "A" has one unit with a value of metric "m"/);
  });

  it('unknown metric specs name the spec and say how to write one', async () => {
    await fails(
      analyse(cookieCats, { ...COOKIE, metrics: ['ratio:abc'] }),
      /^metric "ratio:abc": write a ratio of columns/,
    );
    const ws = await Workspace.memory();
    try {
      const spec = (metric: string) =>
        analyzeExperiment(ws, {
          source: { kind: 'workspace', experiment: 'x' },
          variant: 'v',
          control: 'A',
          metrics: [metric],
        });
      await fails(
        spec('foo:bar'),
        /^metric "foo:bar": unknown metric kind "foo"; use conversion:EVENT\[:DAYS\]/,
      );
      await fails(spec('retention'), /^metric "retention": give the day, e.g\. retention:7$/);
      await fails(spec('conversion'), /^metric "conversion": name the event/);
      await fails(spec('revenue:0'), /^metric "revenue:0": days must be a whole number from 1 to 3650$/);
      await fails(spec('revenue:7'), /^experiment "x": no Experiment Viewed events in this workspace$/);
    } finally {
      ws.close();
    }
    await fails(
      analyzeExperiment(null, {
        source: { kind: 'workspace', experiment: 'x' },
        variant: 'v',
        control: 'A',
        metrics: ['revenue:7'],
      }),
      /a workspace experiment needs a workspace/,
    );
  });

  it('a missing or empty file names the path', async () => {
    await fails(analyse(`${tmp.dir}/nope.csv`), new RegExp(`^${tmp.dir}/nope\\.csv: no such file$`));
    await fails(analyse(tmp.file('blank.csv', '')), /^blank\.csv: the file is empty$/);
  });

  it('weights missing a variant name it', async () => {
    await fails(
      analyse(cookieCats, { ...COOKIE, weights: { gate_30: 1 } }),
      /^weights give no share for variant "gate_40"$/,
    );
    // Given for every arm, they set the expected split: 44,700 vs 45,489 fits 1:1 better than 2:1.
    const r = await analyse(cookieCats, { ...COOKIE, weights: { gate_30: 2, gate_40: 1 } });
    assert.equal(r.srm.flagged, true);
    assert.ok(Math.abs(r.srm.observed[0]!.expected - (90189 * 2) / 3) < 1e-6);
  });

  describe('units seen more than once', () => {
    let path: string;
    before(() => {
      path = csv('dups.csv', [
        'unit,arm,t,m',
        'u1,A,2024-01-02,1', // u1 is in both arms: excluded from everything
        'u1,B,2024-01-01,0',
        'u2,A,2024-01-03,1', // u2 twice in A: its earliest row (m = 0) or its first (m = 1)
        'u2,A,2024-01-01,0',
        'u3,A,2024-01-01,1',
        'u4,B,2024-01-01,0',
        'u5,B,2024-01-01,1',
        'u6,A,2024-01-01,0',
        ',B,2024-01-01,1', // no unit
        'u7,,2024-01-01,1', // no variant
      ]);
    });

    it('a unit in both arms is excluded and counted in units.multi_variant', async () => {
      for (const time of [undefined, 't']) {
        const r = await analyse(path, time ? { time } : {});
        assert.deepEqual(r.units, { total: 7, analysed: 5, multi_variant: 1, missing_variant: 1 });
        assert.equal(r.metrics[0]!.variants.map((v) => `${v.name} ${v.n}`).join(), 'A 3,B 2');
        // u2 keeps its first row in file order, or its earliest row when exposure times are known.
        assert.equal(r.metrics[0]!.variants[0]!.successes, time ? 1 : 2);
        assert.deepEqual(r.warnings, [
          '1 unit was seen in more than one variant and excluded from every metric',
          `1 repeated row of units in one variant dropped (each unit keeps its ${time ? 'earliest' : 'first'} row)`,
          '1 unit has no variant and is excluded',
          '1 row has no unit and is excluded',
        ]);
      }
    });
  });

  it('small samples: when the pooled z-test and the Newcombe interval disagree, the sentence says the evidence is borderline', async () => {
    // 4/20 vs 0/20: pooled z p = 0.035 (Holm-adjusted too: one comparison), Newcombe 95% CI −41.6 to +0.05 pp —
    // two approximations the issue asks for side by side, which can disagree in small samples.
    const rows = Array.from({ length: 40 }, (_x, i) => `u${i},${i < 20 ? 'A' : 'B'},${i < 4 ? 1 : 0}`);
    const r = await analyse(csv('small.csv', ['unit,arm,m', ...rows]), { correction: 'holm' });
    const c = r.metrics[0]!.comparisons[0]!;
    assert.ok(c.p_adjusted! < 0.05, `p_adjusted ${c.p_adjusted}`);
    assert.ok(c.diff_ci[0] < 0 && c.diff_ci[1] > 0, `interval ${c.diff_ci.join(' to ')}`);
    assert.match(c.sentence, /but the interval includes no change, so the evidence is borderline$/);
  });

  it('a binary arm with no successes: no zero-width relative-lift interval from the delta method', async () => {
    // A 2/3, B 0/2: p = 0.14 and the difference interval spans 0; the delta method has no variance in B.
    const r = await analyse(
      csv('zero.csv', ['unit,arm,m', 'u1,A,1', 'u2,A,0', 'u3,A,1', 'u4,B,0', 'u5,B,0']),
    );
    const c = r.metrics[0]!.comparisons[0]!;
    assert.ok(c.diff_ci[0] < 0 && c.diff_ci[1] > 0 && !c.significant);
    assert.equal(c.rel_lift, -1);
    assert.equal(c.rel_lift_ci, null);
  });
});
