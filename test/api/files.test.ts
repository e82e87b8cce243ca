// files.list: the in-app file browser's folders and importable files; the last folder is remembered.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { AppState } from '../../engine/api/appState.ts';
import { Engine } from '../../engine/api/Engine.ts';
import type { Output } from '../../engine/api/contract.ts';
import { isImportable } from '../../engine/api/files.ts';
import { tempDir, Workspace } from '../helpers.ts';

type Listing = Output<'files.list'>;

describe('files.list', () => {
  const tmp = tempDir();
  let ws: Workspace;
  let engine: Engine;
  const list = async (input: Record<string, unknown>) =>
    (await engine.dispatch('files.list', input)) as Listing;

  before(async () => {
    ws = await Workspace.memory();
    engine = new Engine(ws, { state: new AppState(join(tmp.dir, 'state', 'recent.json')) });
    mkdirSync(join(tmp.dir, 'exports'));
    mkdirSync(join(tmp.dir, 'Archive'));
    mkdirSync(join(tmp.dir, '.hidden'));
    for (const name of [
      'b.csv',
      'a.ndjson.gz',
      'c.parquet',
      'notes.pdf',
      'x.duckdb',
      '.secret.csv',
      'events.JSONL',
    ])
      tmp.file(name, 'x');
  });
  after(() => {
    ws.close();
    tmp.cleanup();
  });

  it('knows importable names', () => {
    for (const name of ['a.csv', 'a.tsv', 'a.txt', 'a.parquet', 'a.json', 'a.ndjson', 'a.jsonl', 'a.csv.gz'])
      assert.ok(isImportable(name), name);
    for (const name of ['a.pdf', 'a.gz', 'a.duckdb', 'csv']) assert.ok(!isImportable(name), name);
  });

  it('lists folders first, then importable files, sorted, hidden ones left out', async () => {
    const l = await list({ dir: tmp.dir });
    assert.equal(l.dir, tmp.dir);
    assert.deepEqual(
      l.entries.map((e) => `${e.kind}:${e.name}`),
      ['dir:Archive', 'dir:exports', 'file:a.ndjson.gz', 'file:b.csv', 'file:c.parquet', 'file:events.JSONL'],
    );
    const csv = l.entries.find((e) => e.name === 'b.csv')!;
    assert.equal(csv.size, 1);
    assert.equal(csv.path, join(tmp.dir, 'b.csv'));
    assert.match(csv.mtime ?? '', /^\d{4}-\d\d-\d\dT/);
    assert.equal(l.parent, join(tmp.dir, '..'));
    assert.equal(l.home, homedir());
    const hidden = await list({ dir: tmp.dir, hidden: true });
    assert.ok(hidden.entries.some((e) => e.name === '.secret.csv'));
  });

  it('lists workspaces for the workspace purpose', async () => {
    const l = await list({ dir: tmp.dir, purpose: 'workspace' });
    assert.deepEqual(
      l.entries.filter((e) => e.kind === 'file').map((e) => e.name),
      ['x.duckdb'],
    );
  });

  it('starts in the last folder browsed for the purpose, else home', async () => {
    await list({ dir: join(tmp.dir, 'exports') });
    assert.equal((await list({})).dir, join(tmp.dir, 'exports'));
    assert.equal((await list({ purpose: 'workspace' })).dir, tmp.dir);
    const fresh = new Engine(ws);
    assert.equal(((await fresh.dispatch('files.list', {})) as Listing).dir, homedir());
  });

  it('says what is wrong with a folder it cannot list', async () => {
    await assert.rejects(list({ dir: join(tmp.dir, 'nope') }), {
      name: 'FileError',
      message: `${join(tmp.dir, 'nope')}: no such folder`,
    });
    await assert.rejects(list({ dir: join(tmp.dir, 'b.csv') }), {
      name: 'FileError',
      message: /not a folder/,
    });
  });
});
