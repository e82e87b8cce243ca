import { takeRows, type Matrix } from '../analysis/matrix.ts';
import { applyPreprocessing } from '../analysis/preprocess/apply.ts';
import {
  preprocess,
  type ColumnRecipe,
  type PreprocessReport,
  type Table,
} from '../analysis/preprocess/index.ts';
import type { ColumnData } from '../store/Workspace.ts';

/** The model matrix of a feature table, and the fitted preprocessing to apply to new rows. */
export interface Prepared {
  readonly matrix: Matrix;
  readonly featureNames: string[];
  readonly report: PreprocessReport;
}

/** A feature table as the preprocessing reads it (text columns are categorical). */
export function asTable(columns: readonly ColumnData[]): Table {
  return {
    columns: columns.map((c) =>
      c.kind === 'numeric'
        ? { name: c.name, kind: 'numeric' as const, values: c.values }
        : { name: c.name, kind: 'categorical' as const, values: c.values },
    ),
  };
}

/**
 * Fits the churn preprocessing on the training rows only (so no statistic of the test rows leaks
 * into training): numeric columns get their median for missing values and z-scores; categorical
 * columns their mode, then one-hot encoding of the 10 most frequent levels + "other", with the most
 * frequent level left out as the reference (so an unpenalised logistic model stays identifiable).
 * Constant features are dropped. Returns the training matrix and the fitted report.
 */
export function fitPreprocessing(columns: readonly ColumnData[], trainRows: ArrayLike<number>): Prepared {
  const table = asTable(columns);
  const train: Table = {
    columns: table.columns.map((c) =>
      c.kind === 'numeric'
        ? { ...c, values: Float64Array.from(trainRows, (i) => c.values[i] as number) }
        : { ...c, values: Array.from(trainRows, (i) => c.values[i] ?? null) },
    ),
  };
  const recipe: ColumnRecipe[] = table.columns.map((c) =>
    c.kind === 'numeric'
      ? { column: c.name, impute: 'median', scale: 'standard' }
      : { column: c.name, impute: 'mode', topLevels: 10, scale: 'standard' },
  );
  const fitted = preprocess(train, { columns: recipe, constantColumns: 'drop' });
  // Reference coding: drop each categorical column's first (most frequent) level.
  const dropped = new Set<string>();
  const report: PreprocessReport = {
    ...fitted.report,
    columns: fitted.report.columns.map((col) => {
      if (col.kind !== 'categorical' || col.features.length < 2) return col;
      dropped.add(col.features[0]!.name);
      return { ...col, features: col.features.slice(1) };
    }),
  };
  const keep = fitted.featureNames.map((name, j) => (dropped.has(name) ? -1 : j)).filter((j) => j >= 0);
  const m = fitted.matrix;
  const data = new Float64Array(m.rows * keep.length);
  for (let i = 0; i < m.rows; i++) {
    for (let k = 0; k < keep.length; k++) data[i * keep.length + k] = m.data[i * m.cols + keep[k]!]!;
  }
  return {
    matrix: { data, rows: m.rows, cols: keep.length },
    featureNames: keep.map((j) => fitted.featureNames[j]!),
    report,
  };
}

/** The model matrix of any rows under a fitted preprocessing. */
export function applyPrepared(
  columns: readonly ColumnData[],
  report: PreprocessReport,
  rows?: ArrayLike<number>,
): Matrix {
  const all = applyPreprocessing(asTable(columns), report);
  return rows ? takeRows(all, rows) : all;
}
