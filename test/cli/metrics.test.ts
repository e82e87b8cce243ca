import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, describe, it } from 'node:test';
import { metricsCommand } from '../../engine/cli/commands/metricsCommand.ts';
import type { Io } from '../../engine/cli/output.ts';
import { UsageError } from '../../engine/cli/output.ts';
import { tempDir } from '../helpers.ts';

/** scikit-learn 1.2 values: test/fixtures/sklearn/make_classification_metrics.py. */
interface MetricCase {
  name: string;
  y: number[];
  score: number[];
  threshold: number;
  auc: number;
  averagePrecision: number;
  logLoss?: number;
  brier?: number;
  precision: number;
  recall: number;
  f1: number;
  accuracy: number;
}
const fixture = JSON.parse(
  readFileSync(new URL('../fixtures/sklearn/classification_metrics.json', import.meta.url), 'utf8'),
) as { metrics: MetricCase[] };
const byName = (name: string) => fixture.metrics.find((c) => c.name === name)!;

/** Runs the command as engage's main does: errors become `error: …` on stderr, exit 2 for usage, else 1. */
async function metrics(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: Io = { out: (t) => void (stdout += t), err: (t) => void (stderr += t), tty: false };
  try {
    return { code: await metricsCommand.run(args, io), stdout, stderr };
  } catch (error) {
    return {
      code: error instanceof UsageError ? 2 : 1,
      stdout,
      stderr: `error: ${(error as Error).message}\n`,
    };
  }
}

function close(actual: number, expected: number, what: string): void {
  assert.ok(Math.abs(actual - expected) <= 1e-12, `${what}: ${actual} vs ${expected}`);
}

describe('engage metrics classification', () => {
  const dir = tempDir();
  after(() => dir.cleanup());

  const csv = (c: MetricCase, label: (y: number) => string = String) =>
    `user,churned,p\n${c.y.map((y, i) => `u${i},${label(y)},${c.score[i]}`).join('\n')}\n`;

  it('reports scikit-learn’s values (AUC exactly) from a CSV with ties', async () => {
    for (const name of ['rounded', 'five_levels', 'extreme']) {
      const c = byName(name);
      const file = dir.file(`${name}.csv`, csv(c));
      const r = await metrics(
        'classification',
        file,
        '--label',
        'churned',
        '--score',
        'p',
        '--threshold',
        String(c.threshold),
        '--json',
      );
      assert.equal(r.code, 0, r.stderr);
      const out = JSON.parse(r.stdout) as Record<string, number>;
      assert.equal(out.auc, c.auc, `${name} AUC`);
      close(out.pr_auc!, c.averagePrecision, `${name} PR-AUC`);
      close(out.log_loss!, c.logLoss!, `${name} log loss`);
      close(out.brier!, c.brier!, `${name} Brier`);
      close(out.f1!, c.f1, `${name} F1`);
      close(out.precision!, c.precision, `${name} precision`);
      close(out.recall!, c.recall, `${name} recall`);
      close(out.accuracy!, c.accuracy, `${name} accuracy`);
      assert.equal(out.n, c.y.length);
      assert.equal(
        out.positives,
        c.y.reduce((a, b) => a + b, 0),
      );
    }
  });

  it('accepts true/false labels, and unbounded scores without log loss', async () => {
    const c = byName('raw_scores');
    const file = dir.file(
      'raw.csv',
      csv(c, (y) => (y ? 'true' : 'False')),
    );
    const r = await metrics(
      'classification',
      file,
      '--label',
      'churned',
      '--score',
      'p',
      '--threshold',
      '0.8',
      '--json',
    );
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout) as Record<string, number | null>;
    assert.equal(out.auc, c.auc);
    assert.equal(out.log_loss, null);
    assert.equal(out.brier, null);
    const text = await metrics('classification', file, '--label', 'churned', '--score', 'p');
    assert.match(text.stdout, /AUC 0\.\d{4}/);
    assert.match(text.stdout, /no log loss or Brier/);
  });

  it('names file, line and column of bad input', async () => {
    const bad = async (content: string, pattern: RegExp, ...extra: string[]) => {
      const file = dir.file('bad.csv', content);
      const r = await metrics('classification', file, '--label', 'y', '--score', 's', ...extra);
      assert.equal(r.code, 1, r.stdout);
      assert.match(r.stderr, pattern);
    };
    await bad('y,s\n0,0.1\n1,0.9\n2,0.5\n', /bad\.csv:4: column "y" is "2", not a binary label/);
    await bad('y,s\n0,0.1\n1,0.9\nyes,0.5\n', /bad\.csv:4: column "y" is "yes", not a binary label/);
    await bad('y,s\n0,0.1\n,0.9\n1,0.5\n', /bad\.csv:3: column "y" is empty/);
    await bad('y,s\n0,0.1\n1,high\n1,0.5\n', /bad\.csv:3: column "s" is "high", not a finite number/);
    await bad('y,s\n0,0.1\n1,\n1,0.5\n', /bad\.csv:3: column "s" is empty/);
    await bad('', /bad\.csv: the file is empty/);
    await bad('y,s\n', /bad\.csv: no data rows/);
    await bad('y,s\n1,0.1\n1,0.9\n', /only one class \(all 2 rows are 1\)/);
    await bad('y,score\n0,0.1\n1,0.9\n', /no column "s" \(columns: y, score\)/);
    const missing = await metrics('classification', `${dir.dir}/nope.csv`, '--label', 'y', '--score', 's');
    assert.match(missing.stderr, /no such file/);
  });

  it('usage errors exit with 2', async () => {
    const file = dir.file('ok.csv', 'y,s\n0,0.1\n1,0.9\n');
    assert.equal((await metrics('classification', file, '--score', 's')).code, 2);
    assert.equal((await metrics('classification', file, '--label', 'y')).code, 2);
    assert.equal((await metrics('regression', file, '--label', 'y', '--score', 's')).code, 2);
    assert.equal((await metrics('classification', '--label', 'y', '--score', 's')).code, 2);
    const r = await metrics('classification', file, '--label', 'y', '--score', 's', '--threshold', 'x');
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--threshold takes a number/);
    const ok = await metrics('classification', file, '--label', 'y', '--score', 's', '--json');
    assert.equal((JSON.parse(ok.stdout) as { auc: number }).auc, 1);
  });
});
