import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { cliImport, csv, dismissToasts, shot, withApp } from './harness.ts';

/**
 * The import wizard end to end (screenshots 11–18): a generic table chosen in the in-app file
 * browser and mapped by hand (a constant event name); a large file uploaded with the file chooser,
 * with upload and import progress; a file with bad rows that fails (the toast names file, line and
 * column and says what to do), then imports with Max rejects and lists its rejects; the audit after.
 */
test(
  'browser mode: import wizard through the file browser and through upload',
  { timeout: 300_000 },
  async (t) => {
    let exports = '';
    await withApp(
      t,
      (tmp, workspace) => {
        exports = join(tmp, 'exports');
        mkdirSync(exports);
        mkdirSync(join(exports, 'older'));
        const first = join(tmp, 'first.csv');
        writeFileSync(first, csv(1000, 'a'));
        cliImport(first, workspace);
        const orders = ['CustomerID,InvoiceDate,Amount,Country'];
        for (let i = 0; i < 240; i++)
          orders.push(
            `c${i % 40},2024-03-${String(1 + (i % 20)).padStart(2, '0')} 10:${String(i % 60).padStart(2, '0')}:00,${(i % 17) + 0.5},${['DE', 'FR', 'UK'][i % 3]}`,
          );
        writeFileSync(join(exports, 'orders.csv'), orders.join('\n') + '\n');
        writeFileSync(join(exports, 'notes.pdf'), 'not importable');
        writeFileSync(join(exports, 'big-events.csv'), csv(800_000, 'big'));
        const bad = csv(200, 'bad').split('\n');
        bad[3] = 'u5,click,not a time,bad2';
        bad[8] = ',click,2024-03-02T00:00:00Z,bad7';
        writeFileSync(join(exports, 'bad-rows.csv'), bad.join('\n'));
      },
      async ({ page, url }) => {
        await page.goto(url);
        await page.getByTestId('workspace-counts').filter({ hasText: '1,000 events' }).waitFor();
        await page.keyboard.press('Control+i');
        await page.getByTestId('import-view').waitFor();
        await shot(page, '11-import-start');

        // 1. The in-app file browser: type the folder, pick the file, preview.
        await page.getByRole('button', { name: 'Browse…' }).click();
        const folder = page.getByRole('textbox', { name: 'Folder' });
        // The dialog opens on the last or home folder: type only once that first listing is shown.
        for (let tries = 0; (await folder.inputValue()) === '' && tries < 300; tries++) {
          await page.waitForTimeout(100);
        }
        await folder.fill(exports);
        await folder.press('Enter');
        const listing = page.getByRole('table', { name: 'Folders and importable files' });
        await listing.getByText('orders.csv').waitFor();
        assert.equal(await listing.getByText('notes.pdf').count(), 0, 'only importable files are listed');
        await listing.getByText('older').waitFor();
        await listing.getByText('orders.csv').click();
        await shot(page, '12-import-file-browser');
        await page.getByRole('button', { name: 'Preview', exact: true }).click();
        await page.getByRole('table', { name: 'Preview of the first rows' }).waitFor();
        await page.getByTestId('import-detected').filter({ hasText: 'generic table' }).waitFor();

        // The mapping: the suggestion reads the ids, time and revenue; the event name is a constant.
        const eventSource = page.getByRole('combobox', { name: 'Source of event', exact: true });
        assert.equal(await eventSource.inputValue(), '(not mapped)');
        assert.equal(
          await page.getByRole('combobox', { name: 'Source of revenue', exact: true }).inputValue(),
          'Amount',
        );
        await eventSource.click();
        await page.getByRole('option', { name: 'Constant…' }).click();
        await page.getByLabel('Constant value of event').fill('Order Completed');
        await page.waitForTimeout(600);
        await page
          .locator('[data-loading="false"]')
          .getByRole('table', { name: 'Preview of the first rows' })
          .waitFor();
        await shot(page, '13-import-mapping');
        await page.getByRole('button', { name: 'Import events' }).click();
        await page.getByTestId('import-summary').waitFor({ timeout: 60_000 });
        assert.equal(await page.getByTestId('import-stat-imported').textContent(), '240');
        await page.getByTestId('workspace-counts').filter({ hasText: '1,240 events' }).waitFor();
        await dismissToasts(page);
        await page.getByTestId('import-job').evaluate(`(el) => el.scrollIntoView({ block: 'start' })`);
        await shot(page, '14-import-summary');

        // 2. Upload with the file chooser (as a drop would): upload progress, then import progress.
        await page.getByTestId('import-file-input').setInputFiles(join(exports, 'big-events.csv'));
        await page.getByRole('table', { name: 'Preview of the first rows' }).waitFor();
        await page
          .getByRole('textbox', { name: 'File on this computer' })
          .and(page.locator('[value*="e2e.uploads"]'))
          .waitFor();
        await page.getByRole('button', { name: 'Import events' }).click();
        await page.locator('[data-testid=import-job][data-status=running]').waitFor();
        await page.getByRole('progressbar', { name: 'Import progress' }).first().waitFor();
        await shot(page, '15-import-progress');
        await page
          .getByTestId('import-summary')
          .filter({ hasText: '800,000 events imported' })
          .waitFor({ timeout: 120_000 });
        await page.getByTestId('workspace-counts').filter({ hasText: '801,240 events' }).waitFor();
        await dismissToasts(page);

        // 3. Bad rows: the import fails with file:line: column: reason and what to do…
        await page.getByTestId('import-file-input').setInputFiles(join(exports, 'bad-rows.csv'));
        await page
          .getByRole('textbox', { name: 'File on this computer' })
          .and(page.locator('[value*="bad-rows.csv"]'))
          .waitFor();
        await page.getByRole('table', { name: 'Preview of the first rows' }).waitFor();
        await page.getByRole('button', { name: 'Import events' }).click();
        await page.locator('[data-testid=import-job][data-status=failed]').waitFor({ timeout: 60_000 });
        const toast = page.getByRole('region', { name: 'Notifications' });
        await toast
          .getByText(/bad-rows\.csv:4: ts: unparseable timestamp "not a time" \(2 bad rows in all/)
          .waitFor({ timeout: 60_000 });
        await toast
          .getByText(/Raise “Max rejects”/)
          .first()
          .waitFor();
        await shot(page, '16-import-error');
        await dismissToasts(page);

        // …and imports with Max rejects, listing the rejected rows.
        await page.getByRole('textbox', { name: 'Max rejects' }).fill('5');
        await page.waitForTimeout(600);
        await page.getByRole('button', { name: 'Import events' }).click();
        await page
          .getByTestId('import-summary')
          .filter({ hasText: '198 events imported' })
          .waitFor({ timeout: 60_000 });
        assert.equal(await page.getByTestId('import-stat-rejected').textContent(), '2');
        const rejects = page.getByRole('table', { name: 'Rejected rows' });
        await rejects.getByText('unparseable timestamp "not a time"').waitFor();
        await rejects.getByText('missing user id').waitFor();
        await dismissToasts(page);
        await page.getByTestId('import-job').evaluate(`(el) => el.scrollIntoView({ block: 'start' })`);
        await shot(page, '17-import-rejects');

        // The audit of the workspace after the imports.
        await page.getByRole('link', { name: 'See the audit' }).click();
        await page
          .locator('[data-testid="chart-events-per-day"][data-ready="true"] .main-svg')
          .first()
          .waitFor({ timeout: 60_000 });
        await page.getByTestId('audit-finding').first().waitFor();
        await shot(page, '18-audit-after-import');
      },
    );
  },
);
