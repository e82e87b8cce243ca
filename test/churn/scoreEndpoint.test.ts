import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Engine } from '../../engine/api/Engine.ts';
import type { JobState } from '../../engine/api/jobs.ts';
import { scoreChurn, trainChurnModel } from '../../engine/churn/churnWorkspace.ts';
import { importFile } from '../../engine/import/index.ts';
import { startServer, type RunningServer } from '../../engine/server/startServer.ts';
import { generateSamples } from '../../samples/generate/index.ts';
import { tempDir, Workspace } from '../helpers.ts';
import { bearer, raw } from '../server/serverHelpers.ts';

/** `POST /api/churn/score`: the local scoring endpoint other tools on this machine call. */
describe('the churn scoring endpoint', () => {
  const dir = tempDir();
  let ws: Workspace;
  let server: RunningServer;
  let modelId: string;

  before(async () => {
    const samples = await generateSamples({ out: join(dir.dir, 's'), users: 500, days: 60, seed: 2 });
    ws = await Workspace.open(join(dir.dir, 'ws.duckdb'));
    await importFile(ws, samples.files.users, { users: true });
    await importFile(ws, samples.files.events);
    modelId = (await trainChurnModel(ws, { cutoff: '2026-06-01', model: 'logistic', folds: 2 })).modelId;
    server = await startServer({ engine: new Engine(ws) });
  });
  after(async () => {
    await server.close();
    ws.close();
    dir.cleanup();
  });

  const post = (body: unknown, headers: Record<string, string> = bearer(server)) =>
    raw(
      server,
      '/api/churn/score',
      { ...headers, 'content-type': 'application/json', host: `127.0.0.1:${server.port}` },
      'POST',
      JSON.stringify(body),
    );

  it('needs the token', async () => {
    const r = await post({ modelId, userIds: ['u_000001'] }, {});
    assert.equal(r.status, 401);
  });

  it('scores workspace users by id and says which ids it does not know', async () => {
    const r = await post({ modelId, userIds: ['u_000001', 'u_000002', 'nobody'] });
    assert.equal(r.status, 200, r.text);
    const result = r.json.result as {
      scores: { userId: string; score: number; atRisk: boolean }[];
      unknownUsers: string[];
      threshold: number;
    };
    assert.deepEqual(result.unknownUsers, ['nobody']);
    assert.equal(result.scores.length, 2);
    for (const s of result.scores) {
      assert.ok(s.score > 0 && s.score < 1);
      assert.equal(s.atRisk, s.score >= result.threshold);
    }
  });

  it('scores feature rows given by the caller, and refuses a bad body with 400', async () => {
    const r = await post({
      modelId,
      rows: [
        { recency_days: 1, events_30d: 40 },
        { recency_days: 25, events_30d: 0 },
      ],
    });
    assert.equal(r.status, 200, r.text);
    const [active, idle] = (r.json.result as { scores: { score: number }[] }).scores;
    assert.ok(idle!.score > active!.score, 'a user idle for 25 days scores riskier than an active one');
    const bad = await post({ modelId });
    assert.equal(bad.status, 400);
    assert.match(bad.json.error?.message ?? '', /give either userIds or rows/);
    const unknown = await post({ modelId: 'nope', userIds: ['u_000001'] });
    assert.equal(unknown.status, 400);
    assert.match(unknown.json.error?.message ?? '', /no model "nope"/);
  });

  it('scoring and monitoring also run as jobs whose result is what the plain calls return', async () => {
    const engine = new Engine(ws);
    const scoring = (await engine.dispatch('churn.startScoring', { modelId })) as JobState;
    const scored = await engine.jobs.wait(scoring.id);
    assert.equal(scored.status, 'done', scored.message);
    const run = scored.result as { users: number; atRisk: number; asOf: string };
    const direct = await scoreChurn(ws, modelId);
    assert.deepEqual(
      { users: run.users, atRisk: run.atRisk, asOf: run.asOf },
      { users: direct.users, atRisk: direct.atRisk, asOf: direct.asOf },
    );
    // A cancel before the work starts ends the job as cancelled.
    const cancelled = (await engine.dispatch('churn.startScoring', { modelId })) as JobState;
    engine.jobs.cancel(cancelled.id);
    assert.equal((await engine.jobs.wait(cancelled.id)).status, 'cancelled');
    // Monitoring at a cutoff the model has not seen: a job too; a bad cutoff fails it with the churn error.
    const failing = (await engine.dispatch('churn.startMonitoring', {
      modelId,
      cutoff: '2026-05-01',
    })) as JobState;
    const failed = await engine.jobs.wait(failing.id);
    assert.equal(failed.status, 'failed');
    assert.equal(failed.error?.name, 'ChurnInputError');
  });
});
