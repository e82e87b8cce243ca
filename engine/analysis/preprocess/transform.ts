import { PreprocessError } from './table.ts';

/**
 * log(1 + x) of every value (`Math.log1p`, exact near 0), for skewed non-negative counts and
 * amounts (sessions, revenue) before scaling. Negative values are refused: the error names the
 * first one's row, as a row of the input table when `rowIndex` maps positions to input rows.
 */
export function log1pColumn(name: string, values: Float64Array, rowIndex?: Int32Array): Float64Array {
  const out = new Float64Array(values.length);
  let negatives = 0;
  let first = -1;
  values.forEach((v, i) => {
    if (v < 0) {
      negatives++;
      if (first < 0) first = i;
    }
    out[i] = Math.log1p(v);
  });
  if (first >= 0) {
    const row = rowIndex ? (rowIndex[first] as number) : first;
    const more = negatives > 1 ? ` (${negatives} negative values)` : '';
    throw new PreprocessError(
      `column "${name}": log1p needs values ≥ 0, row ${row} is ${values[first]}${more}`,
      name,
      row,
    );
  }
  return out;
}
