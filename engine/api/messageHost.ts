import { toWireError, type WireError } from './errors.ts';
import type { ApiHost, EngineEvent } from './events.ts';

/** A call as a message: how Electron's main process (and a WebSocket) reach an engine in another process. */
export interface CallMessage {
  readonly type: 'call';
  readonly id: number;
  readonly method: string;
  readonly input?: unknown;
}

export type HostMessage =
  | { readonly type: 'result'; readonly id: number; readonly ok: true; readonly result: unknown }
  | { readonly type: 'result'; readonly id: number; readonly ok: false; readonly error: WireError }
  | { readonly type: 'event'; readonly event: EngineEvent };

/**
 * Serves an engine (or a session that switches workspaces) over any message channel: calls in,
 * results and engine events out. Used by the Electron utility process; pure, so the IPC path is
 * tested in-process.
 */
export function serveMessages(
  host: ApiHost,
  post: (message: HostMessage) => void,
): { handle(message: unknown): Promise<void>; close(): void } {
  const forward = (event: EngineEvent) => post({ type: 'event', event });
  host.events.on('event', forward);
  return {
    async handle(message) {
      if (!isCall(message)) return;
      try {
        post({
          type: 'result',
          id: message.id,
          ok: true,
          result: await host.dispatch(message.method, message.input),
        });
      } catch (error) {
        post({ type: 'result', id: message.id, ok: false, error: toWireError(error) });
      }
    },
    close() {
      host.events.off('event', forward);
    },
  };
}

function isCall(message: unknown): message is CallMessage {
  const m = message as Partial<CallMessage> | null;
  return (
    typeof m === 'object' &&
    m !== null &&
    m.type === 'call' &&
    typeof m.id === 'number' &&
    typeof m.method === 'string'
  );
}
