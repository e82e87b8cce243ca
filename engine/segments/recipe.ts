import { z } from 'zod';

/**
 * A segmentation recipe: everything needed to reproduce a saved analysis — the window and feature
 * definitions, the preprocessing, the algorithm with its parameters and the seed. Defaults are
 * filled in by {@link completeRecipe} and the completed recipe is what gets saved.
 */
export const segmentRecipe = z
  .object({
    name: z.string().max(200).optional(),
    from: z.iso.date().optional(),
    to: z.iso.date().optional(),
    sessionGapMinutes: z.number().int().min(1).max(1440).optional(),
    passiveEvents: z.string().max(500).optional(),
    contentProperty: z.string().max(100).nullable().optional(),
    topEvents: z.number().int().min(0).max(20).optional(),
    topContent: z.number().int().min(0).max(30).optional(),
    /** Feature names from the catalog; default: the catalog's default selection. */
    features: z.array(z.string().min(1)).min(1).optional(),
    /** Missing numeric values: the column's median, zero, or drop the user (categoricals take their mode unless dropped). */
    impute: z.enum(['median', 'zero', 'drop']).optional(),
    /** `auto`: log1p on the heavy-tailed counts and durations; `none`; or the feature names to transform. */
    log1p: z.union([z.enum(['auto', 'none']), z.array(z.string())]).optional(),
    scale: z.enum(['standard', 'robust', 'none']).optional(),
    topLevels: z.number().int().min(1).max(50).optional(),
    /** Cluster on principal components: a count, or a share of variance in (0, 1). */
    pca: z
      .union([
        z.object({ components: z.number().int().min(1) }),
        z.object({ varianceShare: z.number().gt(0).lt(1) }),
      ])
      .nullable()
      .optional(),
    algo: z.enum(['kmeans', 'gmm', 'dbscan', 'hierarchical']).optional(),
    k: z.number().int().min(1).max(100).optional(),
    kRange: z.tuple([z.number().int().min(2), z.number().int().min(2)]).optional(),
    seed: z.number().int().min(0).optional(),
    nInit: z.number().int().min(1).max(100).optional(),
    eps: z.number().positive().optional(),
    minSamples: z.number().int().min(1).optional(),
    linkage: z.enum(['ward', 'average', 'complete', 'single']).optional(),
    covariance: z.enum(['full', 'diag']).optional(),
    silhouetteSample: z.union([z.number().int().min(2), z.literal('all')]).optional(),
    /** Bootstrap resamples for the stability check; 0 turns it off. */
    stabilityResamples: z.number().int().min(0).max(200).optional(),
  })
  .strict();

export type SegmentRecipeInput = z.input<typeof segmentRecipe>;
export type SegmentRecipe = z.output<typeof segmentRecipe>;

/** The recipe with every default filled in (except the features, which depend on the workspace). */
export function completeRecipe(
  r: SegmentRecipe,
): SegmentRecipe &
  Required<
    Pick<SegmentRecipe, 'impute' | 'log1p' | 'scale' | 'algo' | 'seed' | 'stabilityResamples' | 'topLevels'>
  > {
  return {
    ...r,
    impute: r.impute ?? 'median',
    log1p: r.log1p ?? 'auto',
    scale: r.scale ?? 'standard',
    topLevels: r.topLevels ?? 8,
    algo: r.algo ?? 'kmeans',
    seed: r.seed ?? 0,
    stabilityResamples: r.stabilityResamples ?? 10,
    ...(r.k === undefined && r.kRange === undefined && (r.algo ?? 'kmeans') !== 'dbscan' ? { k: 5 } : {}),
  };
}
