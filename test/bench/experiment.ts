// `npm run bench -- experiment [--rows N] [--repeat N] [--csv]`: issue 6, item 11 — 10,000,000 assignment rows
// with 3 metrics analysed end to end (aggregation in DuckDB, closed-form statistics after) in ≤ 2 s. Writes
// bench-results/experiment.json. The assignments are a Parquet file (generated once into the OS temp folder);
// `--csv` adds the same table as CSV, whose parse alone costs more than the budget. Not part of `npm test`.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { analyzeExperiment } from '../../engine/experiments/analyze.ts';
import type { AnalyzeRequest } from '../../engine/api/experimentsContract.ts';
import { Workspace } from '../../engine/store/Workspace.ts';
import { literal } from '../../engine/store/sql.ts';
import { median, round } from './timing.ts';

const { values } = parseArgs({
  options: { rows: { type: 'string' }, repeat: { type: 'string' }, csv: { type: 'boolean' } },
  allowPositionals: true,
});
const rows = Number(values.rows ?? 10_000_000);
const repeat = Number(values.repeat ?? 5);
const folder = join(tmpdir(), 'engage-bench');
mkdirSync(folder, { recursive: true });

/**
 * Three arms (a 2×2 factorial would do the same work), a binary conversion (~10%), a heavy-tailed revenue and a
 * session count with a pre-period covariate; unit ids are strings, as in real exports.
 */
async function generate(path: string, format: 'parquet' | 'csv'): Promise<number> {
  if (existsSync(path)) return 0;
  const started = performance.now();
  const ws = await Workspace.memory();
  try {
    await ws.run(`COPY (
      SELECT 'u' || lpad(i::VARCHAR, 9, '0') AS user_id,
             ['control', 'b', 'c'][1 + (hash(i) % 3)::BIGINT] AS variant,
             ['morning', 'evening'][1 + (hash(i + 7) % 2)::BIGINT] AS timing,
             ['generic', 'personal'][1 + (hash(i + 13) % 2)::BIGINT] AS content,
             (random() < 0.10 + 0.004 * (hash(i) % 3))::INTEGER AS converted,
             CASE WHEN random() < 0.05 THEN exp(random() * 5) ELSE 0 END AS revenue,
             (random() * 10)::INTEGER AS sessions,
             (random() * 10)::INTEGER AS pre_sessions
      FROM range(${rows}) t(i)) TO ${literal(path)} (FORMAT ${format}${format === 'csv' ? ', HEADER true' : ''})`);
  } finally {
    ws.close();
  }
  return (performance.now() - started) / 1000;
}

async function timeRuns(name: string, request: AnalyzeRequest) {
  const seconds: number[] = [];
  let last = null;
  for (let r = 0; r < repeat; r++) {
    const started = performance.now();
    last = await analyzeExperiment(null, request);
    seconds.push((performance.now() - started) / 1000);
    process.stderr.write(`${name}: run ${r + 1}/${repeat} ${seconds.at(-1)!.toFixed(3)} s\n`);
  }
  return {
    name,
    fastest: round(Math.min(...seconds)),
    median: round(median(seconds)),
    runs: seconds.map(round),
    units: last?.units.analysed,
    sentence: last?.metrics[0]?.comparisons[0]?.sentence,
  };
}

const parquet = join(folder, `assignments_${rows}.parquet`);
const generated = await generate(parquet, 'parquet');
const base: AnalyzeRequest = {
  source: { kind: 'file', path: parquet },
  variant: 'variant',
  control: 'control',
  metrics: ['converted', 'revenue', 'sessions'],
};
const results = [
  await timeRuns('3 arms × 3 metrics (Parquet)', base),
  await timeRuns('+ CUPED, winsorised revenue p99, Holm', {
    ...base,
    cuped: 'pre_sessions',
    winsorize: 99,
    correction: 'holm',
  }),
  await timeRuns('2×2 factorial (ANOVA + logistic per metric)', {
    ...base,
    variant: 'timing',
    control: 'morning',
    factors: ['timing', 'content'],
  }),
];
if (values.csv) {
  const csv = join(folder, `assignments_${rows}.csv`);
  await generate(csv, 'csv');
  results.push(await timeRuns('3 arms × 3 metrics (CSV)', { ...base, source: { kind: 'file', path: csv } }));
}
const out = {
  benchmark: 'experiment',
  target: '10,000,000 assignment rows with 3 metrics analysed end to end in ≤ 2 s',
  rows,
  generatedSeconds: round(generated),
  machine: { cpus: cpus().length, load: loadavg().map((l) => round(l)) },
  results,
  peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
};
mkdirSync('bench-results', { recursive: true });
writeFileSync('bench-results/experiment.json', `${JSON.stringify(out, null, 2)}\n`);
console.log(JSON.stringify(out, null, 2));
