import { discoverFeatures } from '../../segments/discover.ts';
import { runSegmentation, segmentKDistance } from '../../segments/runSegmentation.ts';
import {
  deleteSegmentation,
  exportSegments,
  listSegmentations,
  loadSegmentation,
  renameSegment,
  segmentPoints,
} from '../../segments/store.ts';
import type { segmentsContract } from '../segmentsContract.ts';
import { onOwnConnection, type HandlerContext, type HandlersOf } from './context.ts';

/** Segments: the feature catalog, segmentation as a job, and the saved segmentations. */
export function segmentsHandlers(c: HandlerContext): HandlersOf<typeof segmentsContract> {
  return {
    'segments.features': (input) => discoverFeatures(c.ws, input),
    'segments.run': (recipe) =>
      Promise.resolve(
        c.jobs.start('segments', `Segment users${recipe.name ? `: ${recipe.name}` : ''}`, (job) =>
          onOwnConnection(c, job, (ws, work) => runSegmentation(ws, recipe, work)),
        ),
      ),
    'segments.list': () => listSegmentations(c.ws),
    'segments.get': ({ analysisId }) => loadSegmentation(c.ws, analysisId),
    'segments.points': async ({ analysisId, limit }) => {
      const p = await segmentPoints(c.ws, analysisId, limit ?? 200_000);
      return { total: p.total, segments: p.segments, pc1: p.pc1, pc2: p.pc2 };
    },
    'segments.rename': async ({ analysisId, segment, name }) => {
      await renameSegment(c.ws, analysisId, segment, name);
      return { renamed: true };
    },
    'segments.export': ({ analysisId, path, format }) => exportSegments(c.ws, analysisId, path, format),
    'segments.kDistance': (recipe) => segmentKDistance(c.ws, recipe),
    'segments.delete': async ({ analysisId }) => {
      await deleteSegmentation(c.ws, analysisId);
      return { deleted: true };
    },
  };
}
