import { asText } from '../store/jsonSafe.ts';
import type { Row, Workspace } from '../store/Workspace.ts';
import { ident, literal, namedOptions } from '../store/sql.ts';
import type { DetectedFile, Encoding } from './detectFile.ts';
import { ImportError, duckMessage } from './errors.ts';
import { RetryImport } from './retry.ts';

/** How a source column reaches SQL: as text to be parsed, as JSON, or in its own Parquet type. */
export type ReadAs = 'VARCHAR' | 'JSON' | 'native';

export interface SourceColumn {
  readonly name: string;
  /** The type DuckDB's sniffer sees in the column (BIGINT, DOUBLE, VARCHAR, JSON, TIMESTAMP…). */
  readonly type: string;
  readonly readAs: ReadAs;
}

export interface SourceReadOptions {
  /** CSV: a temp table name to collect malformed lines into (DuckDB's store_rejects). */
  readonly rejectsTable?: string;
  /** JSON: turn malformed lines into all-NULL rows instead of failing. */
  readonly ignoreErrors?: boolean;
}

/** A file as DuckDB reads it: its columns, and the FROM-clause SQL that yields its rows in file order. */
export interface Source {
  readonly file: DetectedFile;
  readonly encoding: Encoding;
  readonly header: boolean;
  readonly columns: readonly SourceColumn[];
  readonly layout: 'records' | 'segment-batch';
  /** Number of lines before the first data row (the header), to turn row numbers into line numbers. */
  readonly linesBeforeData: number;
  /** CSV read with buffers for lines up to 64 MiB. */
  readonly longLines?: boolean;
  sql(options?: SourceReadOptions): string;
}

export interface SourceOptions {
  readonly noHeader?: boolean;
  readonly columnNames?: readonly string[];
  readonly encoding?: Encoding;
  /**
   * Columns read as text (parsed in SQL), default all. The others are read in the type DuckDB's
   * sniffer saw, which is much faster; a value that does not fit makes the importer read that column
   * as text again. Booleans are always text, to keep their spelling ("Yes", "Y").
   */
  readonly textColumns?: readonly string[] | 'all';
  /** CSV: allow lines up to 64 MiB (slower buffers; used once a long line was met). */
  readonly longLines?: boolean;
}

const MAX_LINE_BYTES = 64 * 1024 * 1024;

/** Sniffs `file` with DuckDB and describes how to read it. */
export async function openSource(
  ws: Workspace,
  file: DetectedFile,
  options: SourceOptions = {},
): Promise<Source> {
  try {
    switch (file.format) {
      case 'csv':
      case 'tsv':
        try {
          return await openCsv(ws, file, options);
        } catch (error) {
          // The failed sniff aborted the transaction: the import starts again with long-line buffers.
          if (!options.longLines && /line size|maximum line/i.test(String(error)))
            throw new RetryImport('long-lines');
          throw error;
        }
      case 'json':
      case 'ndjson':
        return await openJson(ws, file, options);
      case 'parquet':
        return await openParquet(ws, file);
    }
  } catch (error) {
    if (error instanceof ImportError || error instanceof RetryImport) throw error;
    throw new ImportError(file.path, readFailure(error));
  }
}

async function openCsv(ws: Workspace, file: DetectedFile, options: SourceOptions): Promise<Source> {
  const encoding = options.encoding ?? file.encoding;
  if (options.columnNames && !options.noHeader) {
    throw new ImportError(
      file.path,
      '--columns names the columns of a headerless file: use it with --no-header',
    );
  }
  const base = {
    encoding,
    compression: file.compression === 'gzip' ? 'gzip' : 'none',
    delim: file.format === 'tsv' ? '\t' : undefined,
    // DuckDB's default buffers read faster; lines over its 2 MB limit need bigger ones.
    max_line_size: options.longLines ? MAX_LINE_BYTES : undefined,
    buffer_size: options.longLines ? MAX_LINE_BYTES * 2 : undefined,
    header: options.noHeader ? false : undefined,
    names: options.columnNames ? [...options.columnNames] : undefined,
  };
  const sniff = async (o: Record<string, unknown>) =>
    (
      await sniffOnce(
        ws,
        file,
        `SELECT HasHeader, Columns, Delimiter FROM sniff_csv(${literal(file.path)}, ${namedOptions(o)})`,
      )
    )[0];
  let info = await sniff(base);
  // DuckDB's sniffer gives up on a delimiter when a row has a stray extra field, and falls back to
  // one column; the first line's most frequent delimiter is then the better guess, and the odd row
  // becomes a reject with its line number.
  const guess = delimiterOfFirstLine(file);
  if (info && (info.Columns as unknown[]).length === 1 && guess && !base.delim)
    info = await sniff({ ...base, delim: guess, ignore_errors: true });
  if (!info) throw new ImportError(file.path, 'DuckDB could not sniff the CSV dialect');
  const header = options.noHeader ? false : info.HasHeader === true;
  const columns = (info.Columns as { name: string; type: string }[]).map((c) => ({
    name: c.name,
    type: c.type,
    readAs: readsAsText(c.name, c.type, options.textColumns) ? ('VARCHAR' as const) : ('native' as const),
  }));
  if (options.columnNames && options.columnNames.length !== columns.length) {
    throw new ImportError(
      file.path,
      `--columns names ${options.columnNames.length} columns but the file has ${columns.length}`,
    );
  }
  if (isHeaderOnly(file) && header !== false) {
    throw new ImportError(
      file.path,
      `no data rows: the file holds only a header (${columns.map((c) => c.name).join(', ')})`,
    );
  }
  const types = Object.fromEntries(columns.map((c) => [c.name, c.readAs === 'native' ? c.type : 'VARCHAR']));
  const readOptions = { ...base, header, delim: info.Delimiter as string, types };
  return {
    file,
    encoding,
    header,
    columns,
    layout: 'records',
    linesBeforeData: header ? 1 : 0,
    longLines: options.longLines ?? false,
    sql: (o = {}) =>
      `read_csv(${literal(file.path)}, ${namedOptions({
        ...readOptions,
        // Without a rejects table (sampling queries) bad lines are skipped rather than failing.
        store_rejects: o.rejectsTable ? true : undefined,
        ignore_errors: o.rejectsTable ? undefined : true,
        rejects_table: o.rejectsTable,
        rejects_scan: o.rejectsTable ? `${o.rejectsTable}_scan` : undefined,
      })})`,
  };
}

function delimiterOfFirstLine(file: DetectedFile): string | undefined {
  const first = file.head.toString('latin1').split(/\r?\n/, 1)[0] ?? '';
  const counts = [',', ';', '\t', '|']
    .map((d) => [d, first.split(d).length - 1] as const)
    .sort((a, b) => b[1] - a[1]);
  const best = counts[0];
  return best && best[1] > 0 ? best[0] : undefined;
}

/** One line of text, whole in the head we read: a header with nothing under it. */
function isHeaderOnly(file: DetectedFile): boolean {
  if (file.head.length >= 256 * 1024) return false;
  const lines = file.head
    .toString('latin1')
    .split(/\r?\n/)
    .filter((l) => l.trim() !== '');
  return lines.length === 1;
}

function readsAsText(name: string, type: string, text: SourceOptions['textColumns']): boolean {
  return (
    text === undefined || text === 'all' || text.includes(name) || type === 'BOOLEAN' || type === 'VARCHAR'
  );
}

/** Nested values stay JSON; scalars of a simple sniffed type (BIGINT, DOUBLE…) may be read natively. */
function jsonReadAs(name: string, type: string, text: SourceOptions['textColumns']): ReadAs {
  if (type === 'JSON') return 'JSON';
  return readsAsText(name, type, text) || !/^[A-Z]+$/.test(type) ? 'VARCHAR' : 'native';
}

async function openJson(ws: Workspace, file: DetectedFile, options: SourceOptions): Promise<Source> {
  const jsonFormat = file.format === 'ndjson' ? 'newline_delimited' : 'auto';
  const base = {
    format: jsonFormat,
    compression: file.compression === 'gzip' ? 'gzip' : 'uncompressed',
  };
  const described = await sniffOnce(
    ws,
    file,
    `DESCRIBE SELECT * FROM read_json(${literal(file.path)}, ${namedOptions({ ...base, maximum_depth: 2, ignore_errors: true })})`,
  );
  // Depth 2 types the top-level scalars; anything nested (STRUCT, MAP, lists) is kept as JSON.
  const columns = described.map((d) => {
    const sniffedType = asText(d.column_type);
    const type = /^[A-Z]+$/.test(sniffedType) ? sniffedType : 'JSON';
    return {
      name: asText(d.column_name),
      type,
      readAs: jsonReadAs(asText(d.column_name), type, options.textColumns),
    };
  });
  if (
    columns.some((c) => c.name === 'batch' && c.type === 'JSON') &&
    !columns.some((c) => c.name === 'type')
  ) {
    return openSegmentBatch(ws, file, base);
  }
  const spec = Object.fromEntries(columns.map((c) => [c.name, c.readAs === 'native' ? c.type : c.readAs]));
  return {
    file,
    encoding: 'utf-8',
    header: false,
    columns,
    layout: 'records',
    linesBeforeData: 0,
    sql: (o = {}) =>
      `read_json(${literal(file.path)}, ${namedOptions({ ...base, columns: spec, ignore_errors: o.ignoreErrors })})`,
  };
}

/** Segment `/v1/batch` bodies (`{"batch": [...]}`), one message per row. */
async function openSegmentBatch(
  ws: Workspace,
  file: DetectedFile,
  base: Record<string, unknown>,
): Promise<Source> {
  const messages = `(SELECT unnest(json_extract(batch, '$[*]')) AS m FROM read_json(${literal(file.path)}, ${namedOptions(
    { ...base, columns: { batch: 'JSON' } },
  )}))`;
  const keys = await ws.rows(
    `SELECT k, bool_and(json_type(m, '$.' || k) IN ('OBJECT', 'ARRAY')) AS nested
       FROM (SELECT m, unnest(json_keys(m)) AS k FROM ${messages}) GROUP BY k ORDER BY min(k)`,
  );
  const columns = keys.map((k) => ({
    name: asText(k.k),
    type: k.nested ? 'JSON' : 'VARCHAR',
    readAs: k.nested ? ('JSON' as const) : ('VARCHAR' as const),
  }));
  const select = columns
    .map((c) => `m${c.readAs === 'JSON' ? '->' : '->>'}${literal(`$."${c.name}"`)} AS ${ident(c.name)}`)
    .join(', ');
  return {
    file,
    encoding: 'utf-8',
    header: false,
    columns,
    layout: 'segment-batch',
    linesBeforeData: 0,
    sql: () => `(SELECT ${select} FROM ${messages})`,
  };
}

async function openParquet(ws: Workspace, file: DetectedFile): Promise<Source> {
  const from = `read_parquet(${literal(file.path)})`;
  const described = await sniffOnce(ws, file, `DESCRIBE SELECT * FROM ${from}`);
  return {
    file,
    encoding: 'utf-8',
    header: false,
    columns: described.map((d) => ({
      name: asText(d.column_name),
      type: asText(d.column_type),
      readAs: 'native',
    })),
    layout: 'records',
    linesBeforeData: 0,
    sql: () => from,
  };
}

const sniffed = new WeakMap<DetectedFile, Map<string, Row[]>>();

/** A sniffing query's rows, asked once per detected file: an import opens its source more than once. */
async function sniffOnce(ws: Workspace, file: DetectedFile, sql: string): Promise<Row[]> {
  let cache = sniffed.get(file);
  if (!cache) sniffed.set(file, (cache = new Map<string, Row[]>()));
  const hit = cache.get(sql);
  if (hit) return hit;
  const rows = await ws.rows(sql);
  cache.set(sql, rows);
  return rows;
}

/** DuckDB's reason for failing to read a file, in an analyst's words where we know them. */
export function readFailure(error: unknown): string {
  const message = duckMessage(error);
  if (/gzip|zlib|inflate|compressed|decompress/i.test(message))
    return `corrupt or truncated gzip data (${message})`;
  if (/No such file|Cannot open file|could not be found|No files found/i.test(message)) {
    return `cannot read the file: it was moved, deleted or made unreadable while importing (${message})`;
  }
  return message;
}
