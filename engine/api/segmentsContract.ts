import { z } from 'zod';
import { segmentRecipe } from '../segments/recipe.ts';
import { jobState } from './jobSchema.ts';

/** The segments module's methods: feature catalog, the segmentation job, saved analyses. */

const featureInfo = z.object({
  name: z.string(),
  label: z.string(),
  kind: z.enum(['numeric', 'categorical']),
  group: z.enum(['behaviour', 'content', 'purchase', 'demographic']),
  heavyTailed: z.boolean(),
  byDefault: z.boolean(),
  description: z.string(),
});

const catalog = z.object({
  features: z.array(featureInfo),
  window: z.object({ from: z.string(), to: z.string() }),
  sessionGapMinutes: z.number(),
  passiveEvents: z.string(),
  contentProperty: z.string().nullable(),
  topEvents: z.array(z.string()),
  topContent: z.array(z.string()),
  priceProperty: z.string().nullable(),
  discountProperties: z.array(z.string()),
  userColumns: z.array(z.string()),
});

const contrast = z.object({
  feature: z.string(),
  level: z.string().nullable(),
  mean: z.number().nullable(),
  median: z.number().nullable(),
  overallMean: z.number().nullable(),
  overallMedian: z.number().nullable(),
  difference: z.number().nullable(),
});

const profile = z.object({
  segment: z.number().int(),
  name: z.string(),
  size: z.number().int(),
  share: z.number(),
  contrasts: z.array(contrast),
  top: z.array(contrast),
});

const selectionPoint = z.object({
  k: z.number().int(),
  inertia: z.number(),
  silhouette: z.number().nullable(),
  bic: z.number().optional(),
});

const clustering = z.object({
  algo: z.enum(['kmeans', 'gmm', 'dbscan', 'hierarchical']),
  k: z.number().int(),
  iterations: z.number().int().nullable(),
  inertia: z.number(),
  silhouette: z.number().nullable(),
  silhouetteSample: z.number().int().nullable(),
  silhouetteExact: z.boolean().nullable(),
  silhouettePerCluster: z.array(z.number()).nullable(),
  daviesBouldin: z.number().nullable(),
  calinskiHarabasz: z.number().nullable(),
  bic: z.number().optional(),
  aic: z.number().optional(),
  sizes: z.array(z.number().int()),
  noise: z.number().int(),
  selection: z.array(selectionPoint).optional(),
  knee: z.number().int().nullable().optional(),
  kneeMethod: z.enum(['kneedle', 'chord']).nullable().optional(),
  dendrogram: z
    .object({
      icoord: z.array(z.array(z.number())),
      dcoord: z.array(z.array(z.number())),
      leaves: z.array(z.number()),
      leafSizes: z.array(z.number()),
      leafLabels: z.array(z.string()),
    })
    .optional(),
  notes: z.array(z.string()),
  seconds: z.number(),
});

export const segmentation = z.object({
  analysisId: z.string(),
  name: z.string(),
  recipe: segmentRecipe,
  users: z.number().int(),
  features: z.array(z.string()),
  matrixFeatures: z.array(z.string()),
  /** Rows kept and dropped, and per column what was imputed, logged, encoded and scaled. */
  preprocessing: z.object({
    rows: z.object({ input: z.number().int(), dropped: z.number().int(), kept: z.number().int() }),
    columns: z.array(
      z.object({
        column: z.string(),
        kind: z.enum(['numeric', 'categorical']),
        missing: z.number().int(),
        imputed: z.number().int(),
        droppedRows: z.number().int(),
        fill: z.union([z.number(), z.string()]).optional(),
        log1p: z.boolean(),
        levels: z.array(z.string()).optional(),
        otherRows: z.number().int().optional(),
        features: z.array(z.object({ name: z.string(), center: z.number(), scale: z.number() })),
      }),
    ),
    droppedConstant: z.array(z.string()),
  }),
  pca: z.object({
    explainedVarianceRatio: z.array(z.number()),
    loadings: z.array(z.object({ feature: z.string(), pc1: z.number(), pc2: z.number() })),
    clusteredOn: z.number().int().nullable(),
  }),
  clustering,
  stability: z
    .object({
      resamples: z.number().int(),
      meanAri: z.number(),
      sdAri: z.number(),
      perClusterJaccard: z.array(z.number().nullable()),
    })
    .nullable(),
  profiles: z.array(profile),
  window: z.object({ from: z.string(), to: z.string() }),
  seconds: z.number(),
});

const analysisId = z.string().min(1).max(100);

export const segmentsContract = {
  /** The features this workspace offers for segmentation, with the window and settings used. */
  'segments.features': {
    input: segmentRecipe.pick({
      from: true,
      to: true,
      sessionGapMinutes: true,
      passiveEvents: true,
      contentProperty: true,
      topEvents: true,
      topContent: true,
    }),
    output: catalog,
  },
  /** Runs a segmentation recipe as a job; its result is the saved segmentation (see segments.get). */
  'segments.run': { input: segmentRecipe, output: jobState },
  'segments.list': {
    input: z.object({}).strict(),
    output: z.array(
      z.object({
        analysisId: z.string(),
        name: z.string(),
        createdAt: z.string(),
        algo: z.string(),
        k: z.number().int(),
        users: z.number().int(),
        silhouette: z.number().nullable(),
      }),
    ),
  },
  'segments.get': { input: z.object({ analysisId }).strict(), output: segmentation },
  /** Users' places on the first two principal components, with their segment (a seeded sample above `limit`). */
  'segments.points': {
    input: z.object({ analysisId, limit: z.number().int().min(1).max(2_000_000).optional() }).strict(),
    output: z.object({
      total: z.number().int(),
      segments: z.array(z.number().int()),
      pc1: z.array(z.number()),
      pc2: z.array(z.number()),
    }),
  },
  'segments.rename': {
    input: z.object({ analysisId, segment: z.number().int(), name: z.string().min(1).max(100) }).strict(),
    output: z.object({ renamed: z.boolean() }),
  },
  'segments.export': {
    input: z
      .object({ analysisId, path: z.string().min(1), format: z.enum(['csv', 'parquet']).optional() })
      .strict(),
    output: z.object({ path: z.string(), rows: z.number().int() }),
  },
  /** The k-distance curve (k = the recipe's min samples) to choose DBSCAN's eps, with a suggestion. */
  'segments.kDistance': {
    input: segmentRecipe,
    output: z.object({
      k: z.number().int(),
      rows: z.number().int(),
      rank: z.array(z.number().int()),
      distance: z.array(z.number()),
      suggestedEps: z.number(),
    }),
  },
  'segments.delete': { input: z.object({ analysisId }).strict(), output: z.object({ deleted: z.boolean() }) },
} as const;

export type SegmentationWire = z.output<typeof segmentation>;
export type FeatureCatalogWire = z.output<typeof catalog>;
