import { EventEmitter } from 'node:events';
import { randomUUID } from 'node:crypto';
import { toWireError, type WireError } from './errors.ts';
import type { EngineEvent } from './events.ts';

export type { EngineEvent } from './events.ts';

export type JobStatus = 'running' | 'done' | 'failed' | 'cancelled';

/** What the UI's jobs tray shows: one line per job, with its progress and outcome. */
export interface JobState {
  readonly id: string;
  readonly kind: string;
  readonly title: string;
  readonly status: JobStatus;
  /** 0..1, or null while the share done is unknown. */
  readonly fraction: number | null;
  readonly message: string;
  readonly startedAt: string;
  readonly finishedAt: string | null;
  readonly result?: unknown;
  readonly error?: WireError;
}

/** Passed to a job's work: report progress, and notice cancellation. */
export interface JobContext {
  readonly signal: AbortSignal;
  progress(fraction: number | null, message: string): void;
}

/**
 * Long work as jobs: each has an id, progress, a result or an error, and can be cancelled. State
 * changes are emitted as `event`s; progress at most every 100 ms per job.
 */
export class JobRegistry {
  private readonly jobs = new Map<
    string,
    { state: JobState; controller: AbortController; lastEmit: number }
  >();
  readonly events = new EventEmitter<{ event: [EngineEvent] }>();

  start(kind: string, title: string, work: (context: JobContext) => Promise<unknown>): JobState {
    const controller = new AbortController();
    const entry = {
      state: {
        id: randomUUID(),
        kind,
        title,
        status: 'running',
        fraction: 0,
        message: 'Starting…',
        startedAt: new Date().toISOString(),
        finishedAt: null,
      } as JobState,
      controller,
      lastEmit: 0,
    };
    this.jobs.set(entry.state.id, entry);
    this.emit(entry, true);
    const context: JobContext = {
      signal: controller.signal,
      progress: (fraction, message) => {
        if (entry.state.status !== 'running') return;
        entry.state = { ...entry.state, fraction, message };
        this.emit(entry, false);
      },
    };
    work(context).then(
      (result) => this.finish(entry, { status: 'done', fraction: 1, message: 'Done', result }),
      (error: unknown) =>
        this.finish(
          entry,
          controller.signal.aborted
            ? { status: 'cancelled', message: 'Cancelled' }
            : { status: 'failed', message: toWireError(error).message, error: toWireError(error) },
        ),
    );
    return entry.state;
  }

  get(id: string): JobState | undefined {
    return this.jobs.get(id)?.state;
  }

  list(): JobState[] {
    return [...this.jobs.values()].map((j) => j.state);
  }

  /** Cancels every running job and waits for them to finish (at most `ms`). */
  async cancelAll(ms = 10_000): Promise<void> {
    const running = this.list().filter((j) => j.status === 'running');
    for (const job of running) this.cancel(job.id);
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.all(running.map((j) => this.wait(j.id))),
      new Promise((resolve) => (timer = setTimeout(resolve, ms))),
    ]);
    clearTimeout(timer);
  }

  /** Asks a running job to stop; returns false when there is no such running job. */
  cancel(id: string): boolean {
    const entry = this.jobs.get(id);
    if (!entry || entry.state.status !== 'running') return false;
    entry.controller.abort();
    return true;
  }

  /** Resolves when the job has finished, with its final state. */
  wait(id: string): Promise<JobState> {
    const state = this.get(id);
    if (!state) return Promise.reject(new Error(`no job ${id}`));
    if (state.status !== 'running') return Promise.resolve(state);
    return new Promise((resolve) => {
      const listener = (event: EngineEvent) => {
        if (event.type === 'job' && event.job.id === id && event.job.status !== 'running') {
          this.events.off('event', listener);
          resolve(event.job);
        }
      };
      this.events.on('event', listener);
    });
  }

  private finish(entry: { state: JobState; lastEmit: number }, change: Partial<JobState>): void {
    entry.state = { ...entry.state, ...change, finishedAt: new Date().toISOString() };
    this.emit(entry, true);
  }

  private emit(entry: { state: JobState; lastEmit: number }, always: boolean): void {
    const now = Date.now();
    if (!always && now - entry.lastEmit < 100) return;
    entry.lastEmit = now;
    this.events.emit('event', { type: 'job', job: entry.state });
  }
}
