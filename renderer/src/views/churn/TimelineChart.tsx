import type { Data, Layout } from 'plotly.js-dist-min';
import { useMemo } from 'react';
import { palette, Plot } from '../../charts/Plot.tsx';
import { addDays } from './churnForm.ts';

export interface TimelineDay {
  day: string;
  dau: number;
}

const maxDay = (a: string | undefined, b: string | undefined) =>
  a && b ? (a > b ? a : b) : (a ?? b ?? null);

/** Translucent fill of a palette colour. */
const fill = (hex: string, alpha: number) => {
  const n = parseInt(hex.slice(1), 16);
  return `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, ${alpha})`;
};

/**
 * Daily active users over the data's range with the windows of the churn labels drawn on it: the
 * feature window (every event before the cutoff, blue), the label window (the N days from each
 * cutoff, orange) and the span a user must have been active in not to be excluded (a red strip
 * at the top), with a dashed line at each cutoff.
 */
export function TimelineChart({
  days,
  cutoffs,
  inactiveDays,
  excludeInactiveDays,
}: {
  days: TimelineDay[];
  /** Oldest first; the last is the chosen cutoff. */
  cutoffs: string[];
  inactiveDays: number;
  excludeInactiveDays: number;
}) {
  const data = useMemo<Data[]>(
    () => [
      {
        type: 'scatter',
        mode: 'lines',
        name: 'Daily active users',
        x: days.map((d) => d.day),
        y: days.map((d) => d.dau),
        line: { color: palette[0], width: 1.5 },
        hovertemplate: '%{x}: %{y:,} active users<extra></extra>',
      },
    ],
    [days],
  );

  const layout = useMemo<Layout>(() => {
    const cutoff = cutoffs.at(-1);
    const first = days[0]?.day;
    const shapes: Record<string, unknown>[] = [];
    const annotations: Record<string, unknown>[] = [];
    const okN = Number.isInteger(inactiveDays) && inactiveDays > 0;
    const okX = Number.isInteger(excludeInactiveDays) && excludeInactiveDays > 0;
    if (cutoff && first && cutoff > first) {
      shapes.push({
        type: 'rect',
        xref: 'x',
        yref: 'paper',
        x0: first,
        x1: cutoff,
        y0: 0,
        y1: 0.86,
        line: { width: 0 },
        fillcolor: fill(palette[0]!, 0.1),
        layer: 'below',
      });
      annotations.push({
        xref: 'x',
        yref: 'paper',
        x: first,
        y: 0.84,
        xanchor: 'left',
        yanchor: 'top',
        text: 'features',
        showarrow: false,
        font: { size: 10, color: palette[0] },
      });
    }
    if (cutoff && okX) {
      // Clipped to the data: before the first day nobody can have been active anyway.
      const from = maxDay(first, addDays(cutoff, -excludeInactiveDays))!;
      shapes.push({
        type: 'rect',
        xref: 'x',
        yref: 'paper',
        x0: from,
        x1: cutoff,
        y0: 0.9,
        y1: 1,
        line: { width: 0 },
        fillcolor: fill(palette[5]!, 0.45),
      });
      // Only where the words fit between the y axis and the strip (≈ 5 px a character, ≈ 270 px of plot).
      const label = 'excluded if inactive ▸';
      const dayCount = Math.max(1, days.length);
      if (first && from >= addDays(first, Math.ceil(((label.length * 5) / 270) * dayCount)))
        annotations.push({
          xref: 'x',
          yref: 'paper',
          x: from,
          y: 0.95,
          xanchor: 'right',
          yanchor: 'middle',
          text: label,
          showarrow: false,
          font: { size: 9 },
        });
    }
    for (const c of cutoffs) {
      if (okN)
        shapes.push({
          type: 'rect',
          xref: 'x',
          yref: 'paper',
          x0: c,
          x1: addDays(c, inactiveDays),
          y0: 0,
          y1: 0.86,
          line: { width: 0 },
          fillcolor: fill(palette[1]!, c === cutoff ? 0.35 : 0.18),
          layer: 'below',
        });
      shapes.push({
        type: 'line',
        xref: 'x',
        yref: 'paper',
        x0: c,
        x1: c,
        y0: 0,
        y1: 1,
        line: { color: c === cutoff ? palette[5] : palette[7], width: 1.5, dash: 'dash' },
      });
    }
    if (cutoff && okN)
      annotations.push({
        xref: 'x',
        yref: 'paper',
        x: addDays(cutoff, Math.floor(inactiveDays / 2)),
        y: 0.43,
        textangle: -90,
        text: `label: ${inactiveDays} d`,
        showarrow: false,
        font: { size: 9 },
      });
    return {
      shapes,
      annotations,
      margin: { l: 48, r: 8, t: 8, b: 32 },
      // A fixed range (the data, and the label window when it reaches past it): autorange over shapes
      // that move misplaces them after Plotly.react.
      xaxis: {
        type: 'date',
        tickformat: '%b %d',
        autorange: false,
        range: [
          first ?? null,
          maxDay(days.at(-1)?.day, cutoff && okN ? addDays(cutoff, inactiveDays) : undefined),
        ],
      },
      // Head room above the busiest day for the exclusion strip and the labels.
      yaxis: { tickformat: ',~s', range: [0, 1.3 * Math.max(1, ...days.map((d) => d.dau))] },
    };
  }, [days, cutoffs, inactiveDays, excludeInactiveDays]);

  return (
    <Plot
      title="Activity and the windows at the cutoff"
      xTitle="Day (UTC)"
      yTitle="Active users"
      data={data}
      layout={layout}
      height={190}
      filename="churn-timeline"
      note="Blue: features use only events before the cutoff (dashed). Orange: churned = no activity in these days. Red strip: users with no activity there are excluded."
    />
  );
}
