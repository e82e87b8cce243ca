/** Time: the window of days, weekly seasonality, the daily rhythm, and session spacing. */
import { cumulative, type Rng } from '../../engine/analysis/random.ts';

export const MINUTE_MS = 60_000;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;

/** Gap of silence that always separates two sessions (so a 30-minute rule splits them). */
export const MIN_SESSION_GAP_MS = 35 * MINUTE_MS;
/** Browsing stops adding actions after this long; checkout may run on a few minutes more. */
export const MAX_BROWSE_MS = 50 * MINUTE_MS;
/**
 * Upper bound of a session's length (browse 50 + last action ≤ 18 + forced add ≤ 8 + checkout ≤ 18
 * minutes); a session that could pass midnight is not started, so no day spills into the next.
 */
export const MAX_SESSION_MS = 100 * MINUTE_MS;
/** Longest pause between two events of one session. */
export const MAX_EVENT_GAP_MS = 8 * MINUTE_MS;

/** Multiplier of the session rate by UTC weekday (0 = Sunday … 6 = Saturday). */
export const WEEKDAY_FACTOR = [0.8, 1.05, 1, 1, 1, 0.95, 0.7] as const;

/** Relative weight of starting a session in each UTC hour (quiet nights, evening peak). */
export const HOUR_WEIGHTS = [
  0.3, 0.15, 0.1, 0.1, 0.1, 0.2, 0.5, 1, 1.4, 1.3, 1.2, 1.3, 1.5, 1.3, 1.2, 1.2, 1.3, 1.5, 1.9, 2.3, 2.4, 2,
  1.2, 0,
] as const;
const HOURS = cumulative(HOUR_WEIGHTS);

/** The days of the sample: day 0 … days − 1, the last one being `endDate`. */
export interface Window {
  readonly days: number;
  /** 00:00:00.000 UTC of day 0. */
  readonly startMs: number;
  /** 23:59:59.999 UTC of the last day. */
  readonly endMs: number;
}

/** Builds the window ending on `endDate` (YYYY-MM-DD). */
export function makeWindow(endDate: string, days: number): Window {
  const last = Date.parse(`${endDate}T00:00:00.000Z`);
  const startMs = last - (days - 1) * DAY_MS;
  return { days, startMs, endMs: last + DAY_MS - 1 };
}

/** Start of day `day` in ms. */
export function dayStart(window: Window, day: number): number {
  return window.startMs + day * DAY_MS;
}

/** UTC weekday (0 = Sunday) of day `day`. */
export function weekday(window: Window, day: number): number {
  return new Date(dayStart(window, day)).getUTCDay();
}

/** `YYYY-MM-DD` of day `day`. */
export function isoDay(window: Window, day: number): string {
  return new Date(dayStart(window, day)).toISOString().slice(0, 10);
}

/** A time of day (ms after midnight) following {@link HOUR_WEIGHTS}. */
export function timeOfDay(rng: Rng): number {
  return rng.pick(HOURS) * HOUR_MS + rng.int(HOUR_MS);
}

/** Pause between two events of a session: 2 s + log-normal (median ≈ 20 s), at most 8 minutes. */
export function eventGap(rng: Rng): number {
  const ms = 2000 + Math.exp(9.9 + 0.9 * rng.normal());
  return Math.min(MAX_EVENT_GAP_MS, Math.round(ms));
}

/** Short pause (0.2–1.5 s) between a page call and the track call it triggers. */
export function tick(rng: Rng): number {
  return 200 + rng.int(1300);
}
