import type { Matrix } from '../matrix.ts';
import { takeRows } from '../matrix.ts';
import { dbscan } from './dbscan.ts';
import { kneeOf } from './elbow.ts';
import { gaussianMixture, type CovarianceType } from './gmm.ts';
import { hierarchical, type LinkageMethod } from './hierarchical.ts';
import { dendrogram, type Dendrogram } from './linkageTree.ts';
import { kmeans } from './kmeans.ts';
import { calinskiHarabasz, daviesBouldin, silhouette } from './metrics.ts';
import type { LongWorkOptions } from './progressTicker.ts';

export type Algorithm = 'kmeans' | 'gmm' | 'dbscan' | 'hierarchical';
export const ALGORITHMS: readonly Algorithm[] = ['kmeans', 'gmm', 'dbscan', 'hierarchical'];

/** One clustering request: the algorithm, its parameters, and how to choose k. */
export interface ClusterSpec {
  readonly algo: Algorithm;
  /** A fixed k (not for DBSCAN). */
  readonly k?: number | undefined;
  /** Try every k in [from, to] and keep the best (silhouette; BIC for GMM). */
  readonly kRange?: readonly [number, number] | undefined;
  readonly seed?: number | undefined;
  readonly nInit?: number | undefined;
  readonly eps?: number | undefined;
  readonly minSamples?: number | undefined;
  readonly linkage?: LinkageMethod | undefined;
  readonly covariance?: CovarianceType | undefined;
  /** Rows for the silhouette: `'all'` exact, a number = sample size above it (default 10,000). */
  readonly silhouetteSample?: number | 'all' | undefined;
}

/** One k tried during selection. */
export interface SelectionPoint {
  readonly k: number;
  readonly inertia: number;
  readonly silhouette: number | null;
  readonly bic?: number;
}

export interface ClusterRun {
  readonly algo: Algorithm;
  readonly k: number;
  readonly labels: Int32Array;
  readonly iterations: number | null;
  /** Sum of squared distances of clustered rows to their cluster's mean, in the space clustered (noise excluded). */
  readonly inertia: number;
  readonly silhouette: number | null;
  readonly silhouetteSample: number | null;
  readonly silhouetteExact: boolean | null;
  /** Mean silhouette per cluster (indexed by label), for the silhouette chart. */
  readonly silhouettePerCluster: number[] | null;
  readonly daviesBouldin: number | null;
  readonly calinskiHarabasz: number | null;
  readonly bic?: number;
  readonly aic?: number;
  /** Rows per cluster, indexed by label; DBSCAN's noise is counted in `noise`. */
  readonly sizes: number[];
  readonly noise: number;
  readonly selection?: SelectionPoint[];
  /** The elbow of inertia over the k range (Kneedle), when a range was tried. */
  readonly knee?: number | null;
  /**
   * How the knee was found: `kneedle` (Satopää et al. 2011's threshold was met), or `chord` (a
   * weaker reading on short curves: the k farthest below the chord from the first to the last k).
   */
  readonly kneeMethod?: 'kneedle' | 'chord' | null;
  /** Hierarchical only: the top of the tree (last 30 merges), for the dendrogram chart. */
  readonly dendrogram?: Dendrogram;
  readonly notes: string[];
  readonly seconds: number;
}

/**
 * Runs one clustering on a prepared matrix and scores it: silhouette, Davies–Bouldin and
 * Calinski–Harabasz on the clustered rows (noise excluded), BIC and AIC for Gaussian mixtures.
 * With a k range every k is fitted; the kept k has the best silhouette (the lowest BIC for GMM),
 * and the inertia curve's knee is reported beside it so the analyst can overrule the choice.
 */
export async function runClustering(
  x: Matrix,
  spec: ClusterSpec,
  options: LongWorkOptions = {},
): Promise<ClusterRun> {
  const started = performance.now();
  const report = options.onProgress ?? (() => undefined);
  const ks = candidateKs(x, spec);
  const fits: { k: number; fit: Fit; score: Scores }[] = [];
  for (const [i, k] of ks.entries()) {
    const slice = (f: number, m: string) => report((i + f) / ks.length, ks.length > 1 ? `k = ${k}: ${m}` : m);
    const fit = await fitClusters(x, spec, k, {
      signal: options.signal,
      onProgress: (f, m) => slice(0.8 * f, m),
    });
    slice(0.8, 'scoring');
    const score = await scoreFit(x, fit, spec, options.signal);
    fits.push({ k, fit, score });
  }
  const best = pickBest(fits, spec.algo);
  report(1, 'done');
  const selection =
    ks.length > 1
      ? fits.map(({ k, fit, score }) => ({
          k,
          inertia: score.inertia,
          silhouette: score.silhouette?.score ?? null,
          ...(fit.bic === undefined ? {} : { bic: fit.bic }),
        }))
      : undefined;
  const { fit, score } = best;
  return {
    algo: spec.algo,
    k: fit.k,
    labels: fit.labels,
    iterations: fit.iterations,
    inertia: score.inertia,
    silhouette: score.silhouette?.score ?? null,
    silhouetteSample: score.silhouette?.sampleSize ?? null,
    silhouetteExact: score.silhouette?.exact ?? null,
    silhouettePerCluster: score.silhouette
      ? Array.from(score.silhouette.perCluster, (v) => (Number.isNaN(v) ? 0 : v))
      : null,
    daviesBouldin: score.daviesBouldin,
    calinskiHarabasz: score.calinskiHarabasz,
    ...(fit.bic === undefined ? {} : { bic: fit.bic, aic: fit.aic! }),
    sizes: score.sizes,
    noise: score.noise,
    ...(selection ? { selection, ...elbowOf(selection) } : {}),
    ...(fit.dendrogram ? { dendrogram: fit.dendrogram } : {}),
    notes: [...fit.notes, ...score.notes],
    seconds: (performance.now() - started) / 1000,
  };
}

export interface Fit {
  readonly k: number;
  readonly labels: Int32Array;
  readonly iterations: number | null;
  readonly bic?: number;
  readonly aic?: number;
  readonly dendrogram?: Dendrogram;
  readonly notes: string[];
}

interface Scores {
  readonly inertia: number;
  readonly silhouette: Awaited<ReturnType<typeof silhouette>> | null;
  readonly daviesBouldin: number | null;
  readonly calinskiHarabasz: number | null;
  readonly sizes: number[];
  readonly noise: number;
  readonly notes: string[];
}

function candidateKs(x: Matrix, spec: ClusterSpec): number[] {
  if (spec.algo === 'dbscan') {
    if (spec.eps === undefined)
      throw new RangeError('DBSCAN needs --eps (see the k-distance plot to choose it)');
    return [0];
  }
  if (spec.kRange) {
    const [a, b] = spec.kRange;
    if (!Number.isInteger(a) || !Number.isInteger(b) || a < 2 || b < a) {
      throw new RangeError(`k range ${a}..${b}: give two whole numbers 2 ≤ A ≤ B`);
    }
    if (b > x.rows - 1)
      throw new RangeError(
        `k range ${a}..${b}: k = ${b} needs at least ${b + 1} rows, the data has ${x.rows}`,
      );
    return Array.from({ length: b - a + 1 }, (_, i) => a + i);
  }
  const k = spec.k ?? 3;
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`k = ${k}: give a whole number ≥ 1`);
  if (k > x.rows) throw new RangeError(`k = ${k} is more than the ${x.rows} rows to cluster`);
  return [k];
}

/** Fits the algorithm once with a given k (ignored by DBSCAN), without scoring: labels and the fit's own figures. */
export async function fitClusters(
  x: Matrix,
  spec: ClusterSpec,
  k: number,
  work: LongWorkOptions = {},
): Promise<Fit> {
  const seed = spec.seed ?? 0;
  switch (spec.algo) {
    case 'kmeans': {
      const r = await kmeans(x, { k, seed, nInit: spec.nInit ?? 4, ...work });
      return { k, labels: r.labels, iterations: r.iterations, notes: [] };
    }
    case 'gmm': {
      const r = await gaussianMixture(x, {
        k,
        seed,
        nInit: spec.nInit ?? 1,
        covariance: spec.covariance ?? 'full',
        ...work,
      });
      const notes = r.converged ? [] : [`EM did not converge in ${r.iterations} iterations`];
      return { k, labels: r.labels, iterations: r.iterations, bic: r.bic, aic: r.aic, notes };
    }
    case 'dbscan': {
      const r = await dbscan(x, { eps: spec.eps!, minSamples: spec.minSamples ?? 5, ...work });
      if (r.clusters === 0) {
        throw new RangeError(
          `DBSCAN with eps ${spec.eps} and min samples ${spec.minSamples ?? 5} found no cluster: every row is noise; raise eps (the k-distance plot suggests one) or lower min samples`,
        );
      }
      return { k: r.clusters, labels: r.labels, iterations: null, notes: [] };
    }
    case 'hierarchical': {
      const r = await hierarchical(x, { k, seed, linkage: spec.linkage ?? 'ward', ...work });
      return {
        k,
        labels: r.labels,
        iterations: null,
        dendrogram: dendrogram(r.linkage, 30),
        notes: r.note ? [r.note] : [],
      };
    }
  }
}

async function scoreFit(x: Matrix, fit: Fit, spec: ClusterSpec, signal?: AbortSignal): Promise<Scores> {
  const clustered: number[] = [];
  for (let i = 0; i < fit.labels.length; i++) if ((fit.labels[i] as number) >= 0) clustered.push(i);
  const noise = fit.labels.length - clustered.length;
  const sizes = new Array<number>(fit.k).fill(0);
  for (const i of clustered) sizes[fit.labels[i] as number]!++;
  const inertia = inertiaOf(x, fit.labels, fit.k);
  const clusters = sizes.filter((s) => s > 0).length;
  if (clusters < 2 || clusters > clustered.length - 1) {
    return {
      inertia,
      silhouette: null,
      daviesBouldin: null,
      calinskiHarabasz: null,
      sizes,
      noise,
      notes: [`validity scores need 2 to n − 1 clusters; found ${clusters}`],
    };
  }
  const sil = await silhouette(x, fit.labels, {
    sample: spec.silhouetteSample ?? 10_000,
    seed: spec.seed ?? 0,
    ...(signal ? { signal } : {}),
  });
  const kept = noise > 0 ? takeRows(x, clustered) : x;
  const keptLabels = noise > 0 ? Int32Array.from(clustered, (i) => fit.labels[i] as number) : fit.labels;
  return {
    inertia,
    silhouette: sil,
    daviesBouldin: daviesBouldin(kept, keptLabels),
    calinskiHarabasz: calinskiHarabasz(kept, keptLabels),
    sizes,
    noise,
    notes: sil.exact
      ? []
      : [`silhouette on a seeded sample of ${sil.sampleSize} of ${clustered.length} rows`],
  };
}

/** The elbow of inertia over k: Kneedle when it finds one, else the point farthest below the chord. */
function elbowOf(selection: SelectionPoint[]): {
  knee: number | null;
  kneeMethod: 'kneedle' | 'chord' | null;
} {
  const ks = selection.map((s) => s.k);
  const inertias = selection.map((s) => s.inertia);
  const kneedle = kneeOf(ks, inertias);
  if (kneedle !== null) return { knee: kneedle, kneeMethod: 'kneedle' };
  if (selection.length < 3) return { knee: null, kneeMethod: null };
  const [k0, k1] = [ks[0]!, ks[ks.length - 1]!];
  const [i0, i1] = [inertias[0]!, inertias[inertias.length - 1]!];
  if (!(i0 > i1)) return { knee: null, kneeMethod: null };
  let best = -1;
  let bestGap = 0;
  // On the curve normalised to [0, 1]², the gap between the chord and the point.
  for (let j = 1; j < ks.length - 1; j++) {
    const x = (ks[j]! - k0) / (k1 - k0);
    const y = (inertias[j]! - i1) / (i0 - i1);
    const gap = 1 - x - y;
    if (gap > bestGap) {
      bestGap = gap;
      best = j;
    }
  }
  return best > 0 ? { knee: ks[best]!, kneeMethod: 'chord' } : { knee: null, kneeMethod: null };
}

/** Sum of squared distances of each clustered row to its cluster's mean (noise rows left out). */
export function inertiaOf(x: Matrix, labels: Int32Array, k: number): number {
  const d = x.cols;
  const sums = new Float64Array(k * d);
  const counts = new Float64Array(k);
  for (let i = 0; i < x.rows; i++) {
    const c = labels[i] as number;
    if (c < 0) continue;
    counts[c]!++;
    for (let j = 0; j < d; j++) sums[c * d + j]! += x.data[i * d + j] as number;
  }
  for (let c = 0; c < k; c++)
    for (let j = 0; j < d; j++) sums[c * d + j]! /= Math.max(1, counts[c] as number);
  let total = 0;
  for (let i = 0; i < x.rows; i++) {
    const c = labels[i] as number;
    if (c < 0) continue;
    for (let j = 0; j < d; j++) {
      const diff = (x.data[i * d + j] as number) - (sums[c * d + j] as number);
      total += diff * diff;
    }
  }
  return total;
}

function pickBest<T extends { fit: Fit; score: Scores }>(fits: T[], algo: Algorithm): T {
  const score = (f: T) =>
    algo === 'gmm' && f.fit.bic !== undefined ? -f.fit.bic : (f.score.silhouette?.score ?? -Infinity);
  return fits.reduce((best, f) => (score(f) > score(best) ? f : best));
}
