import { Card, Group, SimpleGrid, Slider, Stack, Text } from '@mantine/core';
import { count } from '../../format.ts';
import { budgetEstimate, pct, thresholdShare, type ChurnMetrics } from './churnFormat.ts';

function Figure({
  label,
  value,
  hint,
  testId,
}: {
  label: string;
  value: string;
  hint: string;
  testId: string;
}) {
  return (
    <Stack gap={0}>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="lg" fw={700} data-testid={testId}>
        {value}
      </Text>
      <Text size="xs" c="dimmed">
        {hint}
      </Text>
    </Stack>
  );
}

/**
 * The threshold chooser as a budget: flag the riskiest share of users and read how many that is and
 * the precision and recall to expect, estimated from the test set's cumulative-gains curve. The
 * model's own threshold (maximum F1 in cross-validation) is marked on the track.
 */
export function ThresholdSlider({
  metrics,
  share,
  onShare,
  population,
}: {
  metrics: ChurnMetrics;
  share: number;
  onShare: (share: number) => void;
  /** The users last scored (when they have been), else the estimate is per test user. */
  population: { users: number; asOf: string } | null;
}) {
  const est = budgetEstimate(metrics.curves.gains, metrics.positiveRate, share);
  const f1Share = thresholdShare(metrics);
  const users = population?.users ?? metrics.nTest;
  const flagged = Math.round(share * users);
  return (
    <Card withBorder padding="sm" data-testid="churn-threshold">
      <Group justify="space-between" align="baseline" mb={4}>
        <Text size="sm" fw={600}>
          Threshold: flag the riskiest {pct(share, 0)} of users
        </Text>
        <Text size="xs" c="dimmed">
          Model’s F1 threshold (score ≥ {metrics.test.threshold.toFixed(3)}) flags about {pct(f1Share, 0)}
        </Text>
      </Group>
      <Slider
        min={1}
        max={100}
        step={1}
        value={Math.round(share * 100)}
        onChange={(v) => onShare(v / 100)}
        label={(v) => `${v}%`}
        thumbLabel="Share of users flagged"
        marks={[
          { value: Math.max(1, Math.round(f1Share * 100)), label: 'F1' },
          { value: 25, label: '25%' },
          { value: 50, label: '50%' },
          { value: 75, label: '75%' },
        ]}
        mb="lg"
      />
      <SimpleGrid cols={4} spacing="sm">
        <Figure
          label="Users flagged"
          value={count(flagged)}
          hint={
            population
              ? `of ${count(users)} scored (as of ${population.asOf})`
              : `of ${count(users)} test users`
          }
          testId="churn-flagged"
        />
        <Figure
          label="Expected precision"
          value={pct(est.precision)}
          hint="of those flagged would churn"
          testId="churn-expected-precision"
        />
        <Figure
          label="Expected recall"
          value={pct(est.recall)}
          hint="of all churners are flagged"
          testId="churn-expected-recall"
        />
        <Figure
          label="Lift"
          value={`${est.lift.toFixed(2)}×`}
          hint={`the base rate of ${pct(metrics.positiveRate)}`}
          testId="churn-lift"
        />
      </SimpleGrid>
      <Text size="xs" c="dimmed" mt="xs">
        Estimated from the test set’s cumulative-gains curve ({count(metrics.nTest)} held-out users): recall
        is the share of churners among the riskiest {pct(share, 0)}, precision = base rate × recall ÷ share
        flagged. It assumes the users scored now resemble the test users; the saved curves carry no score
        thresholds, so the slider sets a budget rather than a probability.
      </Text>
    </Card>
  );
}
