import { Card } from '@mantine/core';
import { Plot, type PlotProps } from './Plot.tsx';

/** A chart in the bordered card every result block uses. */
export function ChartCard(props: PlotProps) {
  return (
    <Card withBorder padding="sm">
      <Plot {...props} />
    </Card>
  );
}
