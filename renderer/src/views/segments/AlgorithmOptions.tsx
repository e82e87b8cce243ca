import { Group, Stack, Text } from '@mantine/core';
import { EpsSuggestion } from './EpsSuggestion.tsx';
import { Segments } from '../../components/fields.tsx';
import { formFields } from '../../components/formFields.tsx';
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
  const { num, choice } = formFields(form, set, errors);
  return (
    <Stack gap={8}>
      {choice('algo', 'Algorithm', algos)}
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
            num('k', 'k', { min: 1, max: 100, w: 100 })
          ) : (
            <>
              <Group gap="xs" grow align="flex-start">
                {num('kFrom', 'k from', { min: 2, max: 100 })}
                {num('kTo', 'k to', { min: 2, max: 100 })}
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
          {num('eps', 'eps', { min: 0.01, step: 0.1, decimal: true })}
          {num('minSamples', 'Min samples', { min: 1 })}
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
      {form.algo === 'hierarchical' &&
        choice('linkage', 'Linkage', [
          { value: 'ward', label: 'Ward (compact, similar sizes)' },
          { value: 'average', label: 'Average' },
          { value: 'complete', label: 'Complete (farthest pair)' },
          { value: 'single', label: 'Single (chains)' },
        ])}
      {form.algo === 'gmm' &&
        choice('covariance', 'Covariance', [
          { value: 'full', label: 'Full (any ellipse)' },
          { value: 'diag', label: 'Diagonal (axis-aligned)' },
        ])}
      <Group gap="xs" grow align="flex-start">
        {num('seed', 'Seed', { min: 0 })}
        {(form.algo === 'kmeans' || form.algo === 'gmm') &&
          num('nInit', 'Initialisations', { min: 0, max: 100, description: '0 = default' })}
      </Group>
      {num('stabilityResamples', 'Stability resamples', {
        min: 0,
        max: 200,
        description: 'Bootstrap refits to check the segments hold; 0 turns it off',
      })}
    </Stack>
  );
}
