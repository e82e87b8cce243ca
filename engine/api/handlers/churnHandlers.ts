import {
  monitorChurnModel,
  scoreChurn,
  scoreOnRequest,
  trainChurnModel,
} from '../../churn/churnWorkspace.ts';
import { addDays, buildChurnDataset } from '../../churn/dataset.ts';
import { deleteModel, listModels, loadModel } from '../../churn/registry.ts';
import { asText } from '../../store/jsonSafe.ts';
import type { churnContract, ChurnMetricsWire } from '../churnContract.ts';
import { onOwnConnection, type HandlerContext, type HandlersOf } from './context.ts';

/** Churn: training as a job, the registry, scoring and monitoring. */
export function churnHandlers(c: HandlerContext): HandlersOf<typeof churnContract> {
  return {
    'churn.train': (request) =>
      Promise.resolve(
        c.jobs.start('churn', `Train churn model at ${request.cutoff}`, (job) =>
          onOwnConnection(c, job, async (ws, work) => {
            const { modelId, result } = await trainChurnModel(ws, request, work);
            return { modelId, kind: result.kind, cv: result.cv, test: result.test };
          }),
        ),
      ),
    'churn.labels': async (input) => {
      const data = await buildChurnDataset(c.ws, input);
      const bounds = (
        await c.ws.rows(
          `SELECT strftime(min(ts) AT TIME ZONE 'UTC', '%Y-%m-%d') AS first, strftime(max(ts) AT TIME ZONE 'UTC', '%Y-%m-%d') AS last FROM events`,
        )
      )[0]!;
      return {
        ...data.balance,
        excludedInactive: data.excluded.inactive,
        firstDay: asText(bounds.first),
        lastDay: asText(bounds.last),
        latestCutoff: addDays(asText(bounds.last), -((input.inactiveDays ?? 14) - 1)),
        features: data.columns.map((col) => col.name),
      };
    },
    'churn.models': async () =>
      (await listModels(c.ws)).map((m) => ({ ...m, metrics: m.metrics as unknown as ChurnMetricsWire })),
    'churn.model': async ({ modelId }) => {
      const entry = await loadModel(c.ws, modelId);
      return {
        modelId: entry.modelId,
        kind: entry.kind,
        name: entry.name,
        createdAt: entry.createdAt,
        recipe: entry.recipe,
        metrics: entry.metrics as unknown as ChurnMetricsWire,
      };
    },
    'churn.deleteModel': async ({ modelId }) => {
      await deleteModel(c.ws, modelId);
      return { deleted: true };
    },
    'churn.score': ({ modelId, asOf, out }) =>
      scoreChurn(c.ws, modelId, { ...(asOf ? { asOf } : {}), ...(out ? { out } : {}) }),
    'churn.scores': async ({ modelId, limit }) => {
      const asOf = (await c.ws.value(
        `SELECT strftime(max(as_of), '%Y-%m-%d') FROM churn_scores WHERE model_id = $id`,
        {
          id: modelId,
        },
      )) as string | null;
      if (!asOf) return { asOf: null, total: 0, rows: [] };
      const total = Number(
        await c.ws.value(
          `SELECT count(*) FROM churn_scores WHERE model_id = $id AND as_of = CAST($d AS DATE)`,
          {
            id: modelId,
            d: asOf,
          },
        ),
      );
      // The latest segmentation's names, when there is one, so at-risk users can be targeted by segment.
      const rows = await c.ws.rows(
        `WITH latest AS (SELECT analysis_id FROM analyses WHERE kind = 'segments' ORDER BY created_at DESC LIMIT 1)
         SELECT s.user_id, s.score, s.at_risk, us.segment_name
         FROM churn_scores AS s
         LEFT JOIN user_segments AS us ON us.user_id = s.user_id AND us.analysis_id = (SELECT analysis_id FROM latest)
         WHERE s.model_id = $id AND s.as_of = CAST($d AS DATE)
         ORDER BY s.score DESC LIMIT ${limit ?? 1000}`,
        { id: modelId, d: asOf },
      );
      return {
        asOf,
        total,
        rows: rows.map((r) => ({
          userId: asText(r.user_id),
          score: Number(r.score),
          atRisk: r.at_risk === true,
          segment: r.segment_name === null ? null : asText(r.segment_name),
        })),
      };
    },
    'churn.scoreRows': ({ modelId, userIds, rows }) =>
      scoreOnRequest(c.ws, modelId, { ...(userIds ? { userIds } : {}), ...(rows ? { rows } : {}) }),
    'churn.monitor': ({ modelId, cutoff }) => monitorChurnModel(c.ws, modelId, cutoff ? { cutoff } : {}),
    'churn.startScoring': ({ modelId, asOf, out }) =>
      Promise.resolve(
        c.jobs.start('churn-score', `Score users with ${modelId}`, (job) =>
          onOwnConnection(c, job, (ws, work) =>
            scoreChurn(ws, modelId, { ...(asOf ? { asOf } : {}), ...(out ? { out } : {}) }, work),
          ),
        ),
      ),
    'churn.startMonitoring': ({ modelId, cutoff }) =>
      Promise.resolve(
        c.jobs.start('churn-monitor', `Monitor ${modelId}`, (job) =>
          onOwnConnection(c, job, (ws, work) =>
            monitorChurnModel(ws, modelId, cutoff ? { cutoff } : {}, work),
          ),
        ),
      ),
  };
}
