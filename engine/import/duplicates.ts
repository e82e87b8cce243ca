import type { Workspace } from '../store/Workspace.ts';
import { invalidEvent } from './rejects.ts';

export interface NewRows {
  /** Rows of the import that the mapping rejects. */
  readonly invalid: number;
  /** Rows that are valid. */
  readonly valid: number;
  /** Whether the valid rows' event ids are certainly distinct and new to the workspace. */
  readonly surelyUnique: boolean;
}

/**
 * One scan over the rows of import `importId`: how many are invalid, how many valid, and whether the
 * valid ones' ids are certainly distinct and new. Distinctness is settled by counting distinct
 * 64-bit hashes of the ids: as many distinct hashes as rows proves the ids distinct (a collision can
 * only make us look closer, never miss a duplicate).
 */
export async function inspectNewRows(ws: Workspace, importId: number): Promise<NewRows> {
  const others = Number(await ws.value(`SELECT count(*) FROM events WHERE import_id <> ${importId}`));
  // Distinct hashes over all the new rows: ids unique among all are unique among the valid ones,
  // and the aggregate needs no per-row filter.
  const r = await ws.rows(
    `SELECT count(*) AS n, count(*) FILTER (${invalidEvent}) AS invalid, count(DISTINCT hash(event_id)) AS hashes
       FROM events WHERE import_id = ${importId}`,
  );
  const n = Number(r[0]?.n ?? 0);
  const invalid = Number(r[0]?.invalid ?? 0);
  return { invalid, valid: n - invalid, surelyUnique: others === 0 && Number(r[0]?.hashes) === n };
}

/** Valid rows of import `importId` whose event id came earlier in the file or is already in the workspace. */
export async function countDuplicates(ws: Workspace, importId: number, valid: number): Promise<number> {
  const mine = `events WHERE import_id = ${importId} AND NOT (${invalidEvent})`;
  const r = await ws.rows(
    `SELECT count(DISTINCT event_id) AS d,
       (SELECT count(DISTINCT o.event_id) FROM events AS o
         WHERE o.import_id <> ${importId} AND o.event_id IN (SELECT event_id FROM ${mine})) AS old
     FROM ${mine}`,
  );
  return valid - (Number(r[0]?.d ?? 0) - Number(r[0]?.old ?? 0));
}
