/**
 * An import failure that names where it happened, printed as `<file>:<line>: <column>: <reason>`
 * (the parts that are unknown are left out). Nothing of the failed import stays in the workspace.
 */
export class ImportError extends Error {
  override readonly name = 'ImportError';

  constructor(
    readonly file: string,
    readonly reason: string,
    readonly line?: number,
    readonly column?: string,
  ) {
    super([file, line, column, reason].filter((part) => part !== undefined && part !== '').join(': '));
  }

  override toString(): string {
    const where = this.line === undefined ? this.file : `${this.file}:${this.line}`;
    return [where, this.column, this.reason].filter(Boolean).join(': ');
  }
}

/** The import was cancelled by its caller; the workspace is as it was. */
export class ImportCancelled extends Error {
  override readonly name = 'ImportCancelled';
  constructor(readonly file: string) {
    super(`${file}: import cancelled; nothing was imported`);
  }
}

/** First line of a DuckDB error message, without the `LINE n:` excerpt it appends. */
export { firstLine as duckMessage } from '../store/firstLine.ts';
