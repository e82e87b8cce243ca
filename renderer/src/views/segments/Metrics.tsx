import { Card, SimpleGrid, Stack, Text, Tooltip } from '@mantine/core';
import { count } from '../../format.ts';
import { algoNames, silhouetteReading, stabilityReading, type Segmentation } from './segmentFormat.ts';

interface Stat {
  label: string;
  value: string;
  detail: string;
  help: string;
}

/** The headline numbers of a segmentation, each with what it means. */
export function Metrics({ analysis }: { analysis: Segmentation }) {
  const c = analysis.clustering;
  const s = analysis.stability;
  const dropped = analysis.preprocessing.rows.dropped;
  const stats: Stat[] = [
    {
      label: 'Segments',
      value: String(c.k),
      detail:
        `${algoNames[c.algo]}` +
        (c.selection ? `, best of k = ${c.selection[0]?.k}–${c.selection.at(-1)?.k}` : '') +
        (c.noise > 0 ? ` + ${count(c.noise)} noise` : ''),
      help: 'The number of segments kept. With a k range, the k with the best silhouette (lowest BIC for a Gaussian mixture).',
    },
    {
      label: 'Users',
      value: count(analysis.users),
      detail: dropped > 0 ? `${count(dropped)} dropped for missing values` : 'everyone active in the window',
      help: 'Users clustered: active in the window, after dropping rows with missing values if asked.',
    },
    {
      label: 'Silhouette',
      value: c.silhouette === null ? '—' : c.silhouette.toFixed(3),
      detail:
        c.silhouette === null
          ? 'needs two segments or more'
          : `${silhouetteReading(c.silhouette)}; ${c.silhouetteExact ? `exact, all ${count(c.silhouetteSample ?? analysis.users)} users` : `on a sample of ${count(c.silhouetteSample ?? 0)}`}`,
      help: 'How much closer users are to their own segment than to the next one, −1 to 1 (Rousseeuw 1987). Above 0.5 reasonable, above 0.7 strong; 0.25 or less: no substantial structure.',
    },
    {
      label: 'Davies–Bouldin',
      value: c.daviesBouldin === null ? '—' : c.daviesBouldin.toFixed(2),
      detail: 'lower is better (0 = perfectly separated)',
      help: 'Average over segments of the worst ratio of within-segment spread to between-centroid distance (Davies & Bouldin 1979).',
    },
    {
      label: 'Calinski–Harabasz',
      value: c.calinskiHarabasz === null ? '—' : count(c.calinskiHarabasz),
      detail: 'higher is better; compare across k on the same data',
      help: 'Between-segment dispersion over within-segment dispersion, adjusted for k and n (Caliński & Harabasz 1974).',
    },
    ...(c.bic === undefined
      ? []
      : [
          {
            label: 'BIC',
            value: count(c.bic),
            detail: `AIC ${c.aic === undefined ? '—' : count(c.aic)}; lower is better`,
            help: 'Bayesian information criterion of the Gaussian mixture: −2 log-likelihood plus a penalty for every parameter.',
          },
        ]),
    {
      label: 'Stability',
      value: s ? `ARI ${s.meanAri.toFixed(2)}` : '—',
      detail: s
        ? `${stabilityReading(s.meanAri)} (± ${s.sdAri.toFixed(2)}, ${s.resamples} resamples)`
        : 'not checked (0 resamples or a single segment)',
      help: 'The clustering refitted on bootstrap resamples; the adjusted Rand index compares each refit with the original on the same users (1 = identical, 0 = chance).',
    },
  ];
  return (
    <SimpleGrid cols={stats.length <= 6 ? 3 : 4} spacing="xs" data-testid="segments-metrics">
      {stats.map((stat) => (
        <Tooltip key={stat.label} label={stat.help} multiline w={300} openDelay={300}>
          <Card
            withBorder
            padding="xs"
            tabIndex={0}
            aria-label={`${stat.label}: ${stat.value}, ${stat.detail}`}
          >
            <Stack gap={0}>
              <Text size="xs" c="dimmed">
                {stat.label}
              </Text>
              <Text
                size="lg"
                fw={700}
                data-testid={`segments-metric-${stat.label.toLowerCase().replace(/\W+/g, '-')}`}
              >
                {stat.value}
              </Text>
              <Text size="xs" c="dimmed" lineClamp={2}>
                {stat.detail}
              </Text>
            </Stack>
          </Card>
        </Tooltip>
      ))}
    </SimpleGrid>
  );
}
