import type { AuditContext } from './context.ts';
import { formatCount, listSome, plural } from './format.ts';
import type { Finding } from './types.ts';
import { firstRow, list, num, text } from './values.ts';

/** Above this many distinct event names, names probably carry ids or free text. */
export const MAX_EVENT_NAMES = 500;
/** Names with a run of 4+ digits or a UUID-like prefix look like they embed an id. */
const ID_IN_NAME = `'[0-9]{4,}|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}'`;
/** At most this many near-duplicate groups are listed in details. */
const MAX_GROUPS_LISTED = 50;

/**
 * `event_name_cardinality`: the number of distinct event names. Warns above 500, which usually means
 * ids, URLs or free text ended up inside the name. Details: `names`, `missing` (events without a
 * name), `withIds` (distinct names with 4+ digits in a row or a UUID) and up to 10 `examples` of those.
 */
export async function eventNameCardinalityCheck({ ws, scope }: AuditContext): Promise<Finding> {
  const row = firstRow(
    await ws.rows(`
      SELECT count(DISTINCT nullif(e.event, '')) AS names,
             count(*) FILTER (WHERE e.event IS NULL OR e.event = '') AS missing,
             count(DISTINCT e.event) FILTER (WHERE regexp_matches(e.event, ${ID_IN_NAME})) AS with_ids
      FROM ${scope.events} AS e`),
  );
  const examples = (
    await ws.rows(`
      SELECT e.event, count(*) AS n FROM ${scope.events} AS e
      WHERE regexp_matches(e.event, ${ID_IN_NAME})
      GROUP BY e.event ORDER BY n DESC, e.event LIMIT 10`)
  ).map((r) => text(r.event) ?? '');
  const names = num(row.names);
  const missing = num(row.missing);
  const withIds = num(row.with_ids);
  const tooMany = names > MAX_EVENT_NAMES;
  const parts = [`${plural(names, 'distinct event name')}`];
  if (withIds > 0)
    parts.push(`${formatCount(withIds)} look like they contain an id (e.g. ${listSome(examples, 3)})`);
  if (missing > 0) parts.push(`${plural(missing, 'event')} without a name`);
  return {
    id: 'event_name_cardinality',
    severity: tooMany || missing > 0 ? 'warning' : 'info',
    value: names,
    message: parts.join('; '),
    hint: tooMany
      ? `More than ${formatCount(MAX_EVENT_NAMES)} names usually means ids or URLs are part of the name: move them into properties and keep the name generic (e.g. "view_product").`
      : 'Event names look like a fixed vocabulary.',
    details: { names, missing, withIds, examples },
  };
}

/** Names that differ only in case, spaces, underscores or dashes, with their event counts. */
export interface NameGroup {
  /** The shared form: lower case without spaces, underscores or dashes. */
  key: string;
  names: { name: string; events: number }[];
  events: number;
}

/**
 * `near_duplicate_names`: groups of event names that become equal after lower-casing and removing
 * spaces, underscores and dashes (`Purchase`, `purchase`, `purchase_`). Value: the number of groups;
 * details: `groups` (largest first, at most 50; names by events, most first). Warning when any: each
 * group is probably one event split by tracking-plan drift, so counts and funnels undercount it.
 */
export async function nearDuplicateNamesCheck({ ws, scope }: AuditContext): Promise<Finding> {
  const rows = await ws.rows(`
    WITH names AS (
      SELECT e.event AS name, count(*) AS events FROM ${scope.events} AS e
      WHERE e.event IS NOT NULL AND e.event <> '' GROUP BY e.event
    ),
    keyed AS (SELECT lower(regexp_replace(name, '[\\s_\\-]+', '', 'g')) AS key, name, events FROM names)
    SELECT key,
           list({'name': name, 'events': CAST(events AS DOUBLE)} ORDER BY events DESC, name) AS names,
           CAST(sum(events) AS DOUBLE) AS events,
           count(*) OVER () AS groups
    FROM keyed WHERE key <> ''
    GROUP BY key HAVING count(*) > 1
    ORDER BY events DESC, key
    LIMIT ${MAX_GROUPS_LISTED}`);
  const groups: NameGroup[] = rows.map((r) => ({
    key: text(r.key) ?? '',
    names: list(r.names).map((n) => {
      const entry = n !== null && typeof n === 'object' && !Array.isArray(n) ? n : {};
      return { name: text(entry.name) ?? '', events: num(entry.events) };
    }),
    events: num(r.events),
  }));
  const total = num(firstRow(rows).groups);
  const described = groups.map((g) => g.names.map((n) => n.name).join(' / '));
  return {
    id: 'near_duplicate_names',
    severity: total > 0 ? 'warning' : 'info',
    value: total,
    message:
      total === 0
        ? 'No event names differ only in case, spaces, underscores or dashes'
        : `${plural(total, 'group')} of event names differ only in case, spaces, underscores or dashes: ${listSome(described, 3)}`,
    hint:
      total === 0
        ? 'Event names are consistent.'
        : 'Each group is probably one event: map its names to one name on import (or fix the tracking plan) so counts and funnels see them together.',
    details: { groups },
  };
}
