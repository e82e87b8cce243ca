import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { dismissToasts, ready, saveTimings, scrollTo, shot, withApp } from './harness.ts';
import { emptyWorkspace, sampleWorkspace } from './sampleWorkspace.ts';

/**
 * The Segments view end to end (screenshots segments-01…): the sample product's 2,000 users and
 * their profiles imported into a temporary workspace; a k-means over k = 3..6 run as a job; its
 * elbow and silhouette charts, the WebGL scatter, the profile heatmap and the segment cards; a
 * rename; an export to CSV; a hierarchical run with its dendrogram; the k-means reopened from the
 * saved list with its recipe and the new name; DBSCAN's eps from "Suggest eps" (the k-distance
 * plot), run with it, and an eps that leaves every user noise.
 */

/** How long the engine's job ran, from its start to its end (jobs.list, called from the page). */
async function jobMs(page: Page, name: string): Promise<number> {
  const jobs = await page.evaluate<{ title: string; startedAt: string; finishedAt: string | null }[]>(
    `fetch('/api/call', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ method: 'jobs.list', input: {} }) }).then((r) => r.json()).then((r) => r.result)`,
  );
  const job = jobs.find((j) => j.title.endsWith(name));
  assert.ok(job?.finishedAt, `job "${name}" finished`);
  return Date.parse(job.finishedAt) - Date.parse(job.startedAt);
}

/** Plotly's trace types in a chart (read from the plot's own state). */
const traceTypes = (page: Page, chart: string) =>
  page.evaluate<string[]>(
    `[...(document.querySelector('[data-testid="chart-${chart}"] .js-plotly-plot')?._fullData ?? [])].map((t) => t.type)`,
  );

test(
  'browser mode: segments — k range, charts, rename, export, hierarchical, reopen, DBSCAN eps',
  { timeout: 300_000 },
  async (t) => {
    await withApp(t, sampleWorkspace(2000), async ({ page, url, tmp }) => {
      await page.goto(url);
      await page.getByTestId('workspace-counts').filter({ hasText: '2,000 users' }).waitFor();
      await page.getByRole('link', { name: 'Segments' }).click();

      // The recipe panel with the catalog's default features; nothing saved yet.
      const run = page.getByRole('button', { name: 'Run segmentation' });
      await run.waitFor();
      await page.getByTestId('segments-intro').waitFor();
      await page.getByRole('group', { name: 'Behaviour features' }).waitFor();
      assert.ok(
        await page.getByRole('checkbox', { name: 'Sessions per week' }).isChecked(),
        'defaults chosen',
      );
      assert.ok(
        !(await page.getByRole('checkbox', { name: 'Country' }).isChecked()),
        'demographics off by default',
      );
      await shot(page, 'segments-01-recipe');

      // K-Means over k = 3..6.
      await page.getByRole('combobox', { name: 'Algorithm' }).selectOption('kmeans');
      await page.getByRole('textbox', { name: 'k from' }).fill('3');
      await page.getByRole('textbox', { name: 'k to' }).fill('6');
      // The "Window and name" section starts closed.
      await page.getByRole('button', { name: 'Window and name' }).click();
      await page.getByRole('textbox', { name: 'Name of the analysis' }).fill('E2E k-means 3..6');
      const runStart = performance.now();
      await run.click();
      const sawProgress = await page
        .locator('[data-testid="segments-job"][data-status="running"]')
        .waitFor({ timeout: 5_000 })
        .then(() => true)
        .catch(() => false);
      if (sawProgress) await shot(page, 'segments-02-running');

      await page
        .getByTestId('segments-title')
        .filter({ hasText: 'E2E k-means 3..6' })
        .waitFor({ timeout: 120_000 });
      const kmeansShownMs = performance.now() - runStart;
      for (const chart of [
        'segments-elbow',
        'segments-silhouette-by-k',
        'segments-scatter',
        'segments-profiles',
        'segments-quality',
      ])
        await ready(page, chart);
      const kmeansMs = performance.now() - runStart;
      const kmeansEngineS = Number(await page.getByTestId('segments-results').getAttribute('data-seconds'));
      const kmeansJobMs = await jobMs(page, 'E2E k-means 3..6');
      await page.waitForSelector('[data-testid="segments-results"]:not([aria-busy="true"])', {
        state: 'attached',
      });
      // Every chart fills its card's width, whatever the width was when it was first drawn (the
      // results' scrollbar appears after the first charts).
      await page.waitForFunction(
        `[...document.querySelectorAll('[data-testid^="chart-segments-"] .js-plotly-plot')].every((el) => Math.abs(el.querySelector('.main-svg').getBoundingClientRect().width - el.clientWidth) <= 1)`,
        undefined,
        { timeout: 5_000 },
      );

      const k = Number(await page.getByTestId('segments-metric-segments').textContent());
      assert.ok(k >= 3 && k <= 6, `k in 3..6, got ${k}`);
      assert.equal(await page.locator('[data-testid^="segment-card-"]').count(), k, 'one card per segment');
      assert.match(
        (await page.getByTestId('segments-finding').textContent()) ?? '',
        /K-Means found \d segments among 2,000 users/,
      );
      assert.ok(
        (await traceTypes(page, 'segments-scatter')).every((type) => type === 'scattergl'),
        'scatter is WebGL',
      );
      assert.equal((await traceTypes(page, 'segments-scatter')).length, k, 'one scatter trace per segment');
      assert.ok(
        (await page.locator('[data-testid="chart-segments-scatter"] canvas').count()) > 0,
        'a WebGL canvas',
      );
      assert.deepEqual(await traceTypes(page, 'segments-profiles'), ['heatmap']);
      assert.equal(
        await page.locator('[data-testid="chart-segments-elbow"] .scatterlayer .point').count(),
        4,
        'k = 3..6',
      );
      const topFeatures = await page.getByTestId('segment-top-features').first().textContent();
      assert.match(topFeatures ?? '', /[+−]\d\.\d sd /, 'top features in words');
      await dismissToasts(page);
      await shot(page, 'segments-03-kmeans-summary');
      await scrollTo(page, 'segments-scatter');
      await shot(page, 'segments-04-scatter');
      await scrollTo(page, 'chart-segments-profiles');
      await shot(page, 'segments-05-profiles');
      await scrollTo(page, 'chart-segments-quality');
      await shot(page, 'segments-06-quality-and-selection');

      // Rename the first segment inline.
      await scrollTo(page, 'segment-cards');
      const first = page.getByTestId('segment-card-0');
      const oldName = (await first.getByTestId('segment-name').textContent()) ?? '';
      await first.getByRole('button', { name: `Rename ${oldName}` }).click();
      await first.getByRole('textbox', { name: `New name for ${oldName}` }).fill('Loyal regulars');
      await first.getByRole('textbox', { name: `New name for ${oldName}` }).press('Enter');
      await first.getByTestId('segment-name').filter({ hasText: 'Loyal regulars' }).waitFor();
      await page.getByRole('button', { name: 'Rename Loyal regulars' }).waitFor();
      await dismissToasts(page);
      await shot(page, 'segments-07-renamed');

      // Export user → segment as CSV.
      const csvPath = join(tmp, 'exported-segments.csv');
      await page.getByRole('textbox', { name: 'Export to file' }).fill(csvPath);
      await page.getByRole('button', { name: 'Export', exact: true }).click();
      await page.getByTestId('segments-export-done').filter({ hasText: '2,000 users written to' }).waitFor();
      assert.ok(existsSync(csvPath), 'the export file exists');
      const lines = readFileSync(csvPath, 'utf8').trim().split('\n');
      assert.equal(lines[0], 'user_id,segment,segment_name');
      assert.equal(lines.length, 2001);
      assert.ok(
        lines.some((l) => l.endsWith(',0,Loyal regulars')),
        'the new name is exported',
      );

      // Dark theme.
      await page.getByRole('button', { name: 'Switch to dark theme' }).click();
      await page.getByRole('button', { name: 'Switch to light theme' }).waitFor();
      await page.mouse.move(100, 700);
      await scrollTo(page, 'segments-scatter');
      await ready(page, 'segments-profiles');
      await page.waitForTimeout(500);
      await dismissToasts(page);
      await shot(page, 'segments-08-dark');
      await page.getByRole('button', { name: 'Switch to light theme' }).click();

      // Hierarchical (Ward) with a fixed k = 4: the dendrogram.
      await page.getByRole('combobox', { name: 'Algorithm' }).selectOption('hierarchical');
      await page.getByText('Fixed k', { exact: true }).click();
      await page.getByRole('textbox', { name: 'k', exact: true }).fill('4');
      await page.getByRole('textbox', { name: 'Name of the analysis' }).fill('E2E hierarchical k = 4');
      const hierarchicalStart = performance.now();
      await run.click();
      await page
        .getByTestId('segments-title')
        .filter({ hasText: 'E2E hierarchical k = 4' })
        .waitFor({ timeout: 120_000 });
      for (const chart of [
        'segments-dendrogram',
        'segments-scatter',
        'segments-profiles',
        'segments-quality',
      ])
        await ready(page, chart);
      const hierarchicalMs = performance.now() - hierarchicalStart;
      const hierarchicalEngineS = Number(
        await page.getByTestId('segments-results').getAttribute('data-seconds'),
      );
      assert.equal(await page.getByTestId('segments-metric-segments').textContent(), '4');
      assert.equal(await page.getByTestId('chart-segments-elbow').count(), 0, 'no elbow for a single k');
      await scrollTo(page, 'chart-segments-dendrogram');
      await dismissToasts(page);
      await shot(page, 'segments-09-hierarchical-dendrogram');

      // A slow Gaussian mixture, cancelled from the view: the previous results stay, dimmed while it runs.
      await page.getByRole('combobox', { name: 'Algorithm' }).selectOption('gmm');
      await page.getByText('Try a range', { exact: true }).click();
      await page.getByRole('textbox', { name: 'k from' }).fill('2');
      await page.getByRole('textbox', { name: 'k to' }).fill('12');
      await page.getByRole('textbox', { name: 'Stability resamples' }).fill('200');
      await page.getByRole('textbox', { name: 'Name of the analysis' }).fill('E2E cancelled GMM');
      await run.click();
      await page.locator('[data-testid="segments-job"][data-status="running"]').waitFor();
      await page.locator('[data-testid="segments-results"]').waitFor();
      await page.evaluate(`document.querySelector('[data-testid=segments-scroll]').scrollTop = 0`);
      await page.waitForTimeout(1500);
      await shot(page, 'segments-10-running-dimmed');
      await page.getByRole('button', { name: 'Cancel the segmentation' }).click();
      await page
        .locator('[data-testid="segments-job"][data-status="cancelled"]')
        .waitFor({ timeout: 30_000 });
      await page.getByTestId('segments-title').filter({ hasText: 'E2E hierarchical k = 4' }).waitFor();
      await dismissToasts(page);
      await shot(page, 'segments-11-cancelled');

      // Reopen the k-means from the saved list: its recipe fills the panel, the new name is kept.
      await dismissToasts(page);
      await page.getByRole('button', { name: /^Saved analyses/ }).click();
      const saved = page.getByRole('table', { name: 'Saved segmentations' });
      await saved.getByText('E2E hierarchical k = 4').waitFor();
      await shot(page, 'segments-12-saved-list');
      await page.getByRole('button', { name: 'Open E2E k-means 3..6' }).click();
      await page.getByTestId('segments-title').filter({ hasText: 'E2E k-means 3..6' }).waitFor();
      await ready(page, 'segments-elbow');
      assert.equal(
        await page.getByTestId('segment-card-0').getByTestId('segment-name').textContent(),
        'Loyal regulars',
      );
      assert.equal(await page.getByRole('combobox', { name: 'Algorithm' }).inputValue(), 'kmeans');
      assert.equal(await page.getByRole('textbox', { name: 'k to' }).inputValue(), '6');
      await page.evaluate(`document.querySelector('[data-testid=segments-scroll]').scrollTop = 0`);
      await shot(page, 'segments-13-reopened');

      // Delete the hierarchical one (with a confirmation).
      await page.getByRole('button', { name: /^Saved analyses/ }).click();
      await page.getByRole('button', { name: 'Delete E2E hierarchical k = 4' }).click();
      await page.getByRole('button', { name: 'Confirm deleting E2E hierarchical k = 4' }).click();
      await page.getByRole('button', { name: 'Saved analyses: 1' }).waitFor();
      assert.equal(await saved.getByText('E2E hierarchical k = 4').count(), 0, 'deleted from the list');
      await page.keyboard.press('Escape');

      // DBSCAN: "Suggest eps" shows the k-distance plot of the recipe as it stands (k = min samples)
      // with the knee's eps; a click on a point takes that point's distance, Use takes the suggestion.
      await page.getByRole('combobox', { name: 'Algorithm' }).selectOption('dbscan');
      await page.getByRole('textbox', { name: 'Min samples' }).fill('10');
      await page.getByRole('button', { name: 'Suggest eps' }).click();
      const dialog = page.getByRole('dialog', { name: 'Choose DBSCAN’s eps from the k-distance plot' });
      await ready(page, 'segments-kdistance');
      const use = dialog.getByRole('button', { name: /^Use eps = / });
      const suggested = Number(((await use.textContent()) ?? '').replace('Use eps = ', ''));
      assert.ok(suggested > 0, `a positive suggested eps, got ${suggested}`);
      const kdChart = page.getByTestId('chart-segments-kdistance');
      assert.equal(
        await kdChart
          .locator('.annotation-text')
          .filter({ hasText: `suggested eps = ${suggested}` })
          .count(),
        1,
        'the suggestion drawn as a line',
      );
      // A point right of the knee (smaller distance): its distance becomes eps, drawn as a second line.
      const points = kdChart.locator('.scatterlayer .point');
      const box = await points.nth(Math.round((await points.count()) * 0.75)).boundingBox();
      assert.ok(box, 'the point is drawn');
      await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
      const epsField = page.getByRole('textbox', { name: 'eps', exact: true });
      const picked = Number(await epsField.inputValue());
      assert.ok(picked > 0 && picked < suggested, `eps from the clicked point (${picked} < ${suggested})`);
      await kdChart
        .locator('.annotation-text')
        .filter({ hasText: `eps = ${picked}` })
        .first()
        .waitFor();
      await dialog
        .getByTestId('segments-kdistance-reading')
        .filter({ hasText: `At eps = ${picked}` })
        .waitFor();
      await page.mouse.move(box.x + box.width / 2, box.y - 200);
      await page.waitForTimeout(300);
      await shot(page, 'segments-15-kdistance');
      await use.click();
      await dialog.waitFor({ state: 'hidden' });
      assert.equal(Number(await epsField.inputValue()), suggested, 'Use sets the suggested eps');

      // DBSCAN with the suggested eps finds segments.
      await page.getByRole('textbox', { name: 'Name of the analysis' }).fill('E2E DBSCAN suggested eps');
      await run.click();
      await page
        .getByTestId('segments-title')
        .filter({ hasText: 'E2E DBSCAN suggested eps' })
        .waitFor({ timeout: 120_000 });
      for (const chart of ['segments-scatter', 'segments-profiles']) await ready(page, chart);
      const dbscanK = Number(await page.getByTestId('segments-metric-segments').textContent());
      assert.ok(dbscanK >= 1, `DBSCAN found segments, got ${dbscanK}`);
      assert.equal((await page.locator('[data-testid^="segment-card-"]').count()) >= dbscanK, true);
      assert.match(
        (await page.getByTestId('segments-finding').textContent()) ?? '',
        /DBSCAN found \d+ segments? among 2,000 users/,
      );
      await page.evaluate(`document.querySelector('[data-testid=segments-scroll]').scrollTop = 0`);
      await dismissToasts(page);
      await shot(page, 'segments-16-dbscan');

      // An eps so small that every user is noise: the run fails with what to change, not "see the log".
      await epsField.fill('0.01');
      await page.getByRole('textbox', { name: 'Name of the analysis' }).fill('E2E DBSCAN all noise');
      await run.click();
      await page.locator('[data-testid="segments-job"][data-status="failed"]').waitFor({ timeout: 60_000 });
      const toast = page
        .getByRole('region', { name: 'Notifications' })
        .getByText(/every row is noise/)
        .first();
      await toast.waitFor();
      const toastText = (await toast.textContent()) ?? '';
      assert.match(toastText, /Change the settings named in the message and run again/);
      assert.doesNotMatch(toastText, /see the log under Help/);
      await shot(page, 'segments-17-dbscan-all-noise');

      const timings = {
        kmeansRange3to6RunToPaintedMs: Math.round(kmeansMs),
        kmeansRange3to6EngineMs: Math.round(kmeansEngineS * 1000),
        kmeansRange3to6JobMs: kmeansJobMs,
        kmeansRange3to6SummaryShownMs: Math.round(kmeansShownMs),
        hierarchicalRunToPaintedMs: Math.round(hierarchicalMs),
        hierarchicalEngineMs: Math.round(hierarchicalEngineS * 1000),
        users: 2000,
      };
      console.log(
        `segments e2e: k-means k = 3..6 on 2,000 users, Run → results painted in ${timings.kmeansRange3to6RunToPaintedMs} ms ` +
          `(job ${timings.kmeansRange3to6JobMs} ms, segmentation ${timings.kmeansRange3to6EngineMs} ms, summary shown at ${timings.kmeansRange3to6SummaryShownMs} ms); hierarchical k = 4 in ${timings.hierarchicalRunToPaintedMs} ms ` +
          `(engine ${timings.hierarchicalEngineMs} ms)`,
      );
      saveTimings('segments-timings', timings);
    });
  },
);

test(
  'browser mode: segments — an empty workspace teaches what the view does',
  { timeout: 120_000 },
  async (t) => {
    await withApp(t, emptyWorkspace, async ({ page, url }) => {
      await page.goto(url);
      await page.getByTestId('workspace-counts').filter({ hasText: '0 events' }).waitFor();
      await page.getByRole('link', { name: 'Segments' }).click();
      await page.getByTestId('segments-empty').getByText('No events to segment yet').waitFor();
      await page.getByRole('link', { name: 'Import events' }).waitFor();
      await shot(page, 'segments-14-empty');
      await page.getByRole('link', { name: 'Import events' }).click();
      await page.getByTestId('import-view').waitFor();
    });
  },
);
