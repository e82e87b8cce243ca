import { Card, Group, Stack, Table, Text } from '@mantine/core';
import type { Data } from 'plotly.js-dist-min';
import { useMemo } from 'react';
import { Plot } from '../../charts/Plot.tsx';
import { pValue } from '../../format.ts';
import { CopyTsv } from '../../components/CopyTsv.tsx';
import { amount, numCell, stat } from './experimentFormat.ts';
import type { ExperimentResult } from './experimentsApi.ts';

const legendAbove = { margin: { t: 44 }, legend: { orientation: 'h', x: 0, y: 1.02, yanchor: 'bottom' } };

/**
 * Whether the arms stayed comparable: units first exposed per day in each arm (a gap or a jump in
 * one arm points at a broken rollout), and the pre-period covariates compared with the control.
 */
export function BalancePanel({
  result,
  colours,
}: {
  result: ExperimentResult;
  colours: Map<string, string>;
}) {
  const days = result.balance_over_time;
  const covariates = result.covariate_balance;
  const data = useMemo<Data[]>(() => {
    const variants = [...new Set(days.map((d) => d.variant))];
    return variants.map((v) => {
      const rows = days.filter((d) => d.variant === v);
      return {
        type: 'scatter',
        mode: 'lines+markers',
        name: v,
        x: rows.map((r) => r.day),
        y: rows.map((r) => r.n),
        line: { color: colours.get(v), width: 1.5 },
        marker: { size: 4, color: colours.get(v) },
      };
    });
  }, [days, colours]);
  if (days.length === 0 && covariates.length === 0) return null;
  return (
    <Card withBorder padding="sm" data-testid="experiment-balance">
      <Stack gap="sm">
        {days.length > 0 && (
          <Plot
            title="Units first exposed per day"
            xTitle="Day of first exposure (UTC)"
            yTitle="Units"
            data={data}
            layout={legendAbove}
            height={240}
            filename="experiment-balance-over-time"
          />
        )}
        {covariates.length > 0 && (
          <div>
            <Group justify="space-between" mb={2}>
              <Text size="xs" fw={600}>
                Covariate balance (before exposure)
              </Text>
              <CopyTsv
                rows={[
                  ['covariate', 'variant', 'mean', 'control_mean', 'smd', 'p'],
                  ...covariates.map((c) => [c.covariate, c.variant, c.mean, c.control_mean, c.smd, c.p]),
                ]}
                what="the covariate balance"
              />
            </Group>
            <Table.ScrollContainer minWidth={520} type="native">
              <Table verticalSpacing={2} fz="xs" aria-label="Covariate balance">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Covariate</Table.Th>
                    <Table.Th>Variant</Table.Th>
                    <Table.Th ta="right">Mean</Table.Th>
                    <Table.Th ta="right">Control mean</Table.Th>
                    <Table.Th ta="right">Std. mean difference</Table.Th>
                    <Table.Th ta="right">p</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {covariates.map((c) => (
                    <Table.Tr key={`${c.covariate}/${c.variant}`}>
                      <Table.Td>{c.covariate}</Table.Td>
                      <Table.Td>{c.variant}</Table.Td>
                      <Table.Td {...numCell}>{amount(c.mean)}</Table.Td>
                      <Table.Td {...numCell}>{amount(c.control_mean)}</Table.Td>
                      <Table.Td
                        {...numCell}
                        c={Math.abs(c.smd) > 0.1 ? 'red' : undefined}
                        fw={Math.abs(c.smd) > 0.1 ? 600 : undefined}
                      >
                        {stat(c.smd)}
                      </Table.Td>
                      <Table.Td {...numCell}>{pValue(c.p)}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
            <Text size="xs" c="dimmed" mt={2}>
              A standardised mean difference beyond ±0.1 (red) means the arms differed before the experiment.
            </Text>
          </div>
        )}
      </Stack>
    </Card>
  );
}
