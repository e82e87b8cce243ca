// Workspaces the view tests start from, as `prepare` callbacks for withApp.
import { join } from 'node:path';
import { importFile } from '../../engine/import/index.ts';
import { Workspace } from '../../engine/store/Workspace.ts';
import { generateSamples } from '../../samples/generate/index.ts';

/** The sample product's `users` users and their events, generated under `tmp` and imported into the workspace. */
export function sampleWorkspace(users: number): (tmp: string, workspace: string) => Promise<void> {
  return async (tmp, workspace) => {
    const samples = await generateSamples({ out: join(tmp, 'samples'), users });
    const ws = await Workspace.open(workspace);
    try {
      await importFile(ws, samples.files.users, { users: true });
      await importFile(ws, samples.files.events);
    } finally {
      ws.close();
    }
  };
}

/** A workspace with nothing imported. */
export async function emptyWorkspace(_tmp: string, workspace: string): Promise<void> {
  (await Workspace.open(workspace)).close();
}
