/**
 * The column table the preprocessing steps read: one entry per column, all of the same length.
 * Numeric columns hold float64 with NaN for a missing value; categorical columns hold strings with
 * null for a missing value. Row numbers in messages are 0-based positions in this table.
 */
export interface NumericColumn {
  readonly name: string;
  readonly kind: 'numeric';
  readonly values: Float64Array;
}

export interface CategoricalColumn {
  readonly name: string;
  readonly kind: 'categorical';
  readonly values: readonly (string | null)[];
}

export type Column = NumericColumn | CategoricalColumn;

export interface Table {
  readonly columns: readonly Column[];
}

/** A preprocessing input the recipe cannot handle, naming the column and, when one is at fault, the row. */
export class PreprocessError extends Error {
  override readonly name = 'PreprocessError';

  constructor(
    message: string,
    readonly column: string,
    readonly row?: number,
  ) {
    super(message);
  }
}
