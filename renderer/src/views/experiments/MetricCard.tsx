import { Badge, Card, Group, Stack, Text } from '@mantine/core';
import { count } from '../../format.ts';
import { amount, slug, typeName } from './experimentFormat.ts';
import type { ExperimentResult, MetricResultWire } from './experimentsApi.ts';
import { FactorialPanel } from './FactorialPanel.tsx';
import { ForestPlot } from './ForestPlot.tsx';
import { ComparisonsTable, VariantsTable } from './MetricTables.tsx';

/**
 * One metric as a report block: each comparison's finding in a sentence, the comparisons and the
 * variants with their intervals, the forest plot, then the factorial analysis and the details
 * (test, CUPED, winsorisation, units without a value).
 */
export function MetricCard({
  metric,
  result,
  colours,
}: {
  metric: MetricResultWire;
  result: ExperimentResult;
  colours: Map<string, string>;
}) {
  const tests = [...new Set(metric.comparisons.map((c) => c.test))].join(', ');
  const factorial = result.factors.length > 0 && (metric.anova?.length || metric.cells?.length);
  return (
    <Stack gap="sm" data-testid={`experiment-metric-${slug(metric.metric)}`}>
      <Card withBorder padding="sm">
        <Group justify="space-between" mb={6} wrap="nowrap">
          <Group gap={6}>
            <Text fw={700} ff="monospace">
              {metric.metric}
            </Text>
            <Badge size="sm" variant="light" color={metric.type === 'binary' ? 'grape' : 'gray'} tt="none">
              {typeName[metric.type]}
            </Badge>
          </Group>
        </Group>
        <Stack gap={4} mb="sm">
          {metric.comparisons.map((c) => (
            <Text
              key={c.variant}
              size="sm"
              fw={c.significant ? 600 : 400}
              data-testid="experiment-sentence"
              style={{ borderLeft: `3px solid ${colours.get(c.variant) ?? '#0072B2'}`, paddingLeft: 8 }}
            >
              {c.sentence}
            </Text>
          ))}
        </Stack>
        <Stack gap="sm">
          <ComparisonsTable metric={metric} correction={result.correction} />
          <VariantsTable metric={metric} alpha={result.alpha} />
          <ForestPlot metric={metric} colours={colours} />
        </Stack>
        <Stack gap={2} mt={6}>
          <Text size="xs" c="dimmed">
            Test: {tests}. Chance to beat control is a Bayesian probability (
            {metric.comparisons[0]?.bayes.model ?? 'normal'} model), not a p-value.
          </Text>
          {metric.cuped && (
            <Text size="xs" c="dimmed" data-testid="experiment-cuped">
              CUPED on {metric.cuped.covariate}: variance reduced by{' '}
              {(metric.cuped.variance_reduction * 100).toFixed(1)}% (θ = {amount(metric.cuped.theta)}); the
              intervals are narrower for it, the means are adjusted.
            </Text>
          )}
          {metric.winsorized && (
            <Text size="xs" c="dimmed" data-testid="experiment-winsorized">
              Winsorised at the {metric.winsorized.percentile}th percentile: values above{' '}
              {amount(metric.winsorized.cap)} capped ({count(metric.winsorized.capped)} units).
            </Text>
          )}
          {metric.missing > 0 && (
            <Text size="xs" c="dimmed">
              {count(metric.missing)} units have no value for this metric and are left out of it.
            </Text>
          )}
        </Stack>
      </Card>
      {factorial ? <FactorialPanel metric={metric} factors={result.factors} alpha={result.alpha} /> : null}
    </Stack>
  );
}
