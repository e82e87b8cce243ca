import type { EngineClient } from './EngineClient.ts';
import { createHttpClient } from './httpClient.ts';
import type { EngageBridge } from './ipcClient.ts';
import { createIpcClient } from './ipcClient.ts';

/**
 * Chooses the transport once at start-up: Electron's preload bridge when present, otherwise browser
 * mode. The token is read from the URL, kept in memory, and removed from the address bar.
 */
export function createClient(): EngineClient {
  const bridge = (window as unknown as { engage?: EngageBridge }).engage;
  if (bridge) return createIpcClient(bridge);
  const url = new URL(window.location.href);
  const token = url.searchParams.get('token');
  if (token) {
    url.searchParams.delete('token');
    window.history.replaceState(null, '', url.toString());
  }
  return createHttpClient(window.location.origin, token);
}
