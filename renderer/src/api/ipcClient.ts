import type { EngineClient, EngineEvent, Input, Method, Output } from './EngineClient.ts';
import { EngineError } from './EngineClient.ts';

/** What Electron's preload exposes as `window.engage` (contextBridge): one call, one subscription. */
export interface EngageBridge {
  call(method: string, input: unknown): Promise<unknown>;
  subscribe(event: 'event', callback: (event: EngineEvent) => void): () => void;
}

/** Electron: calls go through the preload's bridge; errors arrive as `{name, message, details}`. */
export function createIpcClient(bridge: EngageBridge): EngineClient {
  return {
    async call<M extends Method>(method: M, input: Input<M>): Promise<Output<M>> {
      try {
        return (await bridge.call(method, input)) as Output<M>;
      } catch (error) {
        const e = error as { name?: string; message?: string; details?: unknown };
        throw new EngineError(e.name ?? 'Error', e.message ?? String(error), e.details);
      }
    },
    subscribe: (listener) => bridge.subscribe('event', listener),
  };
}
