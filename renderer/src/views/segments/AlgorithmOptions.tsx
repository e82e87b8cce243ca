import { Group, Stack, Text } from '@mantine/core';
import { EpsSuggestion } from './EpsSuggestion.tsx';
import { Choice, Num, Segments } from './fields.tsx';
import type { Algo, RecipeForm } from './recipeForm.ts';

const algos: { value: Algo; label: string }[] = [
  { value: 'kmeans', label: 'K-Means' },
  { value: 'gmm', label: 'Gaussian mixture (GMM)' },
  { value: 'hierarchical', label: 'Hierarchical (agglomerative)' },
  { value: 'dbscan', label: 'DBSCAN (density)' },
];

const about: Record<Algo, string> = {
  kmeans: 'Round groups of similar size; k-means++ starts, the best of several initialisations.',
  gmm: 'Elliptical groups with soft membership; k chosen by the lowest BIC over a range.',
  hierarchical:
    'Merges users bottom-up and cuts the tree at k; above 10,000 users a seeded sample is clustered and the rest assigned to the nearest centroid.',
  dbscan:
    'Dense regions become segments, sparse users are noise; no k, but eps (a distance in scaled units) and a minimum neighbourhood.',
};

export interface AlgorithmOptionsProps {
  form: RecipeForm;
  set: (patch: Partial<RecipeForm>) => void;
  errors: Partial<Record<keyof RecipeForm, string>>;
}

/** The algorithm and its parameters: k or a k range, eps and min samples, linkage, covariance, seed. */
export function AlgorithmOptions({ form, set, errors }: AlgorithmOptionsProps) {
  const usesK = form.algo !== 'dbscan';
  return (
    <Stack gap={8}>
      <Choice label="Algorithm" value={form.algo} options={algos} onChange={(algo) => set({ algo })} />
      <Text size="xs" c="dimmed">
        {about[form.algo]}
      </Text>
      {usesK && (
        <>
          <Segments
            label="Number of segments"
            value={form.kMode}
            options={[
              { value: 'range', label: 'Try a range' },
              { value: 'single', label: 'Fixed k' },
            ]}
            onChange={(kMode) => set({ kMode })}
          />
          {form.kMode === 'single' ? (
            <Num
              label="k"
              value={form.k}
              min={1}
              max={100}
              onChange={(k) => set({ k })}
              error={errors.k}
              w={100}
            />
          ) : (
            <>
              <Group gap="xs" grow align="flex-start">
                <Num
                  label="k from"
                  value={form.kFrom}
                  min={2}
                  max={100}
                  onChange={(kFrom) => set({ kFrom })}
                  error={errors.kFrom}
                />
                <Num
                  label="k to"
                  value={form.kTo}
                  min={2}
                  max={100}
                  onChange={(kTo) => set({ kTo })}
                  error={errors.kTo}
                />
              </Group>
              <Text size="xs" c="dimmed">
                Every k is fitted; the kept one has the{' '}
                {form.algo === 'gmm' ? 'lowest BIC' : 'best silhouette'}. The elbow and silhouette charts show
                them all.
              </Text>
            </>
          )}
        </>
      )}
      {form.algo === 'dbscan' && (
        <Group gap="xs" grow align="flex-start">
          <Num
            label="eps"
            value={form.eps}
            min={0.01}
            step={0.1}
            decimal
            onChange={(eps) => set({ eps })}
            error={errors.eps}
          />
          <Num
            label="Min samples"
            value={form.minSamples}
            min={1}
            onChange={(minSamples) => set({ minSamples })}
            error={errors.minSamples}
          />
        </Group>
      )}
      {form.algo === 'dbscan' && (
        <Group gap="xs" wrap="nowrap" align="flex-start">
          <EpsSuggestion form={form} set={set} />
          <Text size="xs" c="dimmed">
            The k-distance plot of this recipe, and eps at its knee.
          </Text>
        </Group>
      )}
      {form.algo === 'dbscan' && (
        <Text size="xs" c="dimmed">
          eps is a distance in the scaled feature space: with z-scores and about 20 features, 1.5–3 is a usual
          start. Too small: almost everyone is noise; too large: one segment.
        </Text>
      )}
      {form.algo === 'hierarchical' && (
        <Choice
          label="Linkage"
          value={form.linkage}
          options={[
            { value: 'ward', label: 'Ward (compact, similar sizes)' },
            { value: 'average', label: 'Average' },
            { value: 'complete', label: 'Complete (farthest pair)' },
            { value: 'single', label: 'Single (chains)' },
          ]}
          onChange={(linkage) => set({ linkage })}
        />
      )}
      {form.algo === 'gmm' && (
        <Choice
          label="Covariance"
          value={form.covariance}
          options={[
            { value: 'full', label: 'Full (any ellipse)' },
            { value: 'diag', label: 'Diagonal (axis-aligned)' },
          ]}
          onChange={(covariance) => set({ covariance })}
        />
      )}
      <Group gap="xs" grow align="flex-start">
        <Num label="Seed" value={form.seed} min={0} onChange={(seed) => set({ seed })} error={errors.seed} />
        {(form.algo === 'kmeans' || form.algo === 'gmm') && (
          <Num
            label="Initialisations"
            value={form.nInit}
            min={0}
            max={100}
            onChange={(nInit) => set({ nInit })}
            error={errors.nInit}
            description="0 = default"
          />
        )}
      </Group>
      <Num
        label="Stability resamples"
        value={form.stabilityResamples}
        min={0}
        max={200}
        onChange={(stabilityResamples) => set({ stabilityResamples })}
        error={errors.stabilityResamples}
        description="Bootstrap refits to check the segments hold; 0 turns it off"
      />
    </Stack>
  );
}
