// The renderer's only door to the engine: `window.engage.call(method, input)` and
// `window.engage.subscribe(callback)`. Never raw ipcRenderer.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';

interface Envelope {
  ok: boolean;
  result?: unknown;
  error?: { name: string; message: string; details?: unknown };
}

contextBridge.exposeInMainWorld('engage', {
  async call(method: string, input: unknown): Promise<unknown> {
    const envelope = (await ipcRenderer.invoke('engage:call', { method, input })) as Envelope;
    if (envelope.ok) return envelope.result;
    // Errors cross as {name, message, details}; the renderer turns them into toasts.
    throw Object.assign(new Error(envelope.error?.message ?? 'engine error'), envelope.error);
  },
  subscribe(event: 'event', callback: (event: unknown) => void): () => void {
    if (event !== 'event') throw new Error(`unknown engine event stream "${String(event)}"`);
    const listener = (_event: IpcRendererEvent, payload: unknown) => callback(payload);
    ipcRenderer.on('engage:event', listener);
    return () => ipcRenderer.removeListener('engage:event', listener);
  },
});
