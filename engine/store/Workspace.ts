import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  DuckDBInstance,
  DuckDBTypeId,
  type DuckDBConnection,
  type DuckDBValue,
  type Json,
} from '@duckdb/node-api';
import { jsonSafeValue } from './jsonSafe.ts';
import { latestSchemaVersion, migrations } from './migrations.ts';
import { firstLine } from './firstLine.ts';

export type Row = Record<string, Json>;
/** One column of a query result: numbers as a typed array (NULL → NaN), anything else as text. */
export type ColumnData =
  | { readonly name: string; readonly kind: 'numeric'; readonly values: Float64Array }
  | { readonly name: string; readonly kind: 'text'; readonly values: (string | null)[] };
/** A column to {@link Workspace.append}: NULL for null, and for NaN in a numeric column. */
export type AppendColumn =
  | { readonly kind: 'text'; readonly values: readonly (string | null)[] }
  | { readonly kind: 'integer'; readonly values: ArrayLike<number> }
  | { readonly kind: 'double'; readonly values: ArrayLike<number> }
  | { readonly kind: 'boolean'; readonly values: ArrayLike<boolean> };
export type Params = DuckDBValue[] | Record<string, DuckDBValue>;

export interface OpenOptions {
  /** Create the file when it does not exist (default: true unless readOnly). */
  readonly create?: boolean;
  /** Open with DuckDB's READ_ONLY access mode: no statement can change the workspace. */
  readonly readOnly?: boolean;
}

export class WorkspaceError extends Error {
  override readonly name = 'WorkspaceError';
}

/**
 * One DuckDB workspace file, opened by one engine process. Owns the native handles and closes them
 * explicitly. Every connection runs in UTC so that parsing and display are reproducible.
 */
export class Workspace {
  private closed = false;

  private constructor(
    private readonly instance: DuckDBInstance,
    readonly connection: DuckDBConnection,
    readonly path: string,
    readonly readOnly: boolean,
    /** A fork shares its parent's database and closes only its own connection. */
    private readonly ownsInstance = true,
  ) {}

  /**
   * Another connection to the same workspace, for work that runs beside the main connection (an
   * import job while the analyst keeps querying). It sees committed data only.
   */
  async fork(): Promise<Workspace> {
    const connection = await this.instance.connect();
    const ws = new Workspace(this.instance, connection, this.path, this.readOnly, false);
    await connection.run(`SET TimeZone = 'UTC'`);
    await connection.run('SET enable_progress_bar = true');
    await connection.run('SET enable_progress_bar_print = false');
    return ws;
  }

  /** Opens (or creates) the workspace at `path` and brings its schema up to date. */
  static async open(path: string, options: OpenOptions = {}): Promise<Workspace> {
    const readOnly = options.readOnly ?? false;
    const full = path === ':memory:' ? path : resolve(path);
    if (full !== ':memory:' && !existsSync(full) && (readOnly || options.create === false)) {
      throw new WorkspaceError(
        `${path}: no such workspace (create it with \`engage init --workspace ${path}\`)`,
      );
    }
    let instance: DuckDBInstance;
    try {
      instance = await DuckDBInstance.create(full, readOnly ? { access_mode: 'READ_ONLY' } : {});
    } catch (error) {
      throw new WorkspaceError(`${path}: cannot open workspace: ${firstLine(error)}`);
    }
    const connection = await instance.connect();
    const ws = new Workspace(instance, connection, full, readOnly);
    try {
      await connection.run(`SET TimeZone = 'UTC'`);
      await connection.run('SET enable_progress_bar = true');
      await connection.run('SET enable_progress_bar_print = false');
      await ws.migrate();
    } catch (error) {
      ws.close();
      throw error;
    }
    return ws;
  }

  /** A throwaway in-memory workspace (tests, scratch work). */
  static memory(): Promise<Workspace> {
    return Workspace.open(':memory:');
  }

  private async migrate(): Promise<void> {
    const hasMeta = await this.value(
      `SELECT count(*) FROM information_schema.tables WHERE table_schema = 'main' AND table_name = 'meta'`,
    );
    const current = hasMeta
      ? Number(await this.value(`SELECT value FROM meta WHERE key = 'schema_version'`))
      : 0;
    if (current > latestSchemaVersion) {
      throw new WorkspaceError(
        `${this.path}: schema version ${current} is newer than this engine understands (${latestSchemaVersion}); update Engage Workbench`,
      );
    }
    const pending = migrations.filter((m) => m.version > current);
    if (pending.length === 0) return;
    if (this.readOnly) {
      throw new WorkspaceError(
        `${this.path}: workspace needs an upgrade; open it once without read-only mode`,
      );
    }
    await this.transaction(async () => {
      if (!hasMeta) await this.run(`CREATE TABLE meta (key VARCHAR PRIMARY KEY, value VARCHAR)`);
      for (const m of pending) await this.run(m.sql);
      await this.run(
        `INSERT OR REPLACE INTO meta VALUES ('schema_version', $v), ('created_by', 'engage-workbench')`,
        { v: String(latestSchemaVersion) },
      );
    });
  }

  /** Runs a statement and discards its result. */
  async run(sql: string, params?: Params): Promise<void> {
    await this.connection.run(sql, params);
  }

  /** Runs a query and returns its rows as JSON-safe objects. */
  async rows(sql: string, params?: Params): Promise<Row[]> {
    const reader = await this.connection.runAndReadAll(sql, params);
    const names = reader.columnNames();
    const types = reader.columnTypes();
    return reader.getRowObjectsJson().map((raw) => {
      const row: Row = {};
      names.forEach((name, i) => {
        row[name] = jsonSafeValue(raw[name] ?? null, types[i]!);
      });
      return row;
    });
  }

  /**
   * Runs a query and returns it column by column: DOUBLE/FLOAT/integer columns as Float64Array (NULL
   * as NaN), everything else as text or null. This is how a numeric matrix leaves DuckDB for the
   * analysis kernels, without building an object per row.
   */
  async columns(sql: string, params?: Params): Promise<ColumnData[]> {
    const reader = await this.connection.runAndReadAll(sql, params);
    const names = reader.columnNames();
    const types = reader.columnTypes();
    const values = reader.getColumns();
    return names.map((name, i) => {
      const raw = values[i] ?? [];
      if (isNumericType(types[i]!.typeId)) {
        const out = new Float64Array(raw.length);
        raw.forEach((v, r) => (out[r] = v === null ? NaN : Number(v)));
        return { name, kind: 'numeric', values: out };
      }
      return { name, kind: 'text', values: raw.map((v) => (v === null ? null : String(v))) };
    });
  }

  /**
   * Appends rows to `table` column by column through DuckDB's appender (much faster than INSERT for
   * the per-user results of an analysis). Columns must be in the table's order and of equal length.
   */
  async append(table: string, columns: readonly AppendColumn[]): Promise<void> {
    const n = columns[0]?.values.length ?? 0;
    for (const c of columns) {
      if (c.values.length !== n)
        throw new Error(`append to ${table}: columns of ${n} and ${c.values.length} rows`);
    }
    const appender = await this.connection.createAppender(table);
    try {
      for (let i = 0; i < n; i++) {
        for (const c of columns) {
          const v = c.values[i];
          if (v === null || v === undefined || (typeof v === 'number' && Number.isNaN(v)))
            appender.appendNull();
          else if (c.kind === 'text') appender.appendVarchar(v as string);
          else if (c.kind === 'integer') appender.appendInteger(v as number);
          else if (c.kind === 'boolean') appender.appendBoolean(v as boolean);
          else appender.appendDouble(v as number);
        }
        appender.endRow();
      }
      appender.flushSync();
    } finally {
      appender.closeSync();
    }
  }

  /** The first column of the first row, or null. */
  async value(sql: string, params?: Params): Promise<Json> {
    const rows = await this.rows(sql, params);
    const first = rows[0];
    return first ? (Object.values(first)[0] ?? null) : null;
  }

  /** Runs `work` in one transaction: committed when it resolves, rolled back when it throws. */
  async transaction<T>(work: () => Promise<T>): Promise<T> {
    await this.run('BEGIN TRANSACTION');
    try {
      const result = await work();
      await this.run('COMMIT');
      return result;
    } catch (error) {
      await this.run('ROLLBACK').catch(() => undefined);
      throw error;
    }
  }

  /** Share of the running query done, 0..1 (DuckDB's own estimate), or null when unknown. */
  progress(): number | null {
    const p = this.connection.progress;
    return p.percentage >= 0 ? p.percentage / 100 : null;
  }

  /** Stops the running query: it fails with an "Interrupted" error. */
  interrupt(): void {
    this.connection.interrupt();
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.connection.closeSync();
    if (this.ownsInstance) this.instance.closeSync();
  }
}

const NUMERIC_TYPES = new Set<DuckDBTypeId>([
  DuckDBTypeId.DOUBLE,
  DuckDBTypeId.FLOAT,
  DuckDBTypeId.TINYINT,
  DuckDBTypeId.SMALLINT,
  DuckDBTypeId.INTEGER,
  DuckDBTypeId.BIGINT,
  DuckDBTypeId.HUGEINT,
  DuckDBTypeId.UTINYINT,
  DuckDBTypeId.USMALLINT,
  DuckDBTypeId.UINTEGER,
  DuckDBTypeId.UBIGINT,
  DuckDBTypeId.DECIMAL,
]);

function isNumericType(id: DuckDBTypeId): boolean {
  return NUMERIC_TYPES.has(id);
}
