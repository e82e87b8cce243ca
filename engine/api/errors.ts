import { firstLine } from '../store/firstLine.ts';

/** How an error crosses the wire: a name to branch on, a message for the analyst, optional details. */
export interface WireError {
  readonly name: string;
  readonly message: string;
  readonly details?: unknown;
}

/** An error the API reports as it is (bad input, unknown method, a job that does not exist). */
export class ApiError extends Error {
  constructor(
    override readonly name: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

/** Any thrown value as a WireError; never a stack trace (that stays in the engine's log). */
export function toWireError(error: unknown): WireError {
  if (error instanceof ApiError) {
    return error.details === undefined
      ? { name: error.name, message: error.message }
      : { name: error.name, message: error.message, details: error.details };
  }
  if (error instanceof Error) {
    const withFields = error as Error & { file?: unknown; line?: unknown; column?: unknown };
    const details =
      withFields.file !== undefined
        ? { file: withFields.file, line: withFields.line, column: withFields.column }
        : undefined;
    const message = error.name === 'ImportError' ? String(error) : firstLine(error);
    return details ? { name: error.name, message, details } : { name: error.name, message };
  }
  return { name: 'Error', message: String(error) };
}

/**
 * Errors that mean "the request cannot be done as asked" (bad options, an unknown id, input the
 * analysis cannot use) rather than an engine failure: the server answers them with 400.
 */
const INPUT_ERRORS = new Set([
  'SegmentInputError',
  'ChurnInputError',
  'ExperimentInputError',
  'PreprocessError',
  'ConstantColumnError',
  'ClassificationInputError',
  'RangeError',
  'ImportError',
  'WorkspaceError',
]);

export function isInputError(error: unknown): boolean {
  return error instanceof ApiError || (error instanceof Error && INPUT_ERRORS.has(error.name));
}
