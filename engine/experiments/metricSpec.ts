import { ExperimentInputError } from './errors.ts';

/**
 * Metrics of a workspace experiment, written as short specs so that the CLI's `--metric` and the
 * UI's metric builder say the same thing:
 *   conversion:EVENT[:DAYS]        did the unit do EVENT within DAYS days of exposure (default 7)
 *   events[:EVENT][:DAYS]          how many events (of EVENT) after exposure (within DAYS)
 *   revenue[:DAYS]                 revenue after exposure (within DAYS)
 *   retention:DAY                  was the unit active on day DAY after its exposure day
 *   ratio:NUM/DEN[:DAYS]           a ratio metric; NUM and DEN are `revenue`, `sessions`,
 *                                  `events` or an event name
 * A trailing all-digit part is a number of days. Windows start at the exposure instant.
 */
export type WorkspaceMetric =
  | { readonly kind: 'conversion'; readonly event: string; readonly days: number }
  | { readonly kind: 'events'; readonly event: string | null; readonly days: number | null }
  | { readonly kind: 'revenue'; readonly days: number | null }
  | { readonly kind: 'retention'; readonly day: number }
  | { readonly kind: 'ratio'; readonly num: Counter; readonly den: Counter; readonly days: number | null };

/** What a ratio metric counts on each side. */
export type Counter =
  | { readonly kind: 'revenue' }
  | { readonly kind: 'sessions' }
  | { readonly kind: 'events'; readonly event: string | null };

const DEFAULT_CONVERSION_DAYS = 7;
const MAX_DAYS = 3650;

function days(text: string, spec: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1 || n > MAX_DAYS)
    throw new ExperimentInputError(`metric "${spec}": days must be a whole number from 1 to ${MAX_DAYS}`);
  return n;
}

/** Splits off a trailing `:DAYS`. */
function withDays(parts: string[], spec: string): { rest: string[]; days: number | null } {
  const last = parts.at(-1);
  if (parts.length > 0 && last !== undefined && /^\d+$/.test(last))
    return { rest: parts.slice(0, -1), days: days(last, spec) };
  return { rest: parts, days: null };
}

function counter(text: string): Counter {
  const t = text.trim();
  if (t === 'revenue') return { kind: 'revenue' };
  if (t === 'sessions') return { kind: 'sessions' };
  if (t === 'events') return { kind: 'events', event: null };
  return { kind: 'events', event: t };
}

export function parseWorkspaceMetric(spec: string): WorkspaceMetric {
  const [head = '', ...tail] = spec.split(':');
  const kind = head.trim().toLowerCase();
  const { rest, days: d } = withDays(tail, spec);
  const text = rest.join(':').trim();
  const usage =
    'use conversion:EVENT[:DAYS], events[:EVENT][:DAYS], revenue[:DAYS], retention:DAY or ratio:NUM/DEN[:DAYS]';
  switch (kind) {
    case 'conversion':
      if (!text)
        throw new ExperimentInputError(`metric "${spec}": name the event, e.g. conversion:Order Completed:7`);
      return { kind, event: text, days: d ?? DEFAULT_CONVERSION_DAYS };
    case 'events':
      return { kind, event: text || null, days: d };
    case 'revenue':
      if (text) throw new ExperimentInputError(`metric "${spec}": revenue takes only a number of days`);
      return { kind, days: d };
    case 'retention':
      if (d === null || text)
        throw new ExperimentInputError(`metric "${spec}": give the day, e.g. retention:7`);
      return { kind, day: d };
    case 'ratio': {
      const slash = text.indexOf('/');
      if (slash <= 0 || slash === text.length - 1)
        throw new ExperimentInputError(
          `metric "${spec}": write a ratio as ratio:NUM/DEN, e.g. ratio:revenue/sessions`,
        );
      return { kind, num: counter(text.slice(0, slash)), den: counter(text.slice(slash + 1)), days: d };
    }
    default:
      throw new ExperimentInputError(`metric "${spec}": unknown metric kind "${head}"; ${usage}`);
  }
}

/** The longest span after exposure any metric looks at, in days (null: to the end of the data). */
export function horizonDays(metrics: readonly WorkspaceMetric[]): number | null {
  let max = 0;
  for (const m of metrics) {
    const d = m.kind === 'retention' ? m.day + 1 : m.days;
    if (d === null) return null;
    max = Math.max(max, d);
  }
  return max;
}

/** Whether a spec is a ratio of two file columns (`ratio:NUM/DEN`), and which. */
export function parseColumnRatio(spec: string, strict = true): { num: string; den: string } | null {
  if (!spec.startsWith('ratio:')) return null;
  const text = spec.slice('ratio:'.length);
  const slash = text.indexOf('/');
  if (slash <= 0 || slash === text.length - 1) {
    if (!strict) return null;
    throw new ExperimentInputError(
      `metric "${spec}": write a ratio of columns as ratio:NUM_COLUMN/DEN_COLUMN`,
    );
  }
  return { num: text.slice(0, slash), den: text.slice(slash + 1) };
}
