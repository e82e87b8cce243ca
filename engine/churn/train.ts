import type { Matrix } from '../analysis/matrix.ts';
import { takeRows } from '../analysis/matrix.ts';
import {
  calibrationCurve,
  chooseThreshold,
  classificationSummary,
  cumulativeGains,
  prCurve,
  rocCurve,
  thinIndices,
} from '../analysis/metrics/classification.ts';
import type { BinaryClassifier, ModelKind } from '../analysis/models/types.ts';
import { driftProfile } from '../analysis/drift.ts';
import { permutationImportance } from '../analysis/validation/permutationImportance.ts';
import { stratifiedKFold, stratifiedSplit } from '../analysis/validation/split.ts';
import type { ColumnData } from '../store/Workspace.ts';
import { ChurnInputError } from './dataset.ts';
import { fitModel, GRIDS, type ModelParams } from './models.ts';
import { fitPreprocessing, applyPrepared } from './prepare.ts';
import type { StoredModel } from './registry.ts';

export type ModelChoice = ModelKind | 'auto';

export interface TrainOptions {
  readonly model?: ModelChoice;
  readonly folds?: number;
  /** Try the model's small grid of settings and keep the best cross-validated AUC. */
  readonly grid?: boolean;
  readonly testFraction?: number;
  readonly seed?: number;
  readonly classWeight?: 'balanced' | null;
  readonly onProgress?: (fraction: number, message: string) => void;
  readonly signal?: AbortSignal;
}

export interface TrainResult {
  readonly kind: ModelKind;
  readonly params: ModelParams;
  readonly classifier: BinaryClassifier;
  readonly stored: StoredModel;
  readonly nTrain: number;
  readonly nTest: number;
  readonly positiveRate: number;
  readonly cv: {
    readonly aucMean: number;
    readonly aucSd: number;
    readonly folds: number;
    readonly aucs: number[];
  };
  /** Every candidate tried (model and settings) with its cross-validated AUC. */
  readonly candidates: { kind: ModelKind; params: ModelParams; aucMean: number; aucSd: number }[];
  readonly test: {
    readonly auc: number;
    readonly prAuc: number;
    readonly f1: number;
    readonly precision: number;
    readonly recall: number;
    readonly accuracy: number;
    readonly logLoss: number;
    readonly brier: number;
    readonly threshold: number;
  };
  readonly curves: {
    readonly roc: { x: number[]; y: number[] };
    readonly pr: { x: number[]; y: number[] };
    readonly calibration: { predicted: number[]; observed: number[]; counts: number[] };
    readonly gains: { x: number[]; y: number[] };
  };
  readonly importance: { feature: string; value: number; sd: number }[];
  readonly featureNames: string[];
  readonly seconds: number;
}

/**
 * Trains a churn classifier honestly: a stratified train/test split (test rows never seen until the
 * end), the preprocessing fitted on the training rows, stratified k-fold cross-validation on the
 * training rows to choose among models or settings, the threshold chosen to maximise F1 on the
 * out-of-fold predictions, and the final model's figures on the untouched test rows.
 */
export async function trainClassifier(
  columns: readonly ColumnData[],
  labels: Uint8Array,
  options: TrainOptions = {},
): Promise<TrainResult> {
  const started = performance.now();
  const report = options.onProgress ?? (() => undefined);
  const seed = options.seed ?? 0;
  const folds = options.folds ?? 5;
  const n = labels.length;
  const positives = labels.reduce((s, v) => s + v, 0);
  if (positives === 0 || positives === n) {
    throw new ChurnInputError(
      `the labels have one class only (${positives === 0 ? 'nobody churned' : 'everybody churned'}): nothing to learn`,
    );
  }
  if (!Number.isInteger(folds) || folds < 2)
    throw new ChurnInputError(`--folds must be at least 2, not ${folds}`);
  const split = stratifiedSplit(labels, { testFraction: options.testFraction ?? 0.2, seed });
  const prepared = fitPreprocessing(columns, split.train);
  const yTrain = Uint8Array.from(split.train, (i) => labels[i]!);
  const yTest = Uint8Array.from(split.test, (i) => labels[i]!);
  const xTest = applyPrepared(columns, prepared.report, split.test);

  const kinds: ModelKind[] =
    options.model === undefined || options.model === 'auto' ? ['logistic', 'gbm'] : [options.model];
  const candidates = kinds.flatMap((kind) =>
    (options.grid ? GRIDS[kind] : [{}]).map((params) => ({ kind, params })),
  );
  const foldSets = stratifiedKFold(yTrain, folds, seed);
  const base = { seed, classWeight: options.classWeight ?? null, featureNames: prepared.featureNames };

  const scored: TrainResult['candidates'] = [];
  let best: { kind: ModelKind; params: ModelParams; aucs: number[]; oof: Float64Array } | null = null;
  for (const [c, cand] of candidates.entries()) {
    const aucs: number[] = [];
    const oof = new Float64Array(yTrain.length);
    for (const [f, fold] of foldSets.entries()) {
      options.signal?.throwIfAborted();
      const step = (c * folds + f) / (candidates.length * folds + 2);
      report(0.05 + 0.75 * step, `${cand.kind}${describe(cand.params)}: fold ${f + 1}/${folds}`);
      const model = await fitModel(
        cand.kind,
        takeRows(prepared.matrix, fold.train),
        Uint8Array.from(fold.train, (i) => yTrain[i]!),
        { ...base, ...(options.signal ? { signal: options.signal } : {}) },
        cand.params,
      );
      const p = await model.predictProba(takeRows(prepared.matrix, fold.test));
      fold.test.forEach((i, k) => (oof[i] = p[k]!));
      aucs.push(
        classificationSummary(
          Uint8Array.from(fold.test, (i) => yTrain[i]!),
          p,
        ).auc,
      );
    }
    const mean = aucs.reduce((s, a) => s + a, 0) / aucs.length;
    const sd = Math.sqrt(aucs.reduce((s, a) => s + (a - mean) ** 2, 0) / Math.max(1, aucs.length - 1));
    scored.push({ kind: cand.kind, params: cand.params, aucMean: mean, aucSd: sd });
    if (!best || mean > mean0(best.aucs)) best = { kind: cand.kind, params: cand.params, aucs, oof };
  }
  const chosen = best!;
  report(0.82, `Fitting the final ${chosen.kind} model`);
  const classifier = await fitModel(
    chosen.kind,
    prepared.matrix,
    yTrain,
    {
      ...base,
      ...(options.signal ? { signal: options.signal } : {}),
      onProgress: (f, m) => report(0.82 + 0.1 * f, m),
    },
    chosen.params,
  );
  const threshold = chooseThreshold(yTrain, chosen.oof, { rule: 'f1' }).threshold;
  const pTest = await classifier.predictProba(xTest);
  const summary = classificationSummary(yTest, pTest, threshold);
  report(0.93, 'Permutation importance');
  const importance = await permutationImportance(classifier, xTest, yTest, {
    repeats: 3,
    seed,
    ...(options.signal ? { signal: options.signal } : {}),
  });
  const aucMean = mean0(chosen.aucs);
  const stored: StoredModel = {
    saved: classifier.toJSON(),
    preprocessing: prepared.report,
    inputColumns: columns.map((c) => c.name),
    drift: Object.fromEntries(
      columns
        .filter((c) => c.kind === 'numeric')
        .map((c) => [c.name, driftProfile(Float64Array.from(split.train, (i) => c.values[i] as number))]),
    ),
    threshold,
  };
  report(1, 'Done');
  return {
    kind: chosen.kind,
    params: chosen.params,
    classifier,
    stored,
    nTrain: split.train.length,
    nTest: split.test.length,
    positiveRate: positives / n,
    cv: {
      aucMean,
      aucSd: scored.find((s) => s.kind === chosen.kind && s.params === chosen.params)!.aucSd,
      folds,
      aucs: chosen.aucs,
    },
    candidates: scored,
    test: {
      auc: summary.auc,
      prAuc: summary.prAuc,
      f1: summary.atThreshold.f1,
      precision: summary.atThreshold.precision,
      recall: summary.atThreshold.recall,
      accuracy: summary.atThreshold.accuracy,
      logLoss: summary.logLoss,
      brier: summary.brier,
      threshold,
    },
    curves: curvesOf(yTest, pTest),
    importance: importance.columns
      .map((c) => ({ feature: prepared.featureNames[c.column]!, value: c.mean, sd: c.sd }))
      .sort((a, b) => b.value - a.value),
    featureNames: prepared.featureNames,
    seconds: (performance.now() - started) / 1000,
  };
}

function curvesOf(y: Uint8Array, p: Float64Array): TrainResult['curves'] {
  const roc = rocCurve(y, p, { maxPoints: 200 });
  const pr = prCurve(y, p, { maxPoints: 200 });
  const cal = calibrationCurve(y, p, { bins: 10 });
  const gains = cumulativeGains(y, p);
  const kept = thinIndices(gains.share, gains.gain, 200);
  return {
    roc: { x: Array.from(roc.x), y: Array.from(roc.y) },
    pr: { x: Array.from(pr.x), y: Array.from(pr.y) },
    calibration: {
      predicted: Array.from(cal.meanPredicted),
      observed: Array.from(cal.fractionPositive),
      counts: Array.from(cal.counts),
    },
    gains: { x: Array.from(kept, (i) => gains.share[i]!), y: Array.from(kept, (i) => gains.gain[i]!) },
  };
}

function mean0(xs: number[]): number {
  return xs.reduce((s, a) => s + a, 0) / xs.length;
}

function describe(params: object): string {
  const entries = Object.entries(params);
  return entries.length ? ` (${entries.map(([k, v]) => `${k} ${JSON.stringify(v)}`).join(', ')})` : '';
}

export type { Matrix };
