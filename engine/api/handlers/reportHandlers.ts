import { overview } from '../../overview/overview.ts';
import type { Contract } from '../contract.ts';
import { ApiError } from '../errors.ts';
import type { HandlerContext, HandlersOf } from './context.ts';

type Methods = 'audit.run' | 'overview.metrics' | 'jobs.list' | 'jobs.cancel';

/** The audit report, the overview metrics, and the jobs list. */
export function reportHandlers(c: HandlerContext): HandlersOf<Pick<Contract, Methods>> {
  return {
    'audit.run': async ({ importId }) => {
      const { runAudit } = await import('../../audit/index.ts');
      return runAudit(c.ws, importId === undefined ? {} : { importId });
    },
    'overview.metrics': async (input) => {
      if (
        input.timeZone &&
        !Intl.supportedValuesOf('timeZone').includes(input.timeZone) &&
        input.timeZone !== 'UTC'
      ) {
        throw new ApiError(
          'InvalidInput',
          `overview.metrics: unknown time zone "${input.timeZone}" (use an IANA name such as Europe/Berlin)`,
        );
      }
      return overview(c.ws, input);
    },
    'jobs.list': () => Promise.resolve(c.jobs.list()),
    'jobs.cancel': ({ id }) => Promise.resolve({ cancelled: c.jobs.cancel(id) }),
  };
}
