/**
 * Seeded generator of a realistic e-commerce product's event export (Segment spec), with the
 * designed truth (personas, churn hazard, a 2×2 notification experiment, cart abandonment)
 * that the workbench's analyses should recover. Same options ⇒ byte-identical files.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { makeWindow } from './calendar.ts';
import { buildCatalog } from './catalog.ts';
import { experimentStartDay } from './experiment.ts';
import { MessageWriter } from './messages.ts';
import { assignPersonas } from './personas.ts';
import { makeProfile, type UserProfile } from './profile.ts';
import { deriveSeed, Rng } from '../../engine/analysis/random.ts';
import { simulateUser, type Simulation } from './simulateUser.ts';
import { Tally } from './tally.ts';
import { buildTruth, type TruthOptions } from './truth.ts';
import { truthJson, usersCsv, writeGzipStream, writeText } from './writeOutputs.ts';

export { assignCell, CELLS, DESIGNED_EFFECTS, EXPERIMENT_ID } from './experiment.ts';
export { PERSONA_NAMES, PERSONAS, type PersonaName } from './personas.ts';
export type { SampleTruth, TruthCell, TruthPersona } from './truthTypes.ts';
export { USERS_CSV_HEADER } from './writeOutputs.ts';

export interface SampleOptions {
  /** Output directory, created if missing. */
  out: string;
  /** Number of users (default 20 000). */
  users?: number;
  /** Number of days in the window (default 120). */
  days?: number;
  /** Seed of every random draw (default 42). */
  seed?: number;
  /** ISO date (YYYY-MM-DD) of the last day, default '2026-06-30' (fixed so output is reproducible). */
  endDate?: string;
  /** Called with the fraction done (0…1) and a short message. */
  onProgress?: (fraction: number, message: string) => void;
}

export interface SampleSummary {
  out: string;
  files: { events: string; users: string; truth: string };
  users: number;
  events: number;
  seconds: number;
}

export const SAMPLE_DEFAULTS = { users: 20_000, days: 120, seed: 42, endDate: '2026-06-30' } as const;

/** File names inside `out`. */
export const SAMPLE_FILES = { events: 'events.ndjson.gz', users: 'users.csv', truth: 'truth.json' } as const;

const CHUNK_CHARS = 1 << 20;
/** Stream keys of the master seed (users use `deriveSeed(deriveSeed(seed, USERS), number)`). */
const STREAM = { catalog: 1, personas: 2, users: 3 } as const;

/** Merges the defaults and validates every option up front. */
export function resolveOptions(options: SampleOptions): TruthOptions & { out: string } {
  const o = { ...SAMPLE_DEFAULTS, ...stripUndefined(options) };
  if (typeof o.out !== 'string' || o.out === '') throw new TypeError('out must be a directory path');
  if (!Number.isInteger(o.users) || o.users < 1 || o.users > 999_999) {
    throw new RangeError(`users must be an integer in 1..999999, got ${o.users}`);
  }
  if (!Number.isInteger(o.days) || o.days < 7 || o.days > 3650) {
    throw new RangeError(`days must be an integer in 7..3650, got ${o.days}`);
  }
  if (!Number.isInteger(o.seed) || o.seed < 0 || o.seed > 0xffffffff) {
    throw new RangeError(`seed must be an integer in 0..2^32-1, got ${o.seed}`);
  }
  const parsed = Date.parse(`${o.endDate}T00:00:00.000Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(o.endDate) || Number.isNaN(parsed)) {
    throw new RangeError(`endDate must be an ISO date YYYY-MM-DD, got ${o.endDate}`);
  }
  if (new Date(parsed).toISOString().slice(0, 10) !== o.endDate) {
    throw new RangeError(`endDate is not a calendar date: ${o.endDate}`);
  }
  return { out: o.out, users: o.users, days: o.days, seed: o.seed, endDate: o.endDate };
}

/**
 * Generates `events.ndjson.gz`, `users.csv` and `truth.json` in `options.out`.
 * Each user is simulated from their own seeded stream, so the files depend only on the options.
 * Events are streamed through gzip as they are produced (memory stays flat in the event count).
 */
export async function generateSamples(options: SampleOptions): Promise<SampleSummary> {
  const o = resolveOptions(options);
  const progress = options.onProgress ?? (() => undefined);
  const began = performance.now();
  await mkdir(o.out, { recursive: true });
  const files = {
    events: join(o.out, SAMPLE_FILES.events),
    users: join(o.out, SAMPLE_FILES.users),
    truth: join(o.out, SAMPLE_FILES.truth),
  };

  const window = makeWindow(o.endDate, o.days);
  const sim: Simulation = {
    window,
    catalog: buildCatalog(new Rng(deriveSeed(o.seed, STREAM.catalog))),
    experimentStartDay: experimentStartDay(o.days),
    writer: new MessageWriter(),
    tally: new Tally(),
  };
  const personas = assignPersonas(o.users, new Rng(deriveSeed(o.seed, STREAM.personas)));
  const userSeed = deriveSeed(o.seed, STREAM.users);
  const profiles: UserProfile[] = [];
  const churnDays: (number | null)[] = [];
  const step = Math.max(1, Math.floor(o.users / 50));

  function* chunks(): Generator<string> {
    progress(0, `simulating ${o.users} users over ${o.days} days`);
    for (let i = 0; i < o.users; i++) {
      const number = i + 1;
      const rng = new Rng(deriveSeed(userSeed, number));
      const profile = makeProfile(number, personas[i] ?? 'casual', window, rng);
      profiles.push(profile);
      churnDays.push(simulateUser(sim, profile, rng));
      if (sim.writer.pending >= CHUNK_CHARS) yield sim.writer.take();
      if (number % step === 0 && number < o.users) {
        progress((0.95 * number) / o.users, `${number} users, ${sim.writer.counts.total} events`);
      }
    }
    const rest = sim.writer.take();
    if (rest !== '') yield rest;
  }

  await writeGzipStream(files.events, chunks());
  progress(0.95, 'writing users.csv and truth.json');
  await writeText(files.users, usersCsv(profiles));
  const truth = buildTruth({
    options: o,
    window,
    catalog: sim.catalog,
    experimentStartDay: sim.experimentStartDay,
    profiles,
    churnDays,
    tally: sim.tally,
    counts: sim.writer.counts,
  });
  await writeText(files.truth, truthJson(truth));
  const events = sim.writer.counts.total;
  progress(1, `${events} events for ${o.users} users`);
  return { out: o.out, files, users: o.users, events, seconds: (performance.now() - began) / 1000 };
}

function stripUndefined<T extends object>(obj: T): Partial<T> {
  return Object.fromEntries(Object.entries(obj).filter(([, v]) => v !== undefined)) as Partial<T>;
}
