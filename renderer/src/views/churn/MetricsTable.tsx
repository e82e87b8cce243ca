import { CopyTsv } from '../../components/CopyTsv.tsx';
import { Badge, Card, Group, Stack, Table, Text } from '@mantine/core';
import { count } from '../../format.ts';
import { fixed3, modelName, paramsText, pct, type ChurnModel } from './churnFormat.ts';

/**
 * The model's figures: on the held-out test users (ranking, probability quality and the confusion at
 * the chosen threshold), the cross-validated AUC with its spread and per-fold values, and every
 * candidate model tried.
 */
export function MetricsTable({ model }: { model: ChurnModel }) {
  const m = model.metrics;
  const t = m.test;
  const testRows: [string, string, string][] = [
    ['AUC-ROC', fixed3(t.auc), 'chance a churner is ranked above a stayer (0.5 = random)'],
    ['PR-AUC', fixed3(t.prAuc), `average precision; random = base rate ${pct(m.positiveRate)}`],
    ['Log loss', fixed3(t.logLoss), 'lower is better'],
    ['Brier score', fixed3(t.brier), 'mean squared error of the probability'],
    [
      'Precision',
      pct(t.precision),
      `of users flagged at score ≥ ${t.threshold.toFixed(3)}, share who churned`,
    ],
    ['Recall', pct(t.recall), 'of churners, share flagged'],
    ['F1', fixed3(t.f1), 'threshold chosen to maximise F1 in cross-validation'],
    ['Accuracy', pct(t.accuracy), 'at the same threshold'],
  ];
  const cv = m.cv;
  const candidateRows = m.candidates.map((c) => ({
    ...c,
    chosen: c.kind === model.kind && paramsText(c.params) === paramsText(chosenParams(model)),
  }));
  return (
    <Stack gap="sm">
      <Card withBorder padding="sm" data-testid="churn-metrics">
        <Group justify="space-between" mb={4}>
          <Text size="sm" fw={600}>
            Test set: {count(m.nTest)} held-out users
          </Text>
          <CopyTsv
            rows={[['metric', 'value'], ...testRows.map(([a, b]) => [a, b])]}
            what="the test metrics"
          />
        </Group>
        <Table verticalSpacing={2} fz="xs" aria-label="Test metrics">
          <Table.Tbody>
            {testRows.map(([name, value, meaning]) => (
              <Table.Tr key={name}>
                <Table.Td fw={500} style={{ whiteSpace: 'nowrap' }}>
                  {name}
                </Table.Td>
                <Table.Td ta="right" ff="monospace" data-testid={`churn-metric-${name}`}>
                  {value}
                </Table.Td>
                <Table.Td c="dimmed">{meaning}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Card>
      <Card withBorder padding="sm" data-testid="churn-cv">
        <Group justify="space-between" mb={4}>
          <Text size="sm" fw={600}>
            Cross-validation on {count(m.nTrain)} training users
          </Text>
          <CopyTsv
            rows={[
              ['model', 'settings', 'cv_auc_mean', 'cv_auc_sd'],
              ...m.candidates.map((c) => [c.kind, paramsText(c.params), String(c.aucMean), String(c.aucSd)]),
            ]}
            what="the candidates"
          />
        </Group>
        <Text size="sm">
          AUC{' '}
          <b>
            {fixed3(cv.aucMean)} ± {fixed3(cv.aucSd)}
          </b>{' '}
          <Text span size="xs" c="dimmed">
            (mean ± sd over {cv.folds} folds)
          </Text>
        </Text>
        <Group gap={4} mt={4} mb={8} data-testid="churn-folds">
          {cv.aucs.map((a, i) => (
            <Badge key={i} size="sm" variant="light" color="gray" tt="none" ff="monospace">
              fold {i + 1}: {fixed3(a)}
            </Badge>
          ))}
        </Group>
        <Text size="xs" fw={600} mb={2}>
          Candidates tried
        </Text>
        <Table verticalSpacing={2} fz="xs" aria-label="Candidate models">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Model</Table.Th>
              <Table.Th>Settings</Table.Th>
              <Table.Th ta="right">CV AUC</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {candidateRows.map((c, i) => (
              <Table.Tr key={i} fw={c.chosen ? 700 : undefined}>
                <Table.Td>
                  {modelName(c.kind)}
                  {c.chosen && (
                    <Badge ml={4} size="xs" variant="light">
                      chosen
                    </Badge>
                  )}
                </Table.Td>
                <Table.Td>{paramsText(c.params)}</Table.Td>
                <Table.Td ta="right" ff="monospace">
                  {fixed3(c.aucMean)} ± {fixed3(c.aucSd)}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        <Text size="xs" c="dimmed" mt={6}>
          {m.nTrain + m.nTest > 0 &&
            `${count(m.balance.rows)} labelled users, ${pct(m.positiveRate)} churned; `}
          trained in {m.seconds.toFixed(1)} s.
        </Text>
      </Card>
    </Stack>
  );
}

function chosenParams(model: ChurnModel): Record<string, unknown> {
  const p = model.recipe.params;
  return typeof p === 'object' && p !== null ? (p as Record<string, unknown>) : {};
}
