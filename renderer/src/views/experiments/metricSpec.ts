/** The workspace metric kinds the engine computes after each unit's exposure. */
export type MetricKind = 'conversion' | 'events' | 'revenue' | 'retention' | 'ratio';

export interface MetricDraft {
  kind: MetricKind;
  event: string;
  /** Ratio metrics: the denominator event. */
  denominator: string;
  days: number;
}

export const metricKinds: { value: MetricKind; label: string }[] = [
  { value: 'conversion', label: 'Conversion (did the event)' },
  { value: 'events', label: 'Event count' },
  { value: 'revenue', label: 'Revenue' },
  { value: 'retention', label: 'Retention (active on day N)' },
  { value: 'ratio', label: 'Ratio (per unit sums)' },
];

/** Whether the kind needs an event, may take one, or takes none. */
export const eventNeed: Record<MetricKind, 'required' | 'optional' | 'none'> = {
  conversion: 'required',
  events: 'optional',
  revenue: 'none',
  retention: 'none',
  ratio: 'required',
};

/** Why a draft cannot be added yet, or null. */
export function draftError(d: MetricDraft): string | null {
  if (eventNeed[d.kind] === 'required' && !d.event.trim()) return 'Choose an event';
  if (d.kind === 'ratio' && !d.denominator.trim()) return 'Choose the denominator';
  if (/[:/]/.test(d.event) || /[:/]/.test(d.denominator)) return 'Event names cannot contain “:” or “/”';
  if (!(Number.isInteger(d.days) && d.days >= 1 && d.days <= 365))
    return 'Days: a whole number from 1 to 365';
  return null;
}

/** The engine's spec for a draft: `conversion:Order Completed:7`, `revenue:14`, `ratio:A/B:7`… */
export function toSpec(d: MetricDraft): string {
  const event = d.event.trim();
  switch (d.kind) {
    case 'conversion':
      return `conversion:${event}:${d.days}`;
    case 'events':
      return event ? `events:${event}:${d.days}` : `events:${d.days}`;
    case 'revenue':
      return `revenue:${d.days}`;
    case 'retention':
      return `retention:${d.days}`;
    case 'ratio':
      return `ratio:${event}/${d.denominator.trim()}:${d.days}`;
  }
}

/** A spec in words, for the list of chosen metrics. */
export function describeSpec(spec: string): string {
  const [kind = '', ...rest] = spec.split(':');
  const days = /^\d+$/.test(rest.at(-1) ?? '') ? Number(rest.pop()) : null;
  const within = days === null ? 'after exposure' : `within ${days} day${days === 1 ? '' : 's'}`;
  const event = rest.join(':');
  switch (kind) {
    case 'conversion':
      return `Share who did ${event || 'the event'} ${within}`;
    case 'events':
      return `${event || 'Events'} per unit ${within}`;
    case 'revenue':
      return `Revenue per unit ${within}`;
    case 'retention':
      return `Share active on day ${days ?? 7} after exposure`;
    case 'ratio': {
      const [num = '', den = ''] = event.split('/');
      return `${num} per ${den} ${within}`;
    }
    default:
      return spec;
  }
}
