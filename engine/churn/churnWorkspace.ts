import { calibrationCurve, classificationSummary } from '../analysis/metrics/classification.ts';
import { populationStabilityIndex, PSI_FLAG } from '../analysis/drift.ts';
import { literal } from '../store/sql.ts';
import type { ColumnData, Workspace } from '../store/Workspace.ts';
import {
  addDays,
  buildChurnDataset,
  buildScoringSet,
  ChurnInputError,
  type ChurnLabelOptions,
} from './dataset.ts';
import { loadClassifier } from './models.ts';
import { applyPrepared } from './prepare.ts';
import { loadModel, saveModel } from './registry.ts';
import type { BgNbdParams } from '../analysis/models/bgnbd.ts';
import { trainClassifier, type TrainOptions, type TrainResult } from './train.ts';

export interface ChurnTrainRequest extends ChurnLabelOptions, Omit<TrainOptions, 'onProgress' | 'signal'> {
  readonly name?: string | undefined;
}

export interface ChurnTrainOutcome {
  readonly modelId: string;
  readonly result: TrainResult;
  readonly balance: { rows: number; churned: number; rate: number };
  readonly excluded: { inactive: number };
  readonly notes: string[];
  /** The BG/NBD parameters behind the p_alive feature, when it was asked for. */
  readonly bgnbd: BgNbdParams | null;
  /** The saved segmentation behind the segment feature, or null. */
  readonly segmentation: string | null;
}

/** Progress and cancellation for work run as a job (each stage reports; a cancel stops at the next). */
export interface ChurnWork {
  readonly onProgress?: (fraction: number, message: string) => void;
  readonly signal?: AbortSignal;
}

/** Features that only grow with time (tenure, totals since the first event). */
const CUMULATIVE = new Set(['tenure_days', 'events_total', 'purchases_total', 'revenue_total']);

/**
 * Builds the leakage-free dataset at the cutoff(s), trains and validates the model, and saves it
 * in the registry with its recipe (cutoff, windows, model options, seed), metrics and curves.
 */
export async function trainChurnModel(
  ws: Workspace,
  request: ChurnTrainRequest,
  work: ChurnWork = {},
): Promise<ChurnTrainOutcome> {
  const report = work.onProgress ?? (() => undefined);
  report(0, 'Labelling users at the cutoff');
  const data = await buildChurnDataset(ws, request);
  work.signal?.throwIfAborted();
  if (data.balance.rows < 20)
    throw new ChurnInputError(`only ${data.balance.rows} users to learn from at ${request.cutoff}`);
  const result = await trainClassifier(data.columns, data.labels, {
    ...request,
    onProgress: (f, m) => report(0.1 + 0.88 * f, m),
    ...(work.signal ? { signal: work.signal } : {}),
  });
  const recipe = {
    cutoff: request.cutoff,
    inactiveDays: request.inactiveDays ?? 14,
    excludeInactiveDays: request.excludeInactiveDays ?? 30,
    activeEvents: request.activeEvents ?? null,
    passiveEvents: request.passiveEvents ?? null,
    rolling: request.rolling ?? null,
    halfLifeDays: request.halfLifeDays ?? 7,
    // Scoring and monitoring make p_alive with the parameters fitted here.
    pAlive: request.pAlive ?? false,
    bgnbd: data.bgnbd,
    segmentation: data.segmentation,
    model: request.model ?? 'auto',
    chosen: result.kind,
    params: result.params,
    folds: request.folds ?? 5,
    grid: request.grid ?? false,
    testFraction: request.testFraction ?? 0.2,
    seed: request.seed ?? 0,
    classWeight: request.classWeight ?? null,
  };
  const metrics = {
    nTrain: result.nTrain,
    nTest: result.nTest,
    positiveRate: result.positiveRate,
    balance: data.balance,
    excluded: data.excluded,
    cv: result.cv,
    candidates: result.candidates,
    test: result.test,
    curves: result.curves,
    importance: result.importance,
    seconds: result.seconds,
  };
  // A cancel that arrives after the last fold still means "keep nothing".
  work.signal?.throwIfAborted();
  const modelId = await saveModel(ws, {
    kind: result.kind,
    name: request.name ?? `${result.kind} at ${request.cutoff}`,
    recipe,
    metrics,
    model: result.stored,
  });
  report(1, 'Saved');
  return {
    modelId,
    result,
    balance: data.balance,
    excluded: data.excluded,
    notes: data.notes,
    bgnbd: data.bgnbd,
    segmentation: data.segmentation,
  };
}

/**
 * Scores every current user (active in the model's exclusion window before `asOf`) into
 * `churn_scores` (replacing that model's scores for the same day), optionally also as CSV/Parquet.
 */
export async function scoreChurn(
  ws: Workspace,
  modelId: string,
  options: { asOf?: string; out?: string } = {},
  work: ChurnWork = {},
): Promise<{
  modelId: string;
  asOf: string;
  users: number;
  atRisk: number;
  excludedInactive: number;
  out: string | null;
}> {
  const stage = stages(work);
  const entry = await loadModel(ws, modelId);
  const recipe = entry.recipe as Partial<ChurnLabelOptions>;
  stage(0.05, 'Computing every current user’s features');
  const set = await buildScoringSet(ws, { ...recipe, asOf: options.asOf });
  stage(0.6, `Scoring ${set.userIds.length.toLocaleString('en-US')} users`);
  const classifier = await loadClassifier(entry.model.saved);
  const x = applyPrepared(set.columns, entry.model.preprocessing);
  const p = await classifier.predictProba(x);
  const threshold = entry.model.threshold;
  let atRisk = 0;
  for (const v of p) if (v >= threshold) atRisk++;
  stage(0.8, options.out ? 'Saving the scores and writing the file' : 'Saving the scores');
  await ws.transaction(async () => {
    await ws.run(`DELETE FROM churn_scores WHERE model_id = $id AND as_of = CAST($d AS DATE)`, {
      id: modelId,
      d: set.asOf,
    });
    await ws.append('churn_scores', [
      { kind: 'text', values: new Array<string>(set.userIds.length).fill(modelId) },
      { kind: 'text', values: set.userIds },
      { kind: 'text', values: new Array<string>(set.userIds.length).fill(set.asOf) },
      { kind: 'double', values: p },
      { kind: 'boolean', values: Array.from(p, (v) => v >= threshold) },
      { kind: 'text', values: new Array<string>(set.userIds.length).fill(new Date().toISOString()) },
    ]);
  });
  if (options.out) {
    const format = options.out.toLowerCase().endsWith('.parquet') ? 'parquet' : 'csv, HEADER';
    await ws.run(
      `COPY (SELECT user_id, score, at_risk, as_of FROM churn_scores WHERE model_id = ${literal(modelId)} AND as_of = ${literal(set.asOf)}::DATE ORDER BY score DESC)
       TO ${literal(options.out)} (FORMAT ${format})`,
    );
  }
  return {
    modelId,
    asOf: set.asOf,
    users: set.userIds.length,
    atRisk,
    excludedInactive: set.excludedInactive,
    out: options.out ?? null,
  };
}

/**
 * How a saved model holds up on newer data: at a later cutoff whose label window has passed, its
 * predictions against what happened (realised AUC, calibration, Brier) and the drift of each input
 * feature from the training rows (population stability index, flagged above 0.2).
 */
export async function monitorChurnModel(
  ws: Workspace,
  modelId: string,
  options: { cutoff?: string } = {},
  work: ChurnWork = {},
): Promise<{
  modelId: string;
  trainedCutoff: string;
  cutoff: string;
  users: number;
  realised: { auc: number; brier: number; logLoss: number; predictedRate: number; observedRate: number };
  calibration: { predicted: number[]; observed: number[]; counts: number[] };
  drift: { feature: string; psi: number; cumulative: boolean; flagged: boolean }[];
}> {
  const entry = await loadModel(ws, modelId);
  const recipe = entry.recipe as unknown as ChurnLabelOptions;
  const n = recipe.inactiveDays ?? 14;
  const last = (await ws.value(
    `SELECT strftime(max(ts) AT TIME ZONE 'UTC', '%Y-%m-%d') FROM events`,
  )) as string;
  const cutoff = options.cutoff ?? addDays(last, -(n - 1));
  if (cutoff <= recipe.cutoff) {
    throw new ChurnInputError(
      `monitoring needs a cutoff after the model's (${recipe.cutoff}) whose ${n}-day label window has passed; the latest is ${addDays(last, -(n - 1))}`,
    );
  }
  const stage = stages(work);
  stage(0.05, `Labelling users at ${cutoff}`);
  // The model's own segmentation or none (recipes from before the segment feature have none).
  const data = await buildChurnDataset(ws, {
    ...recipe,
    cutoff,
    rolling: undefined,
    segmentation: recipe.segmentation ?? null,
  });
  stage(0.7, `Scoring ${data.labels.length.toLocaleString('en-US')} users and measuring drift`);
  const classifier = await loadClassifier(entry.model.saved);
  const p = await classifier.predictProba(applyPrepared(data.columns, entry.model.preprocessing));
  const s = classificationSummary(data.labels, p, entry.model.threshold);
  const cal = calibrationCurve(data.labels, p, { bins: 10 });
  const drift = data.columns
    .filter((c) => c.kind === 'numeric' && entry.model.drift[c.name])
    .map((c) => {
      const psi = populationStabilityIndex(entry.model.drift[c.name]!, c.values as Float64Array);
      // Running totals grow as the product ages: their shift is expected, shown but not flagged.
      const cumulative = CUMULATIVE.has(c.name);
      return { feature: c.name, psi, cumulative, flagged: !cumulative && psi > PSI_FLAG };
    })
    .sort((a, b) => b.psi - a.psi);
  return {
    modelId,
    trainedCutoff: recipe.cutoff,
    cutoff,
    users: data.labels.length,
    realised: {
      auc: s.auc,
      brier: s.brier,
      logLoss: s.logLoss,
      predictedRate: p.reduce((a, b) => a + b, 0) / p.length,
      observedRate: data.balance.rate,
    },
    calibration: {
      predicted: Array.from(cal.meanPredicted),
      observed: Array.from(cal.fractionPositive),
      counts: Array.from(cal.counts),
    },
    drift,
  };
}

/**
 * Scores on request (the local scoring endpoint): either workspace users by id, from their events
 * up to now, or feature rows given by the caller (an object per row, keyed by the model's input
 * columns; missing keys are missing values, filled as in training).
 */
export async function scoreOnRequest(
  ws: Workspace,
  modelId: string,
  request: { userIds?: readonly string[]; rows?: readonly Record<string, unknown>[] },
): Promise<{
  modelId: string;
  threshold: number;
  scores: { userId: string | null; score: number; atRisk: boolean }[];
  unknownUsers: string[];
}> {
  const entry = await loadModel(ws, modelId);
  const { preprocessing, inputColumns, threshold } = entry.model;
  const classifier = await loadClassifier(entry.model.saved);
  const kinds = new Map(preprocessing.columns.map((c) => [c.column, c.kind]));
  let columns: ColumnData[];
  let ids: (string | null)[];
  let unknownUsers: string[] = [];
  if (request.rows) {
    const rows = request.rows;
    columns = inputColumns.map((name): ColumnData =>
      kinds.get(name) === 'categorical'
        ? {
            name,
            kind: 'text',
            values: rows.map((r) =>
              r[name] === null || r[name] === undefined ? null : String(r[name] as string | number),
            ),
          }
        : {
            name,
            kind: 'numeric',
            values: Float64Array.from(rows, (r) => (typeof r[name] === 'number' ? r[name] : NaN)),
          },
    );
    ids = rows.map((r) => (typeof r.user_id === 'string' ? r.user_id : null));
  } else {
    const recipe = entry.recipe as Partial<ChurnLabelOptions>;
    const set = await buildScoringSet(ws, { ...recipe, excludeInactiveDays: 100_000 });
    const index = new Map(set.userIds.map((id, i) => [id, i]));
    const wanted = request.userIds ?? [];
    unknownUsers = wanted.filter((id) => !index.has(id));
    const rowsOf = wanted.filter((id) => index.has(id)).map((id) => index.get(id)!);
    columns = set.columns.map((c): ColumnData =>
      c.kind === 'numeric'
        ? { name: c.name, kind: 'numeric', values: Float64Array.from(rowsOf, (i) => c.values[i] as number) }
        : { name: c.name, kind: 'text', values: rowsOf.map((i) => c.values[i] ?? null) },
    );
    ids = rowsOf.map((i) => set.userIds[i]!);
  }
  const p = ids.length
    ? await classifier.predictProba(applyPrepared(columns, preprocessing))
    : new Float64Array(0);
  return {
    modelId,
    threshold,
    scores: ids.map((userId, i) => ({ userId, score: p[i]!, atRisk: p[i]! >= threshold })),
    unknownUsers,
  };
}

/** A stage reporter that also stops the work when it was cancelled before the stage began. */
function stages(work: ChurnWork): (fraction: number, message: string) => void {
  return (fraction, message) => {
    work.signal?.throwIfAborted();
    work.onProgress?.(fraction, message);
  };
}
