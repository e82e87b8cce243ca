import type { Workspace } from '../store/Workspace.ts';
import { impossibleActivityCheck } from './activityChecks.ts';
import { measureTotals, resolveScope, type AuditContext } from './context.ts';
import { eventsPerDayCheck } from './dailyChecks.ts';
import { formatInstant } from './format.ts';
import { duplicateRateCheck, rejectsCheck } from './importChecks.ts';
import { missingValuesCheck } from './missingValues.ts';
import { eventNameCardinalityCheck, nearDuplicateNamesCheck } from './nameChecks.ts';
import { numericOutliersCheck } from './outlierChecks.ts';
import { futureTimestampsCheck, oldTimestampsCheck } from './timeChecks.ts';
import type { AuditOptions, AuditReport, DayVolume, Finding, UserBucket } from './types.ts';
import { userChecks } from './userChecks.ts';
import { eventsPerUserCheck, rowsCheck, timeRangeCheck, usersCheck } from './volumeChecks.ts';

/**
 * Audits the quality of the events (and profiles) in a workspace, or in one import, entirely in SQL:
 * volumes, time range, completeness, duplicates, outliers, implausible timestamps, event naming,
 * impossible activity rates, import rejects and events/profiles consistency. Every check yields a
 * {@link Finding} (see `findingIds` for the ids, in report order); an empty workspace yields info
 * findings, never an error. Read-only: nothing in the workspace changes.
 *
 * @throws AuditError for an invalid `now` or an unknown `importId`; the abort reason when cancelled.
 */
export async function runAudit(ws: Workspace, options: AuditOptions = {}): Promise<AuditReport> {
  const now = options.now ?? new Date();
  const { signal, onProgress } = options;
  signal?.throwIfAborted();
  const scope = await resolveScope(ws, options.importId, now);
  const interrupt = (): void => ws.interrupt();
  signal?.addEventListener('abort', interrupt, { once: true });
  try {
    const ctx: AuditContext = { ws, scope, totals: await measureTotals(ws, scope) };
    let eventsPerDay: DayVolume[] = [];
    let eventsPerUser: UserBucket[] = [];
    const steps: [string, () => Promise<Finding | Finding[]>][] = [
      ['volume', () => Promise.resolve([rowsCheck(ctx), usersCheck(ctx), timeRangeCheck(ctx)])],
      [
        'events per user',
        async () => {
          const { finding, chart } = await eventsPerUserCheck(ctx);
          eventsPerUser = chart;
          return finding;
        },
      ],
      [
        'events per day',
        async () => {
          const { finding, chart } = await eventsPerDayCheck(ctx);
          eventsPerDay = chart;
          return finding;
        },
      ],
      ['missing values', () => missingValuesCheck(ctx)],
      ['duplicates', () => duplicateRateCheck(ctx)],
      ['numeric outliers', () => numericOutliersCheck(ctx)],
      ['future timestamps', () => futureTimestampsCheck(ctx)],
      ['old timestamps', () => oldTimestampsCheck(ctx)],
      ['event names', () => eventNameCardinalityCheck(ctx)],
      ['near-duplicate names', () => nearDuplicateNamesCheck(ctx)],
      ['activity rates', () => impossibleActivityCheck(ctx)],
      ['rejects', () => rejectsCheck(ctx)],
      ['profiles', () => userChecks(ctx)],
    ];
    const checks: Finding[] = [];
    for (const [i, [label, step]] of steps.entries()) {
      signal?.throwIfAborted();
      onProgress?.(i / steps.length, `checking ${label}`);
      checks.push(...[await step()].flat());
    }
    signal?.throwIfAborted();
    onProgress?.(1, 'audit done');
    return {
      generatedAt: formatInstant(now),
      scope: { importId: scope.importId },
      summary: {
        rows: ctx.totals.rows,
        users: ctx.totals.users,
        first: ctx.totals.first,
        last: ctx.totals.last,
      },
      checks,
      charts: { eventsPerDay, eventsPerUser },
    };
  } catch (error) {
    // An interrupted query fails with DuckDB's own error; report the cancellation instead.
    signal?.throwIfAborted();
    throw error;
  } finally {
    signal?.removeEventListener('abort', interrupt);
  }
}
