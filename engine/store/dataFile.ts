import { existsSync, statSync } from 'node:fs';
import { basename, extname } from 'node:path';
import { asText } from './jsonSafe.ts';
import { literal } from './sql.ts';
import { Workspace } from './Workspace.ts';

/** DuckDB column types read as numbers. */
export const NUMERIC_SQL_TYPE =
  /^(DOUBLE|FLOAT|REAL|DECIMAL.*|TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT)$/;

/** A CSV, Parquet or JSON (lines) file opened for reading through an in-memory DuckDB: close `ws` when done. */
export interface DataFile {
  /** The file's base name, for messages. */
  readonly name: string;
  readonly isParquet: boolean;
  /** The table function that reads it, e.g. `read_csv('…', header = true)`. */
  readonly reader: string;
  /** Added to a 0-based data row to give the line (CSV: the header comes first) or 1-based row (Parquet). */
  readonly lineOffset: number;
  /** Column name → DuckDB type, in file order. */
  readonly types: Map<string, string>;
  readonly ws: Workspace;
}

/**
 * Opens a table file (CSV with a header, Parquet or JSON / JSON lines, by its extension) and describes its columns.
 * Missing, empty and unreadable files fail with `fail(message)`, which names the file.
 */
export async function openDataFile(path: string, fail: (message: string) => Error): Promise<DataFile> {
  const name = basename(path);
  if (!existsSync(path)) throw fail(`${path}: no such file`);
  if (statSync(path).size === 0) throw fail(`${name}: the file is empty`);
  const extension = extname(path.replace(/\.gz$/i, '')).toLowerCase();
  const isParquet = extension === '.parquet';
  const isJson = ['.json', '.jsonl', '.ndjson'].includes(extension);
  const reader = isParquet
    ? `read_parquet(${literal(path)})`
    : isJson
      ? `read_json_auto(${literal(path)})`
      : `read_csv(${literal(path)}, header = true)`;
  const ws = await Workspace.memory();
  try {
    const described = await ws.rows(`DESCRIBE SELECT * FROM ${reader}`);
    const types = new Map(described.map((d) => [asText(d.column_name), asText(d.column_type)]));
    return { name, isParquet, reader, lineOffset: isParquet ? 1 : 2, types, ws };
  } catch (error) {
    ws.close();
    throw fail(
      `${name}: cannot read it as ${isParquet ? 'Parquet' : isJson ? 'JSON' : 'CSV'} (${String(error).split('\n')[0]})`,
    );
  }
}
