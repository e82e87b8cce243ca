import type { Workspace } from '../store/Workspace.ts';
import { countDuplicates, inspectNewRows } from './duplicates.ts';
import {
  invalidEvent,
  locateEventRejects,
  noReaderRejects,
  readerRejects,
  storeRejects,
  tooManyRejects,
} from './rejects.ts';
import { runWatched, type QueryWatch } from './runQuery.ts';
import type { EventExprs } from './shapes.ts';
import type { Source } from './source.ts';
import { RetryImport, type EventCounts } from './retry.ts';

export type { EventCounts } from './retry.ts';

export interface EventAttempt {
  readonly ws: Workspace;
  readonly source: Source;
  readonly exprs: EventExprs;
  readonly importId: number;
  readonly maxRejects: number;
  /** JSON only: read past malformed lines (they become rejects) instead of failing. */
  readonly ignoreJsonErrors: boolean;
  /** Insert only valid, new rows: used when a first pass found many duplicates or rejects. */
  readonly filtered: boolean;
  readonly watch: QueryWatch;
  /** Columns inside --map expressions: a value that does not fit their type is a reject, not a retry. */
  readonly expressionColumns: readonly string[];
}

/** Above this share of unwanted rows, deleting them after the insert would leave dead space in the file. */
const DELETE_LIMIT = 0.01;

/**
 * Inserts one file's events in a single pass, then checks the new rows inside the same transaction:
 * rows the mapping rejects and rows whose event id is already present (in the workspace or earlier in
 * the file) are counted and removed. The caller owns the transaction; an error rolls everything back.
 */
export async function insertEvents(a: EventAttempt, known?: RetryImport): Promise<EventCounts> {
  const { ws, source, exprs: e, importId } = a;
  const rejectsTable =
    source.file.format === 'csv' || source.file.format === 'tsv'
      ? `engage_rejects_${importId}_${Date.now()}`
      : undefined;
  const from = source.sql({ rejectsTable, ignoreErrors: a.ignoreJsonErrors });
  const canonical = `SELECT ${e.eventId} AS event_id, ${e.userId} AS user_id, ${e.anonymousId} AS anonymous_id,
      ${e.event} AS event, ${e.ts} AS ts, ${e.sessionId} AS session_id, ${e.properties} AS properties,
      ${e.context} AS context, ${e.revenue} AS revenue FROM ${from} AS src`;
  const id = `coalesce(event_id, md5(concat_ws(chr(31), coalesce(user_id, anonymous_id, ''), coalesce(event, ''),
      coalesce(CAST(ts AS VARCHAR), ''), coalesce(CAST(properties AS VARCHAR), ''), coalesce(CAST(revenue AS VARCHAR), ''))))`;
  const select = `SELECT ${id} AS event_id, user_id, anonymous_id, event, ts, session_id, properties, context, revenue, ${importId} FROM (${canonical})`;

  if (a.filtered && known?.counts) {
    await runWatched(
      ws,
      `INSERT INTO events SELECT * FROM (${select}) AS n WHERE NOT (${invalidEvent})
         AND NOT EXISTS (SELECT 1 FROM events AS o WHERE o.event_id = n.event_id)
       QUALIFY row_number() OVER (PARTITION BY n.event_id) = 1`,
      a.watch,
    );
    await storeRejects(ws, importId, known.rejects);
    await dropTable(ws, rejectsTable);
    return known.counts;
  }

  let inserted: Record<string, unknown>[];
  try {
    inserted = await runWatched(ws, `INSERT INTO events ${select}`, a.watch);
  } catch (error) {
    const isJson = source.file.format === 'json' || source.file.format === 'ndjson';
    // A value that does not fit a natively read column's sniffed type: read the scalars as text.
    if (
      isJson &&
      /JSON transform error/i.test(String(error)) &&
      source.columns.some((c) => c.readAs === 'native')
    ) {
      throw new RetryImport('text-columns', [], undefined, 'all');
    }
    if (
      isJson &&
      !a.ignoreJsonErrors &&
      /Malformed JSON|invalid unicode|Invalid Input Error: JSON/i.test(String(error))
    ) {
      throw new RetryImport('ignore-json-errors');
    }
    throw error;
  }
  const insertedRows = Number(inserted[0]?.Count ?? 0);

  const reader = rejectsTable ? await readerRejects(ws, rejectsTable, a.maxRejects + 1) : noReaderRejects;
  if (reader.invalidUnicode && source.encoding === 'utf-8') throw new RetryImport('latin-1');
  if (reader.longLines && !source.longLines) throw new RetryImport('long-lines');
  const native = new Set(source.columns.filter((c) => c.readAs === 'native').map((c) => c.name));
  const misfits = reader.castColumns.filter((c) => native.has(c) && !a.expressionColumns.includes(c));
  if (misfits.length > 0) throw new RetryImport('text-columns', [], undefined, misfits);
  await dropTable(ws, rejectsTable);

  const inspected = await inspectNewRows(ws, importId);
  const invalid = inspected.invalid;
  const rejected = reader.count + invalid;
  const readerLines = reader.first.map((r) => r.line);
  if (rejected > a.maxRejects) {
    const located =
      invalid > 0 ? await locateEventRejects(ws, source, from, e, 1, readerLines, a.ignoreJsonErrors) : [];
    throw tooManyRejects(
      source.file.path,
      rejected,
      [...reader.first, ...located].sort((x, y) => x.line - y.line)[0],
    );
  }
  const rejects = [
    ...reader.first,
    ...(invalid > 0
      ? await locateEventRejects(ws, source, from, e, a.maxRejects, readerLines, a.ignoreJsonErrors)
      : []),
  ];

  const valid = inspected.valid;
  const duplicates = inspected.surelyUnique ? 0 : await countDuplicates(ws, importId, valid);
  const counts: EventCounts = {
    rowsIn: insertedRows + reader.count,
    imported: valid - duplicates,
    rejected,
    duplicates,
  };

  if (invalid + duplicates > Math.max(1000, DELETE_LIMIT * insertedRows))
    throw new RetryImport('filtered', rejects, counts);
  if (invalid > 0) await ws.run(`DELETE FROM events WHERE import_id = ${importId} AND (${invalidEvent})`);
  if (duplicates > 0) {
    await ws.run(
      `DELETE FROM events WHERE import_id = ${importId} AND rowid IN (
         SELECT rowid FROM (SELECT rowid, event_id, row_number() OVER (PARTITION BY event_id ORDER BY rowid) AS k
                              FROM events WHERE import_id = ${importId})
         WHERE k > 1 OR event_id IN (SELECT event_id FROM events WHERE import_id <> ${importId}))`,
    );
  }
  await storeRejects(ws, importId, rejects);
  return counts;
}

async function dropTable(ws: Workspace, table: string | undefined): Promise<void> {
  if (!table) return;
  await ws.run(`DROP TABLE IF EXISTS temp."${table}"; DROP TABLE IF EXISTS temp."${table}_scan"`);
}
