import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { DuckDBInstance, type DuckDBConnection, type DuckDBValue, type Json } from '@duckdb/node-api';
import { jsonSafeValue } from './jsonSafe.ts';
import { latestSchemaVersion, migrations } from './migrations.ts';
import { firstLine } from './firstLine.ts';

export type Row = Record<string, Json>;
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
