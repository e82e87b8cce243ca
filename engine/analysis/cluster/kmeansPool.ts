import { Worker } from 'node:worker_threads';
import type { KernelOp, KernelState } from './kmeansWorker.mjs';
import { drain } from './kmeansWorker.mjs';

interface Reply {
  readonly ready?: boolean;
  readonly ok?: boolean;
  readonly message?: string;
}

/** A worker with a queue of callers waiting for its next message. */
class Helper {
  private readonly waiting: { resolve: (r: Reply) => void; reject: (e: Error) => void }[] = [];
  private failure: Error | null = null;

  constructor(readonly worker: Worker) {
    worker.on('message', (reply: Reply) => this.waiting.shift()?.resolve(reply));
    worker.on('error', (error) => this.fail(error));
    worker.on('exit', (code) => this.fail(new Error(`k-means worker exited (code ${code})`)));
    worker.unref();
  }

  /**
   * The worker's next message. The worker is ref'd only while a caller waits for it: an idle pool never keeps the
   * process alive, but a pass in flight does (else a script awaiting it could end early).
   */
  next(): Promise<Reply> {
    if (this.failure) return Promise.reject(this.failure);
    this.worker.ref();
    return new Promise<Reply>((resolve, reject) => this.waiting.push({ resolve, reject })).finally(() => {
      if (this.waiting.length === 0) this.worker.unref();
    });
  }

  private fail(error: Error): void {
    this.failure ??= error;
    for (const w of this.waiting.splice(0)) w.reject(error);
  }
}

/** Workers between calls: started once, kept warm (their JIT-compiled kernels too), unref'd while idle. */
const idle: Helper[] = [];

async function startHelper(): Promise<Helper> {
  // execArgv: [] keeps loaders such as tsx out of the worker: the script is plain JavaScript.
  const worker = new Worker(new URL('./kmeansWorker.mjs', import.meta.url), {
    workerData: { kind: 'engage-kmeans' },
    execArgv: [],
  });
  const helper = new Helper(worker);
  if (!(await helper.next()).ready) throw new Error('k-means worker did not start');
  return helper;
}

/**
 * Runs K-Means passes on this thread plus `size − 1` worker threads over one {@link KernelState} whose arrays sit
 * on SharedArrayBuffers (nothing is copied per pass). Workers take chunks of rows off a shared atomic counter, so a
 * core slowed by other work simply takes fewer chunks. The workers are borrowed for one call: the first call starts
 * them, later calls reuse them warm (an elbow over k or a stability bootstrap runs K-Means many times).
 */
export class KMeansPool {
  private constructor(
    private readonly state: KernelState,
    private readonly helpers: Helper[],
  ) {}

  /** Threads taking part, this one included. */
  get size(): number {
    return this.helpers.length + 1;
  }

  /**
   * Borrows `threads − 1` workers and binds them to `state`; resolves to null when they cannot start (e.g. the
   * worker script is missing next to a bundle), and the caller then runs inline.
   */
  static async start(state: KernelState, threads: number): Promise<KMeansPool | null> {
    const helpers = idle.splice(0, threads - 1);
    try {
      helpers.push(
        ...(await Promise.all(Array.from({ length: threads - 1 - helpers.length }, () => startHelper()))),
      );
      const replies = await Promise.all(
        helpers.map((h) => {
          const reply = h.next();
          h.worker.postMessage({ bind: state });
          return reply;
        }),
      );
      if (replies.some((r) => !r.ok)) throw new Error('k-means worker did not take the state');
      return new KMeansPool(state, helpers);
    } catch {
      await Promise.all(helpers.map((h) => h.worker.terminate()));
      return null;
    }
  }

  /** One pass: every thread drains the chunk counter, this one included; resolves when all are done. */
  async run(op: KernelOp, a: number, b: number): Promise<void> {
    const { control } = this.state;
    Atomics.store(control, 0, 0);
    const replies = this.helpers.map((h) => h.next());
    for (const h of this.helpers) h.worker.postMessage({ op, a, b });
    let failure: Error | null = null;
    try {
      drain(this.state, op, a, b);
    } catch (error) {
      failure = error instanceof Error ? error : new Error('k-means pass failed');
    }
    const settled = await Promise.allSettled(replies);
    if (failure !== null) throw failure;
    for (const r of settled) {
      if (r.status === 'rejected') throw r.reason instanceof Error ? r.reason : new Error(String(r.reason));
      if (!r.value.ok) throw new Error(r.value.message ?? 'k-means worker failed');
    }
    // The workers' atomic increment of control[1] ordered their writes before it; this load orders our reads after.
    Atomics.load(control, 1);
  }

  /** Unbinds the workers (they drop the call's arrays) and gives them back for the next call. */
  async close(): Promise<void> {
    const unbound = await Promise.allSettled(
      this.helpers.map(async (h) => {
        const reply = h.next();
        h.worker.postMessage({ bind: null });
        if (!(await reply).ok) throw new Error('k-means worker did not unbind');
        return h;
      }),
    );
    for (const [i, r] of unbound.entries()) {
      if (r.status === 'fulfilled') idle.push(r.value);
      else await this.helpers[i]!.worker.terminate();
    }
  }
}
