import { fitClusters, runClustering, type ClusterRun } from '../analysis/cluster/clusterRun.ts';
import { kDistance } from '../analysis/cluster/dbscan.ts';
import { bootstrapStability } from '../analysis/cluster/stability.ts';
import { pca } from '../analysis/pca.ts';
import { preprocess, type ColumnRecipe, type Preprocessed } from '../analysis/preprocess/index.ts';
import type { Workspace } from '../store/Workspace.ts';
import { discoverFeatures, SegmentInputError, type FeatureCatalog } from './discover.ts';
import { buildFeatureTable, type FeatureTable } from './features.ts';
import { profileSegments, type SegmentProfile } from './profiles.ts';
import { completeRecipe, type SegmentRecipe } from './recipe.ts';
import { saveSegmentation } from './store.ts';

export interface SegmentationResult {
  readonly analysisId: string;
  readonly name: string;
  readonly recipe: SegmentRecipe;
  readonly users: number;
  readonly features: string[];
  /** Matrix columns after encoding (one-hot levels) and the scaling of each. */
  readonly matrixFeatures: string[];
  readonly preprocessing: Preprocessed['report'];
  readonly pca: {
    readonly explainedVarianceRatio: number[];
    /** Loadings of the first two components on each matrix feature (for the biplot and the scree). */
    readonly loadings: { readonly feature: string; readonly pc1: number; readonly pc2: number }[];
    /** Components the clustering ran on, or null when it ran on the features themselves. */
    readonly clusteredOn: number | null;
  };
  readonly clustering: Omit<ClusterRun, 'labels'>;
  readonly stability: {
    readonly resamples: number;
    readonly meanAri: number;
    readonly sdAri: number;
    readonly perClusterJaccard: (number | null)[];
  } | null;
  readonly profiles: SegmentProfile[];
  readonly window: FeatureCatalog['window'];
  readonly seconds: number;
}

export interface RunOptions {
  readonly onProgress?: (fraction: number, message: string) => void;
  readonly signal?: AbortSignal;
  /** Save the analysis, labels and profiles in the workspace (default true). */
  readonly save?: boolean;
}

/**
 * Segments the workspace's users by a recipe: per-user features in DuckDB, preprocessing, optional
 * PCA, clustering with validity scores, bootstrap stability, profiles with names; then saves the
 * recipe, the summary and every user's segment. The same recipe on the same data gives the same
 * result (every random choice derives from `seed`).
 */
export async function runSegmentation(
  ws: Workspace,
  input: SegmentRecipe,
  options: RunOptions = {},
): Promise<SegmentationResult> {
  const started = performance.now();
  const report = options.onProgress ?? (() => undefined);
  const { signal } = options;
  const stopQuery = () => ws.interrupt();
  signal?.addEventListener('abort', stopQuery);
  try {
    const recipe = completeRecipe(input);
    const { catalog, table, features, prepared, projection, x, clusteredOn } = await prepareSegmentMatrix(
      ws,
      recipe,
      report,
      signal,
    );

    const spec = { ...recipe, kRange: recipe.kRange };
    const clustering = await runClustering(x, spec, {
      ...(signal ? { signal } : {}),
      onProgress: (f, m) => report(0.32 + 0.45 * f, m),
    });
    const stability = await stabilityOf(x, clustering, recipe, signal, (f) =>
      report(0.77 + 0.15 * f, `Checking stability (${Math.round(100 * f)}%)`),
    );

    report(0.93, 'Profiling the segments');
    const profiles = profileSegments(table.columns, prepared.rowIndex, clustering.labels);
    const { labels, ...scores } = clustering;
    const result: SegmentationResult = {
      analysisId: '',
      name:
        recipe.name ?? `${recipe.algo} k = ${clustering.k} (${catalog.window.from} – ${catalog.window.to})`,
      recipe: { ...recipe, features },
      users: prepared.rowIndex.length,
      features,
      matrixFeatures: prepared.featureNames,
      preprocessing: prepared.report,
      pca: {
        explainedVarianceRatio: Array.from(projection.explainedVarianceRatio),
        loadings: prepared.featureNames.map((feature, j) => ({
          feature,
          pc1: projection.components.data[j] ?? 0,
          pc2:
            projection.components.cols > 0 && projection.components.rows > 1
              ? (projection.components.data[projection.components.cols + j] ?? 0)
              : 0,
        })),
        clusteredOn,
      },
      clustering: scores,
      stability,
      profiles,
      window: catalog.window,
      seconds: 0,
    };
    const done = { ...result, seconds: (performance.now() - started) / 1000 };
    if (options.save === false) return done;
    // A cancel that arrives while profiling still means "keep nothing".
    signal?.throwIfAborted();
    report(0.96, 'Saving');
    const analysisId = await saveSegmentation(ws, done, {
      userIds: Array.from(prepared.rowIndex, (r) => table.userIds[r]!),
      labels,
      scores: projection.scores,
    });
    report(1, 'Done');
    return { ...done, analysisId };
  } finally {
    signal?.removeEventListener('abort', stopQuery);
  }
}

/**
 * The first half of a segmentation: the feature catalog and table, the preprocessed matrix, its
 * 2-D projection for the scatter, and the matrix the clustering runs on (PCA scores when asked).
 */
export async function prepareSegmentMatrix(
  ws: Workspace,
  recipe: ReturnType<typeof completeRecipe>,
  report: (fraction: number, message: string) => void = () => undefined,
  signal?: AbortSignal,
) {
  report(0, 'Looking at the events');
  const catalog = await discoverFeatures(ws, recipe);
  signal?.throwIfAborted();
  const features = recipe.features ?? catalog.features.filter((f) => f.byDefault).map((f) => f.name);
  report(0.05, `Computing ${features.length} features per user`);
  const table = await buildFeatureTable(ws, catalog, features);
  signal?.throwIfAborted();
  if (table.userIds.length < 2)
    throw new SegmentInputError(`only ${table.userIds.length} active user(s) in the window`);
  report(0.3, 'Preparing the feature matrix');
  const prepared = preprocess(
    {
      columns: table.columns.map((c) => (c.kind === 'numeric' ? c : { ...c, kind: 'categorical' as const })),
    },
    { columns: columnRecipes(table, recipe), constantColumns: 'drop' },
  );
  if (prepared.featureNames.length === 0)
    throw new SegmentInputError('every chosen feature is constant: nothing to cluster on');
  const projection = pca(prepared.matrix, { components: Math.min(2, prepared.matrix.cols) });
  let x = prepared.matrix;
  let clusteredOn: number | null = null;
  if (recipe.pca) {
    const reduced = pca(prepared.matrix, recipe.pca);
    x = reduced.scores;
    clusteredOn = reduced.k;
  }
  return { catalog, table, features, prepared, projection, x, clusteredOn };
}

/**
 * The k-distance curve that helps choose DBSCAN's eps for a recipe: each user's distance to their
 * k-th nearest neighbour (k = min samples) in the space clustered, sorted descending and thinned
 * to at most 400 points for plotting, with the knee as the suggested eps.
 */
export async function segmentKDistance(
  ws: Workspace,
  input: SegmentRecipe,
  options: { signal?: AbortSignal } = {},
): Promise<{ k: number; rows: number; rank: number[]; distance: number[]; suggestedEps: number }> {
  const recipe = completeRecipe(input);
  const { x } = await prepareSegmentMatrix(ws, recipe, undefined, options.signal);
  const k = recipe.minSamples ?? 5;
  const r = await kDistance(x, k, options.signal ? { signal: options.signal } : {});
  const n = r.distances.length;
  const step = Math.max(1, Math.ceil(n / 400));
  const rank: number[] = [];
  const distance: number[] = [];
  for (let i = 0; i < n; i += step) {
    rank.push(i);
    distance.push(r.distances[i]!);
  }
  if (rank[rank.length - 1] !== n - 1) {
    rank.push(n - 1);
    distance.push(r.distances[n - 1]!);
  }
  return { k, rows: n, rank, distance, suggestedEps: r.suggestedEps };
}

function columnRecipes(table: FeatureTable, recipe: ReturnType<typeof completeRecipe>): ColumnRecipe[] {
  const logged = (name: string, heavy: boolean) =>
    recipe.log1p === 'auto' ? heavy : recipe.log1p === 'none' ? false : recipe.log1p.includes(name);
  return table.features.map((f) => {
    const drop = recipe.impute === 'drop';
    if (f.kind === 'categorical') {
      return {
        column: f.name,
        impute: drop ? 'drop' : 'mode',
        topLevels: recipe.topLevels,
        scale: recipe.scale,
      };
    }
    return {
      column: f.name,
      impute: drop ? 'drop' : recipe.impute === 'zero' ? { constant: 0 } : 'median',
      log1p: logged(f.name, f.heavyTailed),
      scale: recipe.scale,
    };
  });
}

async function stabilityOf(
  x: Parameters<typeof runClustering>[0],
  run: ClusterRun,
  recipe: ReturnType<typeof completeRecipe>,
  signal: AbortSignal | undefined,
  progress: (fraction: number) => void,
): Promise<SegmentationResult['stability']> {
  if (recipe.stabilityResamples === 0 || run.k < 2) return null;
  // Each resample refits with the chosen k (DBSCAN with its eps), one initialisation: stability of the method, not of a lucky start.
  const spec = { ...recipe, k: run.k, kRange: undefined, nInit: 1 };
  const s = await bootstrapStability(
    x,
    async (sample, seed) => (await fitClusters(sample, { ...spec, seed }, run.k)).labels,
    {
      resamples: recipe.stabilityResamples,
      seed: recipe.seed,
      onProgress: (fraction) => progress(fraction),
      ...(signal ? { signal } : {}),
    },
  );
  return {
    resamples: s.resamples,
    meanAri: s.meanAri,
    sdAri: s.sdAri,
    perClusterJaccard: Array.from(s.perClusterJaccard, (v) => (Number.isNaN(v) ? null : v)),
  };
}
