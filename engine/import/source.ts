import { asText } from '../store/jsonSafe.ts';
import type { Workspace } from '../store/Workspace.ts';
import { ident, literal, namedOptions } from '../store/sql.ts';
import type { DetectedFile, Encoding } from './detectFile.ts';
import { ImportError, duckMessage } from './errors.ts';

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
  sql(options?: SourceReadOptions): string;
}

export interface SourceOptions {
  readonly noHeader?: boolean;
  readonly columnNames?: readonly string[];
  readonly encoding?: Encoding;
  /** CSV: columns read in their sniffed type rather than as text, for mapping expressions over them. */
  readonly typedColumns?: readonly string[];
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
        return await openCsv(ws, file, options);
      case 'json':
      case 'ndjson':
        return await openJson(ws, file);
      case 'parquet':
        return await openParquet(ws, file);
    }
  } catch (error) {
    if (error instanceof ImportError) throw error;
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
    max_line_size: MAX_LINE_BYTES,
    buffer_size: MAX_LINE_BYTES * 2,
    header: options.noHeader ? false : undefined,
    names: options.columnNames ? [...options.columnNames] : undefined,
  };
  const sniff = async (o: Record<string, unknown>) =>
    (
      await ws.rows(
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
  const typed = new Set(options.typedColumns ?? []);
  const columns = (info.Columns as { name: string; type: string }[]).map((c) => ({
    name: c.name,
    type: c.type,
    readAs: typed.has(c.name) && c.type !== 'VARCHAR' ? ('native' as const) : ('VARCHAR' as const),
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

async function openJson(ws: Workspace, file: DetectedFile): Promise<Source> {
  const jsonFormat = file.format === 'ndjson' ? 'newline_delimited' : 'auto';
  const base = {
    format: jsonFormat,
    compression: file.compression === 'gzip' ? 'gzip' : 'uncompressed',
    maximum_object_size: MAX_LINE_BYTES,
  };
  const described = await ws.rows(
    `DESCRIBE SELECT * FROM read_json(${literal(file.path)}, ${namedOptions({ ...base, maximum_depth: 1, ignore_errors: true })})`,
  );
  const columns = described.map((d) => {
    const type = asText(d.column_type);
    return {
      name: asText(d.column_name),
      type,
      readAs: type === 'JSON' ? ('JSON' as const) : ('VARCHAR' as const),
    };
  });
  if (
    columns.some((c) => c.name === 'batch' && c.type === 'JSON') &&
    !columns.some((c) => c.name === 'type')
  ) {
    return openSegmentBatch(ws, file, base);
  }
  const spec = Object.fromEntries(columns.map((c) => [c.name, c.readAs]));
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
  const described = await ws.rows(`DESCRIBE SELECT * FROM ${from}`);
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
