import { ident, literal } from '../store/sql.ts';
import type { ColumnSql } from './columns.ts';
import { eventSynonyms, mappedText, suggestMapping, type EventField, type Mapping } from './mapping.ts';
import {
  epochToTimestamp,
  isoPlan,
  timestampFromNative,
  timestampFromText,
  type TimestampPlan,
} from './timestamps.ts';

export const shapes = ['segment', 'mixpanel', 'amplitude', 'posthog', 'ga4', 'generic'] as const;
export type Shape = (typeof shapes)[number];

/** SQL expressions (over the source's columns) for the canonical event columns. */
export interface EventExprs {
  /** Text, NULL when the source has none: the importer then hashes user, event, ts and properties. */
  readonly eventId: string;
  /** Whether the source names its events (else every id is a hash, and exact repeats are duplicates). */
  readonly hasEventId: boolean;
  readonly userId: string;
  readonly anonymousId: string;
  readonly event: string;
  readonly ts: string;
  /** The timestamp's text before parsing, quoted in reject messages. */
  readonly tsText: string;
  readonly sessionId: string;
  readonly properties: string;
  readonly context: string;
  /** DOUBLE; NaN marks a value that is present but not a number (a reject for generic tables). */
  readonly revenue: string;
  readonly revenueText: string;
  /** The source column behind each checked field, named in reject messages. */
  readonly columnOf: Readonly<Partial<Record<'user_id' | 'event' | 'ts' | 'revenue', string>>>;
  readonly mapping: Mapping<EventField>;
}

/** Recognises an export shape from the top-level column names. */
export function detectShape(columns: ColumnSql): Shape {
  const has = (...names: string[]) => names.every((n) => columns.has(n));
  if (has('type') && (has('messageId') || has('anonymousId') || has('userId'))) return 'segment';
  if (has('uuid', 'event', 'distinct_id', 'timestamp')) return 'posthog';
  if (has('event_type') && (has('event_time') || has('client_event_time'))) return 'amplitude';
  if (has('event_name', 'event_timestamp', 'user_pseudo_id')) return 'ga4';
  if (has('event', 'properties') && columns.columns.length <= 3) return 'mixpanel';
  return 'generic';
}

type PlanFor = (textSql: string) => Promise<TimestampPlan>;

/** Builds the canonical expressions of `shape`; `planFor` chooses how the timestamp text parses. */
export async function eventExprs(
  shape: Shape,
  c: ColumnSql,
  mapping: Mapping<EventField>,
  planFor: PlanFor,
): Promise<EventExprs> {
  switch (shape) {
    case 'segment':
      return segment(c);
    case 'mixpanel':
      return mixpanel(c);
    case 'amplitude':
      return amplitude(c);
    case 'posthog':
      return posthog(c);
    case 'ga4':
      return ga4(c);
    case 'generic':
      return generic(c, mapping, planFor);
  }
}

const num = (text: string) => `TRY_CAST(${text} AS DOUBLE)`;
const firstOf = (...parts: string[]) => `coalesce(${parts.join(', ')})`;

function segment(c: ColumnSql): EventExprs {
  const type = `lower(${c.text('type')})`;
  const tsText = firstOf(
    c.text('timestamp'),
    c.text('originalTimestamp'),
    c.text('sentAt'),
    c.text('receivedAt'),
  );
  const page = c.has('name')
    ? `json_merge_patch(coalesce(${c.json('properties')}, '{}'), json_object('name', ${c.text('name')}))`
    : c.json('properties');
  return {
    eventId: c.text('messageId'),
    hasEventId: c.has('messageId'),
    userId: c.text('userId'),
    anonymousId: c.text('anonymousId'),
    event: `CASE ${type} WHEN 'track' THEN ${c.text('event')} WHEN 'page' THEN 'Page Viewed' WHEN 'screen' THEN 'Screen Viewed'
      WHEN 'identify' THEN '$identify' WHEN 'group' THEN '$group' WHEN 'alias' THEN '$alias' ELSE ${c.text('event')} END`,
    ts: timestampFromText(tsText, isoPlan),
    tsText,
    sessionId: firstOf(c.path('properties', '$.session_id'), c.path('context', '$.sessionId')),
    properties: `CASE ${type} WHEN 'identify' THEN ${c.json('traits')} WHEN 'group' THEN ${c.json('traits')} WHEN 'page' THEN ${page} WHEN 'screen' THEN ${page} ELSE ${c.json('properties')} END`,
    context: c.json('context'),
    revenue: num(firstOf(c.path('properties', '$.revenue'), c.path('properties', '$.total'))),
    revenueText: 'NULL',
    columnOf: { user_id: 'userId', event: 'event', ts: 'timestamp' },
    mapping: {},
  };
}

function mixpanel(c: ColumnSql): EventExprs {
  const tsText = c.path('properties', '$.time');
  return {
    eventId: c.path('properties', '$."$insert_id"'),
    hasEventId: true,
    userId: firstOf(c.path('properties', '$."$user_id"'), c.path('properties', '$.distinct_id')),
    anonymousId: c.path('properties', '$."$device_id"'),
    event: c.text('event'),
    ts: epochToTimestamp(num(tsText)),
    tsText,
    sessionId: 'NULL',
    properties: c.json('properties'),
    context: 'NULL',
    revenue: num(firstOf(c.path('properties', '$.revenue'), c.path('properties', '$.amount'))),
    revenueText: 'NULL',
    columnOf: { user_id: 'properties.distinct_id', event: 'event', ts: 'properties.time' },
    mapping: {},
  };
}

const amplitudeContext = [
  'device_type',
  'device_family',
  'os_name',
  'os_version',
  'platform',
  'country',
  'region',
  'city',
  'language',
  'app_version',
  'user_properties',
];

function amplitude(c: ColumnSql): EventExprs {
  const tsText = firstOf(c.text('event_time'), c.text('client_event_time'), c.text('server_upload_time'));
  const session = c.text('session_id');
  const present = amplitudeContext.filter((n) => c.has(n));
  return {
    eventId: firstOf(c.text('$insert_id'), c.text('insert_id'), c.text('uuid')),
    hasEventId: c.has('$insert_id') || c.has('insert_id') || c.has('uuid'),
    userId: firstOf(c.text('user_id'), c.text('device_id')),
    anonymousId: c.text('device_id'),
    event: c.text('event_type'),
    ts: timestampFromText(tsText, isoPlan),
    tsText,
    sessionId: `CASE WHEN ${session} = '-1' THEN NULL ELSE ${session} END`,
    properties: c.json('event_properties'),
    context: present.length
      ? `json_object(${present.map((n) => `${literal(n)}, ${n === 'user_properties' ? c.json(n) : c.typedJson(n)}`).join(', ')})`
      : 'NULL',
    revenue: num(
      firstOf(
        c.text('revenue'),
        c.path('event_properties', '$.revenue'),
        c.path('event_properties', '$."$revenue"'),
      ),
    ),
    revenueText: 'NULL',
    columnOf: { user_id: 'user_id', event: 'event_type', ts: 'event_time' },
    mapping: {},
  };
}

function posthog(c: ColumnSql): EventExprs {
  const tsText = c.text('timestamp');
  return {
    eventId: c.text('uuid'),
    hasEventId: true,
    userId: c.text('distinct_id'),
    anonymousId: c.path('properties', '$."$device_id"'),
    event: c.text('event'),
    ts: timestampFromText(tsText, isoPlan),
    tsText,
    sessionId: c.path('properties', '$."$session_id"'),
    properties: c.json('properties'),
    context: 'NULL',
    revenue: num(c.path('properties', '$.revenue')),
    revenueText: 'NULL',
    columnOf: { user_id: 'distinct_id', event: 'event', ts: 'timestamp' },
    mapping: {},
  };
}

function ga4(c: ColumnSql): EventExprs {
  const tsText = c.text('event_timestamp');
  const params = `json_extract(${c.json('event_params')}, '$[*]')`;
  const value = (p: string) =>
    `coalesce(${p}->'$.value.string_value', ${p}->'$.value.int_value', ${p}->'$.value.double_value', ${p}->'$.value.float_value')`;
  const properties = c.has('event_params')
    ? `to_json(map_from_entries(list_transform(${params}, p -> {'k': p->>'$.key', 'v': ${value('p')}})))`
    : 'NULL::JSON';
  const context = ['device', 'geo', 'traffic_source', 'platform', 'app_info'].filter((n) => c.has(n));
  return {
    eventId: 'NULL',
    hasEventId: false,
    userId: firstOf(c.text('user_id'), c.text('user_pseudo_id')),
    anonymousId: c.text('user_pseudo_id'),
    event: c.text('event_name'),
    ts: epochToTimestamp(num(tsText)),
    tsText,
    sessionId: `json_extract_string(${properties}, '$.ga_session_id')`,
    properties,
    context: context.length
      ? `json_object(${context.map((n) => `${literal(n)}, ${c.json(n)}`).join(', ')})`
      : 'NULL',
    revenue: num(firstOf(c.path('ecommerce', '$.purchase_revenue'), c.text('event_value_in_usd'))),
    revenueText: 'NULL',
    columnOf: { user_id: 'user_pseudo_id', event: 'event_name', ts: 'event_timestamp' },
    mapping: {},
  };
}

/**
 * The mapping of a generic table: the analyst's `--map`, completed with suggestions from the column
 * names. A user (or anonymous) id, an event name and a timestamp are required.
 */
export function genericMapping(c: ColumnSql, given: Mapping<EventField>): Mapping<EventField> {
  const mapping = suggestMapping(c, eventSynonyms, given);
  if (!mapping.user_id && !mapping.anonymous_id) {
    throw new MappingError('no user id column found: map one with --map user_id=COLUMN');
  }
  if (!mapping.event) {
    throw new MappingError(
      "no event-name column found: map one with --map event=COLUMN, or name every row with --map event='Order Completed'",
    );
  }
  if (!mapping.ts) throw new MappingError('no timestamp column found: map one with --map ts=COLUMN');
  return mapping;
}

/** Columns a generic mapping reads as text: those mapped directly onto a canonical field. */
export function mappedColumns(mapping: Mapping<EventField>): string[] {
  return Object.values(mapping).flatMap((v) => (v?.kind === 'column' ? [v.column] : []));
}

async function generic(c: ColumnSql, given: Mapping<EventField>, planFor: PlanFor): Promise<EventExprs> {
  const mapping = genericMapping(c, given);
  const tsValue = mapping.ts!;
  const text = (f: EventField) => idText(f, mappedText(mapping[f], c));
  const tsColumn = tsValue.kind === 'column' ? c.get(tsValue.column) : undefined;
  const ts =
    tsColumn?.readAs === 'native' && tsColumn.type !== 'VARCHAR'
      ? timestampFromNative(ident(tsColumn.name), tsColumn.type)
      : timestampFromText(text('ts'), await planFor(text('ts')));
  function idText(f: EventField, sql: string): string {
    // pandas writes integer ids with missing values as floats (12923.0): the id is 12923.
    const v = mapping[f];
    const float = v?.kind === 'column' && /^(DOUBLE|FLOAT)/.test(c.get(v.column)?.type ?? '');
    return float && (f === 'user_id' || f === 'anonymous_id' || f === 'event_id')
      ? `regexp_replace(${sql}, '\\.0+$', '')`
      : sql;
  }
  const used = new Set(mappedColumns(mapping));
  const rest = c.columns.map((col) => col.name).filter((n) => !used.has(n));
  const revenueText = text('revenue');
  const name = (f: EventField) => {
    const v = mapping[f];
    return v?.kind === 'column' ? v.column : v?.kind === 'expression' ? v.sql : f;
  };
  return {
    eventId: text('event_id'),
    hasEventId: mapping.event_id !== undefined,
    userId: text('user_id'),
    anonymousId: text('anonymous_id'),
    event: text('event'),
    ts,
    tsText: text('ts'),
    sessionId: text('session_id'),
    properties: c.objectOf(rest),
    context: 'NULL',
    revenue: revenueOf(mapping.revenue, c, revenueText),
    revenueText,
    columnOf: { user_id: name('user_id'), event: name('event'), ts: name('ts'), revenue: name('revenue') },
    mapping,
  };
}

/**
 * Revenue as DOUBLE. Text that is not a number becomes NaN, which the import rejects with its line; a
 * column the reader already typed as a number is taken as it is (a round trip through text cost about
 * 0.3 s per 5M rows).
 */
function revenueOf(value: Mapping<EventField>['revenue'], c: ColumnSql, text: string): string {
  const column = value?.kind === 'column' ? c.get(value.column) : undefined;
  if (
    column?.readAs === 'native' &&
    /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|DOUBLE|FLOAT|DECIMAL)/.test(
      column.type,
    )
  ) {
    return `CAST(${ident(column.name)} AS DOUBLE)`;
  }
  // One TRY_CAST per row: the CASE only runs where it gave NULL.
  return `coalesce(${num(text)}, CASE WHEN ${text} IS NOT NULL THEN 'NaN'::DOUBLE END)`;
}

/** The file's columns do not say how to map them; the message says which `--map` to add. */
export class MappingError extends Error {
  override readonly name = 'MappingError';
}
