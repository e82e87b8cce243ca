/** How a chart treats a column: a number, a time (as epoch milliseconds), or a label. */
export type ValueKind = 'number' | 'time' | 'category';

/**
 * How a DuckDB column type is charted. Pure and dependency-free: the engine's chart SQL and the renderer's chart
 * form both decide with it, so they cannot disagree.
 */
export function valueKind(type: string): ValueKind {
  const t = type.toUpperCase();
  if (
    /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|FLOAT|DOUBLE|REAL|DECIMAL)/.test(
      t,
    )
  )
    return 'number';
  if (/^(DATE|TIMESTAMP)/.test(t)) return 'time';
  return 'category';
}
