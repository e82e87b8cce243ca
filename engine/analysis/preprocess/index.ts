import type { Matrix } from '../matrix.ts';
import { float64Values, matrix } from '../matrix.ts';
import { DEFAULT_TOP_LEVELS, oneHot } from './encode.ts';
import type { ImputeCount, Imputation } from './impute.ts';
import { impute } from './impute.ts';
import type { Scaled, Scaling } from './scale.ts';
import { ConstantColumnError, robustScale, standardScale } from './scale.ts';
import type { Column, Table } from './table.ts';
import { PreprocessError } from './table.ts';
import { log1pColumn } from './transform.ts';

export type { Column, Table, Imputation, Scaling };
export { PreprocessError, ConstantColumnError };

/** The treatment of one input column; only columns named in the recipe become features. */
export interface ColumnRecipe {
  readonly column: string;
  /** Missing values: refuse (default), drop the rows, or fill in (see {@link Imputation}). */
  readonly impute?: Imputation;
  /** Numeric only: replace x by log(1 + x) after imputation (negative values are refused). */
  readonly log1p?: boolean;
  /** Categorical only: levels one-hot encoded before the rest are pooled into `other` (default 10). */
  readonly topLevels?: number;
  /** Scaling of the resulting feature(s), last (default `'none'`). */
  readonly scale?: Scaling;
}

export interface Recipe {
  readonly columns: readonly ColumnRecipe[];
  /**
   * A scaled feature with no spread (standard deviation or IQR 0): `'error'` (default) throws a
   * {@link ConstantColumnError} naming it; `'drop'` leaves the feature out and lists it in the report.
   */
  readonly constantColumns?: 'error' | 'drop';
}

export interface ColumnReport extends ImputeCount {
  readonly kind: Column['kind'];
  readonly log1p: boolean;
  /** Categorical: the levels encoded, most frequent first, and the rows pooled into `other`. */
  readonly levels?: string[];
  readonly otherRows?: number;
  /** Output features of this column (after dropping constant ones), with their centre and scale. */
  readonly features: { readonly name: string; readonly center: number; readonly scale: number }[];
}

export interface PreprocessReport {
  readonly rows: { readonly input: number; readonly dropped: number; readonly kept: number };
  readonly columns: ColumnReport[];
  /** Features dropped as constant (only with `constantColumns: 'drop'`). */
  readonly droppedConstant: string[];
}

export interface Preprocessed {
  /** Kept rows × features, row-major, ready for the clustering and PCA kernels. */
  readonly matrix: Matrix;
  readonly featureNames: string[];
  /** The input row of each matrix row (rows with missing values may have been dropped). */
  readonly rowIndex: Int32Array;
  readonly report: PreprocessReport;
}

/**
 * Turns a column table into a numeric feature matrix by a recipe, in this order: missing values
 * (drop rows / impute, {@link impute}), `log1p` ({@link log1pColumn}), one-hot encoding of
 * categorical columns ({@link oneHot}), scaling ({@link standardScale}, {@link robustScale}).
 * Features follow the recipe's column order. Every statistic (median, mode, levels, mean, sd,
 * quartiles) is computed on the rows kept. Errors are {@link PreprocessError}s naming the column
 * and, where one row is at fault, its 0-based row in `table`.
 */
export function preprocess(table: Table, recipe: Recipe): Preprocessed {
  const byName = new Map(table.columns.map((column) => [column.name, column]));
  if (recipe.columns.length === 0) throw new PreprocessError('the recipe selects no columns', '');
  const n = table.columns[0]?.values.length ?? 0;
  for (const column of table.columns) {
    if (column.values.length !== n) {
      throw new PreprocessError(
        `column "${column.name}" has ${column.values.length} rows, expected ${n}`,
        column.name,
      );
    }
  }
  if (n === 0) throw new PreprocessError('the table has no rows', '');
  const seen = new Set<string>();
  const inputs = recipe.columns.map((step) => {
    const column = byName.get(step.column);
    if (!column) {
      const known = table.columns.map((c) => `"${c.name}"`).join(', ');
      throw new PreprocessError(
        `the recipe names column "${step.column}", which the table lacks (${known})`,
        step.column,
      );
    }
    if (seen.has(step.column)) {
      throw new PreprocessError(`column "${step.column}" appears twice in the recipe`, step.column);
    }
    seen.add(step.column);
    if (step.log1p && column.kind !== 'numeric') {
      throw new PreprocessError(`column "${step.column}": log1p needs a numeric column`, step.column);
    }
    if (step.topLevels !== undefined && column.kind !== 'categorical') {
      throw new PreprocessError(
        `column "${step.column}": topLevels applies to categorical columns only`,
        step.column,
      );
    }
    return column;
  });

  const imputed = impute(
    inputs,
    recipe.columns.map((step) => step.impute ?? 'none'),
  );
  const { keptRows } = imputed;
  const features: { name: string; values: Float64Array }[] = [];
  const droppedConstant: string[] = [];
  const reports = recipe.columns.map((step, c): ColumnReport => {
    const column = imputed.columns[c] as Column;
    let raw: { name: string; values: Float64Array }[];
    let encoding: { levels: string[]; otherRows: number } | undefined;
    if (column.kind === 'numeric') {
      raw = [
        {
          name: column.name,
          values: step.log1p ? log1pColumn(column.name, column.values, keptRows) : column.values,
        },
      ];
    } else {
      const encoded = oneHot(column.name, column.values as string[], step.topLevels ?? DEFAULT_TOP_LEVELS);
      raw = encoded.names.map((name, i) => ({ name, values: encoded.columns[i] as Float64Array }));
      encoding = { levels: encoded.levels, otherRows: encoded.otherRows };
    }
    const kept: ColumnReport['features'] = [];
    for (const feature of raw) {
      const scaled = scaleFeature(
        feature.name,
        feature.values,
        step.scale ?? 'none',
        recipe.constantColumns ?? 'error',
      );
      if (!scaled) {
        droppedConstant.push(feature.name);
        continue;
      }
      features.push({ name: feature.name, values: scaled.values });
      kept.push({ name: feature.name, center: scaled.center, scale: scaled.scale });
    }
    return {
      ...(imputed.counts[c] as ImputeCount),
      kind: column.kind,
      log1p: step.log1p ?? false,
      ...(encoding ?? {}),
      features: kept,
    };
  });
  if (features.length === 0) throw new PreprocessError('every feature was dropped as constant', '');

  const rows = keptRows.length;
  const cols = features.length;
  const data = float64Values(rows * cols);
  features.forEach((feature, j) => {
    for (let i = 0; i < rows; i++) data[i * cols + j] = feature.values[i] as number;
  });
  return {
    matrix: matrix(rows, cols, data),
    featureNames: features.map((f) => f.name),
    rowIndex: keptRows,
    report: { rows: { input: n, dropped: n - rows, kept: rows }, columns: reports, droppedConstant },
  };
}

/** Scales one feature; undefined when it is constant and constant features are to be dropped. */
function scaleFeature(
  name: string,
  values: Float64Array,
  scaling: Scaling,
  constant: 'error' | 'drop',
): Scaled | undefined {
  try {
    switch (scaling) {
      case 'none':
        return { values, center: 0, scale: 1 };
      case 'standard':
        return standardScale(name, values);
      case 'robust':
        return robustScale(name, values);
    }
  } catch (error) {
    if (constant === 'drop' && error instanceof ConstantColumnError) return undefined;
    throw error;
  }
}
