import type { Input, JobStateWire, Method, Output } from '../../../engine/api/contract.ts';

export type { Input, JobStateWire, Method, Output };

/** What the engine pushes to the UI: today only job state changes. */
export type EngineEvent = { type: 'job'; job: JobStateWire };

/**
 * The renderer's one door to the engine. Views use it through `useEngine()` and never know the
 * transport (Electron IPC or browser mode's HTTP + WebSocket).
 */
export interface EngineClient {
  call<M extends Method>(method: M, input: Input<M>): Promise<Output<M>>;
  subscribe(listener: (event: EngineEvent) => void): () => void;
}

/** An error as it crosses the wire: a name to branch on and a message for the analyst. */
export class EngineError extends Error {
  constructor(
    override readonly name: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

/** Turns anything thrown into an EngineError (never a stack for the analyst). */
export function asEngineError(error: unknown): EngineError {
  if (error instanceof EngineError) return error;
  if (error instanceof Error) return new EngineError(error.name, error.message);
  return new EngineError('Error', String(error));
}
