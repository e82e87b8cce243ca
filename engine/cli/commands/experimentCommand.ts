import { writeFile } from 'node:fs/promises';
import type { AnalyzeRequest, ExperimentResult } from '../../api/experimentsContract.ts';
import { Workspace } from '../../store/Workspace.ts';
import { oneOf, parse, requireWorkspace } from '../args.ts';
import type { Command } from '../command.ts';
import { formatTable, UsageError, type Io } from '../output.ts';

export const experimentCommand: Command = {
  name: 'experiment',
  summary: 'analyse A/B and factorial experiments, size them (power) and design them',
  usage: `engage experiment analyze (FILE | --workspace WS --experiment NAME) --variant COL --control NAME
                          --metric COL[,COL…] [--factors A,B] [--alpha 0.05] [--correction none|holm|bh]
                          [--cuped COL] [--winsorize P] [--unit COL] [--time COL] [--where SQL]
                          [--covariates COL,…] [--weights V=W,…] [--sequential] [--report FILE.html] [--json]
  FILE has one row per unit (CSV, Parquet or JSON lines); metrics are its columns (ratio:NUM/DEN for a ratio),
  or, with --workspace WS and --time COL (exposure), metric specs computed from WS's events of each unit.
  A workspace experiment is read from Experiment Viewed events; its metrics are specs:
  conversion:EVENT[:DAYS], events[:EVENT][:DAYS], revenue[:DAYS], retention:DAY, ratio:NUM/DEN[:DAYS].
  → {"srm": {"chi2", "p", "flagged"}, "metrics": [{"metric", "type", "variants": [{"name", "n", "mean", "ci"}],
     "comparisons": [{"variant", "control", "diff", "diff_ci", "rel_lift", "rel_lift_ci", "p", "p_adjusted"?, "test"}],
     "anova"?: [{"term", "df", "F", "p"}], "logit"?: [{"term", "coef", "se", "p"}]}]}
engage experiment power --metric binary|continuous --baseline X [--sd S] --mde D [--relative] [--alpha A]
                        [--power P] [--arms N] [--json]
  → {"n_per_arm", "total"}: units per arm to detect the MDE (arms > 2: each against control, Bonferroni).
engage experiment design --factor NAME=L1,L2[,…] [--factor …] --units FILE|N [--unit-column COL] --seed S --out FILE
  A full-factorial design with balanced, salted-hash assignment, written as CSV (or Parquet by extension).`,

  async run(args, io) {
    const [sub, ...rest] = args;
    switch (sub) {
      case 'analyze':
      case 'analyse':
        return analyze(rest, io);
      case 'power':
        return power(rest, io);
      case 'design':
        return design(rest, io);
      default:
        throw new UsageError(
          `engage experiment needs a subcommand: analyze, power or design${sub ? ` (not "${sub}")` : ''}`,
        );
    }
  },
};

const list = (text: string | undefined) =>
  text === undefined
    ? undefined
    : text
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s.length > 0);

function number(text: string | undefined, name: string): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isFinite(n)) throw new UsageError(`--${name} takes a number, not "${text}"`);
  return n;
}

function weights(text: string | undefined): Record<string, number> | undefined {
  if (text === undefined) return undefined;
  return Object.fromEntries(
    (list(text) ?? []).map((pair) => {
      const [name, w] = pair.split('=');
      const value = Number(w);
      if (!name || !(value > 0))
        throw new UsageError(`--weights takes VARIANT=SHARE pairs, e.g. control=50,b=50 (not "${pair}")`);
      return [name, value];
    }),
  );
}

async function analyze(args: readonly string[], io: Io): Promise<number> {
  const { values, positionals } = parse(args, {
    workspace: { type: 'string' },
    experiment: { type: 'string' },
    variant: { type: 'string' },
    control: { type: 'string' },
    metric: { type: 'string' },
    factors: { type: 'string' },
    alpha: { type: 'string' },
    correction: { type: 'string' },
    cuped: { type: 'string' },
    winsorize: { type: 'string' },
    unit: { type: 'string' },
    time: { type: 'string' },
    where: { type: 'string' },
    covariates: { type: 'string' },
    weights: { type: 'string' },
    sequential: { type: 'boolean' },
    report: { type: 'string' },
    json: { type: 'boolean' },
  });
  const file = positionals[0];
  if (!file && !values.experiment) throw new UsageError('give a FILE, or --workspace WS --experiment NAME');
  if (file && values.experiment) throw new UsageError('give either a FILE or --experiment, not both');
  if (!values.variant)
    throw new UsageError('--variant COL is required (the column or property naming the variant)');
  if (!values.control) throw new UsageError('--control NAME is required (the control variant)');
  const metrics = list(values.metric);
  if (!metrics?.length) throw new UsageError('--metric COL[,COL…] is required');
  const winsorize = number(values.winsorize, 'winsorize');
  if (winsorize !== undefined && !(winsorize > 50 && winsorize < 100))
    throw new UsageError(
      `--winsorize takes a percentile between 50 and 100, e.g. 99 (not "${values.winsorize}")`,
    );
  const alpha = number(values.alpha, 'alpha');
  if (alpha !== undefined && !(alpha > 0 && alpha < 0.5))
    throw new UsageError(`--alpha takes a number between 0 and 0.5, not "${values.alpha}"`);
  const factors = list(values.factors);
  if (factors && factors.length > 2) throw new UsageError('--factors takes one or two factor columns');
  const request: AnalyzeRequest = {
    source: file ? { kind: 'file', path: file } : { kind: 'workspace', experiment: values.experiment! },
    variant: values.variant,
    control: values.control,
    metrics,
    ...(factors ? { factors } : {}),
    ...(alpha === undefined ? {} : { alpha }),
    ...(values.correction
      ? { correction: oneOf(values.correction, ['none', 'holm', 'bh'] as const, 'correction')! }
      : {}),
    ...(values.cuped ? { cuped: values.cuped } : {}),
    ...(winsorize === undefined ? {} : { winsorize }),
    ...(values.unit ? { unit: values.unit } : {}),
    ...(values.time ? { time: values.time } : {}),
    ...(values.where ? { where: values.where } : {}),
    ...(values.covariates ? { covariates: list(values.covariates)! } : {}),
    ...(values.weights ? { weights: weights(values.weights)! } : {}),
    ...(values.sequential ? { sequential: true } : {}),
  };
  const { analyzeExperiment } = await import('../../experiments/analyze.ts');
  // With a FILE, --workspace is optional: metrics that are not columns come from its events.
  const ws =
    file && !values.workspace
      ? null
      : await Workspace.open(requireWorkspace(values.workspace), { readOnly: true });
  let result: ExperimentResult;
  try {
    result = await analyzeExperiment(ws, request);
  } finally {
    ws?.close();
  }
  if (values.report) {
    const { reportHtml } = await import('../../experiments/report/html.ts');
    await writeFile(values.report, reportHtml(result, new Date()), 'utf8');
  }
  if (values.json) io.out(`${JSON.stringify(result)}\n`);
  else io.out(humanReport(result));
  return 0;
}

function humanReport(r: ExperimentResult): string {
  const lines = [
    `${r.source}: ${r.units.analysed} units analysed${r.units.multi_variant ? ` (${r.units.multi_variant} in several variants excluded)` : ''}`,
    `${r.srm.flagged ? 'SAMPLE RATIO MISMATCH' : 'sample ratio'}: chi2 = ${r.srm.chi2.toFixed(3)}, p = ${r.srm.p.toPrecision(3)}${r.srm.flagged ? ' — results may be biased' : ''}`,
    ...r.warnings.map((w) => `warning: ${w}`),
  ];
  for (const m of r.metrics) {
    lines.push('', `${m.metric} (${m.type})`);
    lines.push(
      formatTable(
        m.variants.map((v) => ({
          variant: v.name,
          n: v.n,
          mean: v.mean.toPrecision(5),
          ci: `${v.ci[0].toPrecision(4)} … ${v.ci[1].toPrecision(4)}`,
        })),
      ).trimEnd(),
    );
    for (const c of m.comparisons) lines.push(`  ${c.sentence}`);
    if (m.anova)
      lines.push(
        formatTable(
          m.anova.map((t) => ({
            term: t.term,
            df: t.df,
            F: t.F?.toPrecision(4) ?? '',
            p: t.p?.toPrecision(3) ?? '',
          })),
        ).trimEnd(),
      );
  }
  return `${lines.join('\n')}\n`;
}

async function power(args: readonly string[], io: Io): Promise<number> {
  const { values } = parse(args, {
    metric: { type: 'string' },
    baseline: { type: 'string' },
    sd: { type: 'string' },
    mde: { type: 'string' },
    relative: { type: 'boolean' },
    alpha: { type: 'string' },
    power: { type: 'string' },
    arms: { type: 'string' },
    json: { type: 'boolean' },
  });
  const metric = oneOf(values.metric, ['binary', 'continuous'] as const, 'metric');
  if (!metric) throw new UsageError('--metric binary|continuous is required');
  const baseline = number(values.baseline, 'baseline');
  const mde = number(values.mde, 'mde');
  if (baseline === undefined) throw new UsageError('--baseline X is required (the control rate or mean)');
  if (mde === undefined) throw new UsageError('--mde D is required (the smallest effect worth detecting)');
  const sd = number(values.sd, 'sd');
  const alpha = number(values.alpha, 'alpha');
  const pw = number(values.power, 'power');
  const arms = number(values.arms, 'arms');
  const { powerCalculation } = await import('../../experiments/power.ts');
  const result = powerCalculation({
    metric,
    baseline,
    mde,
    relative: values.relative ?? false,
    ...(sd === undefined ? {} : { sd }),
    ...(alpha === undefined ? {} : { alpha }),
    ...(pw === undefined ? {} : { power: pw }),
    ...(arms === undefined ? {} : { arms }),
  });
  if (values.json) io.out(`${JSON.stringify(result)}\n`);
  else
    io.out(
      `${result.n_per_arm} units per arm, ${result.total} in total (power ${result.achieved_power.toFixed(3)} at α = ${result.alpha_per_test.toPrecision(3)} per comparison)\n`,
    );
  return 0;
}

async function design(args: readonly string[], io: Io): Promise<number> {
  const { values } = parse(args, {
    factor: { type: 'string', multiple: true },
    units: { type: 'string' },
    'unit-column': { type: 'string' },
    seed: { type: 'string' },
    out: { type: 'string' },
    json: { type: 'boolean' },
  });
  if (!values.factor?.length)
    throw new UsageError('--factor NAME=L1,L2 is required (repeat it for more factors)');
  const factors = values.factor.map((f) => {
    const eq = f.indexOf('=');
    const levels = list(f.slice(eq + 1)) ?? [];
    if (eq <= 0 || levels.length < 2)
      throw new UsageError(`--factor takes NAME=L1,L2[,…] with two or more levels (not "${f}")`);
    return { name: f.slice(0, eq), levels };
  });
  if (!values.units) throw new UsageError('--units FILE|N is required');
  if (!values.seed)
    throw new UsageError('--seed S is required (the salt that makes the assignment reproducible)');
  if (!values.out) throw new UsageError('--out FILE is required');
  const count = /^\d+$/.test(values.units) ? Number(values.units) : null;
  if (count !== null && !(count >= 1 && count <= 10_000_000))
    throw new UsageError('--units N takes 1 to 10,000,000 units');
  const { writeDesign } = await import('../../experiments/design.ts');
  const result = await writeDesign({
    factors,
    units: count ?? { file: values.units, column: values['unit-column'] },
    seed: values.seed,
    out: values.out,
  });
  if (values.json) io.out(`${JSON.stringify(result)}\n`);
  else
    io.out(
      `${result.units} units in ${result.cells.length} cells written to ${result.out}\n${formatTable(result.cells.map((c) => ({ cell: c.id, units: c.n })))}`,
    );
  return 0;
}
