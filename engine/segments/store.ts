import { randomBytes } from 'node:crypto';
import { extname } from 'node:path';
import type { Matrix } from '../analysis/matrix.ts';
import { literal } from '../store/sql.ts';
import { asText } from '../store/jsonSafe.ts';
import type { Workspace } from '../store/Workspace.ts';
import { SegmentInputError } from './discover.ts';
import type { SegmentationResult } from './runSegmentation.ts';

/** The per-user part of a segmentation, saved beside its summary. */
export interface SavedLabels {
  readonly userIds: readonly string[];
  readonly labels: Int32Array;
  /** n × 2 (or n × 1) principal-component scores, for the scatter plot. */
  readonly scores: Matrix;
}

export const ENGINE_VERSION = 'engage-segments/1';

/**
 * Saves a segmentation in one transaction: the recipe and summary in `analyses` (kind
 * `segments`), one row per segment in `segments`, every user's segment in `segment_labels`. The
 * `user_segments` view joins them for the experiments and automations modules.
 */
export async function saveSegmentation(
  ws: Workspace,
  result: SegmentationResult,
  saved: SavedLabels,
): Promise<string> {
  const analysisId = `seg-${new Date().toISOString().slice(0, 10).replaceAll('-', '')}-${randomBytes(3).toString('hex')}`;
  const { recipe, name, ...summary } = result;
  const n = saved.userIds.length;
  const pc = (j: number) => {
    const out = new Float64Array(n).fill(NaN);
    if (j < saved.scores.cols)
      for (let i = 0; i < n; i++) out[i] = saved.scores.data[i * saved.scores.cols + j] as number;
    return out;
  };
  await ws.transaction(async () => {
    await ws.run(
      `INSERT INTO analyses (analysis_id, kind, name, recipe, summary, engine_version, created_at)
       VALUES ($id, 'segments', $name, $recipe, $summary, $version, now())`,
      {
        id: analysisId,
        name,
        recipe: JSON.stringify(recipe),
        summary: JSON.stringify({ ...summary, analysisId }),
        version: ENGINE_VERSION,
      },
    );
    for (const p of result.profiles) {
      await ws.run(`INSERT INTO segments VALUES ($id, $segment, $name, $size, $share)`, {
        id: analysisId,
        segment: p.segment,
        name: p.name,
        size: p.size,
        share: p.share,
      });
    }
    await ws.append('segment_labels', [
      { kind: 'text', values: new Array<string>(n).fill(analysisId) },
      { kind: 'text', values: saved.userIds },
      { kind: 'integer', values: saved.labels },
      { kind: 'double', values: pc(0) },
      { kind: 'double', values: pc(1) },
    ]);
  });
  return analysisId;
}

export interface SegmentationListing {
  readonly analysisId: string;
  readonly name: string;
  readonly createdAt: string;
  readonly algo: string;
  readonly k: number;
  readonly users: number;
  readonly silhouette: number | null;
}

export async function listSegmentations(ws: Workspace): Promise<SegmentationListing[]> {
  const rows = await ws.rows(
    `SELECT analysis_id, name, created_at, recipe->>'algo' AS algo, CAST(summary->'clustering'->>'k' AS INTEGER) AS k,
            CAST(summary->>'users' AS BIGINT) AS users, TRY_CAST(summary->'clustering'->>'silhouette' AS DOUBLE) AS silhouette
     FROM analyses WHERE kind = 'segments' ORDER BY created_at DESC`,
  );
  return rows.map((r) => ({
    analysisId: asText(r.analysis_id),
    name: asText(r.name),
    createdAt: asText(r.created_at),
    algo: asText(r.algo),
    k: Number(r.k),
    users: Number(r.users),
    silhouette: r.silhouette === null ? null : Number(r.silhouette),
  }));
}

/** A saved segmentation's summary, with segment names as renamed since. */
export async function loadSegmentation(ws: Workspace, analysisId: string): Promise<SegmentationResult> {
  const row = (
    await ws.rows(
      `SELECT name, recipe, summary FROM analyses WHERE analysis_id = $id AND kind = 'segments'`,
      {
        id: analysisId,
      },
    )
  )[0];
  if (!row) throw new SegmentInputError(`no saved segmentation "${analysisId}"`);
  const summary = JSON.parse(asText(row.summary)) as Omit<SegmentationResult, 'recipe' | 'name'>;
  const names = new Map(
    (await ws.rows(`SELECT segment, name FROM segments WHERE analysis_id = $id`, { id: analysisId })).map(
      (r) => [Number(r.segment), asText(r.name)],
    ),
  );
  return {
    ...summary,
    analysisId,
    name: asText(row.name),
    recipe: JSON.parse(asText(row.recipe)) as SegmentationResult['recipe'],
    profiles: summary.profiles.map((p) => ({ ...p, name: names.get(p.segment) ?? p.name })),
  };
}

export async function renameSegment(
  ws: Workspace,
  analysisId: string,
  segment: number,
  name: string,
): Promise<void> {
  const trimmed = name.trim();
  if (!trimmed) throw new SegmentInputError('a segment name cannot be empty');
  const found = await ws.value(`SELECT count(*) FROM segments WHERE analysis_id = $id AND segment = $s`, {
    id: analysisId,
    s: segment,
  });
  if (Number(found) === 0)
    throw new SegmentInputError(`segmentation "${analysisId}" has no segment ${segment}`);
  await ws.run(`UPDATE segments SET name = $name WHERE analysis_id = $id AND segment = $s`, {
    name: trimmed,
    id: analysisId,
    s: segment,
  });
}

export async function deleteSegmentation(ws: Workspace, analysisId: string): Promise<void> {
  await ws.transaction(async () => {
    await ws.run(`DELETE FROM segment_labels WHERE analysis_id = $id`, { id: analysisId });
    await ws.run(`DELETE FROM segments WHERE analysis_id = $id`, { id: analysisId });
    await ws.run(`DELETE FROM analyses WHERE analysis_id = $id`, { id: analysisId });
  });
}

/** Writes user → segment (id, number, name) as CSV or Parquet (by `format`, else the file's extension). */
export async function exportSegments(
  ws: Workspace,
  analysisId: string,
  path: string,
  format?: 'csv' | 'parquet',
): Promise<{ path: string; rows: number }> {
  const kind = format ?? (extname(path).toLowerCase() === '.parquet' ? 'parquet' : 'csv');
  const rows = Number(
    await ws.value(`SELECT count(*) FROM segment_labels WHERE analysis_id = $id`, { id: analysisId }),
  );
  if (rows === 0) throw new SegmentInputError(`no saved segmentation "${analysisId}"`);
  await ws.run(
    `COPY (SELECT user_id, segment, segment_name FROM user_segments WHERE analysis_id = ${literal(analysisId)} ORDER BY user_id)
     TO ${literal(path)} (FORMAT ${kind === 'parquet' ? 'parquet' : 'csv, HEADER'})`,
  );
  return { path, rows };
}

/** Principal-component coordinates and segment of up to `limit` users (a seeded sample above), for the scatter. */
export async function segmentPoints(
  ws: Workspace,
  analysisId: string,
  limit: number,
): Promise<{ total: number; userIds: string[]; segments: number[]; pc1: number[]; pc2: number[] }> {
  const total = Number(
    await ws.value(`SELECT count(*) FROM segment_labels WHERE analysis_id = $id`, { id: analysisId }),
  );
  const cols = await ws.columns(
    `SELECT user_id, CAST(segment AS DOUBLE) AS segment, pc1, pc2 FROM segment_labels WHERE analysis_id = $id
     ${total > limit ? `ORDER BY hash(user_id) LIMIT ${Math.floor(limit)}` : ''}`,
    { id: analysisId },
  );
  const [ids, seg, pc1, pc2] = cols;
  return {
    total,
    userIds: (ids?.values ?? []) as string[],
    segments: Array.from(seg?.values as Float64Array),
    pc1: Array.from(pc1?.values as Float64Array, (v) => (Number.isNaN(v) ? 0 : v)),
    pc2: Array.from(pc2?.values as Float64Array, (v) => (Number.isNaN(v) ? 0 : v)),
  };
}
