import type { ReactNode } from 'react';
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState } from 'react';
import type { Input, JobStateWire, Method, Output } from '../api/EngineClient.ts';
import { EngineError } from '../api/EngineClient.ts';
import { useEngine } from '../api/EngineContext.tsx';
import { useToasts } from './toasts.tsx';

interface Jobs {
  jobs: JobStateWire[];
  /** Bumped whenever a job finishes, so views showing workspace data refresh. */
  dataVersion: number;
  /** Records a job a view just started (before its first event arrives). */
  track: (job: JobStateWire) => void;
  cancel: (id: string) => void;
  /**
   * Starts a job method, tracks the job (progress and Cancel in the tray), and resolves with its result when it
   * is done; rejects with its error when it fails, and with an EngineError named `Cancelled` when cancelled.
   */
  runJob: <T>(method: JobMethod, input: Input<JobMethod>) => Promise<T>;
}

/** The methods whose output is a job. */
type JobMethod = { [M in Method]: Output<M> extends JobStateWire ? M : never }[Method];

const JobsContext = createContext<Jobs>({
  jobs: [],
  dataVersion: 0,
  track: () => undefined,
  cancel: () => undefined,
  runJob: () => Promise.reject(new EngineError('NoJobs', 'jobs are not available here')),
});

/** A finished job as the promise of runJob sees it. */
function settle(
  job: JobStateWire,
  waiter: { resolve: (v: unknown) => void; reject: (e: Error) => void },
): void {
  if (job.status === 'done') waiter.resolve(job.result);
  else if (job.status === 'cancelled')
    waiter.reject(new EngineError('Cancelled', `${job.title} was cancelled`));
  else waiter.reject(new EngineError(job.error?.name ?? 'JobFailed', job.error?.message ?? job.message));
}

export const useJobs = (): Jobs => useContext(JobsContext);

function upsert(all: JobStateWire[], job: JobStateWire): JobStateWire[] {
  const i = all.findIndex((j) => j.id === job.id);
  if (i < 0) return [job, ...all].slice(0, 30);
  // A job that has finished never runs again: a late reply or list must not bring "running" back.
  if (all[i]!.status !== 'running' && job.status === 'running') return all;
  const copy = all.slice();
  copy[i] = job;
  return copy;
}

/** Keeps every job's latest state, from `jobs.list` at start-up and the engine's job events. */
export function JobsProvider({ children }: { children: ReactNode }) {
  const engine = useEngine();
  const toasts = useToasts();
  const [jobs, setJobs] = useState<JobStateWire[]>([]);
  const [dataVersion, setDataVersion] = useState(0);

  // Each finish is announced once, whether an event or a re-read of the list brings it.
  const announced = useRef(new Set<string>());
  // runJob's promises by job id, and the finished jobs they may arrive after.
  const waiters = useRef(new Map<string, { resolve: (v: unknown) => void; reject: (e: Error) => void }>());
  const finished = useRef(new Map<string, JobStateWire>());
  const announce = useCallback(
    (job: JobStateWire) => {
      if (job.status === 'running' || announced.current.has(job.id)) return;
      announced.current.add(job.id);
      finished.current.set(job.id, job);
      // Only a reply racing its job's last event needs this: keep the latest few.
      if (finished.current.size > 50) finished.current.delete(finished.current.keys().next().value!);
      const waiter = waiters.current.get(job.id);
      if (waiter) {
        waiters.current.delete(job.id);
        settle(job, waiter);
      }
      if (job.status === 'done') {
        setDataVersion((v) => v + 1);
        toasts.info(job.title, 'Finished.');
      } else if (job.status === 'failed') {
        toasts.error(job.error ?? new Error(job.message), `${job.title} failed`);
      }
    },
    [toasts],
  );

  useEffect(() => {
    let live = true;
    engine.call('jobs.list', {}).then(
      (list) => {
        if (!live) return;
        // Jobs that ended before this window opened are history, not news.
        for (const job of list) if (job.status !== 'running') announced.current.add(job.id);
        setJobs((current) => list.reduce(upsert, current));
      },
      (error: unknown) => toasts.error(error, 'Could not list jobs'),
    );
    const off = engine.subscribe((event) => {
      if (event.type === 'reconnected') {
        // Job events sent while the socket was down are lost: the list has the jobs' states now.
        engine.call('jobs.list', {}).then(
          (list) => {
            setJobs((current) => list.reduce(upsert, current));
            for (const job of list) announce(job);
          },
          () => undefined,
        );
      } else if (event.type === 'job') {
        setJobs((current) => upsert(current, event.job));
        announce(event.job);
      }
    });
    return () => {
      live = false;
      off();
    };
  }, [engine, toasts, announce]);

  const api = useMemo<Jobs>(
    () => ({
      jobs,
      dataVersion,
      track: (job) => setJobs((current) => upsert(current, job)),
      cancel: (id) => {
        engine
          .call('jobs.cancel', { id })
          .catch((error: unknown) => toasts.error(error, 'Could not cancel the job'));
      },
      runJob: async <T,>(method: JobMethod, input: Input<JobMethod>): Promise<T> => {
        const job: JobStateWire = await engine.call(method, input);
        setJobs((current) => upsert(current, job));
        return new Promise<T>((resolve, reject) => {
          const waiter = { resolve: resolve as (v: unknown) => void, reject };
          // Its last event may have come before this reply.
          const done = finished.current.get(job.id) ?? (job.status === 'running' ? undefined : job);
          if (done) settle(done, waiter);
          else waiters.current.set(job.id, waiter);
        });
      },
    }),
    [jobs, dataVersion, engine, toasts],
  );
  return <JobsContext.Provider value={api}>{children}</JobsContext.Provider>;
}
