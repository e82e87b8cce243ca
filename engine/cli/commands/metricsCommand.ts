import { basename } from 'node:path';
import { parse } from '../args.ts';
import type { Command } from '../command.ts';
import { UsageError } from '../output.ts';

/** A predictions file that cannot be scored: the message names the file, and the line and column of a bad value. */
export class PredictionsFileError extends Error {
  override readonly name = 'PredictionsFileError';
}

/** Labels and scores read from a predictions file, in file order. */
export interface Predictions {
  readonly labels: Uint8Array;
  readonly scores: Float64Array;
}

/**
 * Reads a label column (0/1, true/false, or a number equal to 0 or 1) and a numeric score column from a CSV or
 * Parquet file with DuckDB's readers. Errors name the file, the line (CSV: the header is line 1) and the column of
 * the first bad value.
 */
export async function readPredictions(
  path: string,
  labelColumn: string,
  scoreColumn: string,
): Promise<Predictions> {
  const { ident } = await import('../../store/sql.ts');
  const { asText } = await import('../../store/jsonSafe.ts');
  const { NUMERIC_SQL_TYPE, openDataFile } = await import('../../store/dataFile.ts');
  const { name, reader, lineOffset, types, ws } = await openDataFile(
    path,
    (m) => new PredictionsFileError(m),
  );
  const where = (i: number) => `${name}:${i + lineOffset}`;
  try {
    for (const c of [labelColumn, scoreColumn]) {
      if (!types.has(c))
        throw new PredictionsFileError(
          `${name}: no column "${c}" (columns: ${[...types.keys()].join(', ')})`,
        );
    }
    const l = ident(labelColumn);
    const s = ident(scoreColumn);
    const labelText = `lower(trim(CAST(${l} AS VARCHAR)))`;
    const labelExpr = `CASE WHEN ${labelText} IN ('1', 'true') THEN 1 WHEN ${labelText} IN ('0', 'false') THEN 0
      ELSE CASE TRY_CAST(${labelText} AS DOUBLE) WHEN 1 THEN 1 WHEN 0 THEN 0 END END`;
    const scoreExpr = NUMERIC_SQL_TYPE.test(types.get(scoreColumn) ?? '')
      ? `CAST(${s} AS DOUBLE)`
      : `TRY_CAST(CAST(${s} AS VARCHAR) AS DOUBLE)`;
    const [labelData, scoreData] = await ws.columns(
      `SELECT ${labelExpr} AS label, ${scoreExpr} AS score FROM ${reader}`,
    );
    const labelValues = labelData?.values as Float64Array | undefined;
    const scoreValues = scoreData?.values as Float64Array | undefined;
    const n = labelValues?.length ?? 0;
    if (!labelValues || !scoreValues || n === 0) throw new PredictionsFileError(`${name}: no data rows`);
    const raw = async (i: number, column: string) => {
      const rows = await ws.rows(
        `SELECT CAST(${ident(column)} AS VARCHAR) AS v FROM ${reader} LIMIT 1 OFFSET ${i}`,
      );
      const v = rows[0]?.v;
      return v === null || v === undefined ? null : asText(v);
    };
    const labels = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      const v = labelValues[i] as number;
      if (Number.isNaN(v)) {
        const text = await raw(i, labelColumn);
        throw new PredictionsFileError(
          text === null || text.trim() === ''
            ? `${where(i)}: column "${labelColumn}" is empty; every row needs a label`
            : `${where(i)}: column "${labelColumn}" is "${text}", not a binary label (0/1 or true/false)`,
        );
      }
      labels[i] = v;
    }
    for (let i = 0; i < n; i++) {
      if (!Number.isFinite(scoreValues[i])) {
        const text = await raw(i, scoreColumn);
        throw new PredictionsFileError(
          text === null || text.trim() === ''
            ? `${where(i)}: column "${scoreColumn}" is empty; every row needs a score`
            : `${where(i)}: column "${scoreColumn}" is "${text}", not a finite number`,
        );
      }
    }
    return { labels, scores: scoreValues };
  } finally {
    ws.close();
  }
}

export const metricsCommand: Command = {
  name: 'metrics',
  summary: 'evaluate predictions: AUC, PR-AUC, log loss, Brier, F1 … of a scored CSV or Parquet file',
  usage: `engage metrics classification PREDICTIONS.(csv|parquet) --label COL --score COL [--threshold T] [--json]

  --label COL       the true class: 0/1 or true/false
  --score COL       the model's score, a probability of class 1 for log loss and Brier
  --threshold T     rows with score ≥ T count as predicted positive (default 0.5)
  --json            {"auc", "pr_auc", "log_loss", "brier", "f1", "precision", "recall", "accuracy",
                     "threshold", "n", "positives", "tp", "fp", "tn", "fn"}
Definitions are scikit-learn's: AUC exact with ties, PR-AUC as average precision, log loss with probabilities
clipped to [2^-52, 1 - 2^-52]. Log loss and Brier are null when a score lies outside [0, 1].`,

  async run(args, io) {
    const { values, positionals } = parse(args, {
      label: { type: 'string' },
      score: { type: 'string' },
      threshold: { type: 'string' },
      json: { type: 'boolean' },
    });
    const [kind, file, ...extra] = positionals;
    if (kind !== 'classification') {
      throw new UsageError(
        kind === undefined
          ? 'give the kind of metrics: engage metrics classification PREDICTIONS.csv --label COL --score COL'
          : `unknown metrics kind "${kind}" (known: classification)`,
      );
    }
    if (!file)
      throw new UsageError(
        'give the predictions file: engage metrics classification FILE.csv --label COL --score COL',
      );
    if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}"`);
    if (!values.label) throw new UsageError('--label COL is required (the column with the true 0/1 class)');
    if (!values.score) throw new UsageError('--score COL is required (the column with the predicted score)');
    const threshold = values.threshold === undefined ? 0.5 : Number(values.threshold);
    if (values.threshold !== undefined && (values.threshold.trim() === '' || !Number.isFinite(threshold))) {
      throw new UsageError(`--threshold takes a number, not "${values.threshold}"`);
    }

    const { labels, scores } = await readPredictions(file, values.label, values.score);
    const metrics = await import('../../analysis/metrics/classification.ts');
    const name = basename(file);
    const positives = labels.reduce((a, b) => a + b, 0);
    if (positives === 0 || positives === labels.length) {
      throw new PredictionsFileError(
        `${name}: column "${values.label}" has only one class (all ${labels.length} rows are ${positives === 0 ? 0 : 1}); AUC and PR-AUC need both`,
      );
    }
    const probabilities = scores.every((s) => s >= 0 && s <= 1);
    const at = metrics.confusionAt(labels, scores, threshold);
    const report = {
      auc: metrics.rocAuc(labels, scores),
      pr_auc: metrics.averagePrecision(labels, scores),
      log_loss: probabilities ? metrics.logLoss(labels, scores) : null,
      brier: probabilities ? metrics.brier(labels, scores) : null,
      f1: at.f1,
      precision: at.precision,
      recall: at.recall,
      accuracy: at.accuracy,
      threshold,
      n: labels.length,
      positives,
      tp: at.truePositives,
      fp: at.falsePositives,
      tn: at.trueNegatives,
      fn: at.falseNegatives,
    };
    if (values.json) {
      io.out(`${JSON.stringify(report)}\n`);
      return 0;
    }
    const f = (v: number | null) => (v === null ? '—' : v.toFixed(4));
    io.out(
      [
        `${name}: ${report.n} rows, ${positives} positive (${((100 * positives) / report.n).toFixed(1)}%)`,
        `AUC ${f(report.auc)}  PR-AUC ${f(report.pr_auc)}  log loss ${f(report.log_loss)}  Brier ${f(report.brier)}`,
        `at score ≥ ${threshold}: precision ${f(at.precision)}  recall ${f(at.recall)}  F1 ${f(at.f1)}  accuracy ${f(at.accuracy)}`,
        `  TP ${at.truePositives}  FP ${at.falsePositives}  TN ${at.trueNegatives}  FN ${at.falseNegatives}`,
        ...(probabilities ? [] : ['(scores outside [0, 1]: no log loss or Brier score)']),
      ].join('\n') + '\n',
    );
    return 0;
  },
};
