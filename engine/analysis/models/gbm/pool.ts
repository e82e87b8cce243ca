import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { TreeOp, TreeState } from './treeWorker.mjs';
import { createState, runJob, stopWorkers } from './treeWorker.mjs';

/** Threads used by default: all cores, at most 8 (the histograms merge per chunk, so more gain little). */
export function defaultThreads(): number {
  return Math.max(1, Math.min(8, availableParallelism()));
}

/**
 * The tree kernels (treeWorker.mjs) on this thread plus `threads − 1` worker threads sharing one {@link TreeState}
 * (bins, gradients, row indices and chunk histograms on one shared WebAssembly memory, nothing copied per job). Jobs are
 * synchronous: this thread takes chunks too, then waits only for chunks a worker took and has not finished. Created per fit and closed
 * after it; when workers cannot start (e.g. the worker script is missing next to a bundle) the kernels run inline.
 */
export class TreePool {
  private constructor(
    readonly state: TreeState,
    private readonly workers: Worker[],
  ) {}

  /** Threads taking part, this one included. */
  get threads(): number {
    return this.workers.length + 1;
  }

  /** A pool over column-major `bins` (n rows × f features; the state keeps its own shared copy). */
  static async open(bins: Uint8Array, n: number, f: number, threads: number): Promise<TreePool> {
    const wanted = Math.max(0, Math.floor(threads) - 1);
    // Below ~2 chunks per thread a job never reaches the workers (see chunkRows): don't start them.
    const helpers = n < 65536 ? 0 : wanted;
    const state = createState(bins, n, f);
    const started = helpers > 0 ? await startWorkers(state, helpers) : null;
    return new TreePool(state, started ?? []);
  }

  /** Runs one job (see treeWorker.mjs `runJob`); returns its number of chunks. */
  run(
    op: TreeOp,
    start: number,
    end: number,
    identity: boolean,
    nFeatures: number,
    splitFeature = 0,
    splitBin = 0,
    missingLeft = false,
    histSide = -1,
  ): number {
    return runJob(
      this.state,
      this.workers.length,
      op,
      start,
      end,
      identity,
      nFeatures,
      splitFeature,
      splitBin,
      missingLeft,
      histSide,
    );
  }

  async close(): Promise<void> {
    if (this.workers.length === 0) return;
    stopWorkers(this.state);
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}

async function startWorkers(state: TreeState, count: number): Promise<Worker[] | null> {
  const url = new URL('./treeWorker.mjs', import.meta.url);
  const workers: Worker[] = [];
  try {
    const ready: Promise<void>[] = [];
    for (let i = 0; i < count; i++) {
      // execArgv: [] keeps loaders such as tsx out of the worker: the script is plain JavaScript.
      const worker = new Worker(url, { workerData: { kind: 'engage-trees', state }, execArgv: [] });
      workers.push(worker);
      ready.push(
        new Promise<void>((resolve, reject) => {
          worker.once('message', () => resolve());
          worker.once('error', reject);
          worker.once('exit', (code) => reject(new Error(`tree worker exited (code ${code})`)));
        }),
      );
    }
    await Promise.all(ready);
    for (const w of workers) {
      // A worker that dies mid-job shows as a job that never finishes (runJob throws); keep its error event quiet.
      w.on('error', () => undefined);
      w.unref();
    }
    return workers;
  } catch {
    await Promise.all(workers.map((w) => w.terminate()));
    return null;
  }
}
