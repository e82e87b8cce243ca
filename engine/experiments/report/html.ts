import type { ExperimentResult, MetricResultWire } from '../../api/experimentsContract.ts';
import { formatAmount, formatP } from '../sentence.ts';
import { escapeHtml as h, forestPlot, interactionPlot } from './svg.ts';

/** The analysis as one self-contained HTML page: figures, tables, sentences and charts. */

const STYLE = `body{font-family:system-ui,sans-serif;margin:2rem auto;max-width:980px;color:#222;line-height:1.45}
table{border-collapse:collapse;margin:.5rem 0 1rem;font-size:.9rem}th,td{border-bottom:1px solid #ddd;padding:.3rem .6rem;text-align:right}
th:first-child,td:first-child{text-align:left}.banner{padding:.7rem 1rem;border-radius:6px;margin:1rem 0}
.bad{background:#fdecea;border:1px solid #d62728}.ok{background:#eef6ee;border:1px solid #9c9}.sentence{font-size:1.05rem;margin:.3rem 0}
.muted{color:#666;font-size:.85rem}section{border-top:2px solid #eee;margin-top:1.5rem;padding-top:.5rem}`;

function value(v: number, type: string): string {
  if (!Number.isFinite(v)) return 'n/a';
  if (type === 'binary') return `${(v * 100).toFixed(2)}%`;
  return Math.abs(v) >= 100 ? v.toFixed(1) : Number(v.toPrecision(4)).toString();
}
const pct = (v: number | null) => (v === null || !Number.isFinite(v) ? 'n/a' : `${(v * 100).toFixed(2)}%`);
/** A probability as a percentage that never rounds to a certainty it is not. */
const chance = (v: number) => (v > 0.9999 ? '> 99.99%' : v < 0.0001 ? '< 0.01%' : pct(v));
const interval = (ci: [number, number] | null, f: (v: number) => string) =>
  ci ? `${f(ci[0])} to ${f(ci[1])}` : 'n/a';

function table(head: string[], rows: string[][]): string {
  return `<table><thead><tr>${head.map((c) => `<th>${h(c)}</th>`).join('')}</tr></thead><tbody>${rows
    .map((r) => `<tr>${r.map((c) => `<td>${h(c)}</td>`).join('')}</tr>`)
    .join('')}</tbody></table>`;
}

function metricSection(m: MetricResultWire, correction: string): string {
  const f = (v: number) => formatAmount(v, m.type);
  const parts = [`<section><h2>${h(m.metric)} <span class="muted">(${m.type})</span></h2>`];
  parts.push(...m.comparisons.map((c) => `<p class="sentence">${h(c.sentence)}</p>`));
  parts.push(
    table(
      ['variant', 'units', m.type === 'binary' ? 'rate' : 'mean', 'interval'],
      m.variants.map((v) => [
        v.name,
        v.n.toLocaleString('en-US'),
        value(v.mean, m.type),
        interval(v.ci, (x) => value(x, m.type)),
      ]),
    ),
  );
  parts.push(
    table(
      [
        'variant vs control',
        'difference',
        'interval',
        'relative lift',
        'lift interval',
        'p',
        ...(correction === 'none' ? [] : ['adjusted p']),
        'chance to beat control (Bayesian)',
      ],
      m.comparisons.map((c) => [
        `${c.variant} vs ${c.control}`,
        f(c.diff),
        interval(c.diff_ci, f),
        pct(c.rel_lift),
        interval(c.rel_lift_ci, (x) => pct(x)),
        formatP(c.p).replace(/^p [=<] ?/, (s) => (s.includes('<') ? '< ' : '')),
        ...(correction === 'none'
          ? []
          : [c.p_adjusted === undefined ? '' : formatP(c.p_adjusted).replace(/^p = /, '')]),
        chance(c.bayes.chance_to_beat_control),
      ]),
    ),
  );
  parts.push(
    forestPlot(
      m.comparisons.map((c) => ({ label: c.variant, estimate: c.diff, lo: c.diff_ci[0], hi: c.diff_ci[1] })),
      f,
    ),
  );
  if (m.cuped)
    parts.push(
      `<p class="muted">CUPED on ${h(m.cuped.covariate)}: θ = ${m.cuped.theta.toPrecision(3)}, variance reduced by ${pct(m.cuped.variance_reduction)}.</p>`,
    );
  if (m.winsorized)
    parts.push(
      `<p class="muted">Winsorised at the ${m.winsorized.percentile}th percentile (${m.winsorized.cap}); ${m.winsorized.capped} values capped.</p>`,
    );
  if (m.cells && m.cells.length > 0) {
    const names = Object.keys(m.cells[0]!.levels);
    if (names.length === 2) {
      const [a, b] = names as [string, string];
      parts.push(
        '<h3>Interaction</h3>',
        interactionPlot(
          m.cells.map((c) => ({
            a: c.levels[a] ?? '',
            b: c.levels[b] ?? '',
            mean: c.mean,
            lo: c.ci[0],
            hi: c.ci[1],
          })),
          { a, b },
          (v) => value(v, m.type),
        ),
      );
    }
    parts.push(
      table(
        [...names, 'units', 'mean', 'interval'],
        m.cells.map((c) => [
          ...names.map((n) => c.levels[n] ?? ''),
          String(c.n),
          value(c.mean, m.type),
          interval(c.ci, (x) => value(x, m.type)),
        ]),
      ),
    );
  }
  if (m.anova)
    parts.push(
      '<h3>ANOVA (type II)</h3>',
      table(
        ['term', 'df', 'sum of squares', 'F', 'p', 'partial η²'],
        m.anova.map((t) => [
          t.term,
          String(t.df),
          t.ss.toPrecision(5),
          t.F === null ? '' : t.F.toPrecision(4),
          t.p === null ? '' : formatP(t.p).replace(/^p = /, ''),
          t.partial_eta2 === null ? '' : t.partial_eta2.toPrecision(3),
        ]),
      ),
    );
  if (m.logit)
    parts.push(
      '<h3>Logistic regression with interaction</h3>',
      table(
        ['term', 'coef', 'se', 'z', 'p', 'odds ratio', '95% CI'],
        m.logit.map((t) => [
          t.term,
          t.coef.toFixed(4),
          t.se.toFixed(4),
          t.z.toFixed(2),
          formatP(t.p).replace(/^p = /, ''),
          t.odds_ratio.toFixed(3),
          `${t.ci[0].toFixed(3)} to ${t.ci[1].toFixed(3)}`,
        ]),
      ),
    );
  parts.push('</section>');
  return parts.join('\n');
}

export function reportHtml(r: ExperimentResult, generatedAt: Date): string {
  const srm = r.srm.flagged
    ? `<div class="banner bad"><strong>Sample ratio mismatch.</strong> The split differs from the design (χ² = ${r.srm.chi2.toFixed(2)}, ${formatP(r.srm.p)}). Randomisation or logging may be broken; the results below may be biased.</div>`
    : `<div class="banner ok">Sample ratio as designed (χ² = ${r.srm.chi2.toFixed(2)}, ${formatP(r.srm.p)}; flagged below ${r.srm.threshold}).</div>`;
  const body = [
    `<h1>Experiment: ${h(r.source)}</h1>`,
    `<p class="muted">Variant column ${h(r.variant)}, control ${h(r.control)}${r.factors.length ? `, factors ${h(r.factors.join(' × '))}` : ''}; α = ${r.alpha}${r.correction === 'none' ? '' : `, ${r.correction === 'holm' ? 'Holm' : 'Benjamini–Hochberg'} correction`}. ${r.units.analysed.toLocaleString('en-US')} of ${r.units.total.toLocaleString('en-US')} units analysed. Generated ${generatedAt.toISOString()} by Engage Workbench.</p>`,
    srm,
    table(
      ['variant', 'units', 'expected', 'share'],
      r.srm.observed.map((o) => [
        o.variant,
        o.n.toLocaleString('en-US'),
        o.expected.toFixed(1),
        pct(o.share),
      ]),
    ),
    ...(r.warnings.length ? [`<ul>${r.warnings.map((w) => `<li>${h(w)}</li>`).join('')}</ul>`] : []),
    ...(r.covariate_balance.length
      ? [
          '<h2>Pre-period balance</h2>',
          table(
            ['covariate', 'variant', 'mean', 'control mean', 'standardised difference', 'p'],
            r.covariate_balance.map((c) => [
              c.covariate,
              c.variant,
              c.mean.toPrecision(4),
              c.control_mean.toPrecision(4),
              c.smd.toFixed(3),
              formatP(c.p).replace(/^p = /, ''),
            ]),
          ),
        ]
      : []),
    ...r.metrics.map((m) => metricSection(m, r.correction)),
    '<p class="muted">p-values and intervals are frequentist; "chance to beat control" is a Bayesian posterior probability (flat priors), not a p-value.</p>',
  ];
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Experiment ${h(r.source)}</title><style>${STYLE}</style></head><body>${body.join('\n')}</body></html>\n`;
}
