import type { z } from 'zod';
import type { Workspace } from '../../store/Workspace.ts';
import type { AppState } from '../appState.ts';
import type { WorkspaceInfo } from '../contract.ts';
import type { JobContext, JobRegistry } from '../jobs.ts';
import type { SqlResults } from '../sqlResults.ts';

/** Switches the workspace an engine session serves (`workspace.open`, `workspace.create`). */
export interface WorkspaceSwitcher {
  open(path: string, options: { create: boolean }): Promise<WorkspaceInfo>;
}

/** What every handler works with: the workspace, its jobs and kept results, and the app's memory. */
export interface HandlerContext {
  readonly ws: Workspace;
  readonly jobs: JobRegistry;
  readonly results: SqlResults;
  readonly state: AppState;
  /** Null for an engine bound to one workspace (tests, the CLI): it cannot switch. */
  readonly switcher: WorkspaceSwitcher | null;
}

/** One handler per method of a contract: a method without a handler does not compile. */
export type HandlersOf<C extends Record<string, { input: z.ZodType; output: z.ZodType }>> = {
  [M in keyof C]: (input: z.output<C[M]['input']>) => Promise<z.output<C[M]['output']>>;
};

/** Progress and cancellation as long work takes them. */
export interface JobWork {
  readonly signal: AbortSignal;
  readonly onProgress: (fraction: number, message: string) => void;
}

/**
 * Runs a job's work on its own connection (the analyst keeps exploring meanwhile), with progress and
 * cancellation: a cancel interrupts the query in flight, and the work stops at its next check of the signal.
 */
export async function onOwnConnection<T>(
  c: HandlerContext,
  job: JobContext,
  work: (ws: Workspace, progress: JobWork) => Promise<T>,
): Promise<T> {
  const ws = await c.ws.fork();
  const stop = () => ws.interrupt();
  job.signal.addEventListener('abort', stop);
  try {
    return await work(ws, {
      signal: job.signal,
      onProgress: (fraction, message) => job.progress(fraction, message),
    });
  } finally {
    job.signal.removeEventListener('abort', stop);
    ws.close();
  }
}
