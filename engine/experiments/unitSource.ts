import type { Workspace } from '../store/Workspace.ts';

/** A metric as the source exposes it: column `m{i}`, or `m{i}_num` / `m{i}_den` for a ratio. */
export interface MetricColumn {
  /** As the analyst wrote it (the result's `metric`). */
  readonly spec: string;
  /** For sentences: "7-day Order Completed conversion", "retention_7". */
  readonly label: string;
  readonly ratio: boolean;
  /** True when the source knows the metric is 0/1 (a boolean column, a conversion); null: look at the values. */
  readonly binaryHint: boolean | null;
}

/**
 * Units of an experiment as one SQL relation on `ws`, with columns
 *   _row (file order), unit, variant, f0, f1 (factors), t (exposure time or NULL),
 *   m0 … (metrics) or m{i}_num / m{i}_den (ratio metrics), cov (CUPED covariate), cv0 … (covariates),
 * and, for per-unit sources, `nvariants` (how many variants the unit was seen in).
 */
export interface UnitSource {
  readonly ws: Workspace;
  readonly relation: string;
  /** File name or experiment id, for messages. */
  readonly label: string;
  readonly unitColumn: string;
  readonly metrics: readonly MetricColumn[];
  readonly covariates: readonly string[];
  readonly hasTime: boolean;
  /** Already one row per unit (workspace experiments): duplicates need no search. */
  readonly perUnit: boolean;
  /** Each row is a unit (a file without an id column): nothing can repeat. */
  readonly rowsAreUnits: boolean;
  close(): void;
}
