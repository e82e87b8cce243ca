/** SQL text helpers. Every identifier and literal that reaches DuckDB from outside goes through here. */

/** Quotes an identifier (table, column) for DuckDB: `a"b` → `"a""b"`. */
export function ident(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** Quotes a string literal: `it's` → `'it''s'`. */
export function literal(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

/** A literal for any JSON-like value used in SQL options (numbers, booleans, strings, lists, structs). */
export function sqlValue(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`not a finite number: ${value}`);
    return String(value);
  }
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'string') return literal(value);
  if (Array.isArray(value)) return `[${value.map(sqlValue).join(', ')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    return `{${entries.map(([k, v]) => `${literal(k)}: ${sqlValue(v)}`).join(', ')}}`;
  }
  throw new Error(`cannot express ${typeof value} in SQL`);
}

/** `name := value` options for a table function such as read_csv, skipping undefined ones. */
export function namedOptions(options: Record<string, unknown>): string {
  return Object.entries(options)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k} = ${sqlValue(v)}`)
    .join(', ');
}
