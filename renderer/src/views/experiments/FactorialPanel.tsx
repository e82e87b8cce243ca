import { Card, Group, Stack, Table, Text } from '@mantine/core';
import { pValue, withMinus } from '../../format.ts';
import { CopyTsv } from '../../components/CopyTsv.tsx';
import { confidence, numCell, stat } from './experimentFormat.ts';
import type { MetricResultWire } from './experimentsApi.ts';
import { InteractionPlot } from './InteractionPlot.tsx';

const num = numCell;

/**
 * The factorial view of one metric: the interaction plot of the cell means, the two-way ANOVA
 * (F, p and partial η² per main effect and the interaction) and, for a yes/no metric, the logistic
 * model with odds ratios.
 */
export function FactorialPanel({
  metric,
  factors,
  alpha,
}: {
  metric: MetricResultWire;
  factors: string[];
  alpha: number;
}) {
  const { anova, logit, cells } = metric;
  return (
    <Card withBorder padding="sm" data-testid="experiment-factorial">
      <Text size="sm" fw={600} mb={6}>
        Factorial analysis: {factors.join(' × ')}
      </Text>
      <Stack gap="sm">
        {cells && cells.length > 0 && <InteractionPlot metric={metric} cells={cells} factors={factors} />}
        <Stack gap="sm">
          {anova && anova.length > 0 && (
            <div>
              <Group justify="space-between" mb={2}>
                <Text size="xs" fw={600}>
                  ANOVA
                </Text>
                <CopyTsv
                  rows={[
                    ['term', 'df', 'ss', 'F', 'p', 'partial_eta2'],
                    ...anova.map((t) => [t.term, t.df, t.ss, t.F ?? '', t.p ?? '', t.partial_eta2 ?? '']),
                  ]}
                  what={`the ANOVA of ${metric.metric}`}
                />
              </Group>
              <Table.ScrollContainer minWidth={520} type="native">
                <Table verticalSpacing={2} fz="xs" aria-label={`ANOVA of ${metric.metric}`}>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>Term</Table.Th>
                      <Table.Th ta="right">df</Table.Th>
                      <Table.Th ta="right">F</Table.Th>
                      <Table.Th ta="right">p</Table.Th>
                      <Table.Th ta="right">Partial η²</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {anova.map((t) => (
                      <Table.Tr key={t.term} data-term={t.term}>
                        <Table.Td>{t.term}</Table.Td>
                        <Table.Td {...num}>{t.df}</Table.Td>
                        <Table.Td {...num}>{t.F === null ? '' : t.F.toFixed(2)}</Table.Td>
                        <Table.Td {...num} fw={t.p !== null && t.p < 0.05 ? 600 : undefined}>
                          {t.p === null ? '' : pValue(t.p)}
                        </Table.Td>
                        <Table.Td {...num}>
                          {t.partial_eta2 === null ? '' : t.partial_eta2.toFixed(4)}
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
              <Text size="xs" c="dimmed" mt={2}>
                Partial η²: the share of the variance left by the other terms that this term explains.
              </Text>
            </div>
          )}
          {logit && logit.length > 0 && (
            <div>
              <Group justify="space-between" mb={2}>
                <Text size="xs" fw={600}>
                  Logistic regression (log-odds)
                </Text>
                <CopyTsv
                  rows={[
                    ['term', 'coef', 'se', 'z', 'p', 'odds_ratio', 'or_ci_low', 'or_ci_high'],
                    ...logit.map((t) => [t.term, t.coef, t.se, t.z, t.p, t.odds_ratio, t.ci[0], t.ci[1]]),
                  ]}
                  what={`the logistic model of ${metric.metric}`}
                />
              </Group>
              <Table.ScrollContainer minWidth={520} type="native">
                <Table verticalSpacing={2} fz="xs" aria-label={`Logistic model of ${metric.metric}`}>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>Term</Table.Th>
                      <Table.Th ta="right">Coef</Table.Th>
                      <Table.Th ta="right">SE</Table.Th>
                      <Table.Th ta="right">z</Table.Th>
                      <Table.Th ta="right">p</Table.Th>
                      <Table.Th ta="right">Odds ratio ({confidence(alpha)} CI)</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {logit.map((t) => (
                      <Table.Tr key={t.term}>
                        <Table.Td>{t.term}</Table.Td>
                        <Table.Td {...num}>{stat(t.coef)}</Table.Td>
                        <Table.Td {...num}>{stat(t.se)}</Table.Td>
                        <Table.Td {...num}>{withMinus(t.z.toFixed(2))}</Table.Td>
                        <Table.Td {...num}>{pValue(t.p)}</Table.Td>
                        <Table.Td {...num}>
                          {stat(t.odds_ratio)}{' '}
                          <Text span size="xs" c="dimmed">
                            ({stat(t.ci[0])} to {stat(t.ci[1])})
                          </Text>
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
            </div>
          )}
        </Stack>
      </Stack>
    </Card>
  );
}
