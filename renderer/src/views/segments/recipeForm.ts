import type { Input } from '../../api/EngineClient.ts';
import type { Catalog } from './segmentFormat.ts';

export type Recipe = Input<'segments.run'>;
export type Algo = NonNullable<Recipe['algo']>;

/** The recipe panel's state: every option as the analyst edits it (text for the fields being typed). */
export interface RecipeForm {
  name: string;
  features: string[];
  from: string;
  to: string;
  sessionGapMinutes: number;
  impute: NonNullable<Recipe['impute']>;
  /** `auto`, `none`, or `custom` (a saved recipe's own list, kept in `log1pFeatures`). */
  log1p: 'auto' | 'none' | 'custom';
  log1pFeatures: string[];
  scale: NonNullable<Recipe['scale']>;
  topLevels: number;
  pca: 'none' | 'components' | 'variance';
  pcaComponents: number;
  /** Percent of the variance to keep, 1–99. */
  pcaVariance: number;
  algo: Algo;
  kMode: 'single' | 'range';
  k: number;
  kFrom: number;
  kTo: number;
  seed: number;
  /** Initialisations; 0 = the algorithm's default. */
  nInit: number;
  eps: number;
  minSamples: number;
  linkage: NonNullable<Recipe['linkage']>;
  covariance: NonNullable<Recipe['covariance']>;
  stabilityResamples: number;
  /** Recipe fields the panel does not edit, carried through when a saved recipe is reopened. */
  passthrough: Pick<
    Recipe,
    'passiveEvents' | 'contentProperty' | 'topEvents' | 'topContent' | 'silhouetteSample'
  >;
}

export const defaultForm: RecipeForm = {
  name: '',
  features: [],
  from: '',
  to: '',
  sessionGapMinutes: 30,
  impute: 'median',
  log1p: 'auto',
  log1pFeatures: [],
  scale: 'standard',
  topLevels: 8,
  pca: 'none',
  pcaComponents: 5,
  pcaVariance: 80,
  algo: 'kmeans',
  kMode: 'range',
  k: 5,
  kFrom: 3,
  kTo: 7,
  seed: 0,
  nInit: 0,
  eps: 2,
  minSamples: 10,
  linkage: 'ward',
  covariance: 'full',
  stabilityResamples: 10,
  passthrough: {},
};

/** The catalog's default features, in catalog order. */
export const defaultFeatures = (catalog: Catalog): string[] =>
  catalog.features.filter((f) => f.byDefault).map((f) => f.name);

/** Empty, or a real calendar day written YYYY-MM-DD. */
export const isDay = (s: string): boolean =>
  s === '' || (/^\d{4}-\d{2}-\d{2}$/.test(s) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s));

/** What is wrong with the form, per field (empty when it can run). */
export function problems(f: RecipeForm): Partial<Record<keyof RecipeForm, string>> {
  const out: Partial<Record<keyof RecipeForm, string>> = {};
  if (f.features.length === 0) out.features = 'Choose at least one feature';
  if (!isDay(f.from)) out.from = 'Use YYYY-MM-DD';
  if (!isDay(f.to)) out.to = 'Use YYYY-MM-DD';
  if (!out.from && !out.to && f.from && f.to && f.from > f.to) out.to = 'Before “From”';
  const usesK = f.algo !== 'dbscan';
  if (usesK && f.kMode === 'single' && !(Number.isInteger(f.k) && f.k >= 1 && f.k <= 100))
    out.k = 'A whole number, 1–100';
  if (usesK && f.kMode === 'range') {
    if (!(Number.isInteger(f.kFrom) && f.kFrom >= 2)) out.kFrom = 'At least 2';
    if (!(Number.isInteger(f.kTo) && f.kTo >= f.kFrom)) out.kTo = 'At least “from”';
    else if (f.kTo - f.kFrom > 18) out.kTo = 'At most 19 values of k';
  }
  if (f.algo === 'dbscan') {
    if (!(f.eps > 0)) out.eps = 'A positive distance';
    if (!(Number.isInteger(f.minSamples) && f.minSamples >= 1)) out.minSamples = 'At least 1';
  }
  if (f.pca === 'components' && !(Number.isInteger(f.pcaComponents) && f.pcaComponents >= 1))
    out.pcaComponents = 'At least 1';
  if (f.pca === 'variance' && !(f.pcaVariance > 0 && f.pcaVariance < 100))
    out.pcaVariance = 'Between 1 and 99';
  if (!(Number.isInteger(f.seed) && f.seed >= 0)) out.seed = 'A whole number ≥ 0';
  if (!(Number.isInteger(f.stabilityResamples) && f.stabilityResamples >= 0 && f.stabilityResamples <= 200))
    out.stabilityResamples = '0–200';
  if (!(Number.isInteger(f.nInit) && f.nInit >= 0 && f.nInit <= 100)) out.nInit = '0–100';
  return out;
}

/** The form as the engine's recipe (only what differs from the engine's defaults is implied). */
export function toRecipe(f: RecipeForm): Recipe {
  const r: Recipe = {
    ...f.passthrough,
    features: f.features,
    impute: f.impute,
    log1p: f.log1p === 'custom' ? f.log1pFeatures.filter((n) => f.features.includes(n)) : f.log1p,
    scale: f.scale,
    topLevels: f.topLevels,
    algo: f.algo,
    seed: f.seed,
    stabilityResamples: f.stabilityResamples,
    pca:
      f.pca === 'components'
        ? { components: f.pcaComponents }
        : f.pca === 'variance'
          ? { varianceShare: f.pcaVariance / 100 }
          : null,
  };
  if (f.name.trim()) r.name = f.name.trim();
  if (f.from) r.from = f.from;
  if (f.to) r.to = f.to;
  if (f.sessionGapMinutes !== 30) r.sessionGapMinutes = f.sessionGapMinutes;
  if (f.algo === 'dbscan') {
    r.eps = f.eps;
    r.minSamples = f.minSamples;
  } else if (f.kMode === 'range') r.kRange = [f.kFrom, f.kTo];
  else r.k = f.k;
  if (f.nInit > 0 && (f.algo === 'kmeans' || f.algo === 'gmm')) r.nInit = f.nInit;
  if (f.algo === 'hierarchical') r.linkage = f.linkage;
  if (f.algo === 'gmm') r.covariance = f.covariance;
  return r;
}

/** A saved recipe back into the form (what it did not say takes the form's defaults). */
export function fromRecipe(r: Recipe): RecipeForm {
  const pca = r.pca ?? null;
  return {
    ...defaultForm,
    name: r.name ?? '',
    features: r.features ?? [],
    from: r.from ?? '',
    to: r.to ?? '',
    sessionGapMinutes: r.sessionGapMinutes ?? 30,
    impute: r.impute ?? 'median',
    log1p: Array.isArray(r.log1p) ? 'custom' : (r.log1p ?? 'auto'),
    log1pFeatures: Array.isArray(r.log1p) ? r.log1p : [],
    scale: r.scale ?? 'standard',
    topLevels: r.topLevels ?? 8,
    pca: pca === null ? 'none' : 'components' in pca ? 'components' : 'variance',
    pcaComponents: pca && 'components' in pca ? pca.components : defaultForm.pcaComponents,
    pcaVariance:
      pca && 'varianceShare' in pca ? Math.round(pca.varianceShare * 100) : defaultForm.pcaVariance,
    algo: r.algo ?? 'kmeans',
    kMode: r.kRange ? 'range' : 'single',
    k: r.k ?? defaultForm.k,
    kFrom: r.kRange?.[0] ?? defaultForm.kFrom,
    kTo: r.kRange?.[1] ?? defaultForm.kTo,
    seed: r.seed ?? 0,
    nInit: r.nInit ?? 0,
    eps: r.eps ?? defaultForm.eps,
    minSamples: r.minSamples ?? defaultForm.minSamples,
    linkage: r.linkage ?? 'ward',
    covariance: r.covariance ?? 'full',
    stabilityResamples: r.stabilityResamples ?? 10,
    passthrough: {
      ...(r.passiveEvents === undefined ? {} : { passiveEvents: r.passiveEvents }),
      ...(r.contentProperty === undefined ? {} : { contentProperty: r.contentProperty }),
      ...(r.topEvents === undefined ? {} : { topEvents: r.topEvents }),
      ...(r.topContent === undefined ? {} : { topContent: r.topContent }),
      ...(r.silhouetteSample === undefined ? {} : { silhouetteSample: r.silhouetteSample }),
    },
  };
}
