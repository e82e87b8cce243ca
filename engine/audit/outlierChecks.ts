import { literal } from '../store/sql.ts';
import type { AuditContext } from './context.ts';
import { formatCount, listSome, plural } from './format.ts';
import type { Finding } from './types.ts';
import { firstRow, num, text } from './values.ts';

/** At most this many numeric property keys are checked (the most frequent in the sample). */
export const MAX_PROPERTY_KEYS = 20;
/** About this many events are sampled (by hash, reproducibly) to discover the numeric property keys. */
export const KEY_SAMPLE_ROWS = 20_000;
/** A key is numeric when at least this share of its non-null sampled values are JSON numbers. */
const NUMERIC_KEY_SHARE = 0.9;
/** Tukey's fences: values below Q1 − k·IQR or above Q3 + k·IQR are outliers. */
export const IQR_FENCE = 1.5;
/** Values whose z-score (distance from the mean in sample standard deviations) exceeds this are extreme. */
export const Z_LIMIT = 4;

/** Key names that look like identifiers: numeric, but their spread means nothing. */
const ID_LIKE = [/(^|[_\-.\s])id$/i, /[a-z0-9]Id$|ID$/];

/** Outlier counts of one numeric field, as in `details.fields`. */
export interface FieldOutliers {
  /** `revenue`, or `properties.<key>`. */
  field: string;
  /** Numeric values measured. */
  n: number;
  q1: number;
  q3: number;
  /** Tukey's fences: Q1 − 1.5·IQR and Q3 + 1.5·IQR (IQR = Q3 − Q1). */
  low: number;
  high: number;
  mean: number;
  /** Sample standard deviation. */
  sd: number;
  min: number;
  max: number;
  /** Values outside [low, high]. */
  iqrOutliers: number;
  /** Values with |x − mean| / sd > 4. */
  zOutliers: number;
}

/**
 * The numeric keys of `properties`, most frequent first, found in a sample of about 20,000 events.
 * The sample is chosen by a hash of each event's columns, so the same data always gives the same keys
 * (DuckDB's seeded reservoir sampling is not reproducible across threads).
 */
export async function numericPropertyKeys({ ws, scope, totals }: AuditContext): Promise<string[]> {
  const perMillion = Math.ceil((KEY_SAMPLE_ROWS / Math.max(totals.rows, 1)) * 1e6);
  const sampled =
    perMillion >= 1e6
      ? 'TRUE'
      : `hash(e.event_id, e.user_id, e.anonymous_id, e.event, e.ts) % 1000000 < ${perMillion}`;
  const rows = await ws.rows(`
    WITH sample AS (
      SELECT e.properties FROM ${scope.events} AS e
      WHERE ${sampled} AND e.properties IS NOT NULL AND json_type(e.properties) = 'OBJECT'
    ),
    entries AS (SELECT j.key, j.type FROM sample, json_each(sample.properties) AS j)
    SELECT key,
           count(*) FILTER (WHERE type IN ('BIGINT', 'UBIGINT', 'DOUBLE')) AS numeric,
           count(*) FILTER (WHERE type <> 'NULL') AS present
    FROM entries GROUP BY key
    HAVING numeric > 0 AND numeric >= ${NUMERIC_KEY_SHARE} * present
    ORDER BY numeric DESC, key`);
  return rows
    .map((r) => text(r.key) ?? '')
    .filter((key) => key !== '' && !ID_LIKE.some((re) => re.test(key)))
    .slice(0, MAX_PROPERTY_KEYS);
}

/**
 * `numeric_outliers`: for `revenue` and the numeric keys of `properties` (up to 20, discovered in a
 * sample of about 20,000 events; keys named like ids are skipped), counts values outside Tukey's fences
 * (Q1 − 1.5·IQR, Q3 + 1.5·IQR; quartiles by linear interpolation, DuckDB `quantile_cont`) and values
 * with |z| > 4 (z = (x − mean) / sample SD). Non-finite values are ignored. Value: the number of |z| > 4
 * values over all fields; details: `fields` ({@link FieldOutliers} each). Heavy tails make IQR outliers
 * common, so they alone are info; any |z| > 4 value warns, as it may be a test order or a unit mistake.
 */
export async function numericOutliersCheck(ctx: AuditContext): Promise<Finding> {
  const keys = await numericPropertyKeys(ctx);
  const fields = ['revenue', ...keys.map((k) => `properties.${k}`)];
  const row = firstRow(await ctx.ws.rows(outlierSql(ctx.scope.events, keys)));
  const measured: FieldOutliers[] = fields
    .map((field, i) => ({
      field,
      n: num(row[`n${i}`]),
      q1: num(row[`q1_${i}`]),
      q3: num(row[`q3_${i}`]),
      low: num(row[`low${i}`]),
      high: num(row[`high${i}`]),
      mean: num(row[`mean${i}`]),
      sd: num(row[`sd${i}`]),
      min: num(row[`min${i}`]),
      max: num(row[`max${i}`]),
      iqrOutliers: num(row[`iqr${i}`]),
      zOutliers: num(row[`z${i}`]),
    }))
    .filter((f) => f.n > 0);
  const zTotal = measured.reduce((sum, f) => sum + f.zOutliers, 0);
  const iqrTotal = measured.reduce((sum, f) => sum + f.iqrOutliers, 0);
  const details = { fields: measured, keysChecked: keys };
  if (measured.length === 0) {
    return {
      id: 'numeric_outliers',
      severity: 'info',
      value: 0,
      message: 'No numeric values to check (no revenue and no numeric property)',
      hint: 'Map a revenue column on import if the events carry amounts.',
      details,
    };
  }
  const withOutliers = measured.filter((f) => f.iqrOutliers > 0 || f.zOutliers > 0);
  const described = withOutliers.map(
    (f) =>
      `${f.field}: ${formatCount(f.iqrOutliers)} outside [${round(f.low)}, ${round(f.high)}], ` +
      `${formatCount(f.zOutliers)} with |z| > ${Z_LIMIT}`,
  );
  return {
    id: 'numeric_outliers',
    severity: zTotal > 0 ? 'warning' : 'info',
    value: zTotal,
    message:
      withOutliers.length === 0
        ? `No outliers in ${plural(measured.length, 'numeric field')}`
        : `${plural(iqrTotal, 'value')} outside the IQR fences and ${formatCount(zTotal)} with |z| > ${Z_LIMIT} ` +
          `in ${plural(measured.length, 'numeric field')} (${listSome(described, 3)})`,
    hint:
      zTotal > 0
        ? 'Look at the most extreme values (details.fields has min and max): test orders, amounts in cents instead of units, or sentinel values like 999999 distort means and totals; exclude or fix them.'
        : 'Values outside the IQR fences are normal for long-tailed amounts; prefer medians to means for these fields.',
    details,
  };
}

/**
 * One query, two passes: the fields as columns `f0` (revenue), `f1`… (property keys, each JSON object
 * parsed once per row), then per field the quartiles, mean and SD, then the counts outside the fences.
 */
function outlierSql(events: string, keys: readonly string[]): string {
  const numeric = (x: string): string => `CASE WHEN isfinite(${x}) THEN ${x} END`;
  const paths = keys.map((key) => literal(`$.${JSON.stringify(key)}`));
  const props = keys.map(
    (_, i) =>
      `CASE WHEN json_type(j[${i + 1}]) IN ('BIGINT', 'UBIGINT', 'DOUBLE')
            THEN ${numeric(`TRY_CAST(j[${i + 1}] AS DOUBLE)`)} END AS f${i + 1}`,
  );
  const source =
    keys.length === 0
      ? `(SELECT e.revenue FROM ${events} AS e)`
      : `(SELECT e.revenue, json_extract(e.properties, [${paths.join(', ')}]) AS j FROM ${events} AS e)`;
  const indexes = [0, ...keys.map((_, i) => i + 1)];
  const stats = indexes.map(
    (i) =>
      `count(f${i}) AS n${i}, quantile_cont(f${i}, 0.25) AS q1_${i}, quantile_cont(f${i}, 0.75) AS q3_${i},
       avg(f${i}) AS mean${i}, coalesce(stddev_samp(f${i}), 0) AS sd${i}, min(f${i}) AS min${i}, max(f${i}) AS max${i}`,
  );
  const fences = indexes.map(
    (i) =>
      `q1_${i} - ${IQR_FENCE} * (q3_${i} - q1_${i}) AS low${i}, q3_${i} + ${IQR_FENCE} * (q3_${i} - q1_${i}) AS high${i}`,
  );
  const counts = indexes.map(
    (i) =>
      `count(*) FILTER (WHERE f${i} < low${i} OR f${i} > high${i}) AS iqr${i},
       count(*) FILTER (WHERE sd${i} > 0 AND abs(f${i} - mean${i}) / sd${i} > ${Z_LIMIT}) AS z${i}`,
  );
  return `
    WITH wide AS MATERIALIZED (SELECT ${[`${numeric('revenue')} AS f0`, ...props].join(',\n ')} FROM ${source}),
    stats AS (SELECT ${stats.join(',\n ')} FROM wide),
    fenced AS MATERIALIZED (SELECT *, ${fences.join(',\n ')} FROM stats),
    counts AS (SELECT ${counts.join(',\n ')} FROM wide, fenced)
    SELECT * FROM fenced, counts`;
}

function round(x: number): string {
  return formatCount(Math.round(x * 100) / 100);
}
