import { ActionIcon, Box, Group, Text, Tooltip, useComputedColorScheme } from '@mantine/core';
import type { Data, Layout } from 'plotly.js-dist-min';
import { useEffect, useRef, useState } from 'react';
import { useToasts } from '../frame/toasts.tsx';

/** Okabe–Ito, colour-blind safe; used in this order everywhere. */
export const palette = [
  '#0072B2',
  '#E69F00',
  '#009E73',
  '#CC79A7',
  '#56B4E9',
  '#D55E00',
  '#F0E442',
  '#999999',
];

const loadPlotly = () => import('plotly.js-strict-dist-min').then((m) => m.default);

/**
 * Fetches and parses Plotly ahead of the first chart (a view calls it while the analyst is still
 * setting things up); never fails, a real failure shows when a chart draws.
 */
export function preloadPlotly(): Promise<void> {
  return loadPlotly().then(
    () => undefined,
    () => undefined,
  );
}

/** A clicked point, as Plotly reports it. */
export interface PlotPoint {
  x: unknown;
  y: unknown;
  curveNumber: number;
  pointIndex: number;
}

/** The event methods Plotly adds to a div it has drawn in. */
interface PlotlyDiv extends HTMLDivElement {
  on?: (event: 'plotly_click', handler: (e: { points?: PlotPoint[] }) => void) => void;
  removeAllListeners?: (event: string) => void;
  /** Set once Plotly has drawn here. */
  _fullLayout?: unknown;
}

export interface PlotProps {
  title: string;
  xTitle: string;
  yTitle: string;
  data: Data[];
  height?: number;
  /** File name of the PNG export, without extension. */
  filename: string;
  /** Merged over the house layout (axis types, bar mode…). */
  layout?: Layout;
  /** A sentence under the chart: what it shows when it is not every row as is. */
  note?: string | null;
  /** Called once Plotly has drawn this data. */
  onRendered?: () => void;
  /** Called with the point clicked (the nearest one within hover distance). */
  onPointClick?: (point: PlotPoint) => void;
}

/**
 * A Plotly chart with a title, axis labels, the theme's colours and a PNG export button. Plotly
 * (≈4 MB) is loaded on first use so it never delays the first paint. The chart follows its
 * container's width (a panel opening beside it, a modal settling), not only the window's.
 */
export function Plot({
  title,
  xTitle,
  yTitle,
  data,
  height = 280,
  filename,
  layout: extra,
  note,
  onRendered,
  onPointClick,
}: PlotProps) {
  const el = useRef<PlotlyDiv>(null);
  const clickRef = useRef(onPointClick);
  useEffect(() => {
    clickRef.current = onPointClick;
  });
  const clickable = onPointClick !== undefined;
  const toasts = useToasts();
  const dark = useComputedColorScheme('light') === 'dark';
  const [ready, setReady] = useState(false);
  // Plotly calls on one div run one after another: a new drawing started while a slow one (a
  // million WebGL points) is still in flight could otherwise never settle.
  const drawing = useRef<Promise<unknown>>(Promise.resolve());

  useEffect(() => {
    let live = true;
    const target = el.current;
    if (!target) return;
    setReady(false);
    const fg = dark ? '#C9C9C9' : '#333';
    const grid = dark ? '#373A40' : '#E9ECEF';
    const layout: Layout = {
      height,
      margin: { l: 56, r: 16, t: 16, b: 48 },
      paper_bgcolor: 'rgba(0,0,0,0)',
      plot_bgcolor: 'rgba(0,0,0,0)',
      font: { family: 'system-ui, sans-serif', size: 11, color: fg },
      colorway: palette,
      showlegend: data.length > 1,
      legend: { orientation: 'h', y: 1.12 },
      xaxis: { title: { text: xTitle }, gridcolor: grid, automargin: true },
      yaxis: { title: { text: yTitle }, gridcolor: grid, automargin: true, rangemode: 'tozero' },
    };
    for (const [key, value] of Object.entries(extra ?? {})) {
      const base = layout[key];
      layout[key] =
        typeof base === 'object' && base !== null && typeof value === 'object' && value !== null
          ? { ...base, ...value }
          : value;
    }
    // …but never wait on a previous drawing for more than a few seconds.
    const previous = Promise.race([
      drawing.current.catch(() => undefined),
      new Promise((resolve) => setTimeout(resolve, 5000)),
    ]);
    const draw = previous
      .then(() => loadPlotly())
      .then((Plotly) => {
        if (!live) return;
        return Plotly.react(target, data, layout, {
          displaylogo: false,
          responsive: true,
          displayModeBar: false,
        }).then(() => {
          if (!live) return;
          target.removeAllListeners?.('plotly_click');
          if (clickable)
            target.on?.('plotly_click', (e) => {
              const point = e.points?.[0];
              if (point) clickRef.current?.(point);
            });
          setReady(true);
          onRendered?.();
        });
      })
      .catch((error: unknown) => toasts.error(error, `Could not draw “${title}”`));
    drawing.current = draw;
    return () => {
      live = false;
    };
    // onRendered is a notification, not an input: a new callback does not redraw.
  }, [data, dark, height, title, xTitle, yTitle, toasts, extra, clickable]);

  // Plotly's `responsive` follows the window only: a change of the container's width re-lays the
  // chart out too (once it has been drawn; height is fixed by the prop).
  useEffect(() => {
    const target = el.current;
    if (!target || typeof ResizeObserver === 'undefined') return;
    let width = target.clientWidth;
    let frame = 0;
    const observer = new ResizeObserver(() => {
      const now = target.clientWidth;
      if (now === width || now === 0) return;
      width = now;
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(() => {
        if (!target._fullLayout) return;
        void loadPlotly()
          .then((Plotly) => Plotly.Plots.resize(target))
          .catch(() => undefined);
      });
    });
    observer.observe(target);
    return () => {
      cancelAnimationFrame(frame);
      observer.disconnect();
    };
  }, []);

  useEffect(() => {
    const target = el.current;
    return () => {
      if (target) void loadPlotly().then((Plotly) => Plotly.purge(target));
    };
  }, []);

  const exportPng = () => {
    const target = el.current;
    if (!target) return;
    loadPlotly()
      .then((Plotly) =>
        Plotly.downloadImage(target, {
          format: 'png',
          filename,
          width: 1200,
          height: height * 1.5,
          scale: 2,
        }),
      )
      .catch((error: unknown) => toasts.error(error, 'Could not export the chart'));
  };

  return (
    <Box role="figure" aria-label={title} data-testid={`chart-${filename}`} data-ready={ready}>
      <Group justify="space-between" mb={4}>
        <Text size="sm" fw={600}>
          {title}
        </Text>
        <Tooltip label="Export as PNG">
          <ActionIcon variant="subtle" size="sm" onClick={exportPng} aria-label={`Export “${title}” as PNG`}>
            ⤓
          </ActionIcon>
        </Tooltip>
      </Group>
      <div ref={el} style={{ width: '100%', height }} />
      {note && (
        <Text size="xs" c="dimmed" mt={4} data-testid="chart-note">
          {note}
        </Text>
      )}
    </Box>
  );
}
