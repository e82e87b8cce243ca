import { Alert, Stack, Text } from '@mantine/core';
import { useMemo } from 'react';
import { duration } from '../../format.ts';
import { BalancePanel } from './BalancePanel.tsx';
import { confidence, variantColours } from './experimentFormat.ts';
import type { AnalyzeRequest, ExperimentResult } from './experimentsApi.ts';
import { MetricCard } from './MetricCard.tsx';
import { ReportExport } from './ReportExport.tsx';
import { SrmBanner } from './SrmBanner.tsx';

const correctionName = {
  none: 'no correction',
  holm: 'Holm correction',
  bh: 'Benjamini–Hochberg correction',
};

/**
 * The analysis as a report, top to bottom: the sample-ratio check and the units, the warnings,
 * each metric (sentence, tables, forest plot, factorial analysis), the balance over time and the
 * covariates, how it was computed, and the HTML export.
 */
export function ResultsPanel({
  result,
  request,
  workspacePath,
}: {
  result: ExperimentResult;
  request: AnalyzeRequest;
  workspacePath: string | null;
}) {
  const colours = useMemo(
    () =>
      variantColours(
        result.srm.observed.length > 0
          ? result.srm.observed.map((o) => o.variant)
          : (result.metrics[0]?.variants.map((v) => v.name) ?? []),
        result.control,
      ),
    [result],
  );
  // The banner already says it when the split is off.
  const warnings = result.warnings.filter((w) => !(result.srm.flagged && /^sample ratio mismatch/i.test(w)));
  return (
    <Stack gap="sm" data-testid="experiment-results">
      <SrmBanner result={result} />
      {warnings.length > 0 && (
        <Alert color="yellow" p="xs" title="Warnings" data-testid="experiment-warnings">
          <Stack gap={2}>
            {warnings.map((w) => (
              <Text key={w} size="xs">
                {w}
              </Text>
            ))}
          </Stack>
        </Alert>
      )}
      {result.metrics.map((m) => (
        <MetricCard key={m.metric} metric={m} result={result} colours={colours} />
      ))}
      <BalancePanel result={result} colours={colours} />
      <Text size="xs" c="dimmed" data-testid="experiment-method">
        {result.source}: unit {result.unit}, variant {result.variant}, control {result.control}
        {result.factors.length > 0 ? `, factors ${result.factors.join(' × ')}` : ''}. Alpha {result.alpha} (
        {confidence(result.alpha)} intervals), {correctionName[result.correction]}. Computed in{' '}
        {duration(result.seconds)}.
      </Text>
      <ReportExport request={request} result={result} workspacePath={workspacePath} />
    </Stack>
  );
}
