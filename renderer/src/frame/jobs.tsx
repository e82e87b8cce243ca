import type { ReactNode } from 'react';
import { createContext, useContext, useEffect, useMemo, useState } from 'react';
import type { JobStateWire } from '../api/EngineClient.ts';
import { useEngine } from '../api/EngineContext.tsx';
import { useToasts } from './toasts.tsx';

interface Jobs {
  jobs: JobStateWire[];
  /** Bumped whenever a job finishes, so views showing workspace data refresh. */
  dataVersion: number;
  /** Records a job a view just started (before its first event arrives). */
  track: (job: JobStateWire) => void;
  cancel: (id: string) => void;
}

const JobsContext = createContext<Jobs>({
  jobs: [],
  dataVersion: 0,
  track: () => undefined,
  cancel: () => undefined,
});

export const useJobs = (): Jobs => useContext(JobsContext);

function upsert(all: JobStateWire[], job: JobStateWire): JobStateWire[] {
  const i = all.findIndex((j) => j.id === job.id);
  if (i < 0) return [job, ...all].slice(0, 30);
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

  useEffect(() => {
    let live = true;
    engine.call('jobs.list', {}).then(
      (list) => live && setJobs((current) => list.reduce(upsert, current)),
      (error: unknown) => toasts.error(error, 'Could not list jobs'),
    );
    const off = engine.subscribe((event) => {
      if (event.type !== 'job') return;
      const job = event.job;
      setJobs((current) => upsert(current, job));
      if (job.status === 'done') {
        setDataVersion((v) => v + 1);
        toasts.info(job.title, 'Finished.');
      } else if (job.status === 'failed') {
        toasts.error(job.error ?? new Error(job.message), `${job.title} failed`);
      }
    });
    return () => {
      live = false;
      off();
    };
  }, [engine, toasts]);

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
    }),
    [jobs, dataVersion, engine, toasts],
  );
  return <JobsContext.Provider value={api}>{children}</JobsContext.Provider>;
}
