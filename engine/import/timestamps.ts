import type { Workspace } from '../store/Workspace.ts';
import { literal } from '../store/sql.ts';

/**
 * How a timestamp column is parsed. Every plan also accepts ISO 8601 (with or without a zone; no zone
 * means UTC) and numbers as Unix epochs whose unit follows from their size: below 1e11 seconds, below
 * 1e14 milliseconds, below 1e17 microseconds, else nanoseconds.
 */
export interface TimestampPlan {
  /** Eight-digit numbers are calendar dates (`19970101`), not epochs. */
  readonly yyyymmdd: boolean;
  /** strptime formats tried in order after ISO, e.g. `%d/%m/%Y %H:%M`. */
  readonly formats: readonly string[];
  /** Said to the analyst, e.g. "day-first dates (DD/MM/YYYY)". */
  readonly note?: string;
  /** The sampled values were all ISO text: try that first (numbers still parse, after it). */
  readonly isoFirst?: boolean;
}

export const isoPlan: TimestampPlan = { yyyymmdd: false, formats: [] };

const DAY_FIRST = ['%d/%m/%Y %H:%M:%S', '%d/%m/%Y %H:%M', '%d/%m/%Y', '%d/%m/%y %H:%M', '%d/%m/%y'];
const MONTH_FIRST = ['%m/%d/%Y %H:%M:%S', '%m/%d/%Y %H:%M', '%m/%d/%Y', '%m/%d/%y %H:%M', '%m/%d/%y'];
const OTHER = [
  '%d.%m.%Y %H:%M:%S',
  '%d.%m.%Y %H:%M',
  '%d.%m.%Y',
  '%Y/%m/%d %H:%M:%S',
  '%Y/%m/%d',
  '%d-%m-%Y %H:%M:%S',
  '%d-%m-%Y',
  '%d %b %Y %H:%M:%S',
  '%d %b %Y',
  '%b %d %Y %H:%M:%S',
  '%a, %d %b %Y %H:%M:%S GMT',
];

/** SQL for a TIMESTAMPTZ parsed from the text expression `text` under `plan`; NULL when unparseable. */
export function timestampFromText(text: string, plan: TimestampPlan): string {
  const number = `TRY_CAST(${text} AS DOUBLE)`;
  // Whole numbers take an exact integer path: a double cannot hold nanoseconds since 1970.
  const epoch = `CASE WHEN strpos(${text}, '.') = 0 AND TRY_CAST(${text} AS BIGINT) IS NOT NULL
      THEN ${epochIntegerToTimestamp(`TRY_CAST(${text} AS BIGINT)`)} ELSE ${epochToTimestamp(number)} END`;
  const fromNumber = plan.yyyymmdd
    ? `CASE WHEN length(${text}) = 8 THEN try_strptime(${text}, '%Y%m%d')::TIMESTAMPTZ ELSE ${epoch} END`
    : epoch;
  const formats = plan.formats.length
    ? `, try_strptime(${text}, [${plan.formats.map(literal).join(', ')}])::TIMESTAMPTZ`
    : '';
  if (plan.isoFirst) {
    return `coalesce(TRY_CAST(${text} AS TIMESTAMPTZ), CASE WHEN ${number} IS NOT NULL THEN ${fromNumber} END${formats})`;
  }
  return `CASE WHEN ${number} IS NOT NULL THEN ${fromNumber} ELSE coalesce(TRY_CAST(${text} AS TIMESTAMPTZ)${formats}) END`;
}

/** SQL for a TIMESTAMPTZ from a numeric epoch expression, the unit chosen by magnitude. */
export function epochToTimestamp(number: string): string {
  return `(CASE WHEN abs(${number}) < 1e11 THEN make_timestamp(CAST(round(${number} * 1e6) AS BIGINT))
    WHEN abs(${number}) < 1e14 THEN make_timestamp(CAST(round(${number} * 1e3) AS BIGINT))
    WHEN abs(${number}) < 1e17 THEN make_timestamp(CAST(${number} AS BIGINT))
    ELSE make_timestamp(CAST(${number} / 1e3 AS BIGINT)) END)::TIMESTAMPTZ`;
}

/** SQL for a TIMESTAMPTZ from a whole-number epoch expression (BIGINT), exact to the microsecond. */
export function epochIntegerToTimestamp(integer: string): string {
  return `(CASE WHEN abs(${integer}) < 100000000000 THEN make_timestamp(${integer} * 1000000)
    WHEN abs(${integer}) < 100000000000000 THEN make_timestamp(${integer} * 1000)
    WHEN abs(${integer}) < 100000000000000000 THEN make_timestamp(${integer})
    ELSE make_timestamp(${integer} // 1000) END)::TIMESTAMPTZ`;
}

/** SQL for a TIMESTAMPTZ from a column of a native (Parquet) type. */
export function timestampFromNative(column: string, type: string): string {
  if (/^TIMESTAMP|^DATE$/.test(type)) return `CAST(${column} AS TIMESTAMPTZ)`;
  if (/INT/.test(type)) return epochIntegerToTimestamp(`CAST(${column} AS BIGINT)`);
  if (/DOUBLE|FLOAT|DECIMAL/.test(type)) return epochToTimestamp(`CAST(${column} AS DOUBLE)`);
  return timestampFromText(`CAST(${column} AS VARCHAR)`, isoPlan);
}

/**
 * Chooses a plan from the column's values: tries ISO and epochs first, then common local formats.
 * Slash dates that read both ways (`01/02/2024`) are settled over the whole column: a first field
 * above 12 means day-first, a second field above 12 month-first; if neither, month-first is assumed
 * and said in the plan's note.
 */
export async function detectTimestampPlan(ws: Workspace, from: string, text: string): Promise<TimestampPlan> {
  const sample = `(SELECT ${text} AS t FROM ${from} WHERE ${text} IS NOT NULL LIMIT 2000)`;
  const stats = await ws.rows(
    `SELECT count(*) AS n,
            count(*) FILTER (TRY_CAST(t AS DOUBLE) IS NOT NULL) AS numeric,
            count(*) FILTER (regexp_full_match(t, '(19|20)\\d\\d(0[1-9]|1[0-2])(0[1-9]|[12]\\d|3[01])')) AS yyyymmdd,
            count(*) FILTER (TRY_CAST(t AS DOUBLE) IS NULL AND TRY_CAST(t AS TIMESTAMPTZ) IS NOT NULL) AS iso
       FROM ${sample}`,
  );
  const s = stats[0] ?? {};
  const n = Number(s.n ?? 0);
  if (n === 0) return isoPlan;
  if (Number(s.yyyymmdd) === n) return { yyyymmdd: true, formats: [], note: 'dates as YYYYMMDD' };
  if (Number(s.iso) === n) return { ...isoPlan, isoFirst: true };
  if (Number(s.numeric) + Number(s.iso) === n) return isoPlan;

  const rest = `(SELECT t FROM ${sample} WHERE TRY_CAST(t AS DOUBLE) IS NULL AND TRY_CAST(t AS TIMESTAMPTZ) IS NULL)`;
  const fits = async (formats: readonly string[]): Promise<boolean> =>
    Number(
      await ws.value(
        `SELECT count(*) FILTER (try_strptime(t, [${formats.map(literal).join(', ')}]) IS NULL) FROM ${rest}`,
      ),
    ) === 0;
  const dayFirst = await fits(DAY_FIRST);
  const monthFirst = await fits(MONTH_FIRST);
  if (dayFirst && monthFirst) {
    const fields = await ws.rows(
      `SELECT max(TRY_CAST(split_part(${text}, '/', 1) AS INTEGER)) AS a, max(TRY_CAST(split_part(${text}, '/', 2) AS INTEGER)) AS b FROM ${from}`,
    );
    const a = Number(fields[0]?.a ?? 0);
    const b = Number(fields[0]?.b ?? 0);
    if (a > 12) return { yyyymmdd: false, formats: DAY_FIRST, note: 'day-first dates (DD/MM/YYYY)' };
    if (b > 12) return { yyyymmdd: false, formats: MONTH_FIRST, note: 'month-first dates (MM/DD/YYYY)' };
    return {
      yyyymmdd: false,
      formats: MONTH_FIRST,
      note: 'ambiguous slash dates: no day above 12, month-first (MM/DD/YYYY) assumed',
    };
  }
  if (dayFirst) return { yyyymmdd: false, formats: DAY_FIRST, note: 'day-first dates (DD/MM/YYYY)' };
  if (monthFirst) return { yyyymmdd: false, formats: MONTH_FIRST, note: 'month-first dates (MM/DD/YYYY)' };
  for (const format of OTHER) {
    if (await fits([format])) return { yyyymmdd: false, formats: [format], note: `dates as ${format}` };
  }
  return isoPlan;
}
