/**
 * Small static SVG charts for the HTML report, so the report is one self-contained file that opens
 * anywhere offline (the app itself draws the same charts with Plotly).
 */

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const PALETTE = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f'];
const FONT = 'font-family="system-ui, sans-serif" font-size="12"';

function niceTicks(lo: number, hi: number, count = 5): number[] {
  const span = hi - lo || 1;
  const raw = span / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? raw;
  const ticks: number[] = [];
  for (let t = Math.ceil(lo / step) * step; t <= hi + step * 1e-9; t += step)
    ticks.push(Number(t.toPrecision(12)));
  return ticks;
}

function range(values: number[], pad = 0.08): [number, number] {
  const finite = values.filter(Number.isFinite);
  let lo = Math.min(...finite);
  let hi = Math.max(...finite);
  if (!Number.isFinite(lo)) return [0, 1];
  if (lo === hi) [lo, hi] = [lo - 1, hi + 1];
  const p = (hi - lo) * pad;
  return [lo - p, hi + p];
}

/** Horizontal interval bars (a forest plot) with a zero line. */
export function forestPlot(
  rows: { label: string; estimate: number; lo: number; hi: number }[],
  format: (v: number) => string,
): string {
  const width = 640;
  const left = 170;
  const right = 20;
  const rowH = 30;
  const top = 10;
  const height = top + rows.length * rowH + 36;
  const [lo, hi] = range([0, ...rows.flatMap((r) => [r.lo, r.hi])]);
  const x = (v: number) => left + ((v - lo) / (hi - lo)) * (width - left - right);
  const axisY = top + rows.length * rowH + 6;
  const parts = [
    `<line x1="${x(0)}" x2="${x(0)}" y1="${top}" y2="${axisY}" stroke="#888" stroke-dasharray="4 3"/>`,
  ];
  rows.forEach((r, i) => {
    const y = top + i * rowH + rowH / 2;
    const colour = r.lo > 0 ? '#2ca02c' : r.hi < 0 ? '#d62728' : '#555';
    parts.push(
      `<text x="${left - 8}" y="${y + 4}" text-anchor="end" ${FONT}>${escapeHtml(r.label)}</text>`,
      `<line x1="${x(r.lo)}" x2="${x(r.hi)}" y1="${y}" y2="${y}" stroke="${colour}" stroke-width="2"/>`,
      `<line x1="${x(r.lo)}" x2="${x(r.lo)}" y1="${y - 6}" y2="${y + 6}" stroke="${colour}" stroke-width="2"/>`,
      `<line x1="${x(r.hi)}" x2="${x(r.hi)}" y1="${y - 6}" y2="${y + 6}" stroke="${colour}" stroke-width="2"/>`,
      `<circle cx="${x(r.estimate)}" cy="${y}" r="4.5" fill="${colour}"/>`,
    );
  });
  parts.push(`<line x1="${left}" x2="${width - right}" y1="${axisY}" y2="${axisY}" stroke="#888"/>`);
  for (const t of niceTicks(lo, hi))
    parts.push(
      `<text x="${x(t)}" y="${axisY + 16}" text-anchor="middle" ${FONT} fill="#444">${escapeHtml(format(t))}</text>`,
    );
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" role="img" aria-label="forest plot">${parts.join('')}</svg>`;
}

/** Cell means of factor B's levels (lines) across factor A's levels (x), with interval bars. */
export function interactionPlot(
  cells: { a: string; b: string; mean: number; lo: number; hi: number }[],
  names: { a: string; b: string },
  format: (v: number) => string,
): string {
  const width = 700;
  const height = 320;
  const margin = { left: 70, right: 200, top: 16, bottom: 44 };
  const levelsA = [...new Set(cells.map((c) => c.a))];
  const levelsB = [...new Set(cells.map((c) => c.b))];
  const [lo, hi] = range(cells.flatMap((c) => [c.lo, c.hi]));
  const plotW = width - margin.left - margin.right;
  const plotH = height - margin.top - margin.bottom;
  const x = (i: number) =>
    margin.left +
    (levelsA.length === 1 ? plotW / 2 : (i / (levelsA.length - 1)) * plotW * 0.9 + plotW * 0.05);
  const y = (v: number) => margin.top + (1 - (v - lo) / (hi - lo)) * plotH;
  const parts: string[] = [];
  for (const t of niceTicks(lo, hi)) {
    parts.push(
      `<line x1="${margin.left}" x2="${margin.left + plotW}" y1="${y(t)}" y2="${y(t)}" stroke="#eee"/>`,
      `<text x="${margin.left - 6}" y="${y(t) + 4}" text-anchor="end" ${FONT} fill="#444">${escapeHtml(format(t))}</text>`,
    );
  }
  levelsA.forEach((a, i) =>
    parts.push(`<text x="${x(i)}" y="${height - 24}" text-anchor="middle" ${FONT}>${escapeHtml(a)}</text>`),
  );
  parts.push(
    `<text x="${margin.left + plotW / 2}" y="${height - 6}" text-anchor="middle" ${FONT} fill="#444">${escapeHtml(names.a)}</text>`,
  );
  levelsB.forEach((b, j) => {
    const colour = PALETTE[j % PALETTE.length]!;
    const points = levelsA
      .map((a, i) => ({ i, c: cells.find((c) => c.a === a && c.b === b) }))
      .filter((p): p is { i: number; c: (typeof cells)[number] } => p.c !== undefined);
    parts.push(
      `<polyline fill="none" stroke="${colour}" stroke-width="2" points="${points.map((p) => `${x(p.i)},${y(p.c.mean)}`).join(' ')}"/>`,
    );
    for (const p of points) {
      const dx = (j - (levelsB.length - 1) / 2) * 4;
      parts.push(
        `<line x1="${x(p.i) + dx}" x2="${x(p.i) + dx}" y1="${y(p.c.lo)}" y2="${y(p.c.hi)}" stroke="${colour}"/>`,
        `<circle cx="${x(p.i)}" cy="${y(p.c.mean)}" r="4" fill="${colour}"/>`,
      );
    }
    const ly = margin.top + 14 + j * 18;
    parts.push(
      `<line x1="${width - margin.right + 14}" x2="${width - margin.right + 34}" y1="${ly - 4}" y2="${ly - 4}" stroke="${colour}" stroke-width="2"/>`,
      `<text x="${width - margin.right + 40}" y="${ly}" ${FONT}>${escapeHtml(`${names.b} = ${b}`)}</text>`,
    );
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" role="img" aria-label="interaction plot">${parts.join('')}</svg>`;
}
