import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { prettifyError } from 'zod';
import type { Workspace } from '../store/Workspace.ts';
import { AppState } from './appState.ts';
import { contract, type Contract, type Method } from './contract.ts';
import { ApiError } from './errors.ts';
import type { ApiHost, EngineEvents } from './events.ts';
import type { HandlerContext, HandlersOf, WorkspaceSwitcher } from './handlers/context.ts';
import { churnHandlers } from './handlers/churnHandlers.ts';
import { experimentsHandlers } from './handlers/experimentsHandlers.ts';
import { importHandlers } from './handlers/importHandlers.ts';
import { reportHandlers } from './handlers/reportHandlers.ts';
import { segmentsHandlers } from './handlers/segmentsHandlers.ts';
import { sqlHandlers } from './handlers/sqlHandlers.ts';
import { workspaceHandlers } from './handlers/workspaceHandlers.ts';
import { JobRegistry } from './jobs.ts';
import { SqlResults } from './sqlResults.ts';

/** One handler per method; a method without a handler does not compile. */
export type Handlers = HandlersOf<Contract>;

export interface EngineOptions {
  /** Shared by the engines of one session, so that the jobs list outlives a workspace switch. */
  readonly jobs?: JobRegistry;
  /** Recent workspaces and last folders; default: kept in memory only. */
  readonly state?: AppState;
  /** What `workspace.open` / `workspace.create` call; without one they answer `CannotSwitch`. */
  readonly switcher?: WorkspaceSwitcher;
}

/**
 * The engine behind both transports: one workspace, its jobs, and `dispatch()`, which validates every
 * call's input at the boundary (and its output, so the contract cannot drift). Handlers live in
 * engine/api/handlers/, one file per area; a later capability adds its contract and handlers there.
 */
export class Engine implements ApiHost {
  readonly jobs: JobRegistry;
  readonly results: SqlResults;
  private readonly handlers: Handlers;

  constructor(
    readonly ws: Workspace,
    options: EngineOptions = {},
  ) {
    this.jobs = options.jobs ?? new JobRegistry();
    this.results = new SqlResults(ws);
    const context: HandlerContext = {
      ws,
      jobs: this.jobs,
      results: this.results,
      state: options.state ?? new AppState(null),
      switcher: options.switcher ?? null,
    };
    this.handlers = {
      ...workspaceHandlers(context),
      ...importHandlers(context),
      ...sqlHandlers(context),
      ...reportHandlers(context),
      ...segmentsHandlers(context),
      ...churnHandlers(context),
      ...experimentsHandlers(context),
    };
  }

  get events(): EngineEvents {
    return this.jobs.events;
  }

  uploadDir(): string {
    return uploadDirOf(this.ws.path);
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

/**
 * Where uploads for a workspace are staged: a folder beside it named after it
 * (`acme.engage.duckdb` → `acme.engage.uploads/`); for an in-memory workspace, under the temp folder.
 */
export function uploadDirOf(workspacePath: string): string {
  if (workspacePath === ':memory:') return join(tmpdir(), `engage-uploads-${process.pid}`);
  return join(dirname(workspacePath), `${basename(workspacePath).replace(/\.duckdb$/i, '')}.uploads`);
}
