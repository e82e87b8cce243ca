import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { cliImport, csv, dismissToasts, shot, withApp } from './harness.ts';

/**
 * The workspace switcher (screenshots 24–26): Ctrl+O opens it; another workspace is opened with the
 * file browser, a new one is created, and a recent one is reopened; the views follow each switch.
 */
test(
  'browser mode: switch workspace with Ctrl+O, create one, reopen a recent one',
  { timeout: 300_000 },
  async (t) => {
    let dir = '';
    await withApp(
      t,
      (tmp, workspace) => {
        dir = tmp;
        const first = join(tmp, 'events.csv');
        writeFileSync(first, csv(3000, 'a'));
        cliImport(first, workspace);
        const other = join(tmp, 'other.csv');
        writeFileSync(other, csv(500, 'b'));
        cliImport(other, join(tmp, 'other.duckdb'));
      },
      async ({ page, url }) => {
        await page.goto(url);
        await page.getByTestId('workspace-counts').filter({ hasText: '3,000 events' }).waitFor();

        // Ctrl+O: the switcher, with the file browser on the workspaces.
        await page.keyboard.press('Control+o');
        const dialog = page.getByRole('dialog', { name: 'Workspaces' });
        await dialog.waitFor();
        const folder = dialog.getByRole('textbox', { name: 'Folder' });
        await folder.fill(dir);
        await folder.press('Enter');
        const listing = dialog.getByRole('table', { name: 'Folders and workspaces' });
        await listing.getByText('other.duckdb').click();
        await shot(page, '24-workspace-switcher');
        await dialog.getByRole('button', { name: 'Open workspace' }).click();
        await page.getByTestId('workspace-name').filter({ hasText: 'other.duckdb' }).waitFor();
        await page.getByTestId('workspace-counts').filter({ hasText: '500 events' }).waitFor();
        await page.getByTestId('rows-events').filter({ hasText: '500 rows' }).waitFor();
        await dismissToasts(page);
        await shot(page, '25-workspace-switched');

        // A new workspace in the same folder (the browser starts in the last one used).
        await page.keyboard.press('Control+o');
        await dialog.getByRole('tab', { name: 'New workspace' }).click();
        await dialog
          .getByRole('textbox', { name: 'Folder' })
          .and(page.locator(`[value="${dir}"]`))
          .waitFor();
        await dialog.getByRole('textbox', { name: 'Workspace file name' }).fill('fresh.engage.duckdb');
        await dialog.getByRole('button', { name: 'Create and open' }).click();
        await page.getByTestId('workspace-name').filter({ hasText: 'fresh.engage.duckdb' }).waitFor();
        await page.getByTestId('workspace-counts').filter({ hasText: '0 events' }).waitFor();

        // The recent list reopens the first one.
        await page.keyboard.press('Control+o');
        const recent = dialog.getByRole('list', { name: 'Recent workspaces' });
        await recent.getByRole('listitem').nth(2).waitFor();
        await dismissToasts(page);
        await shot(page, '26-workspace-recent');
        await recent.getByRole('listitem', { name: `Open workspace ${join(dir, 'e2e.duckdb')}` }).click();
        await page.getByTestId('workspace-counts').filter({ hasText: '3,000 events' }).waitFor();
        await page.keyboard.press('Escape');
      },
    );
  },
);
