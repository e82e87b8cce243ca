import type { EventEmitter } from 'node:events';
import type { JobState } from './jobs.ts';

/**
 * Events pushed to clients (over IPC or the WebSocket): a job's state changed, or the engine now
 * serves another workspace (every view reloads).
 */
export type EngineEvent =
  { readonly type: 'job'; readonly job: JobState } | { readonly type: 'workspace'; readonly path: string };

export type EngineEvents = EventEmitter<{ event: [EngineEvent] }>;

/**
 * What a transport (the browser-mode server, the Electron message host) serves: calls in, events
 * out. An `Engine` (one fixed workspace) and an `EngineSession` (whichever workspace is current) both are one.
 */
export interface ApiHost {
  dispatch(method: string, input: unknown): Promise<unknown>;
  readonly events: EngineEvents;
  /** The folder where files uploaded for import are staged: next to the current workspace. */
  uploadDir(): string;
}
