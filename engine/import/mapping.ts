import { literal } from '../store/sql.ts';
import type { ColumnSql } from './columns.ts';

/** Canonical event fields a generic table can be mapped onto. */
export const eventFields = [
  'user_id',
  'anonymous_id',
  'event',
  'ts',
  'event_id',
  'revenue',
  'session_id',
] as const;
export type EventField = (typeof eventFields)[number];

/** Typed user-profile fields; every other column of a profile table is kept in `traits`. */
export const userFields = [
  'user_id',
  'age',
  'gender',
  'country',
  'city',
  'device',
  'plan',
  'signup_at',
] as const;
export type UserField = (typeof userFields)[number];

/**
 * What a field is read from: a column, a constant (`'Order Completed'` in the map), or a SQL
 * expression over the columns (`Quantity * UnitPrice`).
 */
export type MappingValue =
  | { readonly kind: 'column'; readonly column: string }
  | { readonly kind: 'constant'; readonly value: string }
  | { readonly kind: 'expression'; readonly sql: string };

export type Mapping<F extends string> = Partial<Record<F, MappingValue>>;

/** Names (compared lower-case, letters and digits only) suggested for each field, best first. */
export const eventSynonyms: Record<EventField, readonly string[]> = {
  user_id: [
    'user_id',
    'userid',
    'customer_id',
    'distinct_id',
    'uid',
    'user',
    'member_id',
    'account_id',
    'visitor_id',
    'client_id',
    'player_id',
  ],
  anonymous_id: ['anonymous_id', 'anon_id', 'device_id', 'cookie_id'],
  event: [
    'event',
    'event_name',
    'event_type',
    'action',
    'behavior_type',
    'behaviour_type',
    'behavior',
    'activity',
    'type',
  ],
  ts: [
    'timestamp',
    'ts',
    'event_time',
    'time',
    'datetime',
    'event_timestamp',
    'occurred_at',
    'created_at',
    'date',
    'invoice_date',
    'order_date',
  ],
  event_id: ['event_id', 'message_id', 'insert_id', 'uuid', 'id'],
  revenue: ['revenue', 'amount', 'dollar_value', 'value', 'total', 'sales', 'price'],
  session_id: ['session_id', 'session'],
};

export const userSynonyms: Record<UserField, readonly string[]> = {
  user_id: eventSynonyms.user_id.concat(['id', 'customer', 'customerid']),
  age: ['age', 'age_years'],
  gender: ['gender', 'sex', 'genre'],
  country: ['country', 'country_code', 'nation'],
  city: ['city', 'town'],
  device: ['device', 'device_type', 'platform'],
  plan: ['plan', 'tier', 'subscription', 'contract'],
  signup_at: [
    'signup_at',
    'signup',
    'signed_up_at',
    'created_at',
    'registered_at',
    'first_seen',
    'join_date',
    'dt_customer',
  ],
};

/**
 * Splits `--map` values (`user_id=A,event='x, y',revenue=Q*P`) into field → text at top-level commas,
 * so commas inside quotes or parentheses stay in the value.
 */
export function parseMapSpec(specs: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const spec of specs) {
    for (const part of splitTopLevel(spec)) {
      const eq = part.indexOf('=');
      if (eq <= 0) throw new Error(`--map: "${part}" is not FIELD=COLUMN`);
      out[part.slice(0, eq).trim()] = part.slice(eq + 1).trim();
    }
  }
  return out;
}

function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quote: string | null = null;
  let current = '';
  for (const ch of text) {
    if (quote) {
      if (ch === quote) quote = null;
    } else if (ch === "'" || ch === '"') quote = ch;
    else if (ch === '(') depth++;
    else if (ch === ')') depth--;
    else if (ch === ',' && depth === 0) {
      parts.push(current);
      current = '';
      continue;
    }
    current += ch;
  }
  if (current.trim() !== '') parts.push(current);
  return parts.map((p) => p.trim()).filter(Boolean);
}

/** Turns `--map` text into a mapping over the file's columns; unknown fields are an error. */
export function resolveMapping<F extends string>(
  raw: Record<string, string>,
  fields: readonly F[],
  columns: ColumnSql,
): Mapping<F> {
  const mapping: Mapping<F> = {};
  for (const [field, text] of Object.entries(raw)) {
    if (!(fields as readonly string[]).includes(field)) {
      throw new Error(`--map: unknown field "${field}" (fields: ${fields.join(', ')})`);
    }
    mapping[field as F] = mappingValue(text, columns);
  }
  return mapping;
}

function mappingValue(text: string, columns: ColumnSql): MappingValue {
  const unquoted = /^"(.*)"$/.exec(text)?.[1] ?? text;
  if (columns.has(unquoted)) return { kind: 'column', column: unquoted };
  const constant = /^'(.*)'$/s.exec(text);
  if (constant) return { kind: 'constant', value: (constant[1] ?? '').replaceAll("''", "'") };
  const byName = columns.find([text]);
  if (byName && /^[\w .-]+$/.test(text)) return { kind: 'column', column: byName.name };
  return { kind: 'expression', sql: text };
}

/** Suggests a column for each field from the column names; explicit entries in `given` win. */
export function suggestMapping<F extends string>(
  columns: ColumnSql,
  synonyms: Record<F, readonly string[]>,
  given: Mapping<F> = {},
): Mapping<F> {
  const mapping: Mapping<F> = { ...given };
  const taken = new Set(
    Object.values<MappingValue | undefined>(given).flatMap((v) => (v?.kind === 'column' ? [v.column] : [])),
  );
  for (const field of Object.keys(synonyms) as F[]) {
    if (mapping[field]) continue;
    const column = columns.find(synonyms[field], taken);
    if (column) {
      mapping[field] = { kind: 'column', column: column.name };
      taken.add(column.name);
    }
  }
  return mapping;
}

/** Text SQL for a mapped field, NULL when unmapped. */
export function mappedText(value: MappingValue | undefined, columns: ColumnSql): string {
  if (!value) return 'NULL::VARCHAR';
  switch (value.kind) {
    case 'column':
      return columns.text(value.column);
    case 'constant':
      return literal(value.value);
    case 'expression':
      return `nullif(trim(CAST((${value.sql}) AS VARCHAR)), '')`;
  }
}

/** Plain description of a mapping for provenance and the CLI (`user_id ← CustomerID`). */
export function describeMapping(mapping: Mapping<string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(mapping).flatMap(([field, v]) => {
      if (!v) return [];
      const text = v.kind === 'column' ? v.column : v.kind === 'constant' ? `'${v.value}'` : v.sql;
      return [[field, text]];
    }),
  );
}
