import type { ColumnData } from '../store/Workspace.ts';
import { nameSegments } from './naming.ts';

/** One feature of one segment against everyone clustered. */
export interface FeatureContrast {
  readonly feature: string;
  /** For a categorical feature, the level (`country=DE`); null for numeric features. */
  readonly level: string | null;
  readonly mean: number | null;
  readonly median: number | null;
  readonly overallMean: number | null;
  readonly overallMedian: number | null;
  /**
   * Standardised difference: (segment mean − overall mean) / overall standard deviation; for a
   * level of a categorical feature, (p − p₀) / √(p₀(1 − p₀)) on its share. Null when undefined.
   */
  readonly difference: number | null;
}

export interface SegmentProfile {
  /** Cluster label (−1 is DBSCAN's noise). */
  readonly segment: number;
  readonly name: string;
  readonly size: number;
  readonly share: number;
  readonly contrasts: FeatureContrast[];
  /** The contrasts with the largest |difference|, strongest first (at most 5, |d| ≥ 0.2). */
  readonly top: FeatureContrast[];
}

/**
 * Profiles of each segment on the raw (untransformed) features: size and share, each feature's
 * mean and median against the overall, the standardised difference, the most distinguishing
 * features, and a descriptive name. `rows[i]` is the feature-table row that `labels[i]` belongs to.
 */
export function profileSegments(
  columns: readonly ColumnData[],
  rows: ArrayLike<number>,
  labels: ArrayLike<number>,
): SegmentProfile[] {
  const n = labels.length;
  const segments = [...new Set(Array.from(labels))].sort((a, b) => (a === -1 ? 1 : b === -1 ? -1 : a - b));
  const members = new Map(segments.map((s) => [s, [] as number[]]));
  for (let i = 0; i < n; i++) members.get(labels[i] as number)!.push(rows[i] as number);
  const everyone = Array.from(rows);

  const profiles = segments.map((segment) => {
    const mine = members.get(segment)!;
    const contrasts = columns.flatMap((c) =>
      c.kind === 'numeric'
        ? [numericContrast(c.name, c.values, mine, everyone)]
        : categoricalContrasts(c, mine, everyone),
    );
    const top = contrasts
      .filter((c) => c.difference !== null && Math.abs(c.difference) >= 0.2)
      .sort((a, b) => Math.abs(b.difference!) - Math.abs(a.difference!))
      .slice(0, 5);
    return { segment, name: '', size: mine.length, share: n > 0 ? mine.length / n : 0, contrasts, top };
  });
  const names = nameSegments(profiles);
  return profiles.map((p, i) => ({ ...p, name: names[i]! }));
}

function numericContrast(
  feature: string,
  values: Float64Array,
  mine: number[],
  everyone: number[],
): FeatureContrast {
  const seg = finite(values, mine);
  const all = finite(values, everyone);
  const overallMean = mean(all);
  const sd = standardDeviation(all, overallMean);
  const m = mean(seg);
  return {
    feature,
    level: null,
    mean: m,
    median: median(seg),
    overallMean,
    overallMedian: median(all),
    difference: m !== null && overallMean !== null && sd !== null && sd > 0 ? (m - overallMean) / sd : null,
  };
}

/** One contrast per level: its share in the segment against its share overall. */
function categoricalContrasts(
  c: Extract<ColumnData, { kind: 'text' }>,
  mine: number[],
  everyone: number[],
): FeatureContrast[] {
  const overall = shares(c.values, everyone);
  const seg = shares(c.values, mine);
  return [...overall.entries()]
    .sort((a, b) => b[1] - a[1])
    .map(([level, p0]) => {
      const p = seg.get(level) ?? 0;
      const sd = Math.sqrt(p0 * (1 - p0));
      return {
        feature: c.name,
        level,
        mean: p,
        median: null,
        overallMean: p0,
        overallMedian: null,
        difference: sd > 0 ? (p - p0) / sd : null,
      };
    });
}

function shares(values: (string | null)[], rows: number[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const r of rows) {
    const v = values[r] ?? '(missing)';
    counts.set(v, (counts.get(v) ?? 0) + 1);
  }
  for (const [k, v] of counts) counts.set(k, v / rows.length);
  return counts;
}

function finite(values: Float64Array, rows: number[]): Float64Array {
  const out = new Float64Array(rows.length);
  let k = 0;
  for (const r of rows) {
    const v = values[r] as number;
    if (Number.isFinite(v)) out[k++] = v;
  }
  return out.subarray(0, k);
}

function mean(xs: Float64Array): number | null {
  if (xs.length === 0) return null;
  let s = 0;
  for (const x of xs) s += x;
  return s / xs.length;
}

function standardDeviation(xs: Float64Array, m: number | null): number | null {
  if (m === null || xs.length < 2) return null;
  let s = 0;
  for (const x of xs) s += (x - m) * (x - m);
  return Math.sqrt(s / (xs.length - 1));
}

function median(xs: Float64Array): number | null {
  if (xs.length === 0) return null;
  const s = Float64Array.from(xs).sort();
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}
