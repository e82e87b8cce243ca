import type { RatioMoments } from '../analysis/stats/delta.ts';
import type { Row } from '../store/Workspace.ts';
import { asText } from '../store/jsonSafe.ts';
import { ExperimentInputError } from './errors.ts';
import type { UnitSource } from './unitSource.ts';

/**
 * Everything the statistics need, computed in DuckDB in a handful of scans: unit counts and
 * exclusions, per-metric checks, per-arm sufficient statistics, per-cell statistics for factorial
 * designs, and exposures per day. Nothing per unit leaves DuckDB.
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

const num = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));

async function one(src: UnitSource, sql: string): Promise<Row> {
  return (await src.ws.rows(sql))[0] ?? {};
}

/** The units the analysis keeps: one row per unit, in exactly one variant. */
async function cleanRelation(src: UnitSource): Promise<{ clean: string; units: Aggregates['units'] }> {
  const rel = src.relation;
  if (src.perUnit) {
    const r = await one(
      src,
      `SELECT count(*) AS total, count(*) FILTER (WHERE nvariants > 1) AS multi, count(*) FILTER (WHERE variant IS NULL) AS nov FROM ${rel}`,
    );
    return {
      clean: `(SELECT * FROM ${rel} WHERE nvariants = 1 AND variant IS NOT NULL)`,
      units: {
        total: num(r.total),
        multiVariant: num(r.multi),
        missingVariant: num(r.nov),
        duplicateRows: 0,
        missingUnit: 0,
      },
    };
  }
  // Only units with more than one row can be in several variants: find those first (one hash
  // aggregation over the unit ids), then drop rows by row number, keeping each unit's first row.
  await src.ws.run(
    `CREATE OR REPLACE TEMP TABLE exp_dups AS SELECT unit, count(*) AS rows, count(DISTINCT variant) AS nv FROM ${rel} WHERE unit IS NOT NULL GROUP BY unit HAVING count(*) > 1`,
  );
  const d = await one(
    src,
    `SELECT count(*) AS units, coalesce(sum(rows - 1), 0) AS extra, count(*) FILTER (WHERE nv > 1) AS multi FROM exp_dups`,
  );
  const r = await one(
    src,
    `SELECT count(*) AS rows, count(*) FILTER (WHERE unit IS NULL) AS nounit, count(*) FILTER (WHERE variant IS NULL AND unit IS NOT NULL) AS nov FROM ${rel}`,
  );
  const units = {
    total: num(r.rows) - num(r.nounit) - num(d.extra),
    multiVariant: num(d.multi),
    missingVariant: num(r.nov),
    duplicateRows: num(d.extra),
    missingUnit: num(r.nounit),
  };
  const keep = 'unit IS NOT NULL AND variant IS NOT NULL';
  if (num(d.units) === 0) return { clean: `(SELECT * FROM ${rel} WHERE ${keep})`, units };
  await src.ws.run(`CREATE OR REPLACE TEMP TABLE exp_drop AS
    SELECT _row FROM (
      SELECT r._row, d.nv, row_number() OVER (PARTITION BY r.unit ORDER BY r.t NULLS LAST, r._row) AS k
      FROM ${rel} r JOIN exp_dups d ON d.unit = r.unit)
    WHERE nv > 1 OR k > 1`);
  return { clean: `(SELECT * FROM ${rel} WHERE ${keep} AND _row NOT IN (SELECT _row FROM exp_drop))`, units };
}

/** Checks every metric (NaN, binary or not, missing) and finds winsorisation caps. */
async function profileMetrics(
  src: UnitSource,
  clean: string,
  winsorize: number | undefined,
): Promise<MetricInfo[]> {
  const parts: string[] = ['count(*) AS n'];
  src.metrics.forEach((m, i) => {
    const cols = m.ratio ? [`m${i}_num`, `m${i}_den`] : [`m${i}`];
    parts.push(
      `count(*) FILTER (WHERE ${cols.map((c) => `${c} IS NULL`).join(' OR ')}) AS miss${i}`,
      `count(*) FILTER (WHERE ${cols.map((c) => `isnan(${c}) OR isinf(${c})`).join(' OR ')}) AS nan${i}`,
    );
    if (!m.ratio) {
      parts.push(`bool_and(m${i} IN (0, 1)) AS bin${i}`);
      if (winsorize !== undefined)
        parts.push(`quantile_cont(m${i}, ${winsorize / 100}) FILTER (WHERE NOT isnan(m${i})) AS cap${i}`);
    }
  });
  const r = await one(src, `SELECT ${parts.join(', ')} FROM ${clean}`);
  const infos: MetricInfo[] = [];
  for (const [i, m] of src.metrics.entries()) {
    const bad = num(r[`nan${i}`]);
    if (bad > 0) {
      const cols = m.ratio ? [`m${i}_num`, `m${i}_den`] : [`m${i}`];
      const example = await one(
        src,
        `SELECT unit FROM ${clean} WHERE ${cols.map((c) => `isnan(${c}) OR isinf(${c})`).join(' OR ')} LIMIT 1`,
      );
      throw new ExperimentInputError(
        `${src.label}: metric "${m.spec}" has ${bad} NaN or infinite value${bad === 1 ? '' : 's'} (first at ${src.unitColumn} ${asText(example.unit)}); fix or filter them`,
      );
    }
    const missing = num(r[`miss${i}`]);
    if (missing === num(r.n))
      throw new ExperimentInputError(`${src.label}: metric "${m.spec}" has no values for any unit`);
    const binary = m.ratio ? false : (m.binaryHint ?? r[`bin${i}`] === true);
    const cap = r[`cap${i}`];
    infos.push({
      binary,
      missing,
      winsor:
        !binary && !m.ratio && winsorize !== undefined && cap !== null && cap !== undefined
          ? { percentile: winsorize, cap: Number(cap), capped: 0 }
          : null,
    });
  }
  return infos;
}

/** The metric's value with its cap applied. */
function valueOf(i: number, info: MetricInfo): string {
  return info.winsor ? `least(m${i}, ${info.winsor.cap})` : `m${i}`;
}

async function armAggregates(
  src: UnitSource,
  clean: string,
  infos: MetricInfo[],
): Promise<{ arms: ArmAggregate[]; capped: number[] }> {
  const parts: string[] = ['variant', 'count(*) AS n'];
  const hasCov = await hasColumn(src, 'cov');
  src.metrics.forEach((m, i) => {
    if (m.ratio) {
      const both = `m${i}_num IS NOT NULL AND m${i}_den IS NOT NULL`;
      parts.push(
        `count(*) FILTER (WHERE ${both}) AS n${i}`,
        `sum(m${i}_num) FILTER (WHERE ${both}) AS x${i}`,
        `sum(m${i}_den) FILTER (WHERE ${both}) AS y${i}`,
        `sum(m${i}_num * m${i}_num) FILTER (WHERE ${both}) AS xx${i}`,
        `sum(m${i}_den * m${i}_den) FILTER (WHERE ${both}) AS yy${i}`,
        `sum(m${i}_num * m${i}_den) FILTER (WHERE ${both}) AS xy${i}`,
      );
      return;
    }
    const info = infos[i]!;
    const v = valueOf(i, info);
    parts.push(`count(m${i}) AS n${i}`, `sum(${v}) AS s${i}`, `sum(${v} * ${v}) AS q${i}`);
    if (info.winsor) parts.push(`count(*) FILTER (WHERE m${i} > ${info.winsor.cap}) AS c${i}`);
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
  const rows = await src.ws.rows(
    `SELECT ${parts.join(', ')} FROM ${clean} GROUP BY variant ORDER BY variant`,
  );
  const capped = src.metrics.map(() => 0);
  const arms = rows.map((r): ArmAggregate => ({
    variant: asText(r.variant),
    n: num(r.n),
    values: src.metrics.map((m, i) => {
      if (m.ratio)
        return {
          n: num(r[`n${i}`]),
          sumX: num(r[`x${i}`]),
          sumY: num(r[`y${i}`]),
          sumXX: num(r[`xx${i}`]),
          sumYY: num(r[`yy${i}`]),
          sumXY: num(r[`xy${i}`]),
        };
      capped[i] = (capped[i] ?? 0) + num(r[`c${i}`]);
      return {
        n: num(r[`n${i}`]),
        sum: num(r[`s${i}`]),
        sumSq: num(r[`q${i}`]),
        sumX: num(r[`sx${i}`]),
        sumXX: num(r[`sxx${i}`]),
        sumXY: num(r[`sxy${i}`]),
      };
    }),
    covariates: src.covariates.map((_c, k) => ({
      n: num(r[`cvn${k}`]),
      sum: num(r[`cvs${k}`]),
      sumSq: num(r[`cvq${k}`]),
    })),
  }));
  return { arms, capped };
}

async function hasColumn(src: UnitSource, column: string): Promise<boolean> {
  const described = await src.ws.rows(`DESCRIBE SELECT * FROM ${src.relation}`);
  return described.some((d) => d.column_name === column);
}

async function cellAggregates(
  src: UnitSource,
  clean: string,
  factors: number,
  infos: MetricInfo[],
): Promise<CellAggregate[]> {
  const keys = Array.from({ length: factors }, (_x, i) => `f${i}`);
  const parts = [...keys, 'count(*) AS n'];
  src.metrics.forEach((m, i) => {
    if (m.ratio) return;
    const v = valueOf(i, infos[i]!);
    parts.push(`count(m${i}) AS n${i}`, `sum(${v}) AS s${i}`, `sum(${v} * ${v}) AS q${i}`);
  });
  const rows = await src.ws.rows(
    `SELECT ${parts.join(', ')} FROM ${clean} WHERE ${keys.map((k) => `${k} IS NOT NULL`).join(' AND ')} GROUP BY ALL ORDER BY ALL`,
  );
  return rows.map((r) => ({
    levels: keys.map((k) => asText(r[k])),
    n: num(r.n),
    values: src.metrics.map((_m, i) => ({
      n: num(r[`n${i}`]),
      sum: num(r[`s${i}`]),
      sumSq: num(r[`q${i}`]),
    })),
  }));
}

async function exposuresPerDay(src: UnitSource, clean: string): Promise<Aggregates['balance']> {
  if (!src.hasTime) return [];
  const rows = await src.ws.rows(
    `SELECT strftime(t AT TIME ZONE 'UTC', '%Y-%m-%d') AS day, variant, count(*) AS n FROM ${clean} WHERE t IS NOT NULL GROUP BY ALL ORDER BY ALL LIMIT 20000`,
  );
  return rows.map((r) => ({ day: asText(r.day), variant: asText(r.variant), n: num(r.n) }));
}

export async function aggregate(
  src: UnitSource,
  options: { factors: number; winsorize: number | undefined },
): Promise<Aggregates> {
  const { clean, units } = await cleanRelation(src);
  const infos = await profileMetrics(src, clean, options.winsorize);
  const { arms, capped } = await armAggregates(src, clean, infos);
  const metrics = infos.map((info, i) =>
    info.winsor ? { ...info, winsor: { ...info.winsor, capped: capped[i] ?? 0 } } : info,
  );
  const cells = options.factors > 0 ? await cellAggregates(src, clean, options.factors, metrics) : null;
  const balance = await exposuresPerDay(src, clean);
  return { units, metrics, arms, cells, balance };
}
