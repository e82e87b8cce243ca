import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { dismissToasts, ready, scrollTo, shot, withApp } from './harness.ts';
import { sampleWorkspace } from './sampleWorkspace.ts';

/**
 * The Experiments view end to end (screenshots 40-experiments-…): the sample product's 1,500 users
 * imported into a temporary workspace (about 1,200 of them exposed to the 2×2 `notif_2x2`
 * experiment, ~300 per cell); the workspace experiment analysed with the factors timing × content
 * and two metrics built in the metric builder (SRM line, sentences, forest plot, interaction plot,
 * ANOVA); the public cookie_cats file analysed (gate_40 vs gate_30 on 7-day retention, the
 * textbook −0.82 pp); the HTML report exported; a file with a broken split (the red sample-ratio
 * banner); the power calculator; the design helper.
 */

const cookieCats = new URL('../../../shared/datasets/cookie_cats.csv.gz', import.meta.url).pathname;

const clickMetric = 'conversion:Notification Clicked:14';
const revenueMetric = 'revenue:14';
const slug = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

/** Waits until the analysis shown is settled (not dimmed, nothing running) and matches `metrics`. */
async function settled(page: Page, metrics: string[], timeout = 120_000): Promise<void> {
  await page
    .locator('[data-testid="experiments-scroll"] [aria-busy="false"] [data-testid="experiment-results"]')
    .waitFor({ timeout });
  for (const m of metrics) await page.getByTestId(`experiment-metric-${slug(m)}`).waitFor({ timeout });
  await page.getByTestId('experiments-analysing').waitFor({ state: 'detached', timeout });
}

/**
 * A broken 50/50 test: 560 units in control and 440 in treatment (chi-square 14.4, p ≈ 0.00015,
 * a sample ratio mismatch), and 5 units logged in both arms.
 */
function srmFile(): string {
  const rows = ['user_id,arm,converted'];
  for (let i = 0; i < 1000; i++)
    rows.push(`u${i},${i < 560 ? 'control' : 'treatment'},${(i * 7919) % 10 < 2 ? 1 : 0}`);
  for (let i = 0; i < 5; i++) rows.push(`u${i},treatment,0`);
  return rows.join('\n') + '\n';
}

/** Scrolls the results back to their top (the SRM line). */
const toTop = (page: Page) =>
  page.evaluate(`document.querySelector('[data-testid="experiments-scroll"]').scrollTop = 0`);

/** Adds a workspace metric with the builder. */
async function addMetric(page: Page, kind: string, days: number, event?: string): Promise<void> {
  await page.getByRole('combobox', { name: 'Metric kind' }).selectOption(kind);
  await page.getByRole('textbox', { name: /^Days?$/ }).fill(String(days));
  if (event) {
    const input = page.getByRole('combobox', { name: 'Event', exact: true });
    await input.fill(event);
    await input.press('Escape');
  }
  await page.getByRole('button', { name: 'Add metric' }).click();
}

test(
  'browser mode: experiments — workspace 2×2 factorial, cookie_cats file, report, power, design',
  { timeout: 420_000 },
  async (t) => {
    const haveCookieCats = existsSync(cookieCats);
    const data = (tmp: string) => join(tmp, 'data');
    await withApp(
      t,
      async (tmp, workspace) => {
        await sampleWorkspace(1500)(tmp, workspace);
        mkdirSync(data(tmp));
        if (haveCookieCats) copyFileSync(cookieCats, join(data(tmp), 'cookie_cats.csv.gz'));
        writeFileSync(join(data(tmp), 'srm_check.csv'), srmFile());
      },
      async ({ page, url, tmp }) => {
        const timings: Record<string, number> = {};
        await page.goto(url);
        await page.getByTestId('workspace-counts').filter({ hasText: '1,500 users' }).waitFor();
        await page.getByRole('link', { name: 'Experiments' }).click();
        await page.getByTestId('experiments-intro').waitFor();

        // 1. The workspace experiment: variant_id proposed, control and factors chosen, two metrics.
        const experiment = page.getByRole('combobox', { name: 'Experiment', exact: true });
        await experiment.locator('option[value="notif_2x2"]').waitFor({ state: 'attached', timeout: 60_000 });
        await experiment.selectOption('notif_2x2');
        assert.equal(
          await page.getByRole('combobox', { name: 'Variant property' }).inputValue(),
          'variant_id',
        );
        const control = page.getByRole('combobox', { name: 'Control' });
        await control.fill('morning_generic');
        await control.press('Escape');
        const factors = page.getByRole('group', { name: 'Factors' });
        await factors.getByRole('checkbox', { name: 'timing' }).check();
        await factors.getByRole('checkbox', { name: 'content' }).check();
        await addMetric(page, 'conversion', 14, 'Notification Clicked');
        const started = performance.now();
        await addMetric(page, 'revenue', 14);
        await page.getByTestId('experiment-metrics').getByText(revenueMetric).waitFor();
        await shot(page, '40-experiments-setup');

        await settled(page, [clickMetric, revenueMetric]);
        const clickCard = page.getByTestId(`experiment-metric-${slug(clickMetric)}`);
        const forest = `experiment-forest-${slug(clickMetric)}`;
        const interaction = `experiment-interaction-${slug(clickMetric)}`;
        await ready(page, forest);
        await ready(page, interaction);
        timings.workspaceAnalysisMs = Math.round(performance.now() - started);
        const srm = (await page.getByTestId('experiment-srm').textContent()) ?? '';
        assert.match(srm, /chi-square p = \d|Sample ratio mismatch: .* p [=<] /, `SRM line: ${srm}`);
        assert.match(
          (await page.getByTestId('experiment-units').textContent()) ?? '',
          /[\d,]+ of [\d,]+ units analysed/,
        );
        const sentences = await clickCard.getByTestId('experiment-sentence').allTextContents();
        assert.equal(sentences.length, 3, 'three variants against morning_generic');
        for (const s of sentences) assert.match(s, /p [=<] \d/, `a sentence with its p: ${s}`);
        const anova = page.getByRole('table', { name: `ANOVA of ${clickMetric}` });
        for (const term of ['timing', 'content', 'timing:content'])
          assert.equal(await anova.locator(`tbody tr[data-term="${term}"]`).count(), 1, `ANOVA term ${term}`);
        await page.getByRole('table', { name: `Logistic model of ${clickMetric}` }).waitFor();
        await ready(page, `experiment-forest-${slug(revenueMetric)}`);
        await dismissToasts(page);
        await shot(page, '41-experiments-workspace-results');
        await scrollTo(page, `chart-${forest}`);
        await shot(page, '42-experiments-forest');
        await scrollTo(page, 'experiment-factorial');
        await shot(page, '43-experiments-factorial');
        await ready(page, 'experiment-balance-over-time');
        await scrollTo(page, 'experiment-balance');
        await shot(page, '44-experiments-balance');

        // 2. A file: cookie_cats, gate_40 against gate_30 on 7-day retention.
        if (!haveCookieCats) {
          t.diagnostic(`no ${cookieCats}: the file analysis was skipped`);
        } else {
          await page
            .getByRole('radiogroup', { name: 'Data source' })
            .getByText('File', { exact: true })
            .click();
          await page.getByRole('button', { name: 'Choose file…' }).click();
          const folder = page.getByRole('textbox', { name: 'Folder' });
          for (let tries = 0; (await folder.inputValue()) === '' && tries < 300; tries++)
            await page.waitForTimeout(100);
          await folder.fill(data(tmp));
          await folder.press('Enter');
          const listing = page.getByRole('table', { name: 'Folders and importable files' });
          await listing.getByText('cookie_cats.csv.gz').click();
          await page.getByRole('button', { name: 'Use this file' }).click();
          await page.getByTestId('experiment-file-summary').filter({ hasText: '90,189 rows' }).waitFor();
          assert.equal(await page.getByRole('combobox', { name: 'Variant column' }).inputValue(), 'version');
          assert.equal(await page.getByRole('combobox', { name: 'Control' }).inputValue(), 'gate_30');
          const fileStarted = performance.now();
          await page.getByRole('checkbox', { name: 'Metric retention_7' }).check();
          await settled(page, ['retention_7']);
          const sentence =
            (await page
              .getByTestId(`experiment-metric-retention-7`)
              .getByTestId('experiment-sentence')
              .first()
              .textContent()) ?? '';
          assert.match(sentence, /gate_40/);
          assert.match(sentence, /0\.82 pp/, `the textbook effect: ${sentence}`);
          await ready(page, 'experiment-forest-retention-7');
          timings.fileAnalysisMs = Math.round(performance.now() - fileStarted);
          await dismissToasts(page);
          await toTop(page);
          await shot(page, '45-experiments-file');

          // 3. The HTML report, next to the workspace.
          await scrollTo(page, 'experiment-report');
          const out = await page.getByRole('textbox', { name: 'Report file' }).inputValue();
          assert.ok(out.startsWith(tmp) && out.endsWith('.html'), `default report path ${out}`);
          await page.getByRole('button', { name: 'Export report' }).click();
          await page.getByTestId('experiment-report-done').waitFor({ timeout: 120_000 });
          assert.ok(existsSync(out), 'report written');
          const html = readFileSync(out, 'utf8');
          assert.match(html, /<html/i);
          assert.match(html, /0\.82 pp/);
          assert.match(html, /<svg/i, 'charts inline');
          await dismissToasts(page);
        }

        // 4. A file whose arms are not 50/50: the red sample-ratio banner, units in both arms excluded.
        if (!haveCookieCats)
          await page
            .getByRole('radiogroup', { name: 'Data source' })
            .getByText('File', { exact: true })
            .click();
        await page.getByRole('button', { name: 'Choose file…' }).click();
        const folder = page.getByRole('textbox', { name: 'Folder' });
        for (let tries = 0; (await folder.inputValue()) === '' && tries < 300; tries++)
          await page.waitForTimeout(100);
        if ((await folder.inputValue()) !== data(tmp)) {
          await folder.fill(data(tmp));
          await folder.press('Enter');
        }
        const listing = page.getByRole('table', { name: 'Folders and importable files' });
        await listing.getByText('srm_check.csv').click();
        await page.getByRole('button', { name: 'Use this file' }).click();
        await page.getByTestId('experiment-file-summary').filter({ hasText: '1,005 rows' }).waitFor();
        await page.getByRole('checkbox', { name: 'Metric converted' }).check();
        await settled(page, ['converted']);
        const banner = page.locator('[data-testid="experiment-srm"][data-flagged="true"]');
        await banner.waitFor();
        assert.match(
          (await banner.textContent()) ?? '',
          /Sample ratio mismatch: .*p < 0\.001.*results may be biased/,
        );
        assert.match(
          (await page.getByTestId('experiment-units').textContent()) ?? '',
          /5 excluded for being in several variants/,
        );
        await toTop(page);
        await shot(page, '46-experiments-srm');

        // 5. The power calculator: a 1 pp lift on a 19% rate.
        await page.getByRole('tab', { name: 'Power calculator' }).click();
        const power = page.getByTestId('experiment-power');
        await power.getByRole('textbox', { name: 'Baseline rate' }).fill('0.19');
        await power.getByRole('textbox', { name: 'Minimum effect' }).fill('0.01');
        const answer = page
          .getByTestId('experiment-power-answer')
          .filter({ hasText: 'from a baseline of 19.00%' });
        await answer.waitFor({ timeout: 30_000 });
        const perArm = Number(
          /([\d,]+) units per arm/.exec((await answer.textContent()) ?? '')?.[1]?.replace(/,/g, ''),
        );
        assert.ok(perArm > 20_000 && perArm < 30_000, `≈24,600 per arm for 19% → 20%: ${perArm}`);
        await ready(page, 'experiment-power-curve');
        await shot(page, '47-experiments-power');

        // 6. The design helper: 2×2, 1,000 units.
        await page.getByRole('tab', { name: 'Design' }).click();
        const design = page.getByTestId('experiment-design');
        await design.getByRole('textbox', { name: 'Units' }).fill('1000');
        const designOut = await design.getByRole('textbox', { name: 'Write the design to' }).inputValue();
        await design.getByRole('button', { name: 'Write design' }).click();
        await page.getByTestId('experiment-design-done').waitFor({ timeout: 60_000 });
        const cells = page.getByRole('table', { name: 'Design cells' }).locator('tbody tr');
        assert.equal(await cells.count(), 4, 'four cells');
        assert.ok(existsSync(designOut), 'design CSV written');
        await dismissToasts(page);
        await shot(page, '48-experiments-design');

        // 7. Back to the analysis in the dark theme.
        await page.getByRole('tab', { name: 'Analysis' }).click();
        await page.getByRole('button', { name: 'Switch to dark theme' }).click();
        await page.mouse.move(700, 450);
        await toTop(page);
        await page.waitForTimeout(500);
        await shot(page, '49-experiments-dark');
        t.diagnostic(`timings: ${JSON.stringify(timings)}`);
      },
    );
  },
);
