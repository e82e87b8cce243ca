import type { Output } from '../../api/EngineClient.ts';
import { palette } from '../../charts/Plot.tsx';

/** A saved segmentation as `segments.get` returns it. */
export type Segmentation = Output<'segments.get'>;
export type Catalog = Output<'segments.features'>;
export type Profile = Segmentation['profiles'][number];
export type Contrast = Profile['contrasts'][number];

/** DBSCAN's noise label. */
export const NOISE = -1;

/** Grey is kept for noise (as control is grey elsewhere); segments take the other Okabe–Ito colours in order. */
const segmentPalette = palette.filter((c) => c !== '#999999');

/** The colour of a segment, the same in every chart and card. */
export function segmentColor(segment: number): string {
  if (segment === NOISE) return '#999999';
  return segmentPalette[segment % segmentPalette.length] ?? '#0072B2';
}

/** Feature name → the catalog's label (or the name itself for a feature the catalog no longer offers). */
export type Labeller = (feature: string) => string;

export function labeller(catalog: Catalog | null): Labeller {
  const labels = new Map(catalog?.features.map((f) => [f.name, f.label]) ?? []);
  return (feature) => labels.get(feature) ?? prettify(feature);
}

/** `event_share:Page Viewed` → `Share of “Page Viewed”`, `session_minutes` → `Session minutes`. */
function prettify(name: string): string {
  const [kind, value] = name.split(':', 2);
  if (value !== undefined && kind === 'event_share') return `Share of “${value}”`;
  if (value !== undefined && kind?.endsWith('_share')) return `${kind.replace(/_share$/, '')}: ${value}`;
  const words = name.replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** A contrast's feature as words: the feature's label, with the level for a categorical one. */
export const contrastLabel = (c: Pick<Contrast, 'feature' | 'level'>, label: Labeller): string =>
  c.level === null ? label(c.feature) : `${label(c.feature)} = ${c.level}`;

/** A signed number with a true minus sign: 1.52 → "+1.5", −0.4 → "−0.4". */
export function signed(value: number, digits = 1): string {
  const text = Math.abs(value).toFixed(digits);
  if (Number(text) === 0) return text;
  return `${value < 0 ? '−' : '+'}${text}`;
}

/** A value as precise as it deserves: shares as percentages, small numbers with two decimals. */
export function value(v: number | null, isShare: boolean): string {
  if (v === null) return '—';
  if (isShare) return `${(v * 100).toFixed(1)}%`;
  const a = Math.abs(v);
  if (a >= 1000) return Math.round(v).toLocaleString('en-US');
  if (a >= 100) return v.toFixed(0);
  if (a >= 10) return v.toFixed(1);
  return v.toFixed(2);
}

/** Whether a contrast's means are shares (a categorical level or a `…_share` feature). */
export const isShare = (c: Contrast): boolean => c.level !== null || /share/.test(c.feature);

/** "+1.5 sd Discounted purchases — 42.0% vs 12.3% overall". */
export function contrastInWords(c: Contrast, label: Labeller): string {
  const share = isShare(c);
  const d = c.difference === null ? '' : `${signed(c.difference)} sd `;
  return `${d}${contrastLabel(c, label)} — ${value(c.mean, share)} vs ${value(c.overallMean, share)} overall`;
}

export const percent = (share: number, digits = 1): string => `${(share * 100).toFixed(digits)}%`;

export const algoNames: Record<Segmentation['clustering']['algo'], string> = {
  kmeans: 'K-Means',
  gmm: 'Gaussian mixture',
  dbscan: 'DBSCAN',
  hierarchical: 'Hierarchical',
};

/** Kaufman & Rousseeuw's reading of an average silhouette width. */
export function silhouetteReading(s: number): string {
  if (s > 0.7) return 'strong structure';
  if (s > 0.5) return 'reasonable structure';
  if (s > 0.25) return 'weak structure, possibly artificial';
  return 'no substantial structure (the groups overlap)';
}

/** Stability of the whole partition by its mean adjusted Rand index over bootstrap resamples. */
export function stabilityReading(ari: number): string {
  if (ari >= 0.9) return 'very stable';
  if (ari >= 0.75) return 'stable';
  if (ari >= 0.6) return 'moderately stable';
  return 'unstable';
}

/** What the stability reading means for the analyst. */
export function stabilityMeaning(ari: number): string {
  if (ari >= 0.75) return 'resampled users mostly land in the same segments';
  if (ari >= 0.6) return 'some segments shift between resamples';
  return 'the segments change a lot between resamples';
}

/** Hennig (2007): Jaccard ≤ 0.5 dissolved, 0.6–0.75 a pattern but doubtful, ≥ 0.75 stable, ≥ 0.85 highly stable. */
export function jaccardReading(j: number): string {
  if (j >= 0.85) return 'highly stable';
  if (j >= 0.75) return 'stable';
  if (j >= 0.6) return 'a pattern, but doubtful';
  if (j > 0.5) return 'doubtful';
  return 'dissolves under resampling';
}

/** The segment name, for a segment number (noise included). */
export function nameOf(analysis: Segmentation, segment: number): string {
  return (
    analysis.profiles.find((p) => p.segment === segment)?.name ??
    (segment === NOISE ? 'Noise' : `Segment ${segment}`)
  );
}

/**
 * Segment names made unique for chart axes (a category axis merges equal labels): a repeated
 * name gets its segment number, "Fashion browsers (#3)".
 */
export function axisNames(profiles: readonly Profile[]): string[] {
  const seen = new Map<string, number>();
  for (const p of profiles) seen.set(p.name, (seen.get(p.name) ?? 0) + 1);
  return profiles.map((p) => ((seen.get(p.name) ?? 0) > 1 ? `${p.name} (#${p.segment})` : p.name));
}
