import assert from 'node:assert/strict';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { cliImport, csv, dismissToasts, saveTimings, shot, withApp } from './harness.ts';

/**
 * End to end in browser mode: a generated CSV imported into a temporary workspace, served with
 * `engage serve`, driven in Debian Chromium through the frame, the Tables view, a 5M-row query,
 * the Audit charts, an import through the wizard by path, and the Overview. Screenshots 01–10 go
 * to test/artifacts/. The wizard's other ways in, charts and workspace switching have their own files.
 */

async function rowsPainted(page: Page): Promise<[number, string][]> {
  return await page.evaluate<[number, string][]>(
    `[...document.querySelectorAll('[role=row][data-row]')].map((r) => [Number(r.dataset.row), r.children[1]?.textContent ?? ''])`,
  );
}

test(
  'browser mode: frame, tables, 5M-row query, audit chart, import by path, overview',
  { timeout: 300_000 },
  async (t) => {
    let second = '';
    await withApp(
      t,
      (tmp, workspace) => {
        const first = join(tmp, 'events.csv');
        second = join(tmp, 'more-events.csv');
        writeFileSync(first, csv(3000, 'a'));
        writeFileSync(second, csv(500, 'b'));
        cliImport(first, workspace);
      },
      async (app) => {
        const { page, serverUp } = app;
        // The frame and the Tables view: first meaningful paint is the workspace's counts.
        const gotoStart = performance.now();
        await page.goto(app.url);
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
        const exported = join(app.tmp, 'range.parquet');
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

        // Import wizard by a typed path (the wizard's other ways are in import.test.ts): the preview
        // comes by itself, the import runs as a job, the header's counts follow.
        await page.keyboard.press('Control+i');
        await page.getByRole('textbox', { name: 'File on this computer' }).fill(second);
        await page.getByRole('textbox', { name: 'File on this computer' }).press('Enter');
        await page.getByRole('table', { name: 'Preview of the first rows' }).waitFor();
        await page.getByRole('button', { name: 'Import events' }).click();
        await page
          .getByTestId('workspace-counts')
          .filter({ hasText: '3,500 events' })
          .waitFor({ timeout: 60_000 });
        await shot(page, '07-import');

        // A view not built yet explains itself.
        await page.getByRole('link', { name: 'Live' }).click();
        await page.getByText('Watch events arrive from a live source').waitFor();
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
        await dismissToasts(page);
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
        saveTimings('e2e-timings', {
          firstPaintMs: Math.round(firstPaint),
          firstPaintFromLoadMs: Math.round(firstPaintFromLoad),
          jumpToRow2500000Ms: jumpPaintMs,
          targets: { firstPaintMs: 2000, jumpMs: 200 },
        });
        if (process.env.ENGAGE_E2E_STRICT_TIMING) {
          assert.ok(firstPaint < 2000, `first meaningful paint ${Math.round(firstPaint)} ms < 2 s`);
          assert.ok(jumpPaintMs < 200, `jump to row 2,500,000 painted in ${jumpPaintMs} ms < 200 ms`);
        }
      },
    );
  },
);
