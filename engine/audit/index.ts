/** The data-quality audit: `runAudit` and the report types. */
export { runAudit } from './runAudit.ts';
export { AuditError } from './context.ts';
export { findingIds } from './types.ts';
export type {
  AuditOptions,
  AuditReport,
  DayVolume,
  Finding,
  FindingId,
  Severity,
  UserBucket,
} from './types.ts';
