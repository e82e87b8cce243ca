// The Experiments analysis end to end on the real public A/B tests in ../shared/datasets, against statsmodels /
// SciPy figures computed from the raw rows: test/fixtures/statsmodels/experiments_e2e.py (provenance in the JSON).
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { gunzipSync } from 'node:zlib';
import type {
  AnalyzeRequest,
  ExperimentResult,
  MetricResultWire,
} from '../../engine/api/experimentsContract.ts';
import { analyzeExperiment } from '../../engine/experiments/analyze.ts';
import { reportHtml } from '../../engine/experiments/report/html.ts';
import { datasets, tempDir } from '../helpers.ts';

type Pair = [number, number];
type Arm = { n: number; mean: number; x?: number; wilson?: Pair };
type Stats = {
  z?: number;
  t?: number;
  df?: number;
  ci?: Pair;
  newcombe?: Pair;
  p_holm?: number;
  p_bh?: number;
};
type Ref = Stats & { variant?: string; treatment: Arm; control: Arm; diff: number; p: number };
type Srm = { observed: number[]; chi2: number; p: number };
type Raw = { units: number; multi_variant: number; same_variant_duplicate_rows: number; analysed: number };
type Cuped = {
  theta: number;
  variance_reduction: number;
  adjusted_means: Record<string, number>;
  comparisons: Ref[];
};
type Anova = { term: string; df: number; ss: number; F: number | null; p: number | null };
type AnovaRow = NonNullable<MetricResultWire['anova']>[number];
type CellRow = NonNullable<MetricResultWire['cells']>[number];
type Cell = { levels: Record<string, string>; n: number; mean: number };
const fx = JSON.parse(
  readFileSync(new URL('../fixtures/statsmodels/experiments_e2e.json', import.meta.url), 'utf8'),
) as {
  cookie_cats: Record<'retention_7' | 'retention_1' | 'sum_gamerounds', Ref> & {
    srm: Srm;
    p99: Ref & Winsor;
  };
  ab_data: { cleaned: Ref & { duplicate_rows_after_filter: number; srm: Srm }; raw: Ref & Raw };
  hillstrom: { srm: Srm; metrics: Record<string, Ref[]>; cuped: Cuped };
  fast_food: { rows: number; anova: Anova[]; comparisons: Ref[]; cells: Cell[] };
};
type Winsor = { cap: number; capped: number };

/** |actual − expected| ≤ rel·|expected|: 1e-9 for closed forms, 1e-6 for t / F tails. */
function near(actual: number | null | undefined, expected: number, rel: number, what: string): void {
  assert.ok(
    typeof actual === 'number' && Math.abs(actual - expected) <= rel * Math.abs(expected),
    `${what}: ${actual} vs ${expected}`,
  );
}
const CLOSED = 1e-9;
const TAIL = 1e-6;

type Request = Omit<AnalyzeRequest, 'source' | 'metrics'>;
const run = (path: string, request: Request, metrics: string[], extra: Partial<AnalyzeRequest> = {}) =>
  analyzeExperiment(null, { source: { kind: 'file', path }, ...request, metrics, ...extra });
const metric = (r: ExperimentResult, name: string) => r.metrics.find((m) => m.metric === name)!;
const counts = (r: ExperimentResult) => r.srm.observed.map((o) => `${o.variant} ${o.n}`).join(', ');
const COOKIE: Request = { variant: 'version', control: 'gate_30' };
const AB: Request = { variant: 'group', control: 'control', time: 'timestamp' };
const HILL: Request = { unit: 'row_id', variant: 'segment', control: 'No E-Mail' };
const cookieCats = `${datasets}cookie_cats.csv.gz`;
const abData = `${datasets}ab_data.csv.gz`;

/** Variant rows and the one comparison of a two-arm metric against the fixture. */
function checkTwoArm(m: MetricResultWire, ref: Ref, what: string): void {
  const [control, treatment] = m.variants;
  const c = m.comparisons[0]!;
  assert.equal(control!.n, ref.control.n, `${what} control n`);
  assert.equal(treatment!.n, ref.treatment.n, `${what} treatment n`);
  near(control!.mean, ref.control.mean, CLOSED, `${what} control mean`);
  near(treatment!.mean, ref.treatment.mean, CLOSED, `${what} treatment mean`);
  near(c.diff, ref.diff, CLOSED, `${what} diff`);
  // The point lift is the ratio of the arm means (its interval is the delta method's).
  near(c.rel_lift, ref.treatment.mean / ref.control.mean - 1, CLOSED, `${what} lift`);
  if (m.type === 'binary') {
    assert.equal(c.test, 'two-proportion z-test (pooled)');
    near(c.statistic, ref.z!, CLOSED, `${what} z`);
    near(c.p, ref.p, CLOSED, `${what} p`);
    near(c.diff_ci[0], ref.newcombe![0], CLOSED, `${what} Newcombe lo`);
    near(c.diff_ci[1], ref.newcombe![1], CLOSED, `${what} Newcombe hi`);
    near(control!.ci[0], ref.control.wilson![0], CLOSED, `${what} control Wilson lo`);
    near(treatment!.ci[1], ref.treatment.wilson![1], CLOSED, `${what} treatment Wilson hi`);
    assert.equal(treatment!.successes, ref.treatment.x);
  } else {
    near(c.statistic, ref.t!, CLOSED, `${what} t`);
    near(c.df, ref.df!, CLOSED, `${what} df`);
    near(c.p, ref.p, TAIL, `${what} p`);
    near(c.diff_ci[0], ref.ci![0], TAIL, `${what} ci lo`);
    near(c.diff_ci[1], ref.ci![1], TAIL, `${what} ci hi`);
  }
}

/** Under a correction, the interval excludes 0 exactly when the adjusted p is below alpha. */
function checkConsistent(m: MetricResultWire, alpha: number): void {
  for (const c of m.comparisons) {
    const excludes = c.diff_ci[0] > 0 || c.diff_ci[1] < 0;
    assert.ok(c.p_adjusted !== undefined, `${m.metric} ${c.variant}: p_adjusted`);
    assert.equal(
      excludes,
      c.p_adjusted < alpha,
      `${m.metric} ${c.variant}: ${c.diff_ci.join(' to ')} vs ${c.p_adjusted}`,
    );
    assert.equal(c.significant, c.p_adjusted < alpha);
    assert.ok(c.alpha_used <= alpha);
  }
}

/** A copy of a data file with a leading `row_id` column (Hillstrom and the fast-food file have no unit id). */
function withRowId(src: string, out: string): string {
  const text = (src.endsWith('.gz') ? gunzipSync(readFileSync(src)) : readFileSync(src)).toString('utf8');
  const lines = text.split(/\r?\n/).filter((l) => l.length > 0);
  writeFileSync(out, `${lines.map((l, i) => (i === 0 ? `row_id,${l}` : `${i},${l}`)).join('\n')}\n`);
  return out;
}

describe('experiments on real data', () => {
  const tmp = tempDir();
  after(() => tmp.cleanup());
  const hillstrom = withRowId(`${datasets}hillstrom.csv.gz`, join(tmp.dir, 'hillstrom.csv'));
  const fastFood = withRowId(`${datasets}WA_Marketing-Campaign.csv`, join(tmp.dir, 'fastfood.csv'));

  it('Cookie Cats: gate_40 lowered 7-day retention by 0.82 pp; SRM p ≈ 0.0086 is not flagged', async () => {
    const r = await run(cookieCats, COOKIE, ['retention_7', 'retention_1', 'sum_gamerounds']);
    assert.equal(r.unit, 'userid');
    assert.deepEqual(r.units, { total: 90189, analysed: 90189, multi_variant: 0, missing_variant: 0 });
    assert.equal(
      counts(r),
      `gate_30 ${fx.cookie_cats.srm.observed[0]}, gate_40 ${fx.cookie_cats.srm.observed[1]}`,
    );
    near(r.srm.chi2, fx.cookie_cats.srm.chi2, CLOSED, 'SRM chi2');
    near(r.srm.p, fx.cookie_cats.srm.p, CLOSED, 'SRM p');
    assert.ok(!r.srm.flagged && r.srm.threshold === 0.001 && r.srm.p > 0.0085 && r.srm.p < 0.0087);
    assert.equal(r.metrics.map((m) => m.type).join(), 'binary,binary,continuous');
    for (const name of ['retention_7', 'retention_1', 'sum_gamerounds'] as const)
      checkTwoArm(metric(r, name), fx.cookie_cats[name], name);
    const c = metric(r, 'retention_7').comparisons[0]!;
    assert.equal(c.sentence, 'gate_40 lowered retention_7 by 0.82 pp (95% CI −1.33 to −0.31 pp), p = 0.0016');
    assert.ok(c.significant && c.p_adjusted === undefined);
    assert.match(metric(r, 'retention_1').comparisons[0]!.sentence, /made no detectable difference/);
    assert.deepEqual(r.warnings, []);

    const html = reportHtml(r, new Date('2026-01-01T00:00:00Z'));
    assert.ok(html.includes(c.sentence), 'the report carries the sentence');
    assert.ok(html.includes('<svg'), 'the report has its charts inline');
    assert.match(html, /Sample ratio as designed/);
  });

  it('Cookie Cats sum_gamerounds winsorised at p99: cap, capped count and Welch test as statsmodels', async () => {
    const ref = fx.cookie_cats.p99;
    const r = await run(cookieCats, COOKIE, ['sum_gamerounds', 'retention_7'], { winsorize: 99 });
    const m = metric(r, 'sum_gamerounds');
    assert.deepEqual(m.winsorized, { percentile: 99, cap: ref.cap, capped: ref.capped });
    checkTwoArm(m, ref, 'winsorised sum_gamerounds');
    // Binary metrics are never capped.
    assert.equal(metric(r, 'retention_7').winsorized, undefined);
    checkTwoArm(metric(r, 'retention_7'), fx.cookie_cats.retention_7, 'retention_7');
  });

  it('ab_data cleaned with `where` and the earliest row per user: 290,584 users, z ≈ −1.31, p ≈ 0.19', async () => {
    const ref = fx.ab_data.cleaned;
    const where = `("group" = 'treatment') = (landing_page = 'new_page')`;
    const r = await run(abData, AB, ['converted'], { where });
    assert.deepEqual(r.units, { total: 290584, analysed: 290584, multi_variant: 0, missing_variant: 0 });
    assert.equal(counts(r), 'control 145274, treatment 145310');
    near(r.srm.p, ref.srm.p, CLOSED, 'SRM p');
    // Rows dropped by `where` (3,893) are not counted anywhere; the one repeated user (773192) is.
    assert.equal(ref.duplicate_rows_after_filter, 1);
    assert.equal(r.warnings.length, 1);
    assert.match(
      r.warnings[0]!,
      /^1 repeated row of units in one variant dropped \(each unit keeps its earliest row\)$/,
    );
    checkTwoArm(r.metrics[0]!, ref, 'converted');
    const c = r.metrics[0]!.comparisons[0]!;
    assert.ok(Math.abs(c.statistic - -1.31) < 0.01 && Math.abs(c.p - 0.19) < 0.005);
    assert.equal(
      c.sentence,
      'treatment made no detectable difference to converted at α = 0.05: −0.16 pp (95% CI −0.39 to 0.08 pp), p = 0.19',
    );
    // Exposures per day from the time column (2017-01-02 … 2017-01-24).
    assert.equal(
      r.balance_over_time.reduce((s, b) => s + b.n, 0),
      290584,
    );
    assert.equal(r.balance_over_time[0]!.day, '2017-01-02');
  });

  it('ab_data raw: the 1,895 users seen in both groups are excluded and counted, the 1,999 repeats dropped', async () => {
    const ref = fx.ab_data.raw;
    const r = await run(abData, AB, ['converted']);
    const { units, analysed, multi_variant } = ref;
    assert.deepEqual(r.units, { total: units, analysed, multi_variant, missing_variant: 0 });
    assert.equal(ref.same_variant_duplicate_rows, 1999);
    const [multi, repeated, ...rest] = r.warnings;
    assert.match(multi!, /^1,895 units were seen in more than one variant and excluded from every metric$/);
    assert.match(
      repeated!,
      /^1,999 repeated rows of units in one variant dropped \(each unit keeps its earliest row\)$/,
    );
    assert.deepEqual(rest, []);
    checkTwoArm(r.metrics[0]!, ref, 'raw converted');
  });

  for (const correction of ['holm', 'bh'] as const)
    it(`Hillstrom's three arms with ${correction}: p and p_adjusted as statsmodels multipletests`, async () => {
      const r = await run(hillstrom, HILL, ['visit', 'conversion', 'spend'], { correction });
      assert.equal(r.units.analysed, 64000);
      near(r.srm.chi2, fx.hillstrom.srm.chi2, CLOSED, 'SRM chi2');
      near(r.srm.p, fx.hillstrom.srm.p, CLOSED, 'SRM p');
      for (const m of r.metrics) {
        assert.equal(m.variants.map((v) => v.name).join(), 'No E-Mail,Mens E-Mail,Womens E-Mail');
        assert.equal(m.type, m.metric === 'spend' ? 'continuous' : 'binary');
        for (const ref of fx.hillstrom.metrics[m.metric]!) {
          const c = m.comparisons.find((x) => x.variant === ref.variant)!;
          const tol = m.type === 'binary' ? CLOSED : TAIL;
          near(c.diff, ref.diff, CLOSED, `${m.metric} ${ref.variant} diff`);
          near(c.p, ref.p, tol, `${m.metric} ${ref.variant} p`);
          near(c.p_adjusted, correction === 'holm' ? ref.p_holm! : ref.p_bh!, tol, `${m.metric} adjusted`);
          assert.match(c.sentence, correction === 'holm' ? /Holm-adjusted p/ : /BH-adjusted p/);
        }
        checkConsistent(m, 0.05);
      }
    });

  it('Hillstrom as published (no unit id column): every row is a unit', async () => {
    const r = await run(`${datasets}hillstrom.csv.gz`, { ...HILL, unit: undefined }, ['visit']);
    assert.equal(r.units.analysed, 64000);
  });

  it('Hillstrom CUPED of spend on history: θ = pooled cov/var, variance reduced, Welch on adjusted values', async () => {
    // engine/analysis/stats/cuped.ts: θ = cov(X, Y)/var(X) over all arms' units together (ddof 1, GrowthBook's
    // pooled compute_theta, not a within-arm regression); Y_adj = Y − θ(X − X̄_all); the variance reduction is
    // 1 − Σ Var(Ȳ_adj) / Σ Var(Ȳ) over the arms.
    const ref = fx.hillstrom.cuped;
    const r = await run(hillstrom, HILL, ['spend'], { cuped: 'history' });
    const m = r.metrics[0]!;
    assert.equal(m.cuped?.covariate, 'history');
    near(m.cuped?.theta, ref.theta, CLOSED, 'theta');
    near(m.cuped?.variance_reduction, ref.variance_reduction, TAIL, 'variance reduction');
    assert.ok(m.cuped.variance_reduction > 0);
    for (const x of ref.comparisons) {
      const c = m.comparisons.find((k) => k.variant === x.variant)!;
      assert.equal(c.test, 'Welch t-test (CUPED-adjusted)');
      near(c.diff, x.diff, CLOSED, `${x.variant} adjusted diff`);
      near(c.df, x.df!, CLOSED, `${x.variant} df`);
      near(c.p, x.p, TAIL, `${x.variant} p`);
      near(c.diff_ci[1], x.ci![1], TAIL, `${x.variant} ci hi`);
    }
    // The pre-period covariate's balance is checked too.
    const balance = r.covariate_balance.map((b) => `${b.covariate} ${b.variant}`).join();
    assert.equal(balance, 'history Mens E-Mail,history Womens E-Mail');
    const spend = fx.hillstrom.metrics.spend!;
    near(m.variants[0]!.raw_mean, spend[0]!.control.mean, CLOSED, 'control raw mean');
    for (const [k, x] of spend.entries())
      near(m.variants[k + 1]!.raw_mean, x.treatment.mean, CLOSED, 'raw mean');
  });

  it('Hillstrom CUPED: variants[].mean is the adjusted mean and raw_mean the unadjusted one', async () => {
    const r = await run(hillstrom, HILL, ['spend'], { cuped: 'history' });
    for (const v of r.metrics[0]!.variants)
      near(v.mean, fx.hillstrom.cuped.adjusted_means[v.name]!, CLOSED, `${v.name} adjusted mean`);
  });

  it('fast food: Promotion × MarketSize ANOVA (type II) and Welch per promotion as statsmodels', async () => {
    const request = { unit: 'row_id', variant: 'Promotion', control: '1' };
    const factors = ['Promotion', 'MarketSize'];
    const r = await run(fastFood, request, ['SalesInThousands'], { factors, correction: 'holm' });
    assert.equal(r.units.analysed, fx.fast_food.rows);
    const m = r.metrics[0]!;
    assert.equal(m.anova?.map((t) => t.term).join(), 'Promotion,MarketSize,Promotion:MarketSize,Residual');
    for (const ref of fx.fast_food.anova) {
      const t: AnovaRow = m.anova.find((x) => x.term === ref.term)!;
      assert.equal(t.df, ref.df, `${ref.term} df`);
      near(t.ss, ref.ss, CLOSED, `${ref.term} ss`);
      if (ref.F === null) assert.ok(t.F === null && t.p === null);
      else near(t.F, ref.F, CLOSED, `${ref.term} F`);
      if (ref.p !== null) near(t.p, ref.p, TAIL, `${ref.term} p`);
    }
    assert.equal(m.logit, undefined, 'no logistic model for a continuous metric');
    assert.equal(m.cells?.length, fx.fast_food.cells.length);
    for (const ref of fx.fast_food.cells) {
      const cell: CellRow = m.cells.find((c) => JSON.stringify(c.levels) === JSON.stringify(ref.levels))!;
      assert.equal(cell.n, ref.n);
      near(cell.mean, ref.mean, CLOSED, `cell ${JSON.stringify(ref.levels)}`);
      assert.ok(cell.ci[0] < cell.mean && cell.mean < cell.ci[1]);
    }
    assert.equal(m.variants.map((v) => v.name).join(), '1,2,3');
    for (const ref of fx.fast_food.comparisons) {
      const c = m.comparisons.find((x) => x.variant === ref.variant)!;
      near(c.diff, ref.diff, CLOSED, `promotion ${ref.variant} diff`);
      near(c.p, ref.p, TAIL, `promotion ${ref.variant} p`);
      near(c.p_adjusted, ref.p_holm!, TAIL, `promotion ${ref.variant} Holm p`);
      assert.ok(Number.isFinite(c.rel_lift) && c.rel_lift_ci!.every(Number.isFinite));
      assert.ok(c.rel_lift_ci![0] < c.rel_lift! && c.rel_lift! < c.rel_lift_ci![1]);
    }
    // Promotion 2 is significant after Holm, 3 is not: the intervals agree with the adjusted p-values.
    checkConsistent(m, 0.05);
    assert.equal(m.comparisons.map((c) => c.significant).join(), 'true,false');
  });
});
