import { randomBytes } from 'node:crypto';
import type { PreprocessReport } from '../analysis/preprocess/index.ts';
import type { DriftProfile } from '../analysis/drift.ts';
import type { ModelKind, SavedModel } from '../analysis/models/types.ts';
import { asText } from '../store/jsonSafe.ts';
import type { Workspace } from '../store/Workspace.ts';
import { ChurnInputError } from './dataset.ts';

export const CHURN_ENGINE_VERSION = 'engage-churn/1';

/** Everything needed to score new rows the way the model was trained. */
export interface StoredModel {
  readonly saved: SavedModel;
  readonly preprocessing: PreprocessReport;
  /** The raw feature columns the preprocessing reads, in order. */
  readonly inputColumns: string[];
  /** Training distribution of each numeric input column, for drift (PSI). */
  readonly drift: Record<string, DriftProfile>;
  /** The chosen decision threshold. */
  readonly threshold: number;
}

export interface ModelEntry {
  readonly modelId: string;
  readonly kind: ModelKind;
  readonly name: string;
  readonly createdAt: string;
  readonly recipe: Record<string, unknown>;
  readonly metrics: Record<string, unknown>;
}

/** Saves a trained model in the workspace's registry and returns its id. */
export async function saveModel(
  ws: Workspace,
  entry: { kind: ModelKind; name: string; recipe: object; metrics: object; model: StoredModel },
): Promise<string> {
  const modelId = `${entry.kind}-${new Date().toISOString().slice(0, 10).replaceAll('-', '')}-${randomBytes(3).toString('hex')}`;
  await ws.run(`INSERT INTO models VALUES ($id, $kind, $name, $recipe, $metrics, $model, $version, now())`, {
    id: modelId,
    kind: entry.kind,
    name: entry.name,
    recipe: JSON.stringify(entry.recipe),
    metrics: JSON.stringify(entry.metrics),
    model: JSON.stringify(entry.model),
    version: CHURN_ENGINE_VERSION,
  });
  return modelId;
}

export async function listModels(ws: Workspace): Promise<ModelEntry[]> {
  const rows = await ws.rows(
    `SELECT model_id, kind, name, created_at, recipe, metrics FROM models ORDER BY created_at DESC`,
  );
  return rows.map((r) => ({
    modelId: asText(r.model_id),
    kind: asText(r.kind) as ModelKind,
    name: asText(r.name),
    createdAt: asText(r.created_at),
    recipe: JSON.parse(asText(r.recipe)) as Record<string, unknown>,
    metrics: JSON.parse(asText(r.metrics)) as Record<string, unknown>,
  }));
}

export async function loadModel(
  ws: Workspace,
  modelId: string,
): Promise<ModelEntry & { model: StoredModel }> {
  const r = (
    await ws.rows(
      `SELECT model_id, kind, name, created_at, recipe, metrics, model FROM models WHERE model_id = $id`,
      {
        id: modelId,
      },
    )
  )[0];
  if (!r) throw new ChurnInputError(`no model "${modelId}" in this workspace (see: engage churn models)`);
  return {
    modelId,
    kind: asText(r.kind) as ModelKind,
    name: asText(r.name),
    createdAt: asText(r.created_at),
    recipe: JSON.parse(asText(r.recipe)) as Record<string, unknown>,
    metrics: JSON.parse(asText(r.metrics)) as Record<string, unknown>,
    model: JSON.parse(asText(r.model)) as StoredModel,
  };
}

export async function deleteModel(ws: Workspace, modelId: string): Promise<void> {
  await ws.transaction(async () => {
    await ws.run(`DELETE FROM churn_scores WHERE model_id = $id`, { id: modelId });
    await ws.run(`DELETE FROM models WHERE model_id = $id`, { id: modelId });
  });
}

/** Creates a short unique id for ad-hoc models (fit-table) that are not stored in a workspace. */
export function transientModelId(kind: ModelKind): string {
  return `${kind}-${randomBytes(4).toString('hex')}`;
}
