import { writeFile } from 'node:fs/promises';
import { analyzeExperiment } from '../../experiments/analyze.ts';
import { inspectFile, listExperiments } from '../../experiments/catalog.ts';
import { writeDesign } from '../../experiments/design.ts';
import { powerCalculation } from '../../experiments/power.ts';
import { reportHtml } from '../../experiments/report/html.ts';
import type { experimentsContract } from '../experimentsContract.ts';
import type { HandlerContext, HandlersOf } from './context.ts';

/** Experiments: the workspace's experiments, file columns, the analysis, its report, power and design. */
export function experimentsHandlers(c: HandlerContext): HandlersOf<typeof experimentsContract> {
  return {
    'experiments.list': () => listExperiments(c.ws),
    'experiments.inspect': ({ path }) => inspectFile(path),
    'experiments.analyze': (request) => analyzeExperiment(c.ws, request),
    'experiments.report': async ({ request, out, result }) => {
      const html = reportHtml(result ?? (await analyzeExperiment(c.ws, request)), new Date());
      await writeFile(out, html, 'utf8');
      return { out, bytes: Buffer.byteLength(html) };
    },
    'experiments.power': (input) => Promise.resolve(powerCalculation(input)),
    'experiments.design': (input) => writeDesign(input),
  };
}
