import { ident, literal } from '../store/sql.ts';
import type { SourceColumn } from './source.ts';

/**
 * SQL accessors over source columns that hide how a column was read (text, JSON or a native
 * Parquet type). Empty strings count as missing everywhere.
 */
export class ColumnSql {
  private readonly byName: Map<string, SourceColumn>;
  private readonly byNormalName: Map<string, SourceColumn>;

  constructor(readonly columns: readonly SourceColumn[]) {
    this.byName = new Map(columns.map((c) => [c.name, c]));
    this.byNormalName = new Map(columns.map((c) => [normalName(c.name), c]));
  }

  has(name: string): boolean {
    return this.byName.has(name);
  }

  get(name: string): SourceColumn | undefined {
    return this.byName.get(name);
  }

  /** The first column whose normalised name is among `names` (normalised: lower case, letters and digits). */
  find(names: readonly string[], except: ReadonlySet<string> = new Set()): SourceColumn | undefined {
    for (const name of names) {
      const column = this.byNormalName.get(normalName(name));
      if (column && !except.has(column.name)) return column;
    }
    return undefined;
  }

  /** Text of a top-level column, NULL when missing or empty. */
  text(name: string): string {
    const column = this.byName.get(name);
    if (!column) return 'NULL::VARCHAR';
    const q = ident(name);
    switch (column.readAs) {
      case 'VARCHAR':
        return `nullif(${q}, '')`;
      case 'JSON':
        return `nullif(trim(json_extract_string(${q}, '$')), '')`;
      case 'native':
        return column.type === 'VARCHAR' ? `nullif(${q}, '')` : `CAST(${q} AS VARCHAR)`;
    }
  }

  /** The column as a JSON value (objects stay objects; text that holds JSON is parsed). */
  json(name: string): string {
    const column = this.byName.get(name);
    if (!column) return 'NULL::JSON';
    const q = ident(name);
    switch (column.readAs) {
      case 'JSON':
        return q;
      case 'VARCHAR':
        return `TRY_CAST(${q} AS JSON)`;
      case 'native':
        return `to_json(${q})`;
    }
  }

  /** Text at a JSON path inside a column, e.g. `path('properties', '$.time')`. */
  path(name: string, jsonPath: string): string {
    if (!this.byName.has(name)) return 'NULL::VARCHAR';
    return `nullif(json_extract_string(${this.json(name)}, ${literal(jsonPath)}), '')`;
  }

  /**
   * The column as a JSON value typed as the sniffer saw it: numbers stay numbers where they parse,
   * anything else is kept as a string, so mixed columns lose nothing.
   */
  typedJson(name: string): string {
    const column = this.byName.get(name);
    if (!column) return 'NULL::JSON';
    // json_object() serialises native values itself, faster than a to_json() per value.
    if (column.readAs === 'native') return ident(name);
    if (column.readAs === 'JSON') return ident(name);
    const text = this.text(name);
    if (/^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT)/.test(column.type)) {
      return `coalesce(to_json(TRY_CAST(${text} AS BIGINT)), to_json(TRY_CAST(${text} AS DOUBLE)), to_json(${text}))`;
    }
    if (/^(DOUBLE|FLOAT|DECIMAL)/.test(column.type)) {
      return `coalesce(to_json(TRY_CAST(${text} AS DOUBLE)), to_json(${text}))`;
    }
    // Booleans stay as written ("Yes", "Y", "true"): the sniffer's reading of them would lose the spelling.
    // Text goes in as it is: json_object() quotes and escapes it.
    return `nullif(${ident(name)}, '')`;
  }

  /** A JSON object of the given columns, typed (see typedJson); NULL when there are none. */
  objectOf(names: readonly string[]): string {
    if (names.length === 0) return 'NULL::JSON';
    return `json_object(${names.map((n) => `${literal(n)}, ${this.typedJson(n)}`).join(', ')})`;
  }
}

/** `Customer ID` → `customerid`: how column names are compared when suggesting a mapping. */
export function normalName(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, '');
}
