// The experiments.* methods over browser mode's HTTP API: validated input, results, 400s that name
// what is wrong, and the files the report and design write.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { ExperimentResult } from '../../engine/api/experimentsContract.ts';
import type { RunningServer } from '../../engine/server/startServer.ts';
import { datasets, tempDir } from '../helpers.ts';
import { call, withServer } from './serverHelpers.ts';

const cookieCats = join(datasets, 'cookie_cats.csv.gz');
const request = {
  source: { kind: 'file', path: cookieCats },
  variant: 'version',
  control: 'gate_30',
  metrics: ['retention_7'],
};

describe('experiments.* over HTTP', () => {
  const tmp = tempDir();
  let ctx: Awaited<ReturnType<typeof withServer>>;
  let server: RunningServer;
  before(async () => {
    ctx = await withServer();
    server = ctx.server;
  });
  after(async () => {
    await ctx.close();
    tmp.cleanup();
  });

  it('analyses a file and says what it found', async () => {
    const reply = await call(server, { method: 'experiments.analyze', input: request });
    assert.equal(reply.status, 200, JSON.stringify(reply.json));
    const result = reply.json.result as ExperimentResult;
    assert.equal(result.srm.flagged, false);
    const [comparison] = result.metrics[0]!.comparisons;
    assert.match(
      comparison!.sentence,
      /^gate_40 lowered retention_7 by 0\.82 pp \(95% CI −1\.33 to −0\.31 pp\), p = 0\.0016$/,
    );
  });

  it('answers 400 naming the variants when the control is not one of them', async () => {
    const reply = await call(server, {
      method: 'experiments.analyze',
      input: { ...request, control: 'gate_99' },
    });
    assert.equal(reply.status, 400);
    assert.equal(reply.json.error?.name, 'ExperimentInputError');
    assert.match(
      reply.json.error.message,
      /control "gate_99" is not a value of version \(variants: gate_30 \(44700\), gate_40 \(45489\)\)/,
    );
  });

  it('rejects input the contract does not allow before any work', async () => {
    const reply = await call(server, {
      method: 'experiments.analyze',
      input: { ...request, winsorize: 120 },
    });
    assert.equal(reply.status, 400);
    assert.match(reply.json.error!.message, /winsorize/);
  });

  it('inspects a file: columns, types, binary flags and the values of a variant column', async () => {
    const reply = await call(server, { method: 'experiments.inspect', input: { path: cookieCats } });
    assert.equal(reply.status, 200, JSON.stringify(reply.json));
    const info = reply.json.result as {
      rows: number;
      columns: { name: string; binary: boolean; numeric: boolean; values: { value: string; n: number }[] }[];
    };
    assert.equal(info.rows, 90_189);
    const byName = new Map(info.columns.map((c) => [c.name, c]));
    assert.equal(byName.get('retention_7')?.binary, true);
    assert.equal(byName.get('sum_gamerounds')?.binary, false);
    assert.deepEqual(byName.get('version')?.values, [
      { value: 'gate_40', n: 45_489 },
      { value: 'gate_30', n: 44_700 },
    ]);
  });

  it('writes the HTML report with the sentence and its charts', async () => {
    const out = join(tmp.dir, 'cookie.html');
    const reply = await call(server, { method: 'experiments.report', input: { request, out } });
    assert.equal(reply.status, 200, JSON.stringify(reply.json));
    const html = readFileSync(out, 'utf8');
    assert.match(html, /gate_40 lowered retention_7 by 0\.82 pp/);
    assert.match(html, /<svg[^>]*aria-label="forest plot"/);
    // With the result the view already has, the report is written without analysing again.
    const analysed = await call(server, { method: 'experiments.analyze', input: request });
    const again = join(tmp.dir, 'cookie-again.html');
    const fromResult = await call(server, {
      method: 'experiments.report',
      input: { request, out: again, result: analysed.json.result },
    });
    assert.equal(fromResult.status, 200, JSON.stringify(fromResult.json));
    assert.match(readFileSync(again, 'utf8'), /gate_40 lowered retention_7 by 0\.82 pp/);
  });

  it('sizes a test and designs a factorial', async () => {
    const power = await call(server, {
      method: 'experiments.power',
      input: { metric: 'binary', baseline: 0.19, mde: 0.01 },
    });
    assert.equal(power.status, 200, JSON.stringify(power.json));
    const p = power.json.result as {
      n_per_arm: number;
      total: number;
      curve: { n: number; power: number }[];
    };
    assert.equal(p.total, 2 * p.n_per_arm);
    assert.ok(p.curve.length > 10 && p.curve.every((c, i) => i === 0 || c.power >= p.curve[i - 1]!.power));

    const out = join(tmp.dir, 'design.csv');
    const design = await call(server, {
      method: 'experiments.design',
      input: {
        factors: [
          { name: 'timing', levels: ['morning', 'evening'] },
          { name: 'content', levels: ['generic', 'personal'] },
        ],
        units: 10,
        seed: 'notif-2026',
        out,
      },
    });
    assert.equal(design.status, 200, JSON.stringify(design.json));
    assert.ok(existsSync(out));
    const sizes = (design.json.result as { cells: { n: number }[] }).cells.map((c) => c.n).sort();
    assert.deepEqual(sizes, [2, 2, 3, 3]);
  });
});
