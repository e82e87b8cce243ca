// Shared by the end-to-end tests: build the renderer once, serve a temporary workspace with
// `engage serve`, drive Debian Chromium with playwright-core, save numbered screenshots.
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { spawn, spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { TestContext } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { chromium } from 'playwright-core';

export const root = new URL('../../', import.meta.url).pathname;
export const cli = join(root, 'engine/cli/engage.js');
export const artifacts = join(root, 'test/artifacts');
export const chromiumPath = '/usr/bin/chromium';

/** `n` events from 60 users over 20 days of March 2024, deterministic. */
export function csv(n: number, prefix: string): string {
  const events = ['page_view', 'signup', 'click', 'purchase'];
  const lines = ['user_id,event,ts,event_id'];
  const start = Date.UTC(2024, 2, 1);
  for (let i = 0; i < n; i++) {
    // Spread over 20 days, busier on some days than others; a new timestamp for every event.
    const day = Math.floor(20 * ((i * 0.618034) % 1) ** 1.5);
    const ts = new Date(start + day * 86_400_000 + ((i * 7919) % 86_400) * 1000).toISOString();
    lines.push(`u${(i * 13) % 60},${events[i % events.length]},${ts},${prefix}${i}`);
  }
  return lines.join('\n') + '\n';
}

function newestSource(dir: string): number {
  let newest = 0;
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    const s = statSync(path);
    newest = Math.max(newest, s.isDirectory() ? newestSource(path) : s.mtimeMs);
  }
  return newest;
}

/**
 * Builds the renderer once per test run (and not at all when out/renderer is newer than its
 * sources). The e2e files run in parallel under one `node --test` process: a lock folder makes one
 * build while the others wait, and a marker naming that process keeps a later file from rebuilding
 * (and so emptying out/renderer) while another one is serving it.
 */
export async function buildRenderer(copyTo?: string): Promise<void> {
  const copy = () => copyTo && cpSync(join(root, 'out/renderer'), copyTo, { recursive: true });
  if (process.env.ENGAGE_E2E_NO_BUILD) {
    copy();
    return;
  }
  const index = join(root, 'out/renderer/index.html');
  const lock = join(root, 'out/.renderer-build.lock');
  const marker = join(root, 'out/.renderer-built-by');
  const run = String(process.ppid);
  const fresh = () => {
    try {
      if (existsSync(marker) && readFileSync(marker, 'utf8') === run && existsSync(index)) return true;
      const sources = Math.max(
        newestSource(join(root, 'renderer')),
        statSync(join(root, 'engine/api/contract.ts')).mtimeMs,
      );
      return statSync(index).mtimeMs > sources;
    } catch {
      return false;
    }
  };
  mkdirSync(join(root, 'out'), { recursive: true });
  for (;;) {
    try {
      mkdirSync(lock);
    } catch {
      // Another test is building: wait for it (a lock older than 5 minutes is stale).
      if (existsSync(lock) && Date.now() - statSync(lock).mtimeMs > 300_000)
        rmSync(lock, { recursive: true, force: true });
      await new Promise((r) => setTimeout(r, 1000));
      continue;
    }
    try {
      if (!fresh()) {
        const build = spawnSync('npm', ['run', 'build:renderer', '--silent'], {
          cwd: root,
          encoding: 'utf8',
        });
        assert.equal(build.status, 0, `renderer build failed:\n${build.stderr}`);
      }
      writeFileSync(marker, run);
      // Each test serves its own copy: another run's rebuild cannot swap the files under it.
      copy();
    } finally {
      rmSync(lock, { recursive: true, force: true });
    }
    return;
  }
}

/** `engage serve` on a workspace, with the recent list in `recentFile` (never the user's own). */
export function serve(
  workspace: string,
  recentFile: string,
  rendererDir?: string,
): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(
    process.execPath,
    [cli, 'serve', '--workspace', workspace, '--port', '0', '--no-open', '--json'],
    {
      cwd: root,
      stdio: ['ignore', 'pipe', 'inherit'],
      env: {
        ...process.env,
        TZ: 'UTC',
        ENGAGE_RECENT_FILE: recentFile,
        ...(rendererDir ? { ENGAGE_RENDERER_DIR: rendererDir } : {}),
      },
    },
  );
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout });
    lines.once('line', (line) => resolve({ child, url: (JSON.parse(line) as { url: string }).url }));
    child.once('exit', (code) => reject(new Error(`engage serve exited with ${code}`)));
  });
}

export const shot = (page: Page, name: string) => page.screenshot({ path: join(artifacts, `${name}.png`) });

/** Dismisses every toast, so that screenshots show the view. */
export async function dismissToasts(page: Page): Promise<void> {
  const close = page.getByRole('button', { name: 'Dismiss notification' });
  while ((await close.count()) > 0) await close.first().click();
  await page.waitForTimeout(250);
}

export interface App {
  page: Page;
  browser: Browser;
  tmp: string;
  workspace: string;
  /** When the server printed its URL (performance.now()). */
  serverUp: number;
  url: string;
  /** Errors seen in the page; asserted empty at the end unless `allowErrors` matches them. */
  pageErrors: string[];
}

/**
 * Runs `body` against a served temporary workspace in Chromium; `prepare` fills the temp folder
 * (and the workspace) first. Skips, saying so, where there is no Chromium.
 */
export async function withApp(
  t: TestContext,
  prepare: (tmp: string, workspace: string) => void | Promise<void>,
  body: (app: App) => Promise<void>,
  options: { allowErrors?: RegExp } = {},
): Promise<void> {
  if (!existsSync(chromiumPath)) {
    console.log('skipped: no Chromium');
    t.skip(`no Chromium at ${chromiumPath}`);
    return;
  }
  mkdirSync(artifacts, { recursive: true });
  const tmp = mkdtempSync(join(tmpdir(), 'engage-e2e-'));
  const rendererCopy = join(tmp, 'renderer');
  const workspace = join(tmp, 'e2e.duckdb');
  let server: ChildProcess | undefined;
  let browser: Browser | undefined;
  try {
    await buildRenderer(rendererCopy);
    await prepare(tmp, workspace);
    const started = await serve(workspace, join(tmp, 'config', 'recent.json'), rendererCopy);
    server = started.child;
    const serverUp = performance.now();
    browser = await chromium.launch({
      executablePath: chromiumPath,
      args: [
        '--no-sandbox',
        '--disable-background-networking',
        '--disable-component-update',
        '--no-first-run',
        // WebGL (scattergl) through SwiftShader, as on a machine without a GPU.
        '--use-angle=swiftshader',
        '--enable-unsafe-swiftshader',
      ],
    });
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, acceptDownloads: true });
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    page.on('console', (m) => m.type() === 'error' && pageErrors.push(m.text()));
    page.on(
      'response',
      (r) =>
        r.status() >= 400 && pageErrors.push(`${r.status()} ${r.url().replace(/token=[^&]+/, 'token=…')}`),
    );
    try {
      await body({ page, browser, tmp, workspace, serverUp, url: started.url, pageErrors });
    } catch (error) {
      // What the page showed when the test failed (scrolled to the top), for the log and the artifacts.
      await page
        .evaluate(`for (const el of document.querySelectorAll('*')) if (el.scrollTop > 0) el.scrollTop = 0`)
        .catch(() => undefined);
      await page
        .screenshot({ path: join(artifacts, `failed-${t.name.replace(/\W+/g, '-').slice(0, 60)}.png`) })
        .catch(() => undefined);
      if (pageErrors.length > 0) console.log(`page errors: ${pageErrors.join('\n')}`);
      throw error;
    }
    const unexpected = pageErrors.filter((e) => !options.allowErrors?.test(e));
    assert.deepEqual(unexpected, [], 'no errors in the page');
  } finally {
    await browser?.close();
    if (server && server.exitCode === null) {
      const exited = new Promise((resolve) => server!.once('exit', resolve));
      server.kill('SIGTERM');
      await exited;
    }
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** Imports `file` into `workspace` with the CLI (setting up a test's data). */
export function cliImport(file: string, workspace: string, ...args: string[]): void {
  const imported = spawnSync(process.execPath, [cli, 'import', file, '--workspace', workspace, ...args], {
    cwd: root,
    encoding: 'utf8',
  });
  assert.equal(imported.status, 0, `CLI import failed:\n${imported.stderr}`);
}

/** Saves a test's measured timings beside the screenshots. */
export function saveTimings(name: string, timings: Record<string, unknown>): void {
  writeFileSync(join(artifacts, `${name}.json`), JSON.stringify(timings, null, 2));
}

/** Waits until the chart `chart` (its data-testid without "chart-") has painted its plot. */
export const ready = (page: Page, chart: string, timeout = 30_000) =>
  page.locator(`[data-testid="chart-${chart}"][data-ready="true"] .main-svg`).first().waitFor({ timeout });

/** Scrolls the results so that `testId` is at the top, then waits for the paint. */
export async function scrollTo(page: Page, testId: string): Promise<void> {
  await page.evaluate(
    `document.querySelector('[data-testid="${testId}"]').scrollIntoView({ block: 'start' })`,
  );
  await page.waitForTimeout(300);
}
