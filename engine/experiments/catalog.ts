import { openDataFile } from '../store/dataFile.ts';
import { ident, literal } from '../store/sql.ts';
import type { Workspace } from '../store/Workspace.ts';
import { asText } from '../store/jsonSafe.ts';
import { ExperimentInputError } from './errors.ts';

/** What the Experiments view offers to choose from: the workspace's experiments, a file's columns. */

const NUMERIC =
  /^(DOUBLE|FLOAT|REAL|DECIMAL.*|TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|BOOLEAN)$/;
/** Properties that identify the experiment rather than vary within it. */
const IDENTITY = new Set(['experiment_id', 'experiment_name']);

export async function listExperiments(ws: Workspace) {
  const rows = await ws.rows(`
    WITH v AS (
      SELECT coalesce(user_id, anonymous_id) AS unit, ts, properties,
             coalesce(json_extract_string(properties, '$.experiment_id'), json_extract_string(properties, '$.experiment_name')) AS experiment,
             json_extract_string(properties, '$.experiment_name') AS name,
             coalesce(json_extract_string(properties, '$.variant_id'), json_extract_string(properties, '$.variant'), json_extract_string(properties, '$.variation_id')) AS variant
      FROM events WHERE event = 'Experiment Viewed')
    SELECT experiment, any_value(name) AS name, count(DISTINCT unit) AS units,
           strftime(min(ts) AT TIME ZONE 'UTC', '%Y-%m-%d') AS first, strftime(max(ts) AT TIME ZONE 'UTC', '%Y-%m-%d') AS last,
           (SELECT list(DISTINCT k ORDER BY k) FROM (SELECT unnest(json_keys(any_value(properties))) AS k)) AS properties,
           list(DISTINCT variant) AS variant_names
    FROM v WHERE experiment IS NOT NULL GROUP BY experiment ORDER BY units DESC LIMIT 200`);
  const out = [];
  for (const r of rows) {
    const experiment = asText(r.experiment);
    const variants = await ws.rows(
      `SELECT coalesce(json_extract_string(properties, '$.variant_id'), json_extract_string(properties, '$.variant'), json_extract_string(properties, '$.variation_id')) AS variant,
              count(DISTINCT coalesce(user_id, anonymous_id)) AS units
       FROM events WHERE event = 'Experiment Viewed'
         AND coalesce(json_extract_string(properties, '$.experiment_id'), json_extract_string(properties, '$.experiment_name')) = ${literal(experiment)}
       GROUP BY 1 ORDER BY 1`,
    );
    const properties = (Array.isArray(r.properties) ? r.properties : [])
      .map(String)
      .filter((p) => !IDENTITY.has(p));
    // Every property's values with their units, so any property can serve as the variant.
    const valueRows = await ws.rows(
      `SELECT k, json_extract_string(properties, '$."' || k || '"') AS v, count(DISTINCT unit) AS units
       FROM (SELECT coalesce(user_id, anonymous_id) AS unit, properties, unnest(json_keys(properties)) AS k
             FROM events WHERE event = 'Experiment Viewed'
               AND coalesce(json_extract_string(properties, '$.experiment_id'), json_extract_string(properties, '$.experiment_name')) = ${literal(experiment)})
       WHERE k NOT IN ('experiment_id', 'experiment_name')
       GROUP BY k, v ORDER BY k, units DESC, v`,
    );
    const values: Record<string, { value: string; units: number }[]> = {};
    for (const v of valueRows) {
      if (v.v === null) continue;
      const list = (values[asText(v.k)] ??= []);
      if (list.length < 50) list.push({ value: asText(v.v), units: Number(v.units) });
    }
    out.push({
      experiment,
      name: r.name === null ? null : asText(r.name),
      units: Number(r.units),
      variants: variants
        .filter((v) => v.variant !== null)
        .map((v) => ({ name: asText(v.variant), units: Number(v.units) })),
      properties,
      values,
      first: asText(r.first),
      last: asText(r.last),
    });
  }
  return out;
}

export async function inspectFile(path: string) {
  const file = await openDataFile(path, (message) => new ExperimentInputError(message));
  try {
    // Parsed once: every column below is profiled from the same in-memory copy.
    await file.ws.run(`CREATE TEMP TABLE inspected AS SELECT * FROM ${file.reader}`);
    const rows = Number(await file.ws.value('SELECT count(*) FROM inspected'));
    const columns = [];
    for (const [name, type] of file.types) {
      const c = ident(name);
      const stats = (
        await file.ws.rows(
          `SELECT approx_count_distinct(${c}) AS distinct, bool_and(CAST(${c} AS VARCHAR) IN ('0', '1', 'true', 'false')) AS binary FROM inspected`,
        )
      )[0]!;
      const distinct = Number(stats.distinct);
      const values =
        distinct <= 50
          ? await file.ws.rows(
              `SELECT CAST(${c} AS VARCHAR) AS value, count(*) AS n FROM inspected GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 20`,
            )
          : [];
      columns.push({
        name,
        type,
        distinct,
        numeric: NUMERIC.test(type),
        binary: NUMERIC.test(type) && stats.binary === true,
        values: values.map((v) => ({
          value: v.value === null ? '(empty)' : asText(v.value),
          n: Number(v.n),
        })),
      });
    }
    return { path, rows, columns };
  } finally {
    file.ws.close();
  }
}
