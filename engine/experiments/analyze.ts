import { performance } from 'node:perf_hooks';
import { sampleRatioMismatch } from '../analysis/stats/srm.ts';
import { welchTest } from '../analysis/stats/means.ts';
import type { AnalyzeRequest, ExperimentResult } from '../api/experimentsContract.ts';
import type { Workspace } from '../store/Workspace.ts';
import { aggregate, type Aggregates } from './aggregate.ts';
import { compareMetric } from './compare.ts';
import { ExperimentInputError } from './errors.ts';
import { factorialStatistics } from './factorial.ts';
import { fileSource } from './fileSource.ts';
import type { UnitSource } from './unitSource.ts';
import { workspaceSource } from './workspaceSource.ts';

const SRM_THRESHOLD = 0.001;

/**
 * Analyses an experiment end to end: units and metrics aggregated in DuckDB, then closed-form
 * statistics on the sufficient statistics. `ws` is needed for workspace experiments only.
 */
export async function analyzeExperiment(
  ws: Workspace | null,
  input: AnalyzeRequest,
): Promise<ExperimentResult> {
  const started = performance.now();
  const request = withBalanceCovariates(input);
  const src = await openSource(ws, request);
  try {
    const agg = controlFirst(
      await aggregate(src, {
        factors: request.factors?.length ?? 0,
        winsorize: request.winsorize,
        cuped: request.cuped !== undefined,
      }),
      request.control,
    );
    return { ...statistics(src, request, agg), seconds: (performance.now() - started) / 1000 };
  } finally {
    src.close();
  }
}

/** Arms in reading order: control, then the variants by name. */
function controlFirst(agg: Aggregates, control: string): Aggregates {
  const arms = [...agg.arms].sort((a, b) =>
    a.variant === control ? -1 : b.variant === control ? 1 : a.variant < b.variant ? -1 : 1,
  );
  return { ...agg, arms };
}

/**
 * Pre-period covariates whose balance is checked: the CUPED covariate, and for a workspace
 * experiment without any named, activity and revenue in the 14 days before exposure.
 */
const DEFAULT_WORKSPACE_COVARIATES = ['events:14', 'revenue:14'];

function withBalanceCovariates(request: AnalyzeRequest): AnalyzeRequest {
  const covariates =
    request.covariates ?? (request.source.kind === 'workspace' ? DEFAULT_WORKSPACE_COVARIATES : []);
  if (!request.cuped || covariates.includes(request.cuped)) return { ...request, covariates };
  return { ...request, covariates: [...covariates, request.cuped] };
}

function openSource(ws: Workspace | null, request: AnalyzeRequest): Promise<UnitSource> {
  if (request.source.kind === 'file') return fileSource(request, request.source.path, ws);
  if (!ws) throw new ExperimentInputError('a workspace experiment needs a workspace (--workspace WS)');
  return workspaceSource(ws, request, request.source.experiment);
}

function checkArms(src: UnitSource, request: AnalyzeRequest, agg: Aggregates): void {
  const names = agg.arms.map((a) => `${a.variant} (${a.n})`).join(', ');
  if (agg.arms.length === 0)
    throw new ExperimentInputError(`${src.label}: no units with a variant to analyse`);
  if (!agg.arms.some((a) => a.variant === request.control))
    throw new ExperimentInputError(
      `${src.label}: control "${request.control}" is not a value of ${request.variant} (variants: ${names})`,
    );
  if (agg.arms.length < 2)
    throw new ExperimentInputError(
      `${src.label}: only one variant (${names}); an experiment needs a control and at least one other variant`,
    );
  for (const [i, m] of src.metrics.entries())
    for (const arm of agg.arms) {
      const n = arm.values[i]?.n ?? 0;
      if (n < 2)
        throw new ExperimentInputError(
          `${src.label}: variant "${arm.variant}" has ${n === 0 ? 'no units' : 'one unit'} with a value of metric "${m.spec}"; each variant needs at least two`,
        );
    }
}

function srmOf(request: AnalyzeRequest, agg: Aggregates): ExperimentResult['srm'] {
  const weights = agg.arms.map((a) => {
    if (!request.weights) return 1;
    const w = request.weights[a.variant];
    if (w === undefined) throw new ExperimentInputError(`weights give no share for variant "${a.variant}"`);
    return w;
  });
  const observed = agg.arms.map((a) => a.n);
  const srm = sampleRatioMismatch(observed, weights, SRM_THRESHOLD);
  const total = observed.reduce((s, n) => s + n, 0);
  return {
    chi2: srm.chi2,
    df: srm.df,
    p: srm.p,
    flagged: srm.flagged,
    threshold: SRM_THRESHOLD,
    observed: agg.arms.map((a, k) => ({
      variant: a.variant,
      n: a.n,
      expected: srm.expected[k] ?? 0,
      share: a.n / total,
    })),
  };
}

function covariateBalance(
  src: UnitSource,
  request: AnalyzeRequest,
  agg: Aggregates,
): ExperimentResult['covariate_balance'] {
  const control = agg.arms.find((a) => a.variant === request.control)!;
  return src.covariates.flatMap((covariate, k) =>
    agg.arms
      .filter((a) => a !== control)
      .flatMap((a) => {
        const t = a.covariates[k]!;
        const c = control.covariates[k]!;
        if (t.n < 2 || c.n < 2) return [];
        const w = welchTest(t, c);
        const mean = (m: typeof t) => m.sum / m.n;
        const variance = (m: typeof t) => Math.max(0, (m.sumSq - m.sum * mean(m)) / (m.n - 1));
        const pooled = Math.sqrt((variance(t) + variance(c)) / 2);
        return [
          {
            covariate,
            variant: a.variant,
            mean: mean(t),
            control_mean: mean(c),
            smd: pooled > 0 ? (mean(t) - mean(c)) / pooled : 0,
            p: w.p,
          },
        ];
      }),
  );
}

function statistics(
  src: UnitSource,
  request: AnalyzeRequest,
  agg: Aggregates,
): Omit<ExperimentResult, 'seconds'> {
  checkArms(src, request, agg);
  const alpha = request.alpha ?? 0.05;
  const correction = request.correction ?? 'none';
  const warnings: string[] = [];
  const u = agg.units;
  const count = (n: number, one: string, many: string) =>
    `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
  if (u.multiVariant > 0)
    warnings.push(
      `${count(u.multiVariant, 'unit was', 'units were')} seen in more than one variant and excluded from every metric`,
    );
  if (u.duplicateRows > 0)
    warnings.push(
      `${count(u.duplicateRows, 'repeated row', 'repeated rows')} of units in one variant dropped (each unit keeps its ${src.hasTime ? 'earliest' : 'first'} row)`,
    );
  if (u.missingVariant > 0)
    warnings.push(
      `${count(u.missingVariant, 'unit has', 'units have')} no variant and ${u.missingVariant === 1 ? 'is' : 'are'} excluded`,
    );
  if (u.missingUnit > 0)
    warnings.push(
      `${count(u.missingUnit, 'row has', 'rows have')} no ${src.unitColumn} and ${u.missingUnit === 1 ? 'is' : 'are'} excluded`,
    );
  const options = {
    control: request.control,
    alpha,
    correction,
    sequential: request.sequential ?? false,
    cuped: request.cuped,
  };
  const metrics = src.metrics.map((m, i) => {
    const info = agg.metrics[i]!;
    if (info.missing > 0)
      warnings.push(
        `metric "${m.spec}": ${count(info.missing, 'unit has', 'units have')} no value (${src.perUnit ? 'the window runs past the end of the data' : 'empty cells'}): left out of this metric`,
      );
    let result;
    try {
      result = compareMetric(m, info, agg.arms, i, options);
    } catch (error) {
      if (error instanceof RangeError)
        throw new ExperimentInputError(`${src.label}: metric "${m.spec}": ${error.message}`);
      throw error;
    }
    if (m.ratio && request.cuped)
      warnings.push(`metric "${m.spec}": CUPED does not apply to ratio metrics; analysed unadjusted`);
    if (!agg.cells || m.ratio) return result;
    const factorial = factorialStatistics(
      agg.cells,
      request.factors ?? [],
      i,
      result.type === 'binary',
      alpha,
    );
    warnings.push(...factorial.warnings.map((w) => `metric "${m.spec}": ${w}`));
    return { ...result, ...factorial.result };
  });
  const analysed = agg.arms.reduce((s, a) => s + a.n, 0);
  const srm = srmOf(request, agg);
  if (srm.flagged)
    warnings.unshift(
      `sample ratio mismatch: the split differs from the design (p = ${srm.p.toPrecision(2)}); randomisation or logging may be broken and the results may be biased`,
    );
  return {
    source: src.label,
    unit: src.unitColumn,
    variant: request.variant,
    control: request.control,
    factors: request.factors ?? [],
    alpha,
    correction,
    units: { total: u.total, analysed, multi_variant: u.multiVariant, missing_variant: u.missingVariant },
    srm,
    balance_over_time: agg.balance,
    covariate_balance: covariateBalance(src, request, agg),
    metrics,
    warnings,
  };
}
