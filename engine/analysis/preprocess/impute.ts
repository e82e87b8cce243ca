import { median } from './quantile.ts';
import type { Column } from './table.ts';
import { PreprocessError } from './table.ts';

/**
 * What to do with a column's missing values (NaN in a numeric column, null in a categorical one):
 * `'none'` refuses them (an error naming the first missing row), `'drop'` removes the rows,
 * `'median'` (numeric) and `'mode'` (most frequent value; the smallest number or first string in
 * code-unit order on ties) fill them with a statistic of the rows kept, `{constant}` with a value.
 */
export type Imputation = 'none' | 'drop' | 'median' | 'mode' | { readonly constant: number | string };

export interface ImputeCount {
  readonly column: string;
  /** Missing values in the input. */
  readonly missing: number;
  /** Missing values filled in (in rows that were kept). */
  readonly imputed: number;
  /** Rows missing in this column and dropped because of it. */
  readonly droppedRows: number;
  /** The value filled in, if any. */
  readonly fill?: number | string;
}

export interface ImputeResult {
  /** The columns restricted to the kept rows, with no missing values left. */
  readonly columns: Column[];
  /** Input rows kept, ascending. */
  readonly keptRows: Int32Array;
  /** One entry per column, in input order. */
  readonly counts: ImputeCount[];
}

/**
 * Applies one {@link Imputation} per column: first every `'drop'` column removes its missing rows
 * from all columns, then the fill values are computed on the rows kept and filled in (a univariate
 * imputation, as scikit-learn's `SimpleImputer`). Numeric ±Infinity is never "missing": it is an
 * error. Throws when a column with `'none'` has a missing value or when no row is left.
 */
export function impute(columns: readonly Column[], treatments: readonly Imputation[]): ImputeResult {
  if (columns.length !== treatments.length) {
    throw new RangeError(`impute: ${treatments.length} treatments for ${columns.length} columns`);
  }
  const n = columns[0]?.values.length ?? 0;
  const missingRows = columns.map((column) => findMissing(column));
  const drop = new Uint8Array(n);
  columns.forEach((column, c) => {
    const treatment = treatments[c] as Imputation;
    const missing = missingRows[c] as number[];
    if (missing.length === 0) return;
    if (treatment === 'none') {
      const row = missing[0] as number;
      const shown = column.kind === 'numeric' ? 'NaN' : 'missing (null)';
      const more = missing.length > 1 ? ` (${missing.length} missing values)` : '';
      throw new PreprocessError(
        `column "${column.name}": row ${row} is ${shown}${more}; choose an imputation or drop those rows`,
        column.name,
        row,
      );
    }
    if (treatment === 'drop') for (const row of missing) drop[row] = 1;
  });
  const kept: number[] = [];
  for (let i = 0; i < n; i++) if (drop[i] === 0) kept.push(i);
  if (kept.length === 0 && n > 0) {
    throw new PreprocessError('no rows left after dropping the rows with missing values', '');
  }
  const keptRows = Int32Array.from(kept);

  const counts: ImputeCount[] = [];
  const out = columns.map((column, c): Column => {
    const treatment = treatments[c] as Imputation;
    const missing = missingRows[c] as number[];
    const droppedRows = treatment === 'drop' ? missing.length : 0;
    const imputedRows = missing.filter((row) => drop[row] === 0).length;
    const fill = imputedRows > 0 ? fillValue(column, treatment, keptRows) : undefined;
    counts.push({
      column: column.name,
      missing: missing.length,
      imputed: imputedRows,
      droppedRows,
      ...(fill === undefined ? {} : { fill }),
    });
    if (column.kind === 'numeric') {
      const values = new Float64Array(keptRows.length);
      keptRows.forEach((row, r) => {
        const v = column.values[row] as number;
        values[r] = Number.isNaN(v) ? (fill as number) : v;
      });
      return { name: column.name, kind: 'numeric', values };
    }
    const values = Array.from(keptRows, (row) => column.values[row] ?? (fill as string));
    return { name: column.name, kind: 'categorical', values };
  });
  return { columns: out, keptRows, counts };
}

/** Rows of a column that are missing; throws on ±Infinity. */
function findMissing(column: Column): number[] {
  const missing: number[] = [];
  if (column.kind === 'numeric') {
    column.values.forEach((v, row) => {
      if (Number.isNaN(v)) missing.push(row);
      else if (!Number.isFinite(v)) {
        throw new PreprocessError(`column "${column.name}": row ${row} is ${v}`, column.name, row);
      }
    });
  } else {
    column.values.forEach((v, row) => {
      if (v === null) missing.push(row);
    });
  }
  return missing;
}

/** The value a treatment fills a column's gaps with, from the kept rows' present values. */
function fillValue(column: Column, treatment: Imputation, keptRows: Int32Array): number | string {
  if (treatment === 'none' || treatment === 'drop') {
    throw new Error(`impute: no fill value for "${treatment}"`);
  }
  if (typeof treatment === 'object') {
    const value = treatment.constant;
    if (
      column.kind === 'numeric'
        ? typeof value !== 'number' || !Number.isFinite(value)
        : typeof value !== 'string'
    ) {
      const wanted = column.kind === 'numeric' ? 'a finite number' : 'a string';
      throw new PreprocessError(
        `column "${column.name}": the constant to impute must be ${wanted}, got ${JSON.stringify(value)}`,
        column.name,
      );
    }
    return value;
  }
  if (column.kind === 'numeric') {
    const present = Float64Array.from(
      Array.from(keptRows, (row) => column.values[row] as number).filter((v) => !Number.isNaN(v)),
    );
    if (present.length === 0) {
      throw new PreprocessError(
        `column "${column.name}": every value is missing, nothing to take the ${treatment} of`,
        column.name,
      );
    }
    return treatment === 'median' ? median(present) : numericMode(present);
  }
  if (treatment === 'median') {
    throw new PreprocessError(
      `column "${column.name}": median imputation needs a numeric column; use mode or a constant`,
      column.name,
    );
  }
  const frequency = new Map<string, number>();
  for (const row of keptRows) {
    const v = column.values[row];
    if (v !== null && v !== undefined) frequency.set(v, (frequency.get(v) ?? 0) + 1);
  }
  let best: string | undefined;
  let bestCount = 0;
  for (const [value, count] of frequency) {
    if (count > bestCount || (count === bestCount && best !== undefined && value < best)) {
      best = value;
      bestCount = count;
    }
  }
  if (best === undefined) {
    throw new PreprocessError(
      `column "${column.name}": every value is missing, nothing to take the mode of`,
      column.name,
    );
  }
  return best;
}

/** The most frequent value, the smallest one on ties. */
function numericMode(values: Float64Array): number {
  const sorted = Float64Array.from(values).sort();
  let best = sorted[0] as number;
  let bestCount = 0;
  for (let i = 0; i < sorted.length;) {
    let j = i;
    while (j < sorted.length && sorted[j] === sorted[i]) j++;
    if (j - i > bestCount) {
      best = sorted[i] as number;
      bestCount = j - i;
    }
    i = j;
  }
  return best;
}
