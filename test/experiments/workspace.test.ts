// A workspace experiment end to end: the sample product's 2×2 notification test `notif_2x2` (timing × content,
// samples/generate/experiment.ts), read from its Experiment Viewed events, with window metrics after exposure.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { ExperimentResult, MetricResultWire } from '../../engine/api/experimentsContract.ts';
import { analyzeExperiment } from '../../engine/experiments/analyze.ts';
import { listExperiments } from '../../engine/experiments/catalog.ts';
import { importFile } from '../../engine/import/index.ts';
import { CELL_IDS, DESIGNED_EFFECTS, EXPERIMENT_NAME } from '../../samples/generate/experiment.ts';
import { generateSamples } from '../../samples/generate/index.ts';
import { engage, tempDir, Workspace } from '../helpers.ts';

/** 2,000 users, seed 42: about 1,670 exposed (~420 per cell). The p-value bounds below hold for this seed. */
const USERS = 2000;
const SEED = 42;
const CLICKS = 'conversion:Notification Clicked:14';
const METRICS = [CLICKS, 'revenue:14', 'retention:7'];
const DAY = 86_400_000;

describe('workspace experiment notif_2x2', () => {
  const tmp = tempDir();
  const path = join(tmp.dir, 'ws.duckdb');
  let ws: Workspace | null = null;
  let r: ExperimentResult;
  const metric = (spec: string): MetricResultWire => r.metrics.find((m) => m.metric === spec)!;
  const rate = (m: MetricResultWire, cell: string) => m.variants.find((v) => v.name === cell)!.mean;

  before(async () => {
    const samples = await generateSamples({ out: join(tmp.dir, 'samples'), users: USERS, seed: SEED });
    ws = await Workspace.open(path);
    await importFile(ws, samples.files.users, { users: true });
    await importFile(ws, samples.files.events);
    r = await analyzeExperiment(ws, {
      source: { kind: 'workspace', experiment: 'notif_2x2' },
      variant: 'variant_id',
      control: 'morning_generic',
      factors: ['timing', 'content'],
      metrics: METRICS,
    });
  });
  after(() => {
    ws?.close();
    tmp.cleanup();
  });

  it('experiments.list finds notif_2x2 with its four cells and its properties', async () => {
    const list = await listExperiments(ws!);
    assert.equal(list.length, 1);
    const e = list[0]!;
    assert.equal(e.experiment, 'notif_2x2');
    assert.equal(e.name, EXPERIMENT_NAME);
    assert.deepEqual(
      e.variants.map((v) => v.name),
      [...CELL_IDS].sort(),
    );
    assert.equal(
      e.units,
      e.variants.reduce((s, v) => s + v.units, 0),
    );
    assert.equal(e.units, r.units.total);
    assert.deepEqual(e.properties, ['content', 'timing', 'variant_id']);
    // Any property can be the variant: each comes with its values and units.
    assert.deepEqual(e.values.timing?.map((v) => v.value).sort(), ['evening', 'morning']);
    assert.equal(
      e.values.variant_id?.reduce((s, v) => s + v.units, 0),
      e.units,
    );
    assert.match(e.first, /^\d{4}-\d{2}-\d{2}$/);
    assert.ok(e.first <= e.last);
  });

  it('every unit and every cell is analysed; the split shows no sample ratio mismatch', () => {
    assert.equal(r.unit, 'user_id');
    assert.ok(r.units.total > USERS * 0.7 && r.units.total <= USERS, `${r.units.total} exposed`);
    assert.deepEqual(r.units, {
      total: r.units.total,
      analysed: r.units.total,
      multi_variant: 0,
      missing_variant: 0,
    });
    assert.equal(r.srm.df, 3);
    assert.equal(r.srm.flagged, false);
    assert.ok(r.srm.p > 0.001);
    assert.deepEqual(
      r.srm.observed.map((o) => o.variant),
      ['morning_generic', 'evening_generic', 'evening_personalised', 'morning_personalised'],
    );
    assert.equal(
      r.balance_over_time.reduce((s, b) => s + b.n, 0),
      r.units.total,
    );
    for (const m of r.metrics) {
      assert.equal(m.variants.length, 4, m.metric);
      assert.equal(m.comparisons.length, 3, m.metric);
      assert.ok(m.comparisons.every((c) => c.control === 'morning_generic'));
      assert.equal(m.cells?.length, 4, `${m.metric}: every timing × content cell`);
      // A cell is a variant: variant_id is `${timing}_${content}`.
      for (const cell of m.cells) {
        const v = m.variants.find((x) => x.name === `${cell.levels.timing}_${cell.levels.content}`)!;
        assert.equal(cell.n, v.n);
        assert.ok(Math.abs(cell.mean - v.mean) <= 1e-12);
      }
      assert.deepEqual(
        m.anova?.map((t) => t.term),
        ['timing', 'content', 'timing:content', 'Residual'],
      );
    }
    assert.deepEqual(
      r.metrics.map((m) => m.type),
      ['binary', 'continuous', 'binary'],
    );
    assert.equal(metric('revenue:14').logit, undefined);
  });

  it('recovers the designed click effects: personalised content and evening timing raise clicks', () => {
    const m = metric(CLICKS);
    const e = DESIGNED_EFFECTS.click;
    assert.ok(e.content_personalised > 0 && e.timing_evening > 0 && e.interaction > 0);
    // Content: personalised beats generic at both timings, clearly so in the evening.
    assert.ok(rate(m, 'morning_personalised') > rate(m, 'morning_generic'));
    assert.ok(rate(m, 'evening_personalised') > rate(m, 'evening_generic'));
    const ep = m.comparisons.find((c) => c.variant === 'evening_personalised')!;
    assert.ok(ep.diff > 0 && ep.significant && ep.p < 0.001, ep.sentence);
    assert.match(ep.sentence, /^evening_personalised raised 14-day Notification Clicked conversion by /);
    // Timing: evening beats morning for personalised content; the interaction is positive.
    assert.ok(rate(m, 'evening_personalised') > rate(m, 'morning_personalised'));
    const did =
      rate(m, 'evening_personalised') -
      rate(m, 'evening_generic') -
      (rate(m, 'morning_personalised') - rate(m, 'morning_generic'));
    assert.ok(did > 0, `difference in differences ${did}`);
    // The type II ANOVA on the clicks: content (and, at this size, timing) well below 0.05 for seed 42.
    const anova = new Map(m.anova!.map((t) => [t.term, t]));
    assert.ok(anova.get('content')!.p! < 0.05, `content p ${anova.get('content')!.p}`);
    assert.ok(anova.get('timing')!.p! < 0.05, `timing p ${anova.get('timing')!.p}`);
    assert.ok(anova.get('content')!.F! > anova.get('timing:content')!.F!);
    // The logistic model takes the first level in sorted order as reference: evening, generic.
    assert.deepEqual(
      m.logit?.map((t) => t.term),
      [
        'Intercept',
        'timing[T.morning]',
        'content[T.personalised]',
        'timing[T.morning]:content[T.personalised]',
      ],
    );
    const personalised = m.logit.find((t) => t.term === 'content[T.personalised]')!;
    assert.ok(personalised.coef > 0 && personalised.p < 0.05 && personalised.odds_ratio > 1);
  });

  it('`missing` counts the units whose window runs past the end of the data', async () => {
    const rows = await ws!.rows(`
      SELECT epoch_ms(min(ts)) AS t, (SELECT epoch_ms(max(ts)) FROM events) AS data_end
      FROM events WHERE event = 'Experiment Viewed' AND json_extract_string(properties, '$.experiment_id') = 'notif_2x2'
      GROUP BY coalesce(user_id, anonymous_id)`);
    const exposures = rows.map((x) => Number(x.t));
    const end = Number(rows[0]!.data_end);
    // A 14-day window from the exposure instant; day 7 after the exposure day is [midnight + 7 d, midnight + 8 d).
    const late14 = exposures.filter((t) => t + 14 * DAY > end).length;
    const lateDay7 = exposures.filter((t) => Math.floor(t / DAY) * DAY + 8 * DAY > end).length;
    assert.ok(late14 > 0 && lateDay7 > 0 && lateDay7 < late14);
    assert.equal(metric(CLICKS).missing, late14);
    assert.equal(metric('revenue:14').missing, late14);
    assert.equal(metric('retention:7').missing, lateDay7);
    for (const m of r.metrics)
      assert.equal(m.variants.reduce((s, v) => s + v.n, 0) + m.missing, r.units.analysed, m.metric);
    assert.ok(
      r.warnings.some((w) =>
        w.startsWith(`metric "${CLICKS}": ${late14} units have no value (the window runs past`),
      ),
      r.warnings.join('\n'),
    );
  });

  it('CUPED on pre-exposure revenue: the same span before exposure, balance checked, variance reduced', async () => {
    const c = await analyzeExperiment(ws, {
      source: { kind: 'workspace', experiment: 'notif_2x2' },
      variant: 'variant_id',
      control: 'morning_generic',
      metrics: ['revenue:14', 'ratio:revenue/sessions:14'],
      cuped: 'revenue:14',
    });
    const m = c.metrics[0]!;
    assert.equal(m.cuped?.covariate, 'revenue:14');
    assert.ok(m.cuped.theta > 0 && m.cuped.variance_reduction > 0, JSON.stringify(m.cuped));
    assert.ok(m.comparisons.every((x) => x.test === 'Welch t-test (CUPED-adjusted)'));
    // Ratio metrics are not adjusted.
    assert.equal(c.metrics[1]!.cuped, undefined);
    assert.equal(c.metrics[1]!.type, 'ratio');
    // The CUPED covariate's balance across arms is reported too.
    const balance = c.covariate_balance.filter((b) => b.covariate === 'revenue:14');
    assert.equal(
      balance.map((b) => b.variant).join(),
      'evening_generic,evening_personalised,morning_personalised',
    );
  });

  it('an assignments file joined to the workspace events gives the same analysis', async () => {
    const file = join(tmp.dir, 'assignments.csv');
    await ws!.run(`COPY (
      SELECT coalesce(user_id, anonymous_id) AS user_id, min(ts) AS exposed_at,
             arg_min(json_extract_string(properties, '$.variant_id'), ts) AS cell,
             arg_min(json_extract_string(properties, '$.timing'), ts) AS timing,
             arg_min(json_extract_string(properties, '$.content'), ts) AS content
      FROM events WHERE event = 'Experiment Viewed' GROUP BY 1) TO '${file}' (HEADER)`);
    const request = {
      source: { kind: 'file' as const, path: file },
      variant: 'cell',
      control: 'morning_generic',
      factors: ['timing', 'content'],
      metrics: METRICS,
      time: 'exposed_at',
    };
    const joined = await analyzeExperiment(ws, request);
    assert.equal(joined.units.analysed, r.units.analysed);
    for (const [k, m] of joined.metrics.entries()) {
      const same = r.metrics[k]!;
      // Equal up to the order of floating-point summation.
      const figures = (x: typeof m) =>
        x.comparisons.map((c) => [c.variant, c.diff.toPrecision(10), c.p.toPrecision(8)]);
      assert.deepEqual(figures(m), figures(same), m.metric);
      assert.equal(m.missing, same.missing, `${m.metric} missing`);
    }
    await assert.rejects(
      analyzeExperiment(ws, { ...request, time: undefined }),
      /metrics from the workspace's events are measured from each unit's exposure: give its time column/,
    );
    await assert.rejects(
      analyzeExperiment(ws, { ...request, metrics: ['nope'] }),
      /"nope" is neither a column \(columns: user_id, exposed_at, cell, timing, content\) nor a metric of the workspace's events/,
    );
  });

  it('engage experiment analyze --workspace prints the same analysis', async () => {
    ws!.close();
    ws = null;
    const out = await engage(
      'experiment',
      'analyze',
      '--workspace',
      path,
      '--experiment',
      'notif_2x2',
      '--variant',
      'variant_id',
      '--control',
      'morning_generic',
      '--factors',
      'timing,content',
      '--metric',
      METRICS.join(','),
      '--json',
    );
    assert.equal(out.code, 0, out.stderr);
    const cli = JSON.parse(out.stdout) as ExperimentResult;
    assert.deepEqual({ ...cli, seconds: 0 }, { ...r, seconds: 0 });
  });
});
