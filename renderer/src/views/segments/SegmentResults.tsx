import { Alert, Group, List, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { count, duration } from '../../format.ts';
import { ExportPanel } from './ExportPanel.tsx';
import { MethodCharts } from './MethodCharts.tsx';
import { MethodDetails, runNotes } from './MethodDetails.tsx';
import { Metrics } from './Metrics.tsx';
import { ProfileHeatmap } from './ProfileHeatmap.tsx';
import { QualityCharts } from './QualityCharts.tsx';
import { ScatterChart } from './ScatterChart.tsx';
import { SegmentCards } from './SegmentCards.tsx';
import { elbowOf, SelectionCharts } from './SelectionCharts.tsx';
import {
  algoNames,
  NOISE,
  percent,
  silhouetteReading,
  stabilityMeaning,
  stabilityReading,
  type Labeller,
  type Segmentation,
} from './segmentFormat.ts';

/** The one-sentence finding at the top of the report. */
export function finding(a: Segmentation): string {
  const c = a.clustering;
  const clustered = a.profiles.filter((p) => p.segment !== NOISE);
  const largest = [...clustered].sort((x, y) => y.size - x.size)[0];
  const elbow = c.selection && c.selection.length > 1 ? elbowOf(c) : null;
  const how = c.selection
    ? ` (k chosen by the ${c.algo === 'gmm' ? 'lowest BIC' : 'best silhouette'} over ${c.selection[0]?.k}–${c.selection.at(-1)?.k}` +
      (elbow ? `; ${elbow.weak ? 'elbow (weak)' : 'elbow'} at k = ${elbow.k}` : '') +
      ')'
    : '';
  const parts = [
    `${algoNames[c.algo]} found ${c.k} segment${c.k === 1 ? '' : 's'} among ${count(a.users)} users${how}` +
      (c.noise > 0 ? `, with ${count(c.noise)} left as noise` : '') +
      (largest ? `; the largest is “${largest.name}” (${percent(largest.share)})` : '') +
      '.',
  ];
  if (c.silhouette !== null)
    parts.push(`Silhouette ${c.silhouette.toFixed(2)}: ${silhouetteReading(c.silhouette)}.`);
  if (a.stability)
    parts.push(
      `The segments are ${stabilityReading(a.stability.meanAri)} (mean ARI ${a.stability.meanAri.toFixed(2)} over ${a.stability.resamples} resamples): ${stabilityMeaning(a.stability.meanAri)}.`,
    );
  return parts.join(' ');
}

export interface SegmentResultsProps {
  analysis: Segmentation;
  label: Labeller;
  workspacePath: string | null;
  onRename: (segment: number, name: string) => Promise<void>;
}

/**
 * A segmentation as a report, top to bottom: the finding and headline numbers, the segments in
 * words, the export, then the charts (scatter, profiles, sizes and quality, model selection,
 * method) and the method's details.
 */
export function SegmentResults({ analysis, label, workspacePath, onRename }: SegmentResultsProps) {
  const notes = runNotes(analysis);
  return (
    <Stack
      gap="sm"
      data-testid="segments-results"
      data-analysis={analysis.analysisId}
      data-seconds={analysis.seconds}
    >
      <Group justify="space-between" align="baseline" wrap="nowrap">
        <Title order={4} data-testid="segments-title" style={{ minWidth: 0 }} lineClamp={1}>
          {analysis.name}
        </Title>
        <Text size="xs" c="dimmed" style={{ flexShrink: 0 }}>
          {analysis.window.from} – {analysis.window.to} · {duration(analysis.seconds)}
        </Text>
      </Group>
      <Text size="sm" data-testid="segments-finding">
        {finding(analysis)}
      </Text>
      {notes.length > 0 && (
        <Alert color="blue" variant="light" p="xs" title="Notes on this run" data-testid="segments-notes">
          <List size="xs" spacing={2}>
            {notes.map((n) => (
              <List.Item key={n}>{n}</List.Item>
            ))}
          </List>
        </Alert>
      )}
      <Metrics analysis={analysis} />
      <SegmentCards analysis={analysis} label={label} onRename={onRename} />
      <ExportPanel analysis={analysis} workspacePath={workspacePath} />
      <SimpleGrid cols={{ base: 1, xl: 2 }} spacing="sm">
        <ScatterChart analysis={analysis} label={label} />
        <ProfileHeatmap analysis={analysis} label={label} />
      </SimpleGrid>
      <QualityCharts analysis={analysis} />
      <SelectionCharts analysis={analysis} />
      <MethodCharts analysis={analysis} label={label} />
      <MethodDetails analysis={analysis} label={label} />
    </Stack>
  );
}
