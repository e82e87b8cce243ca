// The `engage experiment` CLI contract: analyze --json keys and types, --factors / --correction / --cuped /
// --winsorize, power --json against statsmodels, design files, and one-line errors with their exit codes.
// Reference figures: test/fixtures/statsmodels/experiments_e2e.py.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { datasets, engage, tempDir } from '../helpers.ts';

type Json = Record<string, unknown>;
type Ref = { variant: string; p: number; p_holm: number };
const fx = JSON.parse(
  readFileSync(new URL('../fixtures/statsmodels/experiments_e2e.json', import.meta.url), 'utf8'),
) as {
  cookie_cats: { retention_7: { p: number; diff: number }; srm: { chi2: number; p: number } };
  hillstrom: { metrics: Record<string, Ref[]>; cuped: { theta: number } };
  fast_food: { anova: { term: string; F: number | null; p: number | null }[] };
  power: { n_exact: number; n_per_arm: number; total: number };
};
const bin = fileURLToPath(new URL('../../engine/cli/engage.js', import.meta.url));
const cookieCats = `${datasets}cookie_cats.csv.gz`;
const COOKIE = [cookieCats, '--variant', 'version', '--control', 'gate_30'];

const experiment = (...args: string[]) => engage('experiment', ...args);
/** Arguments without spaces, written as one string. */
const words = (text: string) => text.split(' ');
const POWER = words('--metric binary --baseline 0.19 --mde 0.01');
const near = (actual: unknown, expected: number, rel: number, what: string) =>
  assert.ok(
    typeof actual === 'number' && Math.abs(actual - expected) <= rel * Math.abs(expected),
    `${what}: ${String(actual)} vs ${expected}`,
  );
const isPair = (v: unknown) => Array.isArray(v) && v.length === 2 && v.every((x) => typeof x === 'number');

/** The contract's keys with their types (the output may carry more keys than the contract names). */
function checkContract(out: Json, correction: boolean): void {
  const srm = out.srm as Json;
  assert.equal(typeof srm.chi2, 'number');
  assert.equal(typeof srm.p, 'number');
  assert.equal(typeof srm.flagged, 'boolean');
  assert.ok(Array.isArray(out.metrics) && out.metrics.length > 0);
  for (const m of out.metrics as Json[]) {
    assert.equal(typeof m.metric, 'string');
    assert.ok(m.type === 'binary' || m.type === 'continuous', `type ${String(m.type)}`);
    for (const v of m.variants as Json[]) {
      assert.equal(typeof v.name, 'string');
      assert.ok(Number.isInteger(v.n));
      assert.equal(typeof v.mean, 'number');
      assert.ok(isPair(v.ci), 'variant ci');
    }
    for (const c of m.comparisons as Json[]) {
      for (const k of ['variant', 'control', 'test']) assert.equal(typeof c[k], 'string', k);
      for (const k of ['diff', 'p']) assert.equal(typeof c[k], 'number', k);
      assert.ok(isPair(c.diff_ci), 'diff_ci');
      assert.ok(c.rel_lift === null || typeof c.rel_lift === 'number');
      assert.ok(c.rel_lift_ci === null || isPair(c.rel_lift_ci));
      assert.equal('p_adjusted' in c, correction, 'p_adjusted only under a correction');
      if (correction) assert.equal(typeof c.p_adjusted, 'number');
    }
    for (const t of (m.anova ?? []) as Json[]) {
      assert.equal(typeof t.term, 'string');
      assert.equal(typeof t.df, 'number');
    }
    for (const t of (m.logit ?? []) as Json[])
      for (const k of ['coef', 'se', 'p']) assert.equal(typeof t[k], 'number', `logit ${k}`);
  }
}

/** A copy with a leading `row_id` column: the fast-food and Hillstrom files have no unit id. */
function withRowId(src: string, out: string): string {
  const text = (src.endsWith('.gz') ? gunzipSync(readFileSync(src)) : readFileSync(src)).toString('utf8');
  const lines = text.split(/\r?\n/).filter((l) => l.length > 0);
  writeFileSync(out, `${lines.map((l, i) => (i === 0 ? `row_id,${l}` : `${i},${l}`)).join('\n')}\n`);
  return out;
}

describe('engage experiment', () => {
  const tmp = tempDir();
  after(() => tmp.cleanup());
  const fastFood = withRowId(`${datasets}WA_Marketing-Campaign.csv`, join(tmp.dir, 'fastfood.csv'));
  const hillstrom = withRowId(`${datasets}hillstrom.csv.gz`, join(tmp.dir, 'hillstrom.csv'));

  it('the real executable: analyze --json on Cookie Cats prints the contract on one line', () => {
    const metric = ['--metric', 'retention_7,retention_1,sum_gamerounds', '--json'];
    const r = spawnSync(process.execPath, [bin, 'experiment', 'analyze', ...COOKIE, ...metric], {
      encoding: 'utf8',
    });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stderr, '');
    assert.equal(r.stdout.trimEnd().split('\n').length, 1);
    const out = JSON.parse(r.stdout) as Json;
    checkContract(out, false);
    const srm = out.srm as Json;
    near(srm.p, fx.cookie_cats.srm.p, 1e-9, 'SRM p');
    assert.equal(srm.flagged, false);
    const metrics = out.metrics as Json[];
    const types = metrics.map((m) => `${String(m.metric)} ${String(m.type)}`).join();
    assert.equal(types, 'retention_7 binary,retention_1 binary,sum_gamerounds continuous');
    const c = (metrics[0]!.comparisons as Json[])[0]!;
    assert.deepEqual([c.variant, c.control], ['gate_40', 'gate_30']);
    near(c.p, fx.cookie_cats.retention_7.p, 1e-9, 'retention_7 p');
    near(c.diff, fx.cookie_cats.retention_7.diff, 1e-9, 'retention_7 diff');
    assert.equal(metrics[0]!.anova, undefined);
    assert.equal(metrics[0]!.logit, undefined);
  });

  it('--factors: the ANOVA terms are the factor columns and A:B, with statsmodels F and p', async () => {
    const args = words('--unit row_id --variant Promotion --control 1 --metric SalesInThousands');
    const r = await experiment('analyze', fastFood, ...args, '--factors', 'Promotion,MarketSize', '--json');
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout) as Json;
    checkContract(out, false);
    const anova = (out.metrics as Json[])[0]!.anova as Json[];
    // The terms of the contract, then the engine's Residual row (F and p null).
    assert.equal(anova.map((t) => t.term).join(), 'Promotion,MarketSize,Promotion:MarketSize,Residual');
    for (const ref of fx.fast_food.anova) {
      const t = anova.find((x) => x.term === ref.term)!;
      if (ref.F === null) assert.deepEqual([t.F, t.p], [null, null]);
      else {
        near(t.F, ref.F, 1e-9, `${ref.term} F`);
        near(t.p, ref.p!, 1e-6, `${ref.term} p`);
      }
    }
  });

  it('--factors as the contract writes it (no --unit): every row of the fast-food file is a unit', async () => {
    const args = ['--variant', 'Promotion', '--control', '1', '--metric', 'SalesInThousands'];
    const file = `${datasets}WA_Marketing-Campaign.csv`;
    const r = await experiment('analyze', file, ...args, '--factors', 'Promotion,MarketSize', '--json');
    assert.equal(r.code, 0, r.stderr);
  });

  it('--correction holm on Hillstrom: p_adjusted on every comparison, as statsmodels multipletests', async () => {
    const args = ['--unit', 'row_id', '--variant', 'segment', '--control', 'No E-Mail'];
    const r = await experiment(
      'analyze',
      hillstrom,
      ...args,
      '--metric',
      'visit,spend',
      '--correction',
      'holm',
      '--json',
    );
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout) as Json;
    checkContract(out, true);
    for (const m of out.metrics as Json[])
      for (const ref of fx.hillstrom.metrics[m.metric as string]!) {
        const c = (m.comparisons as Json[]).find((x) => x.variant === ref.variant)!;
        near(c.p_adjusted, ref.p_holm, 1e-6, `${String(m.metric)} ${ref.variant} Holm p`);
      }
  });

  it('--cuped, --winsorize, --alpha and --report', async () => {
    const args = ['--unit', 'row_id', '--variant', 'segment', '--control', 'No E-Mail', '--metric', 'spend'];
    const cuped = await experiment('analyze', hillstrom, ...args, '--cuped', 'history', '--json');
    assert.equal(cuped.code, 0, cuped.stderr);
    const m = ((JSON.parse(cuped.stdout) as Json).metrics as Json[])[0]!;
    near((m.cuped as Json).theta, fx.hillstrom.cuped.theta, 1e-9, 'theta');

    const report = join(tmp.dir, 'report.html');
    const flags = [
      '--metric',
      'sum_gamerounds',
      '--winsorize',
      '99',
      '--alpha',
      '0.01',
      '--report',
      report,
      '--json',
    ];
    const w = await experiment('analyze', ...COOKIE, ...flags);
    assert.equal(w.code, 0, w.stderr);
    const out = JSON.parse(w.stdout) as Json;
    assert.equal(out.alpha, 0.01);
    const metric = (out.metrics as Json[])[0]!;
    assert.deepEqual(metric.winsorized, { percentile: 99, cap: 493, capped: 898 });
    const sentence = (metric.comparisons as Json[])[0]!.sentence as string;
    assert.match(sentence, /\(99% CI /);
    assert.ok(readFileSync(report, 'utf8').includes('<svg'));

    const text = await experiment('analyze', ...COOKIE, '--metric', 'retention_7');
    assert.equal(text.code, 0, text.stderr);
    assert.match(
      text.stdout,
      /gate_40 lowered retention_7 by 0\.82 pp \(95% CI −1\.33 to −0\.31 pp\), p = 0\.0016/,
    );
  });

  it('power --json: n_per_arm and total as statsmodels NormalIndPower', async () => {
    const r = await experiment(
      'power',
      '--metric',
      'binary',
      '--baseline',
      '0.19',
      '--mde',
      '0.01',
      '--json',
    );
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout) as Json;
    assert.ok(Number.isInteger(out.n_per_arm) && Number.isInteger(out.total));
    assert.equal(out.n_per_arm, fx.power.n_per_arm);
    assert.equal(out.total, fx.power.total);
    assert.equal(fx.power.n_per_arm, 24638);
    near(out.n_exact, fx.power.n_exact, 1e-6, 'unrounded n');
    const same = await experiment('power', ...POWER, ...words('--alpha 0.05 --power 0.8 --arms 2 --json'));
    assert.equal((JSON.parse(same.stdout) as Json).n_per_arm, 24638);
  });

  it('design: 2×2 factors over 1,000 units, 250 per cell, reproducible by seed', async () => {
    const design = async (seed: string, name: string) => {
      const out = join(tmp.dir, name);
      const factors = ['--factor', 'timing=morning,evening', '--factor', 'content=generic,personalised'];
      const r = await experiment('design', ...factors, '--units', '1000', '--seed', seed, '--out', out);
      assert.equal(r.code, 0, r.stderr);
      return readFileSync(out, 'utf8');
    };
    const a = await design('s1', 'a.csv');
    const [header, ...rows] = a.trimEnd().split('\n');
    assert.equal(header, 'unit,cell,timing,content');
    assert.equal(rows.length, 1000);
    assert.equal(new Set(rows.map((r) => r.split(',')[0])).size, 1000);
    const sizes = new Map<string, number>();
    for (const row of rows) {
      const [, cell, timing, content] = row.split(',');
      assert.equal(cell, `${timing}_${content}`);
      sizes.set(cell, (sizes.get(cell) ?? 0) + 1);
    }
    const cells = [...sizes.entries()].sort().map(([cell, n]) => `${cell} ${n}`);
    assert.equal(
      cells.join(),
      'evening_generic 250,evening_personalised 250,morning_generic 250,morning_personalised 250',
    );
    assert.equal(await design('s1', 'b.csv'), a, 'same seed, same file');
    assert.notEqual(await design('s2', 'c.csv'), a, 'another seed, another assignment');
  });

  it('errors: one `error: …` line; exit 2 for a usage mistake, 1 for an experiment that cannot be analysed', async () => {
    const noControl = await experiment(
      'analyze',
      cookieCats,
      ...words('--variant version --metric retention_7'),
    );
    assert.deepEqual(noControl, {
      code: 2,
      stdout: '',
      stderr: 'error: --control NAME is required (the control variant)\n',
    });
    const args = ['--variant', 'version', '--control', 'gate_50', '--metric', 'retention_7'];
    const absent = spawnSync(process.execPath, [bin, 'experiment', 'analyze', cookieCats, ...args], {
      encoding: 'utf8',
    });
    assert.equal(absent.status, 1);
    assert.equal(absent.stdout, '');
    assert.equal(
      absent.stderr,
      'error: cookie_cats.csv.gz: control "gate_50" is not a value of version (variants: gate_30 (44700), gate_40 (45489))\n',
    );
    for (const [argv, code] of [
      [['analyze', ...COOKIE, '--metric', 'retention_7', '--winsorize', '40'], 2],
      [['analyze', ...COOKIE, '--metric', 'retention_7', '--correction', 'bonferroni'], 2],
      [['analyze', ...COOKIE], 2],
      [['analyze', '--variant', 'v', '--control', 'c', '--metric', 'm'], 2],
      [['analyze', join(tmp.dir, 'nope.csv'), '--variant', 'v', '--control', 'c', '--metric', 'm'], 1],
      [['analyze', ...COOKIE, '--metric', 'version'], 1],
      [['power', '--metric', 'binary', '--baseline', '0.19'], 2],
      [['power', '--metric', 'binary', '--baseline', '1.5', '--mde', '0.01'], 1],
      [['design', '--factor', 'a=x', '--units', '10', '--seed', 's', '--out', join(tmp.dir, 'd.csv')], 2],
      [[], 2],
    ] as [string[], number][]) {
      const r = await experiment(...argv);
      assert.equal(r.code, code, `${argv.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, /^error: [^\n]+\n$/, argv.join(' '));
      assert.equal(r.stdout, '');
    }
  });

  it('--help shows the contract', async () => {
    const r = await experiment('--help');
    assert.equal(r.code, 0);
    assert.match(
      r.stdout,
      /engage experiment analyze \(FILE \| --workspace WS --experiment NAME\) --variant COL --control NAME/,
    );
    assert.match(r.stdout, /engage experiment power --metric binary\|continuous --baseline X/);
    assert.match(r.stdout, /engage experiment design --factor NAME=L1,L2/);
  });
});
