// The tree sections of the churn benchmark (issue 5, item 10): our histogram GBM against scikit-learn's
// HistGradientBoostingClassifier, our random forest against RandomForestClassifier. Only `fit` is timed on both
// sides; AUC is on the test rows. Ours and sklearn's runs are interleaved so both see the same load (the machine is
// shared), and the fastest of the repeats is reported beside the median.
import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Matrix } from '../../engine/analysis/matrix.ts';
import { rocAuc } from '../../engine/analysis/metrics/classification.ts';
import { fitForest } from '../../engine/analysis/models/gbm/forest.ts';
import { fitGbm } from '../../engine/analysis/models/gbm/gbm.ts';
import { fastest, median, round } from './timing.ts';

export interface LabelledRows {
  readonly x: Matrix;
  readonly y: Uint8Array;
}

export interface TreeBenchOptions {
  readonly repeat: number;
  /** Skip scikit-learn (no /usr/bin/python3 with sklearn, or not wanted). */
  readonly skipSklearn?: boolean;
  readonly threads?: number;
}

/** Debian's Python with scikit-learn 1.2 (not the pyenv `python3` on PATH). */
const python = '/usr/bin/python3';

export function sklearnAvailable(): boolean {
  return spawnSync(python, ['-c', 'import sklearn'], { stdio: 'ignore' }).status === 0;
}

/** Writes train and test rows for Python: float64 little-endian, the label as a last column, train rows first. */
function writeTable(train: LabelledRows, test: LabelledRows, path: string): void {
  const cols = train.x.cols;
  const rows = train.x.rows + test.x.rows;
  const out = new Float64Array(rows * (cols + 1));
  let r = 0;
  for (const part of [train, test]) {
    for (let i = 0; i < part.x.rows; i++, r++) {
      out.set(part.x.data.subarray(i * cols, (i + 1) * cols), r * (cols + 1));
      out[r * (cols + 1) + cols] = part.y[i]!;
    }
  }
  writeFileSync(path, new Uint8Array(out.buffer));
}

const sklearnScript = `
import json, sys, time
import numpy as np, sklearn
from sklearn.ensemble import HistGradientBoostingClassifier, RandomForestClassifier
from sklearn.metrics import roc_auc_score
path, n_train, n_test, cols, which = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
data = np.fromfile(path, dtype='<f8').reshape(n_train + n_test, cols + 1)
X, y = np.ascontiguousarray(data[:, :cols]), data[:, cols].astype(np.int64)
if which == 'gbm':
    model = HistGradientBoostingClassifier(max_iter=100, early_stopping=False, random_state=0)
else:
    model = RandomForestClassifier(n_estimators=100, n_jobs=2, random_state=0)
t = time.perf_counter(); model.fit(X[:n_train], y[:n_train]); s = time.perf_counter() - t
auc = roc_auc_score(y[n_train:], model.predict_proba(X[n_train:])[:, 1])
print(json.dumps({'seconds': s, 'auc': auc, 'version': sklearn.__version__}))
`;

interface Run {
  readonly seconds: number;
  readonly auc: number;
}

function runSklearn(
  path: string,
  train: LabelledRows,
  test: LabelledRows,
  which: 'gbm' | 'forest',
  timeoutSeconds: number,
): (Run & { version: string }) | { timedOut: true } {
  const args = [
    '-c',
    sklearnScript,
    path,
    String(train.x.rows),
    String(test.x.rows),
    String(train.x.cols),
    which,
  ];
  const r = spawnSync(python, args, { encoding: 'utf8', timeout: timeoutSeconds * 1000 });
  if (r.error && (r.error as NodeJS.ErrnoException).code === 'ETIMEDOUT') return { timedOut: true };
  if (r.status !== 0) throw new Error(`scikit-learn failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as Run & { version: string };
}

/** Our fit timed alone; the AUC from scoring the test rows afterwards. */
async function ours(
  train: LabelledRows,
  test: LabelledRows,
  which: 'gbm' | 'forest',
  threads: number | undefined,
): Promise<Run & { threads: string }> {
  const t = performance.now();
  const extra = threads === undefined ? {} : { threads };
  const model =
    which === 'gbm'
      ? await fitGbm(train.x, train.y, { seed: 0, ...extra })
      : await fitForest(train.x, train.y, { seed: 0, ...extra });
  const seconds = (performance.now() - t) / 1000;
  const p = await model.predictProba(test.x);
  return { seconds, auc: rocAuc(test.y, p), threads: threads === undefined ? 'default' : String(threads) };
}

async function compare(
  train: LabelledRows,
  test: LabelledRows,
  which: 'gbm' | 'forest',
  options: TreeBenchOptions,
  timeoutSeconds: number,
): Promise<Record<string, unknown>> {
  const haveSklearn = !options.skipSklearn && sklearnAvailable();
  const file = join(tmpdir(), `engage-bench-churn-${which}-${process.pid}.f64`);
  if (haveSklearn) writeTable(train, test, file);
  const engage: Run[] = [];
  const sklearn: (Run & { version: string })[] = [];
  let sklearnTimedOut = false;
  try {
    for (let i = 0; i < options.repeat; i++) {
      engage.push(await ours(train, test, which, options.threads));
      if (haveSklearn && !sklearnTimedOut) {
        const r = runSklearn(file, train, test, which, timeoutSeconds);
        if ('timedOut' in r) sklearnTimedOut = true;
        else sklearn.push(r);
      }
    }
  } finally {
    rmSync(file, { force: true });
  }
  const best = fastest(engage);
  const result: Record<string, unknown> = {
    train_rows: train.x.rows,
    test_rows: test.x.rows,
    cols: train.x.cols,
    runs: options.repeat,
    engage_seconds: round(best.seconds),
    engage_median_seconds: round(median(engage.map((r) => r.seconds))),
    engage_auc: best.auc,
  };
  if (!haveSklearn) result.sklearn = 'skipped or unavailable (no scikit-learn for /usr/bin/python3)';
  else if (sklearn.length === 0) result.sklearn = `did not finish within ${timeoutSeconds} s`;
  else {
    const sk = fastest(sklearn);
    Object.assign(result, {
      sklearn_version: sk.version,
      sklearn_seconds: round(sk.seconds),
      sklearn_median_seconds: round(median(sklearn.map((r) => r.seconds))),
      sklearn_runs: sklearn.length,
      sklearn_auc: sk.auc,
      ratio_to_sklearn: round(best.seconds / sk.seconds),
      ratio_of_medians: round(median(engage.map((r) => r.seconds)) / median(sklearn.map((r) => r.seconds))),
    });
  }
  return result;
}

/**
 * GBM: 100 iterations, 31 leaves, learning rate 0.1, no early stopping on both sides. Target: our time ≤ 1×
 * sklearn's at test AUC ≥ 0.940.
 */
export async function benchGbm(
  train: LabelledRows,
  test: LabelledRows,
  options: TreeBenchOptions,
): Promise<Record<string, unknown>> {
  const result = await compare(train, test, 'gbm', options, 1800);
  return { ...result, target_ratio: 1, target_auc: 0.94 };
}

/**
 * Random forest: 100 trees, √f features per split, bootstrap, fully grown (sklearn's defaults, n_jobs=2 on its
 * side), on the first `rows` training rows; sklearn is given up after `timeoutSeconds`.
 */
export async function benchForest(
  train: LabelledRows,
  test: LabelledRows,
  options: TreeBenchOptions & { readonly rows: number; readonly timeoutSeconds: number },
): Promise<Record<string, unknown>> {
  const rows = Math.min(options.rows, train.x.rows);
  const cols = train.x.cols;
  const sub: LabelledRows = {
    x: { data: train.x.data.subarray(0, rows * cols), rows, cols },
    y: train.y.subarray(0, rows),
  };
  return compare(sub, test, 'forest', options, options.timeoutSeconds);
}
