/** Public types of the data-quality audit. */

/** How much a finding matters: `info` is a measurement, `warning` skews analyses, `error` breaks them. */
export type Severity = 'info' | 'warning' | 'error';

/** One check's result: a stable id, the measured value, a sentence stating it, and what to do. */
export interface Finding {
  /** Stable identifier of the check (see {@link FindingId}); safe to match on in scripts. */
  id: string;
  severity: Severity;
  /** Plain-language statement of what was measured, including the measured value. */
  message: string;
  /** The headline measurement (a count, a share 0..1, a number of days…); null when not measurable. */
  value: number | string | null;
  /** What to do about it. */
  hint: string;
  /** Check-specific numbers behind the message (documented on each check). */
  details?: unknown;
}

/** Events and distinct users on one UTC day. */
export interface DayVolume {
  /** `YYYY-MM-DD`, UTC. */
  day: string;
  events: number;
  users: number;
}

/** How many users have a number of events within the bucket's range (e.g. `3-5`). */
export interface UserBucket {
  bucket: string;
  users: number;
}

export interface AuditReport {
  /** ISO 8601 instant the audit treats as "now" (`options.now`, default the current time). */
  generatedAt: string;
  scope: { importId: number | null };
  summary: {
    /** Events in scope. */
    rows: number;
    /** Distinct users in scope: user_id, else anonymous_id. */
    users: number;
    /** Earliest and latest event timestamp (ISO 8601, UTC), or null without events. */
    first: string | null;
    last: string | null;
  };
  checks: Finding[];
  charts: {
    /** Every UTC day from the first to the last plausible event (2000-01-01..now), zero days included. */
    eventsPerDay: DayVolume[];
    /** Users per events-per-user bucket, always the same buckets in the same order. */
    eventsPerUser: UserBucket[];
  };
}

export interface AuditOptions {
  /** The instant timestamps are compared with for the `future_timestamps` check (default: now). */
  now?: Date;
  /** Audit only the rows of this import (events, users, rejects and import counters). */
  importId?: number;
  /** Called before each check with the share of checks done (0..1) and the check about to run. */
  onProgress?: (done: number, message: string) => void;
  /** Cancels the audit: the running query is interrupted and `runAudit` rejects. */
  signal?: AbortSignal;
}

/** Every finding id the audit can produce, in report order. */
export const findingIds = [
  'rows',
  'users',
  'time_range',
  'events_per_user',
  'events_per_day',
  'missing_values',
  'duplicate_rate',
  'numeric_outliers',
  'future_timestamps',
  'old_timestamps',
  'event_name_cardinality',
  'near_duplicate_names',
  'impossible_activity',
  'rejects',
  'users_without_events',
  'events_without_profile',
  'implausible_ages',
] as const;

export type FindingId = (typeof findingIds)[number];
