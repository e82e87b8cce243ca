// Unit tests of the importer's pure parts: format detection, --map parsing, timestamp plans.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { ColumnSql } from '../../engine/import/columns.ts';
import { detectFile, formatFromName } from '../../engine/import/detectFile.ts';
import {
  eventSynonyms,
  parseMapSpec,
  resolveMapping,
  suggestMapping,
  eventFields,
} from '../../engine/import/mapping.ts';
import { detectTimestampPlan } from '../../engine/import/timestamps.ts';
import { tempDir, Workspace } from '../helpers.ts';

const columns = (...names: string[]) =>
  new ColumnSql(names.map((name) => ({ name, type: 'VARCHAR', readAs: 'VARCHAR' as const })));

describe('importer units', () => {
  const tmp = tempDir();
  after(() => tmp.cleanup());

  it('formats from names and contents, gzip and encoding from bytes', () => {
    assert.deepEqual(
      ['a.csv', 'a.TSV.gz', 'a.jsonl', 'a.ndjson.gz', 'a.json', 'a.parquet', 'a.bin'].map(formatFromName),
      ['csv', 'tsv', 'ndjson', 'ndjson', 'json', 'parquet', undefined],
    );
    const nd = detectFile(tmp.file('x', '{"a":1}\n{"a":2}\n', true));
    assert.deepEqual([nd.format, nd.compression, nd.encoding], ['ndjson', 'gzip', 'utf-8']);
    assert.equal(detectFile(tmp.file('y', '[{"a":1}]')).format, 'json');
    assert.equal(detectFile(tmp.file('z', 'a\tb\tc\n1\t2\t3\n')).format, 'tsv');
    assert.equal(detectFile(tmp.file('l.csv', Buffer.from([0x61, 0x0a, 0xe9, 0x0a]))).encoding, 'latin-1');
    assert.equal(
      detectFile(tmp.file('f.csv', 'same bytes\n')).fingerprint,
      detectFile(tmp.file('g.csv', 'same bytes\n')).fingerprint,
    );
  });

  it('--map: top-level commas, quotes and parentheses; columns, constants and expressions', () => {
    const raw = parseMapSpec([
      "user_id=Customer ID,event='Bought, really',revenue=round(Quantity * Price, 2)",
      'ts=when',
    ]);
    assert.deepEqual(raw, {
      user_id: 'Customer ID',
      event: "'Bought, really'",
      revenue: 'round(Quantity * Price, 2)',
      ts: 'when',
    });
    const mapping = resolveMapping(raw, eventFields, columns('Customer ID', 'Quantity', 'Price', 'when'));
    assert.deepEqual(mapping, {
      user_id: { kind: 'column', column: 'Customer ID' },
      event: { kind: 'constant', value: 'Bought, really' },
      revenue: { kind: 'expression', sql: 'round(Quantity * Price, 2)' },
      ts: { kind: 'column', column: 'when' },
    });
    assert.throws(() => resolveMapping({ colour: 'x' }, eventFields, columns('x')), /unknown field "colour"/);
    assert.throws(() => parseMapSpec(['nonsense']), /not FIELD=COLUMN/);
  });

  it('suggests a mapping from names, never one column twice', () => {
    const m = suggestMapping(
      columns('CustomerID', 'InvoiceDate', 'event_type', 'Amount', 'id'),
      eventSynonyms,
    );
    assert.deepEqual(m, {
      user_id: { kind: 'column', column: 'CustomerID' },
      event: { kind: 'column', column: 'event_type' },
      ts: { kind: 'column', column: 'InvoiceDate' },
      event_id: { kind: 'column', column: 'id' },
      revenue: { kind: 'column', column: 'Amount' },
    });
  });

  it('timestamp plans: ISO, epochs, YYYYMMDD, day-first, month-first, ambiguous', async () => {
    const ws = await Workspace.memory();
    const plan = (values: string[]) =>
      detectTimestampPlan(ws, `(SELECT unnest([${values.map((v) => `'${v}'`).join(', ')}]) AS t)`, 't');
    assert.deepEqual(await plan(['2024-01-01T00:00:00Z', '1704067200']), { yyyymmdd: false, formats: [] });
    assert.equal((await plan(['19970101', '19980630'])).yyyymmdd, true);
    assert.match((await plan(['13/01/2024 10:00', '01/02/2024 11:00'])).note ?? '', /day-first/);
    assert.match((await plan(['01/13/2024 10:00', '02/01/2024 11:00'])).note ?? '', /month-first/);
    assert.match((await plan(['01/02/2024', '03/04/2024'])).note ?? '', /ambiguous/);
    assert.deepEqual((await plan(['31.12.2023 23:59:59'])).formats, ['%d.%m.%Y %H:%M:%S']);
    ws.close();
  });
});
