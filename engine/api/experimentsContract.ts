import { z } from 'zod';

/**
 * The experiments module's methods. The analysis result keeps the snake_case keys of the
 * `engage experiment analyze --json` contract, so the CLI prints what the API returns.
 */

const interval = z.tuple([z.number(), z.number()]);

/**
 * Where the assignments come from: a CSV / Parquet / JSON file with one row per unit (variant,
 * optional factor and metric columns), or an experiment recorded in the workspace's events as
 * `Experiment Viewed` (properties `experiment_id` or `experiment_name`; the variant and factors are
 * event properties; exposure is the unit's first such event).
 */
export const experimentSource = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('file'), path: z.string().min(1) }).strict(),
  z.object({ kind: z.literal('workspace'), experiment: z.string().min(1) }).strict(),
]);

/**
 * A metric: for a file, a column name. For a workspace experiment, one of
 * `conversion:EVENT[:DAYS]` (did the unit do EVENT within DAYS days of exposure; default 7),
 * `events[:EVENT][:DAYS]` (count after exposure), `revenue[:DAYS]` (sum of revenue after exposure),
 * `retention:DAY` (active on day DAY after exposure), `ratio:NUM_EVENT/DEN_EVENT[:DAYS]` (ratio metric).
 */
const metricSpec = z.string().min(1).max(300);

export const analyzeInput = z
  .object({
    source: experimentSource,
    /** The unit id column (file) — guessed from user_id / userid / unit / id when omitted. */
    unit: z.string().min(1).optional(),
    variant: z.string().min(1),
    control: z.string().min(1),
    metrics: z.array(metricSpec).min(1).max(20),
    factors: z.array(z.string().min(1)).min(1).max(2).optional(),
    alpha: z.number().gt(0).lt(0.5).optional(),
    correction: z.enum(['none', 'holm', 'bh']).optional(),
    /** Pre-period covariate for CUPED: a column (file) or a metric spec measured over the same span before exposure (workspace). */
    cuped: z.string().min(1).optional(),
    /** Cap continuous metrics at this percentile of all units (e.g. 99). */
    winsorize: z.number().gt(50).lt(100).optional(),
    /** File sources: the exposure time column (enables balance over time and the earliest row per duplicated unit). */
    time: z.string().min(1).optional(),
    /** File sources: a SQL condition keeping rows, e.g. `(group = 'control') = (landing_page = 'old_page')`. */
    where: z.string().min(1).max(2000).optional(),
    /** Pre-period columns (file) or metric specs (workspace) compared across arms for balance. */
    covariates: z.array(z.string().min(1)).max(20).optional(),
    /** Designed traffic share per variant (default equal). */
    weights: z.record(z.string(), z.number().positive()).optional(),
    /** Add always-valid confidence sequences for analysts who peek. */
    sequential: z.boolean().optional(),
  })
  .strict();

const variantSummary = z.object({
  name: z.string(),
  n: z.number().int(),
  mean: z.number(),
  ci: interval,
  sd: z.number(),
  /** Binary metrics: the number of units with a 1. */
  successes: z.number().int().optional(),
  /** CUPED: the unadjusted mean. */
  raw_mean: z.number().optional(),
});

const comparison = z.object({
  variant: z.string(),
  control: z.string(),
  diff: z.number(),
  diff_ci: interval,
  rel_lift: z.number().nullable(),
  rel_lift_ci: interval.nullable(),
  p: z.number(),
  p_adjusted: z.number().optional(),
  test: z.string(),
  statistic: z.number(),
  df: z.number().nullable(),
  /** The per-comparison alpha the intervals use (consistent with p_adjusted under a correction). */
  alpha_used: z.number(),
  significant: z.boolean(),
  sentence: z.string(),
  bayes: z.object({
    model: z.enum(['beta-binomial', 'normal']),
    chance_to_beat_control: z.number(),
    expected_loss: z.number(),
    expected_loss_control: z.number(),
  }),
  sequential_ci: interval.optional(),
});

const anovaTerm = z.object({
  term: z.string(),
  df: z.number(),
  F: z.number().nullable(),
  p: z.number().nullable(),
  ss: z.number(),
  partial_eta2: z.number().nullable(),
});

const logitTerm = z.object({
  term: z.string(),
  coef: z.number(),
  se: z.number(),
  z: z.number(),
  p: z.number(),
  odds_ratio: z.number(),
  ci: interval,
});

const cell = z.object({
  levels: z.record(z.string(), z.string()),
  n: z.number().int(),
  mean: z.number(),
  ci: interval,
});

const metricResult = z.object({
  metric: z.string(),
  type: z.enum(['binary', 'continuous', 'ratio']),
  variants: z.array(variantSummary),
  comparisons: z.array(comparison),
  anova: z.array(anovaTerm).optional(),
  logit: z.array(logitTerm).optional(),
  cells: z.array(cell).optional(),
  winsorized: z.object({ percentile: z.number(), cap: z.number(), capped: z.number().int() }).optional(),
  cuped: z.object({ covariate: z.string(), theta: z.number(), variance_reduction: z.number() }).optional(),
  /** Units without a value for this metric (excluded from it). */
  missing: z.number().int(),
});

export const experimentResult = z.object({
  source: z.string(),
  unit: z.string(),
  variant: z.string(),
  control: z.string(),
  factors: z.array(z.string()),
  alpha: z.number(),
  correction: z.enum(['none', 'holm', 'bh']),
  units: z.object({
    total: z.number().int(),
    analysed: z.number().int(),
    /** Units seen in more than one variant: excluded from every metric. */
    multi_variant: z.number().int(),
    missing_variant: z.number().int(),
  }),
  srm: z.object({
    chi2: z.number(),
    df: z.number().int(),
    p: z.number(),
    flagged: z.boolean(),
    threshold: z.number(),
    observed: z.array(
      z.object({ variant: z.string(), n: z.number().int(), expected: z.number(), share: z.number() }),
    ),
  }),
  /** Units first exposed per day and variant (when exposure times are known). */
  balance_over_time: z.array(z.object({ day: z.string(), variant: z.string(), n: z.number().int() })),
  /** Pre-period covariates compared across arms: standardised mean difference vs control, and an ANOVA/chi-square p. */
  covariate_balance: z.array(
    z.object({
      covariate: z.string(),
      variant: z.string(),
      mean: z.number(),
      control_mean: z.number(),
      smd: z.number(),
      p: z.number(),
    }),
  ),
  metrics: z.array(metricResult),
  warnings: z.array(z.string()),
  seconds: z.number(),
});

const powerInput = z
  .object({
    metric: z.enum(['binary', 'continuous']),
    baseline: z.number(),
    sd: z.number().positive().optional(),
    mde: z.number(),
    relative: z.boolean().optional(),
    alpha: z.number().gt(0).lt(0.5).optional(),
    power: z.number().gt(0).lt(1).optional(),
    arms: z.number().int().min(2).max(50).optional(),
  })
  .strict();

const factor = z.object({
  name: z.string().min(1).max(100),
  levels: z.array(z.string().min(1).max(100)).min(2).max(50),
});

export const experimentsContract = {
  /** Experiments recorded in the workspace's events (`Experiment Viewed`). */
  'experiments.list': {
    input: z.object({}).strict(),
    output: z.array(
      z.object({
        experiment: z.string(),
        name: z.string().nullable(),
        units: z.number().int(),
        variants: z.array(z.object({ name: z.string(), units: z.number().int() })),
        /** Event properties that vary within the experiment: candidate variant and factor columns. */
        properties: z.array(z.string()),
        /** Each property's values (up to 50, most units first) with their units. */
        values: z.record(z.string(), z.array(z.object({ value: z.string(), units: z.number().int() }))),
        first: z.string(),
        last: z.string(),
      }),
    ),
  },
  /** The columns of an assignments file, to choose unit, variant, factor and metric columns. */
  'experiments.inspect': {
    input: z.object({ path: z.string().min(1) }).strict(),
    output: z.object({
      path: z.string(),
      rows: z.number().int(),
      columns: z.array(
        z.object({
          name: z.string(),
          type: z.string(),
          distinct: z.number().int(),
          numeric: z.boolean(),
          binary: z.boolean(),
          /** Up to 20 most frequent values (for variant / factor columns). */
          values: z.array(z.object({ value: z.string(), n: z.number().int() })),
        }),
      ),
    }),
  },
  'experiments.analyze': { input: analyzeInput, output: experimentResult },
  /**
   * The analysis as a self-contained HTML report (charts as inline SVG) written to `out`. Give the
   * `result` already computed for `request` to write it without analysing again.
   */
  'experiments.report': {
    input: z
      .object({ request: analyzeInput, out: z.string().min(1), result: experimentResult.optional() })
      .strict(),
    output: z.object({ out: z.string(), bytes: z.number().int() }),
  },
  'experiments.power': {
    input: powerInput,
    output: z.object({
      n_per_arm: z.number().int(),
      total: z.number().int(),
      n_exact: z.number(),
      effect_size: z.number(),
      alpha_per_test: z.number(),
      achieved_power: z.number(),
      /** Power against units per arm, for the calculator's chart. */
      curve: z.array(z.object({ n: z.number(), power: z.number() })),
    }),
  },
  /** A full-factorial design with balanced salted-hash assignment, written as CSV (unit, cell, one column per factor). */
  'experiments.design': {
    input: z
      .object({
        factors: z.array(factor).min(1).max(6),
        units: z.union([
          z.number().int().min(1).max(10_000_000),
          z.object({ file: z.string().min(1), column: z.string().optional() }),
        ]),
        seed: z.string().min(1).max(200),
        out: z.string().min(1),
      })
      .strict(),
    output: z.object({
      out: z.string(),
      units: z.number().int(),
      cells: z.array(
        z.object({ id: z.string(), levels: z.record(z.string(), z.string()), n: z.number().int() }),
      ),
    }),
  },
} as const;

export type AnalyzeRequest = z.output<typeof analyzeInput>;
export type ExperimentResult = z.output<typeof experimentResult>;
export type MetricResultWire = z.output<typeof metricResult>;
export type ComparisonWire = z.output<typeof comparison>;
