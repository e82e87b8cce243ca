import type { Workspace } from '../store/Workspace.ts';
import { ColumnSql } from './columns.ts';
import { mappedText, suggestMapping, userSynonyms, type Mapping, type UserField } from './mapping.ts';
import { lineOf, noReaderRejects, readerRejects, storeRejects, tooManyRejects } from './rejects.ts';
import { runWatched, type QueryWatch } from './runQuery.ts';
import { MappingError } from './shapes.ts';
import type { Source } from './source.ts';
import { detectTimestampPlan, timestampFromText } from './timestamps.ts';
import { RetryImport } from './retry.ts';
import { upsertUsers } from './users.ts';

export interface UserCounts {
  readonly rowsIn: number;
  readonly imported: number;
  readonly rejected: number;
  readonly duplicates: number;
  readonly mapping: Mapping<UserField>;
}

/**
 * Imports a profile table into `users`: the user id and typed demographics by mapping, every other
 * column into `traits`. A user listed twice keeps the later row. Profile tables are small, so the
 * rows are staged with their row numbers, which gives exact reject lines.
 */
export async function importUsersFile(
  ws: Workspace,
  source: Source,
  given: Mapping<UserField>,
  importId: number,
  maxRejects: number,
  watch: QueryWatch,
): Promise<UserCounts> {
  const c = new ColumnSql(source.columns);
  const mapping = suggestMapping(c, userSynonyms, given);
  if (!mapping.user_id) throw new MappingError('no user id column found: map one with --map user_id=COLUMN');
  const text = (f: UserField) => mappedText(mapping[f], c);
  const used = new Set(Object.values(mapping).flatMap((v) => (v?.kind === 'column' ? [v.column] : [])));
  const rejectsTable =
    source.file.format === 'csv' || source.file.format === 'tsv'
      ? `engage_rejects_${importId}_${Date.now()}`
      : undefined;
  const from = source.sql({ rejectsTable });
  const signup = mapping.signup_at
    ? timestampFromText(text('signup_at'), await detectTimestampPlan(ws, from, text('signup_at')))
    : 'NULL::TIMESTAMPTZ';
  const stage = `engage_users_stage_${importId}`;
  await runWatched(
    ws,
    `CREATE OR REPLACE TEMP TABLE ${stage} AS
     SELECT row_number() OVER () AS rn, ${text('user_id')} AS user_id, TRY_CAST(${text('age')} AS DOUBLE) AS age,
       ${text('gender')} AS gender, ${text('country')} AS country, ${text('city')} AS city, ${text('device')} AS device,
       ${text('plan')} AS plan, ${signup} AS signup_at,
       ${c.objectOf(c.columns.map((col) => col.name).filter((n) => !used.has(n)))} AS traits,
       CAST(to_json(src) AS VARCHAR) AS raw
     FROM ${from} AS src`,
    watch,
  );
  try {
    const reader = rejectsTable ? await readerRejects(ws, rejectsTable, maxRejects + 1) : noReaderRejects;
    if (reader.invalidUnicode && source.encoding === 'utf-8') throw new RetryImport('latin-1');
    if (reader.longLines && !source.longLines) throw new RetryImport('long-lines');
    const counts = await ws.rows(
      `SELECT count(*) AS n, count(user_id) AS valid, count(DISTINCT user_id) AS d FROM ${stage}`,
    );
    const n = Number(counts[0]?.n ?? 0);
    const valid = Number(counts[0]?.valid ?? 0);
    const missing = await ws.rows(
      `SELECT rn, raw FROM ${stage} WHERE user_id IS NULL ORDER BY rn LIMIT ${maxRejects + 1}`,
    );
    const skipped = reader.first.map((r) => r.line);
    const located = missing.map((r) => {
      const line = lineOf(Number(r.rn), source.linesBeforeData, skipped);
      const column = mapping.user_id?.kind === 'column' ? mapping.user_id.column : 'user_id';
      return { line, column, reason: 'missing user id', raw: (r.raw as string | null) ?? null };
    });
    const rejects = [...reader.first, ...located].sort((x, y) => x.line - y.line);
    const rejected = reader.count + (n - valid);
    if (rejected > maxRejects) throw tooManyRejects(source.file.path, rejected, rejects[0]);
    const imported = await upsertUsers(
      ws,
      `SELECT * EXCLUDE (rn, raw) FROM ${stage} WHERE user_id IS NOT NULL QUALIFY row_number() OVER (PARTITION BY user_id ORDER BY rn DESC) = 1`,
      importId,
    );
    await storeRejects(ws, importId, rejects);
    return {
      rowsIn: n + reader.count,
      imported,
      rejected,
      duplicates: valid - Number(counts[0]?.d ?? 0),
      mapping,
    };
  } finally {
    await ws.run(`DROP TABLE IF EXISTS temp.${stage}`);
    if (rejectsTable)
      await ws.run(
        `DROP TABLE IF EXISTS temp."${rejectsTable}"; DROP TABLE IF EXISTS temp."${rejectsTable}_scan"`,
      );
  }
}
