import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { dismissToasts, ready, saveTimings, scrollTo, shot, withApp } from './harness.ts';
import { emptyWorkspace, sampleWorkspace } from './sampleWorkspace.ts';

/**
 * The Churn view end to end (screenshots churn-01…): the sample product's 1,500 users imported into
 * a temporary workspace; the timeline and label balance following the cutoff; an `auto` model trained
 * with 3 folds as a job; its metrics, ROC / PR / calibration / gains and importance charts; the
 * threshold slider; scoring with the riskiest users and a CSV export; monitoring on newer data; a
 * second training cancelled; the dark theme. A second test shows the empty state.
 */

/** Waits until the label balance is settled (not dimmed) and returns its text. */
async function balance(page: Page): Promise<string> {
  await page.locator('[data-testid="churn-balance"][aria-busy="false"]').waitFor({ timeout: 30_000 });
  return (await page.getByTestId('churn-balance-text').textContent()) ?? '';
}

test(
  'browser mode: churn — cutoff, balance, train, charts, threshold, score, monitor',
  { timeout: 300_000 },
  async (t) => {
    await withApp(t, sampleWorkspace(1500), async ({ page, url, tmp }) => {
      await page.goto(url);
      await page.getByTestId('workspace-counts').filter({ hasText: '1,500 users' }).waitFor();
      await page.getByRole('link', { name: 'Churn' }).click();

      // The setup: the latest valid cutoff proposed, the timeline and the balance at it.
      const cutoff = page.getByLabel('Cutoff', { exact: true });
      await page.getByTestId('churn-intro').waitFor();
      await ready(page, 'churn-timeline');
      const latestBalance = await balance(page);
      assert.equal(
        await cutoff.inputValue(),
        '2026-06-17',
        'the latest cutoff whose window fits (June 30 − 13)',
      );
      assert.match(latestBalance, /[\d,]+ users labelled: [\d,]+ churned \(\d+\.\d%\), [\d,]+ stayed/);
      await shot(page, 'churn-01-setup');

      // An earlier cutoff (so that monitoring has newer data later): the balance follows.
      await cutoff.fill('2026-05-20');
      await page
        .getByTestId('churn-balance-text')
        .filter({ hasNotText: latestBalance })
        .waitFor({ timeout: 30_000 });
      const mayBalance = await balance(page);
      assert.notEqual(mayBalance, latestBalance, 'the balance follows the cutoff');
      await page.getByRole('button', { name: /Features \(\d+\)/ }).click();
      await page.getByTestId('churn-features').getByText('recency_days').waitFor();
      await shot(page, 'churn-02-balance-and-features');

      // Rolling cutoffs: three cutoffs four weeks apart on the timeline, users counted once per cutoff.
      const rolling = page.getByRole('textbox', { name: 'Rolling cutoffs' });
      await rolling.fill('3');
      await page
        .getByTestId('churn-balance-text')
        .filter({ hasText: 'user-cutoffs (3 cutoffs)' })
        .waitFor({ timeout: 30_000 });
      const rollingBalance = await balance(page);
      const rows = (text: string) => Number(/^([\d,]+)/.exec(text)?.[1]?.replace(/,/g, ''));
      assert.ok(rows(rollingBalance) > rows(mayBalance), `more rows: ${rollingBalance}`);
      await ready(page, 'churn-timeline');
      await shot(page, 'churn-03-rolling-cutoffs');
      await rolling.fill('1');
      await page
        .getByTestId('churn-balance-text')
        .filter({ hasText: mayBalance.slice(0, 20) })
        .waitFor();
      await balance(page);

      // Train auto with 3 folds.
      await page.getByRole('combobox', { name: 'Model' }).selectOption('auto');
      await page.getByRole('textbox', { name: 'CV folds' }).fill('3');
      await page.getByRole('textbox', { name: 'Name' }).fill('E2E auto May');
      const trainStart = performance.now();
      await page.getByRole('button', { name: 'Train churn model' }).click();
      const sawProgress = await page
        .locator('[data-testid="churn-job"][data-status="running"]')
        .waitFor({ timeout: 5_000 })
        .then(() => true)
        .catch(() => false);
      let progressMessage = '';
      if (sawProgress) {
        await page
          .getByTestId('churn-job-message')
          .filter({ hasText: /fold|tree|epoch/ })
          .waitFor({ timeout: 20_000 })
          .catch(() => undefined);
        progressMessage =
          (await page
            .getByTestId('churn-job-message')
            .textContent()
            .catch(() => '')) ?? '';
        await shot(page, 'churn-04-training');
      }

      await page
        .getByTestId('churn-model-title')
        .filter({ hasText: 'E2E auto May' })
        .waitFor({ timeout: 180_000 });
      for (const chart of ['churn-roc', 'churn-pr', 'churn-calibration', 'churn-gains', 'churn-importance'])
        await ready(page, chart);
      const trainToPaintedMs = performance.now() - trainStart;
      await page.waitForSelector(
        '[data-testid="churn-view"] [aria-busy="false"] [data-testid="churn-results"]',
        {
          state: 'attached',
        },
      );
      const auc = Number(await page.getByTestId('churn-metric-AUC-ROC').textContent());
      assert.ok(auc > 0.6 && auc <= 1, `test AUC ${auc}`);
      assert.match((await page.getByTestId('churn-finding').textContent()) ?? '', /test AUC of 0\.\d{3}/);
      assert.equal(
        await page.getByTestId('churn-folds').locator('.mantine-Badge-root').count(),
        3,
        '3 folds',
      );
      assert.ok(
        (await page.getByRole('table', { name: 'Candidate models' }).locator('tbody tr').count()) >= 2,
        'auto tries logistic and GBM',
      );
      await dismissToasts(page);
      await shot(page, 'churn-05-results');
      await scrollTo(page, 'churn-curves');
      await shot(page, 'churn-06-curves');
      await scrollTo(page, 'chart-churn-importance');
      await shot(page, 'churn-07-importance');

      // The threshold slider: more users flagged, recall up, precision not up.
      await scrollTo(page, 'churn-threshold');
      const flagged = async () =>
        Number((await page.getByTestId('churn-flagged').textContent())?.replace(/,/g, ''));
      const recall = async () =>
        parseFloat((await page.getByTestId('churn-expected-recall').textContent()) ?? '');
      const before = { flagged: await flagged(), recall: await recall() };
      const slider = page.getByRole('slider', { name: 'Share of users flagged' });
      await slider.focus();
      for (let i = 0; i < 15; i++) await page.keyboard.press('ArrowRight');
      const after = { flagged: await flagged(), recall: await recall() };
      assert.ok(after.flagged > before.flagged, `flagged ${before.flagged} → ${after.flagged}`);
      assert.ok(after.recall >= before.recall, `recall ${before.recall} → ${after.recall}`);
      await shot(page, 'churn-08-threshold');

      // Score every user, with a CSV next to the workspace.
      await page.getByRole('checkbox', { name: 'Also write a file' }).check();
      const out = await page.getByRole('textbox', { name: 'Export scores to file' }).inputValue();
      assert.ok(out.startsWith(tmp) && out.endsWith('.csv'), `default export path ${out}`);
      await page.getByRole('button', { name: 'Score all users' }).click();
      await page.getByTestId('churn-score-done').waitFor({ timeout: 60_000 });
      const riskiest = page.getByRole('table', { name: 'Riskiest users' });
      await riskiest.locator('tbody tr').first().waitFor();
      assert.ok((await riskiest.locator('tbody tr').count()) > 10, 'riskiest users listed');
      assert.ok(existsSync(out), 'CSV written');
      assert.match(readFileSync(out, 'utf8').split('\n')[0] ?? '', /^user_id,score,at_risk,as_of/);
      assert.match((await page.getByTestId('churn-flagged').textContent()) ?? '', /\d/);
      assert.match(
        (await page.getByTestId('churn-threshold').textContent()) ?? '',
        /scored \(as of 2026-07-01\)/,
      );
      await scrollTo(page, 'churn-scoring');
      await dismissToasts(page);
      await shot(page, 'churn-09-scores');

      // Monitor from the registry: realised AUC at the latest cutoff and drift.
      await scrollTo(page, 'churn-registry');
      await page.getByRole('button', { name: 'Monitor E2E auto May' }).click();
      await page.getByTestId('churn-monitor-finding').waitFor({ timeout: 60_000 });
      await ready(page, 'churn-monitor-calibration');
      await ready(page, 'churn-monitor-psi');
      assert.match(
        (await page.getByTestId('churn-monitor-finding').textContent()) ?? '',
        /At 2026-06-17 \([\d,]+ users\), the model trained at 2026-05-20 ranks with a realised AUC of 0\.\d{3}/,
      );
      await scrollTo(page, 'churn-monitor');
      await shot(page, 'churn-10-monitor');

      // A second training (random forest with a grid), cancelled: the previous model stays.
      await page.getByRole('combobox', { name: 'Model' }).selectOption('forest');
      await page.getByRole('switch', { name: /Grid search/ }).check();
      await page.getByRole('textbox', { name: 'Name' }).fill('E2E forest to cancel');
      await page.getByRole('button', { name: 'Train churn model' }).click();
      await page.locator('[data-testid="churn-job"][data-status="running"]').waitFor({ timeout: 10_000 });
      await page.getByRole('button', { name: 'Cancel training' }).click();
      await page
        .locator('[data-testid="churn-job"][data-status="cancelled"]')
        .waitFor({ timeout: 30_000 })
        .catch(async (error: unknown) => {
          const card = page.getByTestId('churn-job');
          const seen = `${await card.getAttribute('data-status')}: ${await card.textContent()}`;
          throw new Error(`the training was not cancelled; the job card shows ${seen}`, { cause: error });
        });
      await page.getByTestId('churn-model-title').filter({ hasText: 'E2E auto May' }).waitFor();
      assert.equal(
        await page.getByRole('table', { name: 'Saved churn models' }).locator('tbody tr').count(),
        1,
        'nothing saved by the cancelled run',
      );
      await scrollTo(page, 'churn-registry');
      await dismissToasts(page);
      await shot(page, 'churn-11-cancelled');

      // Dark theme.
      await page.getByRole('button', { name: 'Switch to dark theme' }).click();
      await page.getByRole('button', { name: 'Switch to light theme' }).waitFor();
      await scrollTo(page, 'churn-curves');
      await ready(page, 'churn-roc');
      await page.mouse.move(100, 780);
      await page.waitForTimeout(500);
      await shot(page, 'churn-12-dark');
      await page.getByRole('button', { name: 'Switch to light theme' }).click();

      const timings = {
        trainToResultsPaintedMs: Math.round(trainToPaintedMs),
        testAuc: auc,
        progressMessage,
      };
      saveTimings('churn-timings', timings);
      console.log(
        `churn: Train → results painted ${(trainToPaintedMs / 1000).toFixed(1)} s; test AUC ${auc}`,
      );
      console.log(`churn: a progress message seen: "${progressMessage}"`);
    });
  },
);

test('browser mode: churn — empty workspace shows what the view does', { timeout: 120_000 }, async (t) => {
  await withApp(t, emptyWorkspace, async ({ page, url }) => {
    await page.goto(`${url}#churn`);
    await page.getByTestId('churn-empty').waitFor();
    await page.getByRole('link', { name: 'Import events' }).waitFor();
    await shot(page, 'churn-13-empty');
  });
});
