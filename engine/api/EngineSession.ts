import { existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { Workspace } from '../store/Workspace.ts';
import { AppState } from './appState.ts';
import type { WorkspaceInfo } from './contract.ts';
import { Engine } from './Engine.ts';
import { ApiError } from './errors.ts';
import type { ApiHost, EngineEvents } from './events.ts';
import { workspaceInfo } from './handlers/workspaceHandlers.ts';
import { JobRegistry } from './jobs.ts';
import { firstLine } from '../store/firstLine.ts';

/**
 * Whichever workspace is current, behind one `dispatch()`: what the browser-mode server and the
 * Electron engine process serve. `workspace.open` / `workspace.create` switch it at run time:
 * the new workspace is opened first (a failure leaves the old one in place), then running jobs are
 * cancelled, calls in flight finish, the old workspace is closed, and a `workspace` event tells
 * every client to reload. Jobs live in one registry for the whole session.
 */
export class EngineSession implements ApiHost {
  readonly jobs = new JobRegistry();
  private engine: Engine;
  private inFlight = 0;
  private idle: (() => void)[] = [];
  private switching: Promise<unknown> = Promise.resolve();

  private constructor(
    ws: Workspace,
    readonly state: AppState,
  ) {
    this.engine = this.engineFor(ws);
    this.remember(ws.path);
  }

  /** Opens `path` (created when missing, like `engage serve`) and serves it. */
  static async open(path: string, options: { state?: AppState } = {}): Promise<EngineSession> {
    const ws = await Workspace.open(path);
    return new EngineSession(ws, options.state ?? AppState.persistent());
  }

  get events(): EngineEvents {
    return this.jobs.events;
  }

  /** The workspace served now. */
  get workspace(): Workspace {
    return this.engine.ws;
  }

  uploadDir(): string {
    return this.engine.uploadDir();
  }

  async dispatch(method: string, input: unknown): Promise<unknown> {
    // Calls that arrive during a switch go to the new workspace.
    await this.switching.catch(() => undefined);
    const engine = this.engine;
    this.inFlight++;
    try {
      return await engine.dispatch(method, input);
    } finally {
      this.inFlight--;
      for (const check of this.idle.splice(0)) check();
    }
  }

  /** Cancels running jobs and closes the workspace. */
  async close(): Promise<void> {
    await this.jobs.cancelAll();
    this.engine.ws.close();
  }

  private engineFor(ws: Workspace): Engine {
    return new Engine(ws, {
      jobs: this.jobs,
      state: this.state,
      switcher: { open: (path, options) => this.switchTo(path, options) },
    });
  }

  private switchTo(path: string, options: { create: boolean }): Promise<WorkspaceInfo> {
    const run = this.switching.catch(() => undefined).then(() => this.doSwitch(path, options));
    this.switching = run;
    return run;
  }

  private async doSwitch(path: string, { create }: { create: boolean }): Promise<WorkspaceInfo> {
    const full = resolve(path.endsWith('.duckdb') || !create ? path : `${path}.duckdb`);
    if (full === this.engine.ws.path) return workspaceInfo(this.engine.ws);
    if (create) {
      if (existsSync(full))
        throw new ApiError('WorkspaceExists', `${full}: a file of that name exists already; open it instead`);
      if (!existsSync(dirname(full)) || !statSync(dirname(full)).isDirectory())
        throw new ApiError('WorkspaceError', `${dirname(full)}: no such folder`);
    } else if (!existsSync(full)) {
      throw new ApiError('WorkspaceError', `${full}: no such workspace (create a new one instead)`);
    }
    let ws: Workspace;
    try {
      ws = await Workspace.open(full, { create });
    } catch (error) {
      throw new ApiError('WorkspaceError', firstLine(error));
    }
    const old = this.engine;
    await this.jobs.cancelAll();
    // The call that asked for the switch is itself in flight: wait for the others only.
    await this.untilIdle(1);
    this.engine = this.engineFor(ws);
    old.ws.close();
    this.remember(ws.path);
    this.jobs.events.emit('event', { type: 'workspace', path: ws.path });
    return workspaceInfo(ws);
  }

  private untilIdle(own: number): Promise<void> {
    if (this.inFlight <= own) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, 10_000);
      const check = () => {
        if (this.inFlight <= own) {
          clearTimeout(timer);
          resolve();
        } else this.idle.push(check);
      };
      this.idle.push(check);
    });
  }

  private remember(path: string): void {
    if (path !== ':memory:') this.state.addRecent(path);
  }
}
