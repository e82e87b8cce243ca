import { Alert, Box, Group, SegmentedControl, Select, Stack, Text } from '@mantine/core';
import type { Data, Layout } from 'plotly.js-dist-min';
import { useMemo, useRef, useState, useEffect } from 'react';
import type { Output } from '../../api/EngineClient.ts';
import { asEngineError } from '../../api/EngineClient.ts';
import { useEngine } from '../../api/EngineContext.tsx';
import { palette, Plot } from '../../charts/Plot.tsx';
import { count, duration } from '../../format.ts';
import {
  choices,
  decode,
  fit,
  propose,
  titleOf,
  type Agg,
  type ChartKind,
  type ChartSpec,
} from './chartSpec.ts';

type Result = Output<'sql.query'>;
type Chart = Output<'sql.chart'>;

interface Drawn {
  chart: Chart;
  data: Data[];
  layout: Layout;
  /** Milliseconds: the engine's answer (query in DuckDB + transfer), decoding, and drawing. */
  fetchMs: number;
  decodeMs: number;
}

const kinds: { value: ChartKind; label: string }[] = [
  { value: 'line', label: 'Line' },
  { value: 'bar', label: 'Bar' },
  { value: 'scatter', label: 'Scatter' },
  { value: 'histogram', label: 'Histogram' },
];
const aggs: { value: Agg; label: string }[] = [
  { value: 'sum', label: 'Sum' },
  { value: 'avg', label: 'Average' },
  { value: 'min', label: 'Minimum' },
  { value: 'max', label: 'Maximum' },
  { value: 'count', label: 'Count rows' },
];

/**
 * One-click chart of a SQL result: a proposed chart from the column types, with pickers for kind,
 * x, y, colour and aggregation. The engine aggregates in DuckDB (`sql.chart`) and sends compact
 * columns; scatters of up to a million points are drawn with WebGL (scattergl), larger ones as a
 * 2-D histogram, and the chart says so.
 */
export function ResultChart({ result }: { result: Result }) {
  const engine = useEngine();
  const [spec, setSpec] = useState<ChartSpec | null>(() => propose(result.columns));
  const [drawn, setDrawn] = useState<Drawn | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [renderMs, setRenderMs] = useState<number | null>(null);
  const started = useRef(0);
  const sequence = useRef(0);

  useEffect(() => {
    if (!spec) return;
    const mine = ++sequence.current;
    setLoading(true);
    setRenderMs(null);
    started.current = performance.now();
    engine
      .call('sql.chart', {
        resultId: result.resultId,
        kind: spec.kind,
        x: spec.x,
        ...(spec.y !== null && spec.kind !== 'histogram' ? { y: spec.y } : {}),
        ...(spec.color !== null ? { color: spec.color } : {}),
        ...(spec.kind === 'bar' || spec.kind === 'line' ? { agg: spec.agg } : {}),
      })
      .then((chart) => {
        if (mine !== sequence.current) return;
        const fetched = performance.now();
        const { data, layout } = plotOf(chart);
        setDrawn({
          chart,
          data,
          layout,
          fetchMs: fetched - started.current,
          decodeMs: performance.now() - fetched,
        });
        setError(null);
      })
      .catch((e: unknown) => mine === sequence.current && setError(asEngineError(e).message))
      .finally(() => mine === sequence.current && setLoading(false));
  }, [engine, result.resultId, spec]);

  const options = useMemo(() => (spec ? choices(result.columns, spec.kind) : null), [result.columns, spec]);

  if (!spec || !options)
    return (
      <Text size="sm" c="dimmed">
        This result has no column that can be charted.
      </Text>
    );
  const update = (change: Partial<ChartSpec>) =>
    setSpec((s) => (s ? fit({ ...s, ...change }, result.columns) : s));
  const needsY = spec.kind === 'scatter';
  const aggregated = spec.kind === 'bar' || spec.kind === 'line';

  return (
    <Group
      align="flex-start"
      gap="md"
      wrap="nowrap"
      style={{ flex: 1, minHeight: 0 }}
      data-testid="result-chart"
    >
      <Stack gap="xs" w={210} style={{ flexShrink: 0 }} aria-label="Chart options">
        <SegmentedControl
          size="xs"
          orientation="vertical"
          fullWidth
          data={kinds}
          value={spec.kind}
          onChange={(v) => update({ kind: v })}
          aria-label="Chart kind"
        />
        <Select
          size="xs"
          label={spec.kind === 'histogram' ? 'Values' : 'X axis'}
          data={options.x}
          value={spec.x}
          allowDeselect={false}
          onChange={(v) => v && update({ x: v })}
        />
        {spec.kind !== 'histogram' && (
          <Select
            size="xs"
            label="Y axis"
            data={
              needsY
                ? options.y
                : [{ value: '', label: '(count rows)' }, ...options.y.map((y) => ({ value: y, label: y }))]
            }
            value={spec.y ?? ''}
            allowDeselect={false}
            onChange={(v) =>
              update({ y: v ? v : null, agg: v ? (spec.agg === 'count' ? 'sum' : spec.agg) : 'count' })
            }
          />
        )}
        {aggregated && spec.y !== null && (
          <Select
            size="xs"
            label="Aggregate y per x"
            data={aggs}
            value={spec.agg}
            allowDeselect={false}
            onChange={(v) => v && update({ agg: v })}
          />
        )}
        <Select
          size="xs"
          label="Colour"
          data={[{ value: '', label: '(none)' }, ...options.color.map((c) => ({ value: c, label: c }))]}
          value={spec.color ?? ''}
          allowDeselect={false}
          onChange={(v) => update({ color: v ? v : null })}
        />
        {drawn && (
          <Text size="xs" c="dimmed" data-testid="chart-stats">
            {count(drawn.chart.points)} points from {count(drawn.chart.rows)} rows · DuckDB{' '}
            {duration(drawn.chart.seconds)}
            {renderMs !== null ? ` · shown in ${duration(renderMs / 1000)}` : ''}
          </Text>
        )}
      </Stack>
      <Box
        style={{ flex: 1, minWidth: 0 }}
        className={loading ? 'engage-dimmed' : undefined}
        data-testid="chart-area"
        data-loading={loading}
        data-render-ms={renderMs ?? undefined}
        data-fetch-ms={drawn ? Math.round(drawn.fetchMs) : undefined}
        data-decode-ms={drawn ? Math.round(drawn.decodeMs) : undefined}
        data-mode={drawn?.chart.mode}
        data-points={drawn?.chart.points}
      >
        {error && (
          <Alert color="red" title="This chart cannot be drawn" mb="sm">
            {error} — choose other columns or another kind.
          </Alert>
        )}
        {drawn && (
          <Plot
            title={titleOf(spec)}
            xTitle={drawn.chart.xType === 'time' ? `${drawn.chart.xTitle} (UTC)` : drawn.chart.xTitle}
            yTitle={drawn.chart.mode === 'density' ? (spec.y ?? '') : drawn.chart.yTitle}
            data={drawn.data}
            layout={drawn.layout}
            height={400}
            filename={`chart-${spec.kind}-${spec.x}`.replace(/[^\w-]+/g, '_')}
            note={drawn.chart.note}
            onRendered={() => setRenderMs(Math.round(performance.now() - started.current))}
          />
        )}
      </Box>
    </Group>
  );
}

/** Plotly traces and layout for an engine chart. */
function plotOf(chart: Chart): { data: Data[]; layout: Layout } {
  const xaxis: Record<string, unknown> = {
    type: chart.xType === 'time' ? 'date' : chart.xType === 'category' ? 'category' : 'linear',
  };
  const layout: Layout = { xaxis };
  if (chart.mode === 'density') {
    const s = chart.series[0]!;
    layout.yaxis = { rangemode: 'normal' };
    return {
      data: [
        {
          type: 'heatmap',
          x: decode(s.x),
          y: decode(s.y),
          z: chart.z ?? [],
          colorscale: 'Viridis',
          colorbar: { title: { text: 'rows' }, thickness: 12 },
          hovertemplate: 'x %{x}<br>y %{y}<br>%{z} rows<extra></extra>',
        },
      ],
      layout,
    };
  }
  if (chart.kind === 'scatter') layout.yaxis = { rangemode: 'normal' };
  if (chart.kind === 'bar') layout.barmode = 'group';
  if (chart.kind === 'histogram') layout.bargap = 0.03;
  const many = chart.points > 100_000;
  const data = chart.series.map((s, i): Data => {
    const base = {
      name: s.name ?? '',
      x: decode(s.x),
      y: decode(s.y),
      marker: { color: palette[i % palette.length] },
    };
    switch (chart.kind) {
      case 'bar':
        return { ...base, type: 'bar' };
      case 'histogram':
        return {
          ...base,
          type: 'bar',
          width: chart.binWidth,
          hovertemplate: '%{x}: %{y} rows<extra></extra>',
        };
      case 'line':
        return {
          ...base,
          type: chart.points > 5000 ? 'scattergl' : 'scatter',
          mode: chart.points <= 60 ? 'lines+markers' : 'lines',
          line: { color: palette[i % palette.length], width: 1.5 },
        };
      case 'scatter':
        return {
          ...base,
          type: 'scattergl',
          mode: 'markers',
          marker: { color: palette[i % palette.length], size: many ? 2 : 4, opacity: many ? 0.35 : 0.7 },
          // Hover over a million points costs more than it tells.
          hoverinfo: many ? 'skip' : undefined,
        };
    }
  });
  return { data, layout };
}
