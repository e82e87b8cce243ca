// The desktop app itself: runs where an Electron binary exists (playwright-core's _electron), and
// says `skipped: no Electron binary` elsewhere (this machine cannot download one).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { _electron as electron } from 'playwright-core';
import { electronStatus } from '../../engine/doctor.ts';
import { cliImport, csv, root, shot } from '../e2e/harness.ts';

test(
  'Electron: the window opens a workspace, imports through the wizard',
  { timeout: 300_000 },
  async (t) => {
    const status = electronStatus();
    if (!status.installed || !status.binary) {
      console.log('skipped: no Electron binary');
      t.skip('no Electron binary');
      return;
    }
    for (const script of ['build:renderer', 'build:electron']) {
      const r = spawnSync('npm', ['run', '--silent', script], { cwd: root, encoding: 'utf8' });
      assert.equal(r.status, 0, `${script} failed:\n${r.stderr}`);
    }
    const tmp = mkdtempSync(join(tmpdir(), 'engage-electron-'));
    try {
      const workspace = join(tmp, 'desk.duckdb');
      const events = join(tmp, 'events.csv');
      writeFileSync(events, csv(1000, 'a'));
      cliImport(events, workspace);
      writeFileSync(join(tmp, 'more.csv'), csv(200, 'b'));
      const app = await electron.launch({
        executablePath: status.binary,
        args: [join(root, 'out/electron/main.js'), workspace],
        env: { ...process.env, ENGAGE_RECENT_FILE: join(tmp, 'recent.json') },
      });
      try {
        const page = await app.firstWindow();
        await page
          .getByTestId('workspace-counts')
          .filter({ hasText: '1,000 events' })
          .waitFor({ timeout: 60_000 });
        // The sandboxed page has only the preload's bridge: no Node, no require.
        assert.equal(await page.evaluate(`typeof require`), 'undefined');
        assert.equal(await page.evaluate(`typeof window.engage.call`), 'function');
        await shot(page, 'electron-01-window');
        await page.keyboard.press('Control+i');
        await page.getByRole('textbox', { name: 'File on this computer' }).fill(join(tmp, 'more.csv'));
        await page.getByRole('textbox', { name: 'File on this computer' }).press('Enter');
        await page.getByRole('button', { name: 'Import events' }).click();
        await page
          .getByTestId('workspace-counts')
          .filter({ hasText: '1,200 events' })
          .waitFor({ timeout: 60_000 });
        await shot(page, 'electron-02-import');
      } finally {
        await app.close();
      }
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  },
);
