import type {
  ChartColumnWire,
  ImportOptionsWire,
  Input,
  JobStateWire,
  Method,
  Output,
  WorkspaceInfo,
} from '../../../engine/api/contract.ts';

export type { ChartColumnWire, ImportOptionsWire, Input, JobStateWire, Method, Output, WorkspaceInfo };

/**
 * What the UI is told without asking: a job's state changed, the engine now serves another
 * workspace, (Electron) files were chosen with File › Import… or dropped on the window, or
 * (browser mode) the event socket reconnected, so events sent while it was down were missed.
 */
export type EngineEvent =
  | { type: 'job'; job: JobStateWire }
  | { type: 'workspace'; path: string }
  | { type: 'import-files'; paths: string[] }
  | { type: 'reconnected' };

/** A file received by the engine for import (browser mode's upload). */
export interface Uploaded {
  path: string;
  name: string;
  bytes: number;
}

/**
 * The renderer's one door to the engine. Views use it through `useEngine()` and never know the
 * transport (Electron IPC or browser mode's HTTP + WebSocket).
 */
export interface EngineClient {
  call<M extends Method>(method: M, input: Input<M>): Promise<Output<M>>;
  subscribe(listener: (event: EngineEvent) => void): () => void;
  /**
   * Sends a file the page holds (dropped or chosen) to the engine's staging folder, reporting the
   * share sent; absent where the engine can read the file by its path (Electron).
   */
  upload?: (file: File, onProgress: (fraction: number) => void, signal?: AbortSignal) => Promise<Uploaded>;
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
  // A wire error as it arrives in a job's state: {name, message, details?}.
  const wire = error as { name?: unknown; message?: unknown; details?: unknown } | null;
  if (typeof wire === 'object' && wire !== null && typeof wire.message === 'string')
    return new EngineError(typeof wire.name === 'string' ? wire.name : 'Error', wire.message, wire.details);
  return new EngineError('Error', String(error));
}
