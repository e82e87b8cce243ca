// Runs in an Electron utilityProcess: the engine lives here, so queries and training never block the
// window. Talks to the main process through the parent port with engine/api's message protocol. It
// serves an EngineSession, so that File › Open switches the workspace without restarting it.
import { EngineSession } from '../engine/api/EngineSession.ts';
import { serveMessages, type HostMessage } from '../engine/api/messageHost.ts';
import { ensureDemoWorkspace } from '../engine/demo.ts';

interface ParentPort {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (event: { data: unknown }) => void): void;
}

const port = (process as unknown as { parentPort?: ParentPort }).parentPort;
if (!port) throw new Error('engineHost runs only inside an Electron utilityProcess');
const parent: ParentPort = port;

async function start(): Promise<void> {
  const requested = process.argv[2];
  const path = requested && requested !== '--demo' ? requested : await ensureDemoWorkspace();
  const session = await EngineSession.open(path);
  const host = serveMessages(session, (message: HostMessage) => parent.postMessage(message));
  parent.on('message', (event) => void host.handle(event.data));
  parent.postMessage({ type: 'ready', workspace: session.workspace.path });
}

start().catch((error: unknown) => {
  parent.postMessage({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
});
