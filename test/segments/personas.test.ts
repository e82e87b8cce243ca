import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { adjustedRandIndex } from '../../engine/analysis/cluster/agreement.ts';
import { importFile } from '../../engine/import/index.ts';
import { runSegmentation, type SegmentationResult } from '../../engine/segments/runSegmentation.ts';
import {
  exportSegments,
  listSegmentations,
  loadSegmentation,
  renameSegment,
  segmentPoints,
} from '../../engine/segments/store.ts';
import { generateSamples } from '../../samples/generate/index.ts';
import { tempDir, Workspace } from '../helpers.ts';

/**
 * The sample generator's personas (truth.json) are recovered by the default segmentation:
 * default features, log1p on counts, z-scores, k-means with k = 5.
 */
describe('segmenting the sample product', () => {
  const dir = tempDir();
  let ws: Workspace;
  let truth: Record<string, string>;
  let result: SegmentationResult;
  let progress: number[] = [];

  before(async () => {
    const samples = await generateSamples({ out: dir.dir, users: 3000, seed: 7 });
    truth = (
      JSON.parse(readFileSync(samples.files.truth, 'utf8')) as { user_persona: Record<string, string> }
    ).user_persona;
    ws = await Workspace.open(join(dir.dir, 'ws.duckdb'));
    await importFile(ws, samples.files.users, { users: true });
    await importFile(ws, samples.files.events);
    progress = [];
    result = await runSegmentation(ws, { k: 5, seed: 1 }, { onProgress: (f) => progress.push(f) });
  });
  after(() => {
    ws.close();
    dir.cleanup();
  });

  it('recovers the personas: adjusted Rand index ≥ 0.8 against truth.json', async () => {
    const rows = await ws.rows(
      `SELECT user_id, segment FROM user_segments WHERE analysis_id = $id ORDER BY user_id`,
      {
        id: result.analysisId,
      },
    );
    assert.equal(rows.length, 3000);
    const personas = [...new Set(Object.values(truth))];
    const expected = rows.map((r) => personas.indexOf(truth[String(r.user_id)]!));
    const ari = adjustedRandIndex(
      expected,
      rows.map((r) => Number(r.segment)),
    );
    assert.ok(ari >= 0.8, `ARI ${ari.toFixed(3)}`);
    console.log(`persona ARI ${ari.toFixed(3)} on 3,000 users`);
  });

  it('profiles and names the segments after what sets them apart', () => {
    const names = result.profiles.map((p) => p.name);
    for (const expected of ['Discount seekers', 'New users', 'Frequent buyers'])
      assert.ok(names.includes(expected), names.join(', '));
    const sizes = result.profiles.reduce((s, p) => s + p.size, 0);
    assert.equal(sizes, result.users);
    const seekers = result.profiles.find((p) => p.name === 'Discount seekers')!;
    const share = seekers.contrasts.find((c) => c.feature === 'discount_share')!;
    assert.ok(share.mean! > share.overallMean!);
    assert.equal(seekers.top[0]!.difference, Math.max(...seekers.top.map((t) => Math.abs(t.difference!))));
  });

  it('reports validity and stability, and progress up to 1', () => {
    const c = result.clustering;
    assert.equal(c.k, 5);
    assert.ok(c.silhouette !== null && c.silhouette > 0.1);
    assert.ok(c.daviesBouldin !== null && c.calinskiHarabasz !== null);
    assert.ok(result.stability && result.stability.meanAri > 0.6, JSON.stringify(result.stability));
    assert.equal(result.stability.perClusterJaccard.length, 5);
    assert.equal(progress.at(-1), 1);
    assert.ok(progress.every((p, i) => i === 0 || p >= progress[i - 1]!));
  });

  it('is reproducible from its recipe', async () => {
    const again = await runSegmentation(ws, result.recipe, { save: false });
    assert.deepEqual(
      again.profiles.map((p) => p.size),
      result.profiles.map((p) => p.size),
    );
    assert.equal(again.clustering.inertia, result.clustering.inertia);
  });

  it('is saved: listed, reopened with renames, exported, and its points readable', async () => {
    const listed = await listSegmentations(ws);
    assert.ok(listed.some((l) => l.analysisId === result.analysisId && l.k === 5 && l.users === 3000));
    await renameSegment(ws, result.analysisId, 0, 'Our best customers');
    const loaded = await loadSegmentation(ws, result.analysisId);
    assert.equal(loaded.profiles.find((p) => p.segment === 0)!.name, 'Our best customers');
    assert.deepEqual(loaded.recipe, result.recipe);
    await assert.rejects(renameSegment(ws, result.analysisId, 9, 'x'), /has no segment 9/);

    const csv = join(dir.dir, 'segments.csv');
    assert.deepEqual(await exportSegments(ws, result.analysisId, csv), { path: csv, rows: 3000 });
    const lines = readFileSync(csv, 'utf8').trim().split('\n');
    assert.equal(lines[0], 'user_id,segment,segment_name');
    assert.equal(lines.length, 3001);
    const parquet = join(dir.dir, 'segments.parquet');
    await exportSegments(ws, result.analysisId, parquet);
    assert.equal(Number(await ws.value(`SELECT count(*) FROM read_parquet('${parquet}')`)), 3000);

    const points = await segmentPoints(ws, result.analysisId, 1000);
    assert.equal(points.total, 3000);
    assert.equal(points.pc1.length, 1000);
    assert.ok(points.segments.every((s) => s >= 0 && s < 5));
  });
});
