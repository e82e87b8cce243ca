import { PreprocessError } from './table.ts';

/** Levels kept by {@link oneHot} when no limit is given. */
export const DEFAULT_TOP_LEVELS = 10;

export interface OneHotResult {
  /** Feature names, `column=level` for each kept level, then `column=other` if any level was pooled. */
  readonly names: string[];
  /** The kept levels, most frequent first (ties in code-unit order of the level). */
  readonly levels: string[];
  /** Rows whose level was pooled into the "other" feature (0 when there is no such feature). */
  readonly otherRows: number;
  /** One 0/1 indicator column per name. */
  readonly columns: Float64Array[];
}

/**
 * One-hot (dummy) encoding of a categorical column without missing values: one 0/1 feature per
 * level for the `topLevels` most frequent levels, and one feature `column=other` for all the
 * remaining levels together (omitted when none remain). The order is deterministic: by
 * descending frequency, ties by level in code-unit order. If a kept level is itself called
 * "other", the pooled feature is named `column=(other)` instead.
 */
export function oneHot(
  name: string,
  values: readonly string[],
  topLevels = DEFAULT_TOP_LEVELS,
): OneHotResult {
  if (!Number.isInteger(topLevels) || topLevels < 1) {
    throw new PreprocessError(
      `column "${name}": topLevels must be a positive integer, got ${topLevels}`,
      name,
    );
  }
  const frequency = new Map<string, number>();
  values.forEach((v, row) => {
    if (typeof v !== 'string') {
      throw new PreprocessError(`column "${name}": row ${row} is ${String(v)}, not a string`, name, row);
    }
    frequency.set(v, (frequency.get(v) ?? 0) + 1);
  });
  const ranked = [...frequency].sort(([a, na], [b, nb]) => nb - na || (a < b ? -1 : a > b ? 1 : 0));
  const levels = ranked.slice(0, topLevels).map(([level]) => level);
  const pooled = ranked.length > levels.length;
  const index = new Map(levels.map((level, i) => [level, i]));
  const width = levels.length + (pooled ? 1 : 0);
  const columns = Array.from({ length: width }, () => new Float64Array(values.length));
  let otherRows = 0;
  values.forEach((v, row) => {
    const i = index.get(v);
    if (i === undefined) otherRows++;
    (columns[i ?? levels.length] as Float64Array)[row] = 1;
  });
  const names = levels.map((level) => `${name}=${level}`);
  if (pooled) names.push(`${name}=${index.has('other') ? '(other)' : 'other'}`);
  return { names, levels, otherRows, columns };
}
