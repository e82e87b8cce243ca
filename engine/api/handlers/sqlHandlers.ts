import type { Contract } from '../contract.ts';
import { chartResult } from '../sqlChart.ts';
import type { HandlerContext, HandlersOf } from './context.ts';

type Methods = 'sql.query' | 'sql.page' | 'sql.export' | 'sql.chart';

/** The SQL explorer: a query kept as a result, its pages, its export, and a chart of it. */
export function sqlHandlers(c: HandlerContext): HandlersOf<Pick<Contract, Methods>> {
  return {
    'sql.query': ({ sql }) => c.results.run(sql),
    'sql.page': ({ resultId, offset, limit }) => c.results.page(resultId, offset, limit),
    'sql.export': ({ resultId, path, format }) => c.results.export(resultId, path, format),
    'sql.chart': (input) => chartResult(c.ws, c.results, input),
  };
}
