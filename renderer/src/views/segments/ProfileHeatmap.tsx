import { useComputedColorScheme } from '@mantine/core';
import type { Data, Layout } from 'plotly.js-dist-min';
import { useMemo } from 'react';
import { ChartCard } from '../../charts/ChartCard.tsx';
import {
  axisNames,
  contrastLabel,
  isShare,
  signed,
  value,
  type Contrast,
  type Labeller,
  type Segmentation,
} from './segmentFormat.ts';

/** Rows shown at most: the features that set some segment apart the most. */
const MAX_ROWS = 14;
/** Colours saturate beyond ± this many standard deviations (the cell text keeps the true value). */
const CLAMP = 2;

const key = (c: Pick<Contrast, 'feature' | 'level'>) => `${c.feature}\u0000${c.level ?? ''}`;
const short = (s: string, n = 38) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/** A column label on at most two lines of about `width` characters (columns are narrow). */
function wrap(s: string, width = 12): string {
  const words = short(s, 2 * width + 4).split(' ');
  const lines: string[] = [''];
  for (const w of words) {
    const last = lines[lines.length - 1]!;
    if (last && last.length + 1 + w.length > width && lines.length < 2) lines.push(w);
    else lines[lines.length - 1] = last ? `${last} ${w}` : w;
  }
  return lines.join('<br>');
}

/**
 * Segments × features: each cell the standardised difference of the segment's mean from everyone's
 * (in overall standard deviations), on a diverging scale — blue below average, vermillion above —
 * centred on 0. Rows are the features that distinguish some segment most.
 */
export function ProfileHeatmap({ analysis, label }: { analysis: Segmentation; label: Labeller }) {
  const dark = useComputedColorScheme('light') === 'dark';
  const chart = useMemo(() => {
    const profiles = analysis.profiles;
    const strongest = new Map<string, { contrast: Contrast; max: number }>();
    for (const p of profiles)
      for (const c of p.contrasts) {
        if (c.difference === null) continue;
        const k = key(c);
        const seen = strongest.get(k);
        if (!seen || Math.abs(c.difference) > seen.max)
          strongest.set(k, { contrast: c, max: Math.abs(c.difference) });
      }
    const rows = [...strongest.values()]
      .sort((a, b) => b.max - a.max)
      .slice(0, MAX_ROWS)
      .map((r) => r.contrast);
    const cell = (segment: number, row: Contrast) =>
      profiles.find((p) => p.segment === segment)?.contrasts.find((c) => key(c) === key(row));
    const z = rows.map((r) => profiles.map((p) => cell(p.segment, r)?.difference ?? null));
    const hover = rows.map((r) =>
      profiles.map((p) => {
        const c = cell(p.segment, r);
        if (!c) return '';
        const share = isShare(c);
        return (
          `${value(c.mean, share)} vs ${value(c.overallMean, share)} overall` +
          (c.median === null
            ? ''
            : `<br>median ${value(c.median, share)} vs ${value(c.overallMedian, share)}`)
        );
      }),
    );
    const mid = dark ? '#2C2E33' : '#F7F7F7';
    const data: Data[] = [
      {
        type: 'heatmap',
        x: axisNames(profiles).map((n) => wrap(n)),
        y: rows.map((r) => short(contrastLabel(r, label))),
        z,
        zmin: -CLAMP,
        zmax: CLAMP,
        zmid: 0,
        colorscale: [
          [0, '#0072B2'],
          [0.5, mid],
          [1, '#D55E00'],
        ],
        customdata: hover,
        text: z.map((row) => row.map((d) => (d === null ? '' : signed(d)))),
        texttemplate: '%{text}',
        textfont: { size: 11 },
        xgap: 2,
        ygap: 2,
        hovertemplate: '%{x} · %{y}<br>%{z:+.2f} sd<br>%{customdata}<extra></extra>',
        colorbar: {
          title: { text: 'sd from<br>overall', side: 'top' },
          thickness: 10,
          len: 0.9,
          tickvals: [-2, -1, 0, 1, 2],
          ticktext: ['≤ −2', '−1', '0', '+1', '≥ +2'],
        },
      },
    ];
    const layout: Layout = {
      yaxis: { autorange: 'reversed', automargin: true, gridcolor: 'rgba(0,0,0,0)' },
      xaxis: { side: 'top', automargin: true, gridcolor: 'rgba(0,0,0,0)', tickangle: 0 },
      margin: { l: 8, r: 16, t: 56, b: 16 },
    };
    return { data, layout, rows: rows.length };
  }, [analysis, label, dark]);

  return (
    <ChartCard
      title="Profiles: how each segment differs from everyone"
      xTitle=""
      yTitle=""
      data={chart.data}
      layout={chart.layout}
      height={Math.max(260, 90 + chart.rows * 28)}
      filename="segments-profiles"
      note="Standardised difference: (segment mean − overall mean) / overall sd on the raw features; for a category, its share against the overall share. Blue below everyone, vermillion above; colours saturate at ±2 sd."
    />
  );
}
