import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Engine } from '../../engine/api/Engine.ts';
import type { JobStateWire } from '../../engine/api/contract.ts';
import type { SegmentationWire } from '../../engine/api/segmentsContract.ts';
import { importFile } from '../../engine/import/index.ts';
import { generateSamples } from '../../samples/generate/index.ts';
import { engage, tempDir, Workspace } from '../helpers.ts';

/** The segments methods through the API boundary (validated input and output), and the CLI. */
describe('segments through the API and the CLI', () => {
  const dir = tempDir();
  let ws: Workspace;
  let engine: Engine;
  let path: string;

  before(async () => {
    const samples = await generateSamples({ out: dir.dir, users: 600, days: 60, seed: 3 });
    path = join(dir.dir, 'ws.duckdb');
    ws = await Workspace.open(path);
    await importFile(ws, samples.files.users, { users: true });
    await importFile(ws, samples.files.events);
    engine = new Engine(ws);
  });
  after(() => {
    ws.close();
    dir.cleanup();
  });

  async function finished(job: JobStateWire): Promise<JobStateWire> {
    for (;;) {
      const state = ((await engine.dispatch('jobs.list', {})) as JobStateWire[]).find(
        (j) => j.id === job.id,
      )!;
      if (state.status !== 'running') return state;
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  it('lists the features, runs a segmentation job and reopens, renames, exports and deletes it', async () => {
    const catalog = (await engine.dispatch('segments.features', {})) as { features: { name: string }[] };
    assert.ok(catalog.features.some((f) => f.name === 'sessions_per_week'));

    const job = (await engine.dispatch('segments.run', {
      kRange: [3, 5],
      stabilityResamples: 3,
    })) as JobStateWire;
    const done = await finished(job);
    assert.equal(done.status, 'done', JSON.stringify(done.error));
    const { analysisId } = done.result as { analysisId: string };

    const saved = (await engine.dispatch('segments.get', { analysisId })) as SegmentationWire;
    assert.deepEqual(
      saved.clustering.selection?.map((s) => s.k),
      [3, 4, 5],
    );
    assert.equal(saved.profiles.length, saved.clustering.k);
    assert.equal(saved.stability?.resamples, 3);

    const list = (await engine.dispatch('segments.list', {})) as { analysisId: string }[];
    assert.deepEqual(
      list.map((l) => l.analysisId),
      [analysisId],
    );
    await engine.dispatch('segments.rename', { analysisId, segment: 1, name: 'Renamed' });
    const again = (await engine.dispatch('segments.get', { analysisId })) as SegmentationWire;
    assert.equal(again.profiles.find((p) => p.segment === 1)?.name, 'Renamed');

    const points = (await engine.dispatch('segments.points', { analysisId, limit: 100 })) as {
      pc1: number[];
    };
    assert.equal(points.pc1.length, 100);
    const exported = (await engine.dispatch('segments.export', {
      analysisId,
      path: join(dir.dir, 'out.parquet'),
    })) as { rows: number };
    assert.equal(exported.rows, saved.users);

    await engine.dispatch('segments.delete', { analysisId });
    assert.deepEqual(await engine.dispatch('segments.list', {}), []);
    await assert.rejects(engine.dispatch('segments.get', { analysisId }), /no saved segmentation/);
  });

  it('fails the job with a message that names the bad feature, and refuses bad input at the boundary', async () => {
    const job = (await engine.dispatch('segments.run', {
      features: ['sessions_per_week', 'nope'],
    })) as JobStateWire;
    const done = await finished(job);
    assert.equal(done.status, 'failed');
    assert.match(done.error?.message ?? '', /unknown feature "nope"/);
    await assert.rejects(engine.dispatch('segments.run', { algo: 'spectral' }), /InvalidInput|algo/);
  });

  it('suggests an eps from the k-distance curve, and refuses a DBSCAN where everything is noise', async () => {
    const curve = (await engine.dispatch('segments.kDistance', { minSamples: 8 })) as {
      k: number;
      rows: number;
      distance: number[];
      suggestedEps: number;
    };
    assert.equal(curve.k, 8);
    assert.ok(curve.distance.every((d, i) => i === 0 || d <= curve.distance[i - 1]!));
    assert.ok(curve.suggestedEps > 0 && curve.suggestedEps <= curve.distance[0]!);
    const job = (await engine.dispatch('segments.run', {
      algo: 'dbscan',
      eps: 1e-6,
      minSamples: 8,
      stabilityResamples: 0,
    })) as JobStateWire;
    const done = await finished(job);
    assert.equal(done.status, 'failed');
    assert.match(done.error?.message ?? '', /found no cluster: every row is noise; raise eps/);
  });

  it('engage segment --json prints the profiles and the saved analysis id', async () => {
    ws.close();
    try {
      const r = await engage('segment', '--workspace', path, '--k', '4', '--stability', '0', '--json');
      assert.equal(r.code, 0, r.stderr);
      const out = JSON.parse(r.stdout) as {
        analysis_id: string;
        k: number;
        profiles: { name: string; size: number }[];
      };
      assert.match(out.analysis_id, /^seg-/);
      assert.equal(out.k, 4);
      assert.equal(out.profiles.length, 4);
      const bad = await engage('segment', '--workspace', path, '--features', 'age,shoe_size');
      assert.equal(bad.code, 1);
      assert.match(bad.stderr, /^error: unknown feature "shoe_size"/);
      const list = await engage('segment', '--workspace', path, '--list-features');
      assert.match(list.stdout, /sessions_per_week/);
    } finally {
      ws = await Workspace.open(path);
    }
  });
});
