import type { Workspace } from '../store/Workspace.ts';
import { ImportCancelled } from './errors.ts';

export interface QueryWatch {
  readonly file: string;
  readonly signal?: AbortSignal;
  /** DuckDB's estimate of the share of the query done, 0..1. */
  readonly onProgress?: (fraction: number) => void;
}

/**
 * Runs one long statement while reporting DuckDB's progress estimate every 200 ms and interrupting
 * the statement when `signal` aborts. Returns the statement's rows.
 */
export async function runWatched(
  ws: Workspace,
  sql: string,
  watch: QueryWatch,
): Promise<Record<string, unknown>[]> {
  if (watch.signal?.aborted) throw new ImportCancelled(watch.file);
  const onAbort = () => ws.interrupt();
  watch.signal?.addEventListener('abort', onAbort, { once: true });
  const timer = setInterval(() => {
    const p = ws.progress();
    if (p !== null) watch.onProgress?.(p);
  }, 200);
  try {
    return await ws.rows(sql);
  } catch (error) {
    if (watch.signal?.aborted) throw new ImportCancelled(watch.file);
    throw error;
  } finally {
    clearInterval(timer);
    watch.signal?.removeEventListener('abort', onAbort);
  }
}
