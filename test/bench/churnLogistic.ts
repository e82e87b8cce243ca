// The logistic section of the churn benchmark (issue 5, item 10): our logistic regression (staged Newton, L2 with
// C = 1) against scikit-learn's LogisticRegression(C=1, lbfgs), on the same rows and the same stratified 80/20
// split. Only `fit` is timed on both sides; the AUC is on the test rows. Rounds interleave one fit of ours with one
// of scikit-learn's so both see the same load (the machine is shared); the fastest round of each is reported
// beside the median.
//
// Run alone: `node --import tsx test/bench/churnLogistic.ts [ROWS] [ROUNDS]` prints the comparison as JSON.
import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { takeRows } from '../../engine/analysis/matrix.ts';
import { rocAuc } from '../../engine/analysis/metrics/classification.ts';
import { fitLogistic } from '../../engine/analysis/models/logistic.ts';
import { stratifiedSplit, type Split } from '../../engine/analysis/validation/split.ts';
import { makeClassification, writeForPython, type ClassificationData } from './classificationData.ts';
import { fastest, median, round } from './timing.ts';

/** Debian's Python with scikit-learn 1.2 (not the pyenv `python3` on PATH). */
const python = '/usr/bin/python3';

export interface LogisticRun {
  readonly seconds: number;
  readonly auc: number;
  readonly iterations: number;
}

/** The rows of a split, copied (outside any timing). */
function parts(data: ClassificationData, split: Split) {
  return {
    xTrain: takeRows(data.x, split.train),
    yTrain: Uint8Array.from(split.train, (i) => data.y[i]!),
    xTest: takeRows(data.x, split.test),
    yTest: Uint8Array.from(split.test, (i) => data.y[i]!),
  };
}

/** Fits our logistic regression (C = 1) on the train rows, timing only the fit; AUC on the test rows. */
export async function benchLogistic(data: ClassificationData, split: Split): Promise<LogisticRun> {
  const { xTrain, yTrain, xTest, yTest } = parts(data, split);
  const t = performance.now();
  const model = await fitLogistic(xTrain, yTrain, { l2: 1 });
  const seconds = (performance.now() - t) / 1000;
  const auc = rocAuc(yTest, await model.predictProba(xTest));
  return { seconds, auc, iterations: model.info?.iterations ?? 0 };
}

export function sklearnAvailable(): boolean {
  return spawnSync(python, ['-c', 'import sklearn'], { stdio: 'ignore' }).status === 0;
}

const sklearnScript = `
import json, sys, time
import numpy as np, sklearn
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
path, split_path, rows, cols, n_train, repeats = sys.argv[1], sys.argv[2], *map(int, sys.argv[3:])
data = np.fromfile(path, dtype='<f8').reshape(rows, cols + 1)
order = np.fromfile(split_path, dtype='<u4').astype(np.int64)
train, test = order[:n_train], order[n_train:]
X_train, y_train = np.ascontiguousarray(data[train, :cols]), data[train, cols].astype(np.int64)
X_test, y_test = np.ascontiguousarray(data[test, :cols]), data[test, cols].astype(np.int64)
best = None
for _ in range(repeats):
    model = LogisticRegression(C=1.0, solver='lbfgs')
    t = time.perf_counter(); model.fit(X_train, y_train); s = time.perf_counter() - t
    if best is None or s < best[0]: best = (s, model)
s, model = best
auc = roc_auc_score(y_test, model.predict_proba(X_test)[:, 1])
print(json.dumps({'seconds': s, 'auc': auc, 'iterations': int(model.n_iter_[0]), 'version': sklearn.__version__}))
`;

/** Files holding a table and its split for Python; removed by `cleanup()`. */
export function writeSklearnInput(
  data: ClassificationData,
  split: Split,
): { table: string; split: string; cleanup(): void } {
  const base = join(tmpdir(), `engage-bench-logistic-${process.pid}`);
  const table = `${base}.f64`;
  const order = `${base}.u32`;
  writeForPython(data, table);
  const indices = new Uint32Array(split.train.length + split.test.length);
  indices.set(split.train);
  indices.set(split.test, split.train.length);
  writeFileSync(order, new Uint8Array(indices.buffer));
  return {
    table,
    split: order,
    cleanup: () => {
      rmSync(table, { force: true });
      rmSync(order, { force: true });
    },
  };
}

/**
 * scikit-learn's LogisticRegression(C=1, lbfgs) on the same split: the best of `repeats` fits in one Python process
 * (only `fit` timed), its AUC on the test rows, and lbfgs's iterations. Needs files from {@link writeSklearnInput}.
 */
export function sklearnLogistic(
  files: { table: string; split: string },
  data: ClassificationData,
  split: Split,
  repeats = 3,
): LogisticRun & { version: string } {
  const args = [
    '-c',
    sklearnScript,
    files.table,
    files.split,
    String(data.x.rows),
    String(data.x.cols),
    String(split.train.length),
    String(repeats),
  ];
  const r = spawnSync(python, args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`scikit-learn failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as LogisticRun & { version: string };
}

/**
 * Interleaved rounds: each round one fit of ours, then scikit-learn's best of `sklearnRepeats` fits. Returns the
 * fastest and median times of both, their AUCs and the ratio of the fastest times (the target is ≤ 2 at an AUC
 * within 0.002).
 */
export async function compareLogistic(
  data: ClassificationData,
  split: Split,
  options: {
    readonly rounds?: number;
    readonly sklearnRepeats?: number;
    readonly skipSklearn?: boolean;
  } = {},
): Promise<Record<string, unknown>> {
  const { rounds = 3, sklearnRepeats = 1, skipSklearn = false } = options;
  const haveSklearn = !skipSklearn && sklearnAvailable();
  const files = haveSklearn ? writeSklearnInput(data, split) : null;
  const ours: LogisticRun[] = [];
  const theirs: (LogisticRun & { version: string })[] = [];
  try {
    for (let r = 0; r < rounds; r++) {
      ours.push(await benchLogistic(data, split));
      if (files) theirs.push(sklearnLogistic(files, data, split, sklearnRepeats));
    }
  } finally {
    files?.cleanup();
  }
  const best = fastest(ours);
  const result: Record<string, unknown> = {
    train_rows: split.train.length,
    test_rows: split.test.length,
    cols: data.x.cols,
    rounds,
    engage_seconds: round(best.seconds),
    engage_median_seconds: round(median(ours.map((r) => r.seconds))),
    engage_all_seconds: ours.map((r) => round(r.seconds)),
    engage_auc: best.auc,
    engage_iterations: best.iterations,
  };
  if (theirs.length === 0) result.sklearn = 'skipped or unavailable (no scikit-learn for /usr/bin/python3)';
  else {
    const sk = fastest(theirs);
    Object.assign(result, {
      sklearn_version: sk.version,
      sklearn_seconds: round(sk.seconds),
      sklearn_median_seconds: round(median(theirs.map((r) => r.seconds))),
      sklearn_all_seconds: theirs.map((r) => round(r.seconds)),
      sklearn_auc: sk.auc,
      sklearn_iterations: sk.iterations,
      time_ratio: round(best.seconds / sk.seconds),
      auc_difference: best.auc - sk.auc,
      target_met: best.seconds <= 2 * sk.seconds && Math.abs(best.auc - sk.auc) <= 0.002,
    });
  }
  return result;
}

/** The benchmark's table: `makeClassification({rows, seed: 1})` (20 columns, 20% positives), split 80/20. */
export function benchTable(rows = 1_000_000): { data: ClassificationData; split: Split } {
  const data = makeClassification({ rows, seed: 1 });
  return { data, split: stratifiedSplit(data.y, { testFraction: 0.2, seed: 1 }) };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const rows = Number(process.argv[2] ?? 1_000_000);
  const rounds = Number(process.argv[3] ?? 3);
  const { data, split } = benchTable(rows);
  console.log(JSON.stringify(await compareLogistic(data, split, { rounds }), null, 2));
}
