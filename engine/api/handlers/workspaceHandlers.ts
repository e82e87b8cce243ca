import { basename } from 'node:path';
import { doctor } from '../../doctor.ts';
import { asText } from '../../store/jsonSafe.ts';
import { latestSchemaVersion } from '../../store/migrations.ts';
import { ident } from '../../store/sql.ts';
import type { Workspace } from '../../store/Workspace.ts';
import type { Contract, WorkspaceInfo } from '../contract.ts';
import { ApiError } from '../errors.ts';
import { listFolder } from '../files.ts';
import type { HandlerContext, HandlersOf } from './context.ts';

type Methods =
  | 'app.info'
  | 'workspace.info'
  | 'workspace.tables'
  | 'workspace.open'
  | 'workspace.create'
  | 'workspace.recent'
  | 'files.list';

/** Counts and time span of a workspace, for the header and `workspace.info`. */
export async function workspaceInfo(ws: Workspace): Promise<WorkspaceInfo> {
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
}

/** The app, the workspace (and switching it), and the file browser. */
export function workspaceHandlers(c: HandlerContext): HandlersOf<Pick<Contract, Methods>> {
  const switcher = () => {
    if (!c.switcher)
      throw new ApiError(
        'CannotSwitch',
        'this engine serves one workspace: start the app (or `engage serve --workspace …`) on the other one',
      );
    return c.switcher;
  };
  return {
    'app.info': async () => {
      const d = await doctor();
      return {
        ...d,
        electron: { installed: d.electron.installed, version: d.electron.version, note: d.electron.note },
      };
    },
    'workspace.info': () => workspaceInfo(c.ws),
    'workspace.tables': async () => {
      const tables = await c.ws.rows(
        `SELECT table_name FROM duckdb_tables() WHERE database_name = current_database() AND schema_name = 'main' ORDER BY table_name`,
      );
      const columns = await c.ws.rows(
        `SELECT table_name, column_name, data_type FROM duckdb_columns() WHERE database_name = current_database() AND schema_name = 'main' ORDER BY table_name, column_index`,
      );
      return Promise.all(
        tables.map(async (t) => ({
          name: asText(t.table_name),
          rows: Number(await c.ws.value(`SELECT count(*) FROM ${ident(asText(t.table_name))}`)),
          columns: columns
            .filter((col) => col.table_name === t.table_name)
            .map((col) => ({ name: asText(col.column_name), type: asText(col.data_type) })),
        })),
      );
    },
    'workspace.open': ({ path }) => switcher().open(path, { create: false }),
    'workspace.create': ({ path }) => switcher().open(path, { create: true }),
    'workspace.recent': () => {
      const current = c.ws.path;
      const paths = [current, ...c.state.recent().filter((p) => p !== current)].filter(
        (p) => p !== ':memory:',
      );
      return Promise.resolve({
        current,
        recent: paths.map((path) => ({ path, name: basename(path), current: path === current })),
        canSwitch: c.switcher !== null,
      });
    },
    'files.list': (input) => Promise.resolve(listFolder(c.state, input)),
  };
}
