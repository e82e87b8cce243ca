import { z } from 'zod';
import { jobState } from './jobSchema.ts';

/** The churn module's methods: training as a job, the model registry, scoring and monitoring. */

const day = z.iso.date();
const modelId = z.string().min(1).max(100);
const curve = z.object({ x: z.array(z.number()), y: z.array(z.number()) });

export const churnTrainInput = z
  .object({
    cutoff: day,
    inactiveDays: z.number().int().min(1).max(365).optional(),
    excludeInactiveDays: z.number().int().min(1).max(3650).optional(),
    activeEvents: z.string().max(500).optional(),
    rolling: z
      .object({ count: z.number().int().min(1).max(24), gapDays: z.number().int().min(1) })
      .optional(),
    halfLifeDays: z.number().positive().max(365).optional(),
    pAlive: z.boolean().optional(),
    segmentation: z.string().min(1).max(100).nullable().optional(),
    model: z.enum(['logistic', 'mlp', 'gbm', 'forest', 'auto']).optional(),
    folds: z.number().int().min(2).max(20).optional(),
    grid: z.boolean().optional(),
    testFraction: z.number().gt(0).lt(1).optional(),
    seed: z.number().int().min(0).optional(),
    classWeight: z.enum(['balanced']).nullable().optional(),
    name: z.string().max(200).optional(),
  })
  .strict();

/** A saved model's training figures (what the Churn view charts). */
export const churnMetrics = z.object({
  nTrain: z.number().int(),
  nTest: z.number().int(),
  positiveRate: z.number(),
  balance: z.object({ rows: z.number().int(), churned: z.number().int(), rate: z.number() }),
  excluded: z.object({ inactive: z.number().int() }),
  cv: z.object({
    aucMean: z.number(),
    aucSd: z.number(),
    folds: z.number().int(),
    aucs: z.array(z.number()),
  }),
  candidates: z.array(
    z.object({
      kind: z.string(),
      params: z.record(z.string(), z.unknown()),
      aucMean: z.number(),
      aucSd: z.number(),
    }),
  ),
  test: z.object({
    auc: z.number(),
    prAuc: z.number(),
    f1: z.number(),
    precision: z.number(),
    recall: z.number(),
    accuracy: z.number(),
    logLoss: z.number(),
    brier: z.number(),
    threshold: z.number(),
  }),
  curves: z.object({
    roc: curve,
    pr: curve,
    calibration: z.object({
      predicted: z.array(z.number()),
      observed: z.array(z.number()),
      counts: z.array(z.number()),
    }),
    gains: curve,
  }),
  importance: z.array(z.object({ feature: z.string(), value: z.number(), sd: z.number() })),
  seconds: z.number(),
});

const modelEntry = z.object({
  modelId: z.string(),
  kind: z.string(),
  name: z.string(),
  createdAt: z.string(),
  recipe: z.record(z.string(), z.unknown()),
  metrics: churnMetrics,
});

export const churnContract = {
  /** Trains, validates and saves a model; the job's result carries `modelId`. */
  'churn.train': { input: churnTrainInput, output: jobState },
  /** Label balance and exclusions at a cutoff, before training (for the timeline and balance chart). */
  'churn.labels': {
    input: churnTrainInput.pick({
      cutoff: true,
      inactiveDays: true,
      excludeInactiveDays: true,
      activeEvents: true,
      rolling: true,
    }),
    output: z.object({
      rows: z.number().int(),
      churned: z.number().int(),
      rate: z.number(),
      excludedInactive: z.number().int(),
      firstDay: z.string(),
      lastDay: z.string(),
      latestCutoff: z.string(),
      features: z.array(z.string()),
    }),
  },
  'churn.models': { input: z.object({}).strict(), output: z.array(modelEntry) },
  'churn.model': { input: z.object({ modelId }).strict(), output: modelEntry },
  'churn.deleteModel': { input: z.object({ modelId }).strict(), output: z.object({ deleted: z.boolean() }) },
  /** Scores every current user into churn_scores (and a file when `out` is given). */
  'churn.score': {
    input: z.object({ modelId, asOf: day.optional(), out: z.string().min(1).optional() }).strict(),
    output: z.object({
      modelId: z.string(),
      asOf: z.string(),
      users: z.number().int(),
      atRisk: z.number().int(),
      excludedInactive: z.number().int(),
      out: z.string().nullable(),
    }),
  },
  /** `churn.score` as a job (progress, Cancel); the job's result is churn.score's output. */
  'churn.startScoring': {
    input: z.object({ modelId, asOf: day.optional(), out: z.string().min(1).optional() }).strict(),
    output: jobState,
  },
  /** The scored users, riskiest first, with their segment when a segmentation is saved. */
  'churn.scores': {
    input: z.object({ modelId, limit: z.number().int().min(1).max(100_000).optional() }).strict(),
    output: z.object({
      asOf: z.string().nullable(),
      total: z.number().int(),
      rows: z.array(
        z.object({
          userId: z.string(),
          score: z.number(),
          atRisk: z.boolean(),
          segment: z.string().nullable(),
        }),
      ),
    }),
  },
  /**
   * Scores on request (also served as `POST /api/churn/score` in browser mode): workspace users by
   * id, or feature rows keyed by the model's input columns. Exactly one of `userIds`, `rows`.
   */
  'churn.scoreRows': {
    input: z
      .object({
        modelId,
        userIds: z.array(z.string().min(1)).min(1).max(100_000).optional(),
        rows: z
          .array(z.record(z.string(), z.union([z.number(), z.string(), z.null()])))
          .min(1)
          .max(100_000)
          .optional(),
      })
      .strict()
      .refine((v) => (v.userIds === undefined) !== (v.rows === undefined), {
        message: 'give either userIds or rows',
      }),
    output: z.object({
      modelId: z.string(),
      threshold: z.number(),
      scores: z.array(z.object({ userId: z.string().nullable(), score: z.number(), atRisk: z.boolean() })),
      unknownUsers: z.array(z.string()),
    }),
  },
  /** `churn.monitor` as a job (progress, Cancel); the job's result is churn.monitor's output. */
  'churn.startMonitoring': {
    input: z.object({ modelId, cutoff: day.optional() }).strict(),
    output: jobState,
  },
  'churn.monitor': {
    input: z.object({ modelId, cutoff: day.optional() }).strict(),
    output: z.object({
      modelId: z.string(),
      trainedCutoff: z.string(),
      cutoff: z.string(),
      users: z.number().int(),
      realised: z.object({
        auc: z.number(),
        brier: z.number(),
        logLoss: z.number(),
        predictedRate: z.number(),
        observedRate: z.number(),
      }),
      calibration: z.object({
        predicted: z.array(z.number()),
        observed: z.array(z.number()),
        counts: z.array(z.number()),
      }),
      drift: z.array(
        z.object({ feature: z.string(), psi: z.number(), cumulative: z.boolean(), flagged: z.boolean() }),
      ),
    }),
  },
} as const;

export type ChurnMetricsWire = z.output<typeof churnMetrics>;
export type ChurnModelWire = z.output<typeof modelEntry>;
