import type { RatioMoments } from '../analysis/stats/delta.ts';
import { asText } from '../store/jsonSafe.ts';
import type { Row } from '../store/Workspace.ts';
import { cleanUnits, num } from './cleanUnits.ts';
import { ExperimentInputError } from './errors.ts';
import type { UnitSource } from './unitSource.ts';

/**
 * Everything the statistics need, computed in DuckDB: after the duplicate search, one scan with
 * GROUPING SETS gives per-arm sums (and metric checks), per-cell sums for factorial designs and
 * exposures per day together. Winsorisation adds one scan for the caps. Nothing per unit leaves
 * DuckDB.
 */

export interface ValueSums {
  readonly n: number;
  readonly sum: number;
  readonly sumSq: number;
  /** CUPED: sums of the covariate X and of X², X·Y over the same units. */
  readonly sumX: number;
  readonly sumXX: number;
  readonly sumXY: number;
}
/** Per-unit numerator and denominator sums of a ratio metric. */
export type RatioSums = RatioMoments;
export interface ArmAggregate {
  readonly variant: string;
  readonly n: number;
  readonly values: (ValueSums | RatioSums)[];
  /** Balance covariates: n, sum, sumSq. */
  readonly covariates: { n: number; sum: number; sumSq: number }[];
}
export interface CellAggregate {
  readonly levels: string[];
  readonly n: number;
  readonly values: { n: number; sum: number; sumSq: number }[];
}
export interface MetricInfo {
  readonly binary: boolean;
  readonly missing: number;
  readonly winsor: { percentile: number; cap: number; capped: number } | null;
}
export interface Aggregates {
  readonly units: {
    total: number;
    multiVariant: number;
    missingVariant: number;
    duplicateRows: number;
    missingUnit: number;
  };
  readonly metrics: MetricInfo[];
  readonly arms: ArmAggregate[];
  readonly cells: CellAggregate[] | null;
  readonly balance: { day: string; variant: string; n: number }[];
}

const valueCols = (i: number, ratio: boolean) => (ratio ? [`m${i}_num`, `m${i}_den`] : [`m${i}`]);
const badValue = (cols: string[]) => cols.map((c) => `isnan(${c}) OR isinf(${c})`).join(' OR ');

/** Winsorisation caps (the percentile over all kept units) of the metrics that are not 0/1. */
async function caps(
  src: UnitSource,
  clean: string,
  percentile: number,
): Promise<{ caps: (number | null)[]; bad: number[] }> {
  const parts = src.metrics.flatMap((m, i) =>
    m.ratio
      ? []
      : [
          `bool_and(m${i} IN (0, 1)) AS bin${i}`,
          `count(*) FILTER (WHERE ${badValue([`m${i}`])}) AS bad${i}`,
          `quantile_cont(m${i}, ${percentile / 100}) FILTER (WHERE NOT (${badValue([`m${i}`])})) AS cap${i}`,
        ],
  );
  if (parts.length === 0) return { caps: src.metrics.map(() => null), bad: src.metrics.map(() => 0) };
  const r =
    (await src.ws.rows(`SELECT ${parts.join(', ')} FROM ${clean} WHERE variant IS NOT NULL`))[0] ?? {};
  // least(NaN, cap) is the cap, so a capped metric's NaNs are counted here, before they vanish.
  return {
    caps: src.metrics.map((m, i) => {
      if (m.ratio || m.binaryHint === true || r[`bin${i}`] === true) return null;
      const cap = r[`cap${i}`];
      return cap === null || cap === undefined ? null : Number(cap);
    }),
    bad: src.metrics.map((_m, i) => num(r[`bad${i}`])),
  };
}

/** The aggregates of one scan: metric checks and sums for a group of units. */
function sumsSql(src: UnitSource, capOf: (number | null)[], hasCov: boolean): string[] {
  const parts = ['count(*) AS n'];
  src.metrics.forEach((m, i) => {
    // No per-row checks here (they cost as much as the sums): a NaN or an infinity makes its sums
    // non-finite, missing values are n − count, and 0/1 metrics are told by their range (below).
    if (m.ratio) {
      const both = `m${i}_num IS NOT NULL AND m${i}_den IS NOT NULL`;
      parts.push(
        `count(*) FILTER (WHERE ${both}) AS n${i}`,
        ...[
          ['x', `m${i}_num`],
          ['y', `m${i}_den`],
          ['xx', `m${i}_num * m${i}_num`],
          ['yy', `m${i}_den * m${i}_den`],
          ['xy', `m${i}_num * m${i}_den`],
        ].map(([k, e]) => `sum(${e}) FILTER (WHERE ${both}) AS ${k}${i}`),
      );
      return;
    }
    const cap = capOf[i];
    const v = cap === null || cap === undefined ? `m${i}` : `least(m${i}, ${cap})`;
    if (m.binaryHint === null) parts.push(`min(m${i}) AS lo${i}`, `max(m${i}) AS hi${i}`);
    parts.push(`count(m${i}) AS n${i}`, `sum(${v}) AS s${i}`, `sum(${v} * ${v}) AS q${i}`);
    if (cap !== null && cap !== undefined) parts.push(`count(*) FILTER (WHERE m${i} > ${cap}) AS c${i}`);
    if (hasCov)
      parts.push(
        `sum(cov) FILTER (WHERE m${i} IS NOT NULL) AS sx${i}`,
        `sum(cov * cov) FILTER (WHERE m${i} IS NOT NULL) AS sxx${i}`,
        `sum(cov * ${v}) AS sxy${i}`,
      );
  });
  src.covariates.forEach((_c, k) =>
    parts.push(`count(cv${k}) AS cvn${k}`, `sum(cv${k}) AS cvs${k}`, `sum(cv${k} * cv${k}) AS cvq${k}`),
  );
  return parts;
}

function armOf(src: UnitSource, r: Row): ArmAggregate {
  return {
    variant: asText(r.variant),
    n: num(r.n),
    values: src.metrics.map((m, i) =>
      m.ratio
        ? {
            n: num(r[`n${i}`]),
            sumX: num(r[`x${i}`]),
            sumY: num(r[`y${i}`]),
            sumXX: num(r[`xx${i}`]),
            sumYY: num(r[`yy${i}`]),
            sumXY: num(r[`xy${i}`]),
          }
        : {
            n: num(r[`n${i}`]),
            sum: num(r[`s${i}`]),
            sumSq: num(r[`q${i}`]),
            sumX: num(r[`sx${i}`]),
            sumXX: num(r[`sxx${i}`]),
            sumXY: num(r[`sxy${i}`]),
          },
    ),
    covariates: src.covariates.map((_c, k) => ({
      n: num(r[`cvn${k}`]),
      sum: num(r[`cvs${k}`]),
      sumSq: num(r[`cvq${k}`]),
    })),
  };
}

/** Metric checks over the arms: NaN is an error; binary when every value is 0 or 1. */
async function metricInfos(
  src: UnitSource,
  clean: string,
  armRows: Row[],
  capOf: (number | null)[],
  badCounts: number[],
  percentile: number | undefined,
) {
  const infos: MetricInfo[] = [];
  for (const [i, m] of src.metrics.entries()) {
    const total = (key: string) => armRows.reduce((s, r) => s + num(r[key]), 0);
    const sums = m.ratio ? ['x', 'y', 'xx', 'yy', 'xy'] : ['s', 'q'];
    const nonFinite = armRows.some((r) => sums.some((k) => !Number.isFinite(num(r[`${k}${i}`]))));
    if (nonFinite || (capOf[i] !== null && capOf[i] !== undefined && badCounts[i]! > 0)) {
      const found = (
        await src.ws.rows(
          `SELECT count(*) AS bad, min(unit) AS unit FROM ${clean} WHERE variant IS NOT NULL AND (${badValue(valueCols(i, m.ratio))})`,
        )
      )[0];
      const bad = num(found?.bad);
      if (bad === 0)
        throw new ExperimentInputError(`${src.label}: metric "${m.spec}": its sums overflow a double`);
      throw new ExperimentInputError(
        `${src.label}: metric "${m.spec}" has ${bad} NaN or infinite value${bad === 1 ? '' : 's'} (e.g. at ${src.unitColumn} ${asText(found?.unit)}); fix or filter them`,
      );
    }
    const missing = total('n') - total(`n${i}`);
    if (missing === total('n'))
      throw new ExperimentInputError(`${src.label}: metric "${m.spec}" has no values for any unit`);
    // Values in [0, 1] whose squares sum to their sum are all 0 or 1 (each m − m² ≥ 0 there).
    const binary =
      !m.ratio &&
      (m.binaryHint ??
        armRows.every(
          (r) =>
            num(r[`n${i}`]) === 0 ||
            (num(r[`lo${i}`]) >= 0 && num(r[`hi${i}`]) <= 1 && num(r[`s${i}`]) === num(r[`q${i}`])),
        ));
    const cap = capOf[i];
    infos.push({
      binary,
      missing,
      winsor:
        cap === null || cap === undefined || percentile === undefined
          ? null
          : { percentile, cap, capped: total(`c${i}`) },
    });
  }
  return infos;
}

export async function aggregate(
  src: UnitSource,
  options: {
    factors: number;
    winsorize: number | undefined;
    /** The source has a `cov` column. */ cuped: boolean;
  },
): Promise<Aggregates> {
  const { clean, units } = await cleanUnits(src);
  const { caps: capOf, bad: badCounts } =
    options.winsorize === undefined
      ? { caps: src.metrics.map(() => null), bad: src.metrics.map(() => 0) }
      : await caps(src, clean, options.winsorize);
  const factorKeys = Array.from({ length: options.factors }, (_x, i) => `f${i}`);
  const sets = [
    '(variant)',
    ...(factorKeys.length ? [`(${factorKeys.join(', ')})`] : []),
    ...(src.hasTime ? ['(day, variant)'] : []),
  ];
  const keys = ['variant', ...factorKeys, ...(src.hasTime ? ['day'] : [])];
  const rows = await src.ws.rows(`
    SELECT ${keys.map((k) => `GROUPING(${k}) AS g_${k}`).join(', ')}, ${keys.join(', ')},
           ${sumsSql(src, capOf, options.cuped).join(', ')}
    FROM (SELECT *${src.hasTime ? `, strftime(t AT TIME ZONE 'UTC', '%Y-%m-%d') AS day` : ''} FROM ${clean})
    GROUP BY GROUPING SETS (${sets.join(', ')})`);
  const set = (r: Row, used: string[]) => keys.every((k) => (num(r[`g_${k}`]) === 0) === used.includes(k));
  const armRows = rows.filter((r) => set(r, ['variant']));
  const withVariant = armRows
    .filter((r) => r.variant !== null)
    .sort((a, b) => (asText(a.variant) < asText(b.variant) ? -1 : 1));
  const missingVariant = num(armRows.find((r) => r.variant === null)?.n);
  const metrics = await metricInfos(src, clean, withVariant, capOf, badCounts, options.winsorize);
  const cells = factorKeys.length
    ? rows
        .filter((r) => set(r, factorKeys) && factorKeys.every((k) => r[k] !== null))
        .map((r) => ({
          levels: factorKeys.map((k) => asText(r[k])),
          n: num(r.n),
          values: src.metrics.map((_m, i) => ({
            n: num(r[`n${i}`]),
            sum: num(r[`s${i}`]),
            sumSq: num(r[`q${i}`]),
          })),
        }))
        .sort((a, b) => (a.levels.join('\u0000') < b.levels.join('\u0000') ? -1 : 1))
    : null;
  const balance = rows
    .filter((r) => src.hasTime && set(r, ['day', 'variant']) && r.variant !== null && r.day !== null)
    .map((r) => ({ day: asText(r.day), variant: asText(r.variant), n: num(r.n) }))
    .sort((a, b) => (a.day === b.day ? (a.variant < b.variant ? -1 : 1) : a.day < b.day ? -1 : 1));
  const analysed = withVariant.reduce((s, r) => s + num(r.n), 0);
  return {
    units: { ...units, missingVariant, total: analysed + missingVariant + units.multiVariant },
    metrics,
    arms: withVariant.map((r) => armOf(src, r)),
    cells,
    balance,
  };
}
