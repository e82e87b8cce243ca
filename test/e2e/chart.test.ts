import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { cliImport, csv, dismissToasts, saveTimings, shot, withApp } from './harness.ts';

/**
 * One-click charts of SQL results (screenshots 19–23): a bar of events by name, a daily line per
 * event, a 1,000,000-point scatter drawn with WebGL (its time printed), a 2,000,000-point scatter
 * shown as a 2-D histogram computed in DuckDB, and a chart in the dark theme.
 */

async function runQuery(page: Page, sql: string, rows: string): Promise<void> {
  const editor = page.getByRole('textbox', { name: 'SQL query' });
  await editor.fill(sql);
  await editor.press('Control+Enter');
  await page
    .getByTestId('result-summary')
    .filter({ hasText: `${rows} rows` })
    .waitFor({ timeout: 60_000 });
}

/** Waits until the chart for the current spec is drawn; returns the page's own timings. */
async function chartDrawn(page: Page, timeout = 60_000) {
  const area = page.locator('[data-testid=chart-area][data-loading=false][data-render-ms]');
  await area.waitFor({ timeout });
  await page.locator('[data-testid=chart-area] [data-ready=true] .main-svg').first().waitFor({ timeout });
  const get = async (name: string) => Number(await area.getAttribute(name));
  return {
    renderMs: await get('data-render-ms'),
    fetchMs: await get('data-fetch-ms'),
    decodeMs: await get('data-decode-ms'),
    mode: await area.getAttribute('data-mode'),
    points: await get('data-points'),
  };
}

test(
  'browser mode: charts of SQL results, a 1M-point WebGL scatter and a 2-D histogram',
  { timeout: 300_000 },
  async (t) => {
    await withApp(
      t,
      (tmp, workspace) => {
        const file = join(tmp, 'events.csv');
        writeFileSync(file, csv(3000, 'a'));
        cliImport(file, workspace);
      },
      async ({ page, url }) => {
        await page.goto(url);
        await page.getByTestId('workspace-counts').filter({ hasText: '3,000 events' }).waitFor();
        await page.getByRole('link', { name: 'SQL explorer' }).click();

        // Category + number → a bar chart, proposed.
        await runQuery(
          page,
          'SELECT event, count(*) AS events FROM events GROUP BY ALL ORDER BY events DESC',
          '4',
        );
        await page.getByRole('button', { name: 'Chart', exact: true }).click();
        const bar = await chartDrawn(page);
        assert.equal(bar.mode, 'grouped');
        await page.getByRole('figure', { name: 'Sum of events by event' }).waitFor();
        await shot(page, '19-chart-bar');

        // Time + number → a line; coloured by event.
        await page.getByRole('button', { name: 'Table', exact: true }).click();
        await runQuery(
          page,
          "SELECT date_trunc('day', ts) AS day, event, count(*) AS events FROM events GROUP BY ALL ORDER BY day",
          '80',
        );
        await page.getByRole('button', { name: 'Chart', exact: true }).click();
        await chartDrawn(page);
        await page.getByRole('combobox', { name: 'Colour' }).click();
        await page.getByRole('option', { name: 'event' }).click();
        await page.getByRole('figure', { name: 'Sum of events by day and event' }).waitFor();
        await chartDrawn(page);
        await shot(page, '20-chart-line');

        // Two numbers, a million rows → a scatter of every point through WebGL.
        await page.getByRole('button', { name: 'Table', exact: true }).click();
        await runQuery(
          page,
          'SELECT i AS x, (i % 1000) + 200 * random() AS y FROM range(1000000) t(i)',
          '1,000,000',
        );
        const clicked = performance.now();
        await page.getByRole('button', { name: 'Chart', exact: true }).click();
        const scatter = await chartDrawn(page, 120_000);
        const seenMs = performance.now() - clicked;
        assert.equal(scatter.mode, 'raw');
        assert.equal(scatter.points, 1_000_000);
        const traceTypes = await page.evaluate(
          `[...document.querySelectorAll('[data-testid=chart-area] .js-plotly-plot')].flatMap((p) => p.data.map((d) => d.type))`,
        );
        assert.deepEqual(traceTypes, ['scattergl'], 'a million points are drawn with WebGL');
        await page.getByTestId('chart-stats').filter({ hasText: '1,000,000 points' }).waitFor();
        await shot(page, '21-chart-scatter-1m');

        // Two million → a 2-D histogram computed in DuckDB, and the chart says so.
        await page.getByRole('button', { name: 'Table', exact: true }).click();
        await runQuery(
          page,
          'SELECT random() AS a, random() + random() AS b FROM range(2000000)',
          '2,000,000',
        );
        await page.getByRole('button', { name: 'Chart', exact: true }).click();
        const density = await chartDrawn(page, 120_000);
        assert.equal(density.mode, 'density');
        await page.getByTestId('chart-note').filter({ hasText: '2-D histogram of counts' }).waitFor();
        await shot(page, '22-chart-density');

        await page.getByRole('button', { name: 'Switch to dark theme' }).click();
        await page.getByRole('button', { name: 'Switch to light theme' }).waitFor();
        await chartDrawn(page);
        await page.waitForTimeout(300);
        await dismissToasts(page);
        await shot(page, '23-chart-dark');

        console.log(
          `e2e timings: 1,000,000-point scatter (scattergl) shown ${scatter.renderMs} ms after the request in the page ` +
            `(engine answer ${scatter.fetchMs} ms incl. transfer, decode and traces ${scatter.decodeMs} ms; ` +
            `${Math.round(seenMs)} ms seen from the test); 2,000,000-point 2-D histogram shown in ${density.renderMs} ms`,
        );
        saveTimings('e2e-timings-chart', {
          scatter1MRenderMs: scatter.renderMs,
          scatter1MFetchMs: scatter.fetchMs,
          scatter1MDecodeMs: scatter.decodeMs,
          scatter1MSeenFromTestMs: Math.round(seenMs),
          density2MRenderMs: density.renderMs,
        });
      },
    );
  },
);
