import type { ApiHost } from '../api/events.ts';
import { isInputError, toWireError, type WireError } from '../api/errors.ts';

/** A request the server refuses before it reaches the engine: status and the error to send. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    override readonly name: string,
    message: string,
  ) {
    super(message);
  }
}

/** What every failed response carries, over HTTP and over the socket alike. */
export interface ErrorBody {
  readonly ok: false;
  readonly error: WireError;
}

/** One API call, as it arrives in the body of `POST /api/call` or a socket's `call` message. */
export interface Call {
  readonly method: string;
  readonly input: unknown;
}

/** The outcome of a call with the HTTP status it maps to. */
export type CallOutcome =
  | { readonly status: 200; readonly body: { readonly ok: true; readonly result: unknown } }
  | { readonly status: number; readonly body: ErrorBody };

/**
 * Reads `{method: string, input?}` (and, for socket messages, the extra keys in `allowed`);
 * anything else is a `BadRequest`.
 */
export function parseCall(body: unknown, allowed: readonly string[] = []): Call {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw new HttpError(400, 'BadRequest', 'the body must be a JSON object {"method": string, "input"?: …}');
  const record = body as Record<string, unknown>;
  const extra = Object.keys(record).filter((k) => k !== 'method' && k !== 'input' && !allowed.includes(k));
  if (extra.length > 0)
    throw new HttpError(
      400,
      'BadRequest',
      `unexpected key${extra.length > 1 ? 's' : ''} ${extra.join(', ')} in the call`,
    );
  if (typeof record.method !== 'string' || record.method === '')
    throw new HttpError(400, 'BadRequest', '"method" must be a non-empty string naming an API method');
  return { method: record.method, input: record.input };
}

/**
 * Runs a call through `engine.dispatch()`. An `ApiError` is the caller's mistake (unknown method,
 * invalid input, bad SQL, a result or job that does not exist) and maps to 400; anything else is
 * the engine's failure and maps to 500. Either way the error crosses as `{name, message, details?}`.
 */
export async function runCall(engine: ApiHost, call: Call): Promise<CallOutcome> {
  try {
    return { status: 200, body: { ok: true, result: await engine.dispatch(call.method, call.input) } };
  } catch (error) {
    return { status: isInputError(error) ? 400 : 500, body: { ok: false, error: toWireError(error) } };
  }
}

/** JSON text for the wire; a stray bigint becomes a number when exact, else a string. */
export function toJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    typeof v === 'bigint' ? (Number.isSafeInteger(Number(v)) ? Number(v) : v.toString()) : v,
  );
}
