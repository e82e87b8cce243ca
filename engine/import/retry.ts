import type { Reject } from './rejects.ts';

/** Counts a first pass established, reused by a filtered second pass. */
export interface EventCounts {
  readonly rowsIn: number;
  readonly imported: number;
  readonly rejected: number;
  readonly duplicates: number;
}

/** The first pass found something that needs another attempt, in a fresh transaction. */
export class RetryImport extends Error {
  override readonly name = 'RetryImport';
  constructor(
    readonly change: 'latin-1' | 'long-lines' | 'ignore-json-errors' | 'filtered' | 'text-columns',
    readonly rejects: readonly Reject[] = [],
    readonly counts?: EventCounts,
    /** With 'text-columns': the natively read columns whose values did not all fit the sniffed type. */
    readonly columns: readonly string[] | 'all' = [],
  ) {
    super(`retry import: ${change}`);
  }
}
