import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { chromium } from 'playwright-core';

/**
 * End to end in browser mode: build the renderer, import a generated CSV into a temporary
 * workspace, serve it with `engage serve`, and drive Debian Chromium through the frame, the Tables
 * view, a 5M-row query, the Audit charts, the Import wizard and the Overview. Screenshots go to test/artifacts/.
 */

const root = new URL('../../', import.meta.url).pathname;
const cli = join(root, 'engine/cli/engage.js');
const artifacts = join(root, 'test/artifacts');
const chromiumPath = '/usr/bin/chromium';

/** `n` events from 60 users over 20 days of 2024, deterministic. */
function csv(n: number, prefix: string): string {
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

function startServer(workspace: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(
    process.execPath,
    [cli, 'serve', '--workspace', workspace, '--port', '0', '--no-open', '--json'],
    {
      cwd: root,
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, TZ: 'UTC' },
    },
  );
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout });
    lines.once('line', (line) => resolve({ child, url: (JSON.parse(line) as { url: string }).url }));
    child.once('exit', (code) => reject(new Error(`engage serve exited with ${code}`)));
  });
}

const shot = (page: Page, name: string) => page.screenshot({ path: join(artifacts, `${name}.png`) });

async function rowsPainted(page: Page): Promise<[number, string][]> {
  return await page.evaluate<[number, string][]>(
    `[...document.querySelectorAll('[role=row][data-row]')].map((r) => [Number(r.dataset.row), r.children[1]?.textContent ?? ''])`,
  );
}

test(
  'browser mode: frame, tables, 5M-row query, audit chart, import wizard',
  { timeout: 300_000 },
  async (t) => {
    if (!existsSync(chromiumPath)) {
      console.log('skipped: no Chromium');
      t.skip(`no Chromium at ${chromiumPath}`);
      return;
    }
    mkdirSync(artifacts, { recursive: true });
    if (!process.env.ENGAGE_E2E_NO_BUILD) {
      const build = spawnSync('npm', ['run', 'build:renderer', '--silent'], { cwd: root, encoding: 'utf8' });
      assert.equal(build.status, 0, `renderer build failed:\n${build.stderr}`);
    }
    const tmp = mkdtempSync(join(tmpdir(), 'engage-e2e-'));
    const workspace = join(tmp, 'e2e.duckdb');
    const first = join(tmp, 'events.csv');
    const second = join(tmp, 'more-events.csv');
    writeFileSync(first, csv(3000, 'a'));
    writeFileSync(second, csv(500, 'b'));
    const imported = spawnSync(process.execPath, [cli, 'import', first, '--workspace', workspace], {
      cwd: root,
      encoding: 'utf8',
    });
    assert.equal(imported.status, 0, `CLI import failed:\n${imported.stderr}`);

    let server: ChildProcess | undefined;
    let browser: Browser | undefined;
    const pageErrors: string[] = [];
    try {
      const started = await startServer(workspace);
      server = started.child;
      const serverUp = performance.now();
      browser = await chromium.launch({
        executablePath: chromiumPath,
        args: [
          '--no-sandbox',
          '--disable-gpu',
          '--disable-background-networking',
          '--disable-component-update',
          '--no-first-run',
        ],
      });
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, acceptDownloads: true });
      page.on('pageerror', (e) => pageErrors.push(e.message));
      page.on('console', (m) => m.type() === 'error' && pageErrors.push(m.text()));
      page.on(
        'response',
        (r) =>
          r.status() >= 400 && pageErrors.push(`${r.status()} ${r.url().replace(/token=[^&]+/, 'token=…')}`),
      );

      // The frame and the Tables view: first meaningful paint is the workspace's counts.
      const gotoStart = performance.now();
      await page.goto(started.url);
      await page.getByTestId('rows-events').filter({ hasText: '3,000 rows' }).waitFor();
      await page.getByTestId('workspace-counts').filter({ hasText: '3,000 events' }).waitFor();
      const firstPaint = performance.now() - serverUp;
      const firstPaintFromLoad = performance.now() - gotoStart;
      assert.ok(!page.url().includes('token='), 'the token is removed from the address bar');
      for (const name of [
        'Tables',
        'SQL explorer',
        'Audit',
        'Import',
        'Overview',
        'Segments',
        'Churn',
        'Experiments',
        'Privacy',
      ])
        assert.equal(await page.getByRole('link', { name }).count(), 1, `navigation has ${name}`);
      await shot(page, '01-tables');

      // SQL explorer: a 5M-row result, then a jump to row 2,500,000 and a scroll near the end.
      await page.getByRole('link', { name: 'SQL explorer' }).click();
      const editor = page.getByRole('textbox', { name: 'SQL query' });
      await editor.fill('SELECT i, i * 2 AS doubled, md5(i::VARCHAR) AS hash FROM range(5000000) t(i)');
      await editor.press('Control+Enter');
      await page
        .getByTestId('result-summary')
        .filter({ hasText: '5,000,000 rows' })
        .waitFor({ timeout: 60_000 });
      await page.locator('[data-row="0"] [role=gridcell]').first().filter({ hasText: /^0$/ }).waitFor();
      await shot(page, '02-sql');

      const goTo = page.getByRole('textbox', { name: 'Go to row' });
      await goTo.fill('2500000');
      const jumpStart = performance.now();
      await goTo.press('Enter');
      await page
        .locator('[data-row="2499999"] [role=gridcell]')
        .first()
        .filter({ hasText: /^2499999$/ })
        .waitFor();
      const jumpMs = performance.now() - jumpStart;
      const grid = page.getByTestId('result-grid');
      await page.locator('[data-testid=result-grid][data-jump-ms]').waitFor();
      const jumpPaintMs = Number(await grid.getAttribute('data-jump-ms'));
      await shot(page, '03-sql-row-2500000');

      await page.evaluate(`document.querySelector('[data-testid=result-grid]').scrollTop = 1e9`);
      let late: [number, string] | undefined;
      for (let i = 0; i < 50 && !late; i++) {
        late = (await rowsPainted(page)).find(([row, text]) => row > 4_900_000 && text === String(row));
        if (!late) await page.waitForTimeout(100);
      }
      assert.ok(late, 'a row past 4,900,000 is painted with its value');
      const rows = await rowsPainted(page);
      assert.ok(
        rows.some(([row]) => row === 4_999_999),
        'the last row is reachable',
      );
      await shot(page, '04-sql-end');

      // Export writes the whole 5M-row result to a file, not only the rows on screen.
      const exported = join(tmp, 'range.parquet');
      await page.getByLabel('Export to file').fill(exported);
      await page.getByRole('button', { name: 'Export' }).click();
      await page.getByText(`5,000,000 rows written to ${exported}`).waitFor({ timeout: 60_000 });
      assert.ok(existsSync(exported), 'the export file exists');

      // Audit: findings and a rendered Plotly chart, light and dark; PNG export downloads a file.
      await page.getByRole('link', { name: 'Audit' }).click();
      await page
        .locator('[data-testid="chart-events-per-day"][data-ready="true"] .main-svg')
        .first()
        .waitFor({ timeout: 30_000 });
      await page
        .locator('[data-testid="chart-events-per-user"][data-ready="true"] .main-svg')
        .first()
        .waitFor();
      await page.getByTestId('audit-finding').waitFor();
      await shot(page, '05-audit');
      const download = page.waitForEvent('download');
      await page.getByRole('button', { name: 'Export “Events per day” as PNG' }).click();
      assert.match((await download).suggestedFilename(), /events-per-day\.png$/);
      await page.getByRole('button', { name: 'Switch to dark theme' }).click();
      await page.getByRole('button', { name: 'Switch to light theme' }).waitFor();
      await page.waitForTimeout(300);
      await shot(page, '06-audit-dark');
      await page.getByRole('button', { name: 'Switch to light theme' }).click();

      // Import wizard: preview, import as a job, the header's counts follow.
      await page.getByRole('link', { name: 'Import' }).click();
      await page.getByRole('textbox', { name: 'File path on this computer' }).fill(second);
      await page.getByRole('button', { name: 'Preview' }).click();
      await page.getByRole('table', { name: 'Preview of the first rows' }).waitFor();
      await page.getByRole('button', { name: 'Import', exact: true }).click();
      await page
        .getByTestId('workspace-counts')
        .filter({ hasText: '3,500 events' })
        .waitFor({ timeout: 60_000 });
      await shot(page, '07-import');

      // A view not built yet explains itself.
      await page.getByRole('link', { name: 'Segments' }).click();
      await page.getByText('Cluster users by behaviour').waitFor();
      await shot(page, '08-planned');

      // Overview: a finding and four charts; a time zone change reloads by itself and is stated.
      await page.getByRole('link', { name: 'Overview' }).click();
      await page
        .locator('[data-testid="chart-active-users"][data-ready="true"] .main-svg')
        .first()
        .waitFor({ timeout: 30_000 });
      await page
        .getByTestId('overview-finding')
        .filter({ hasText: '60 users produced 3,500 events' })
        .waitFor();
      await page.getByRole('combobox', { name: 'Time zone' }).selectOption('Europe/Berlin');
      await page.getByTestId('overview-finding').filter({ hasText: '(Europe/Berlin)' }).waitFor();
      await page.getByText('Days in Europe/Berlin').waitFor();
      for (const chart of ['stickiness', 'new-vs-returning', 'events-by-name'])
        await page.locator(`[data-testid="chart-${chart}"][data-ready="true"] .main-svg`).first().waitFor();
      const notice = page.getByRole('button', { name: 'Dismiss notification' });
      while ((await notice.count()) > 0) await notice.first().click();
      await page.waitForTimeout(300);
      await shot(page, '09-overview');
      await page.evaluate(
        `document.querySelector('[data-testid=overview-results]').parentElement.scrollTop = 1e9`,
      );
      await shot(page, '10-overview-lower');
      await page.getByRole('textbox', { name: 'From' }).fill('2024-03-10');
      await page
        .getByTestId('overview-finding')
        .filter({ hasText: 'Over 2024-03-10 – 2024-03-21' })
        .waitFor();

      console.log(
        `e2e timings: first meaningful paint ${Math.round(firstPaint)} ms after the server was up ` +
          `(Chromium launch included; ${Math.round(firstPaintFromLoad)} ms from page load); ` +
          `jump to row 2,500,000 painted in ${jumpPaintMs} ms in the page ` +
          `(${Math.round(jumpMs)} ms seen from the test, with Playwright round trips)`,
      );
      // Speed targets are measured and printed here, not asserted: a loaded machine must not fail
      // CI (the house rule). ENGAGE_E2E_STRICT_TIMING=1 turns them into assertions for a quiet run.
      writeFileSync(
        join(artifacts, 'e2e-timings.json'),
        JSON.stringify(
          {
            firstPaintMs: Math.round(firstPaint),
            firstPaintFromLoadMs: Math.round(firstPaintFromLoad),
            jumpToRow2500000Ms: jumpPaintMs,
            targets: { firstPaintMs: 2000, jumpMs: 200 },
          },
          null,
          2,
        ),
      );
      if (process.env.ENGAGE_E2E_STRICT_TIMING) {
        assert.ok(firstPaint < 2000, `first meaningful paint ${Math.round(firstPaint)} ms < 2 s`);
        assert.ok(jumpPaintMs < 200, `jump to row 2,500,000 painted in ${jumpPaintMs} ms < 200 ms`);
      }
      assert.deepEqual(pageErrors, [], 'no errors in the page');
    } finally {
      await browser?.close();
      if (server && server.exitCode === null) {
        const exited = new Promise((resolve) => server!.once('exit', resolve));
        server.kill('SIGTERM');
        await exited;
      }
      rmSync(tmp, { recursive: true, force: true });
    }
  },
);
