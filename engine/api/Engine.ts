import type { z } from 'zod';
import { prettifyError } from 'zod';
import { doctor } from '../doctor.ts';
import { overview } from '../overview/overview.ts';
import { importFile, type ImportOptions } from '../import/index.ts';
import { previewImport } from '../import/preview.ts';
import { asText } from '../store/jsonSafe.ts';
import { latestSchemaVersion } from '../store/migrations.ts';
import type { Workspace } from '../store/Workspace.ts';
import { contract, type Contract, type Method, type Output } from './contract.ts';
import { ApiError } from './errors.ts';
import { JobRegistry } from './jobs.ts';
import { SqlResults } from './sqlResults.ts';

/** One handler per method; a method without a handler does not compile. */
export type Handlers = { [M in Method]: (input: z.output<Contract[M]['input']>) => Promise<Output<M>> };

/**
 * The engine behind both transports: one workspace, its jobs, and `dispatch()`, which validates every
 * call's input at the boundary (and its output, so the contract cannot drift).
 */
export class Engine {
  readonly jobs = new JobRegistry();
  private readonly handlers: Handlers;

  constructor(readonly ws: Workspace) {
    this.handlers = makeHandlers(ws, this.jobs, new SqlResults(ws));
  }

  async dispatch(method: string, input: unknown): Promise<unknown> {
    if (!Object.hasOwn(contract, method)) throw new ApiError('UnknownMethod', `no API method "${method}"`);
    const m = method as Method;
    const parsed = contract[m].input.safeParse(input ?? {});
    if (!parsed.success)
      throw new ApiError('InvalidInput', `${method}: ${prettifyError(parsed.error)}`, parsed.error.issues);
    const handler = this.handlers[m] as (input: unknown) => Promise<unknown>;
    return contract[m].output.parse(await handler(parsed.data));
  }
}

function makeHandlers(ws: Workspace, jobs: JobRegistry, results: SqlResults): Handlers {
  return {
    'app.info': async () => {
      const d = await doctor();
      return {
        ...d,
        electron: { installed: d.electron.installed, version: d.electron.version, note: d.electron.note },
      };
    },
    'workspace.info': async () => {
      const [r] = await ws.rows(
        `SELECT (SELECT count(*) FROM events) AS events, (SELECT count(DISTINCT coalesce(user_id, anonymous_id)) FROM events) AS users,
                (SELECT count(*) FROM users) AS profiles,
                (SELECT count(*) FROM imports) AS imports, (SELECT min(ts) FROM events) AS first, (SELECT max(ts) FROM events) AS last`,
      );
      return {
        path: ws.path,
        schemaVersion: latestSchemaVersion,
        events: Number(r?.events ?? 0),
        users: Number(r?.users ?? 0),
        profiles: Number(r?.profiles ?? 0),
        imports: Number(r?.imports ?? 0),
        firstEvent: (r?.first as string | null) ?? null,
        lastEvent: (r?.last as string | null) ?? null,
      };
    },
    'workspace.tables': async () => {
      const tables = await ws.rows(
        `SELECT table_name, estimated_size FROM duckdb_tables() WHERE database_name = current_database() AND schema_name = 'main' ORDER BY table_name`,
      );
      const columns = await ws.rows(
        `SELECT table_name, column_name, data_type FROM duckdb_columns() WHERE database_name = current_database() AND schema_name = 'main' ORDER BY table_name, column_index`,
      );
      return Promise.all(
        tables.map(async (t) => ({
          name: asText(t.table_name),
          rows: Number(
            await ws.value(`SELECT count(*) FROM "${asText(t.table_name).replaceAll('"', '""')}"`),
          ),
          columns: columns
            .filter((c) => c.table_name === t.table_name)
            .map((c) => ({ name: asText(c.column_name), type: asText(c.data_type) })),
        })),
      );
    },
    'import.preview': async ({ path, options }) => previewImport(ws, path, options),
    'import.start': ({ path, options }) =>
      Promise.resolve(
        jobs.start('import', `Import ${path.split(/[\\/]/).pop() ?? path}`, async (job) => {
          // Its own connection: the analyst keeps querying while the import runs.
          const importWs = await ws.fork();
          try {
            return await importFile(importWs, path, {
              ...(options as ImportOptions | undefined),
              signal: job.signal,
              onProgress: (p) => job.progress(p.fraction, p.message),
            });
          } finally {
            importWs.close();
          }
        }),
      ),
    'audit.run': async ({ importId }) => {
      const { runAudit } = await import('../audit/index.ts');
      return runAudit(ws, importId === undefined ? {} : { importId });
    },
    'overview.metrics': async (input) => {
      if (
        input.timeZone &&
        !Intl.supportedValuesOf('timeZone').includes(input.timeZone) &&
        input.timeZone !== 'UTC'
      ) {
        throw new ApiError(
          'InvalidInput',
          `overview.metrics: unknown time zone "${input.timeZone}" (use an IANA name such as Europe/Berlin)`,
        );
      }
      return overview(ws, input);
    },
    'sql.query': async ({ sql }) => results.run(sql),
    'sql.page': async ({ resultId, offset, limit }) => results.page(resultId, offset, limit),
    'sql.export': async ({ resultId, path, format }) => results.export(resultId, path, format),
    'jobs.list': () => Promise.resolve(jobs.list()),
    'jobs.cancel': ({ id }) => Promise.resolve({ cancelled: jobs.cancel(id) }),
  };
}
