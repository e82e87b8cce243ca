import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { runAudit, type AuditReport, type Finding } from '../../engine/audit/index.ts';
import { Workspace } from '../../engine/store/Workspace.ts';

const now = new Date('2026-11-24T12:00:00Z');

function find(report: AuditReport, id: string): Finding {
  const finding = report.checks.find((c) => c.id === id);
  assert.ok(finding, `no finding ${id}`);
  return finding;
}

void describe('event name checks', () => {
  let ws: Workspace;
  beforeEach(async () => {
    ws = await Workspace.memory();
  });
  afterEach(() => ws.close());

  /** Inserts `count` events named `name` for user u1. */
  async function events(name: string, count: number): Promise<void> {
    await ws.run(
      `INSERT INTO events BY NAME
       SELECT 'u1' AS user_id, $name AS event, TIMESTAMPTZ '2025-01-01' + INTERVAL (i) MINUTE AS ts, 1 AS import_id
       FROM range(${count}) t(i)`,
      { name },
    );
  }

  void it('groups names that differ only in case, spaces, underscores or dashes', async () => {
    await events('Purchase', 3);
    await events('purchase', 2);
    await events('purchase_', 1);
    await events('Add to cart', 2);
    await events('add-to-cart', 1);
    await events('view', 5);
    const report = await runAudit(ws, { now });
    const near = find(report, 'near_duplicate_names');
    assert.equal(near.severity, 'warning');
    assert.equal(near.value, 2);
    assert.deepEqual(near.details, {
      groups: [
        {
          key: 'purchase',
          names: [
            { name: 'Purchase', events: 3 },
            { name: 'purchase', events: 2 },
            { name: 'purchase_', events: 1 },
          ],
          events: 6,
        },
        {
          key: 'addtocart',
          names: [
            { name: 'Add to cart', events: 2 },
            { name: 'add-to-cart', events: 1 },
          ],
          events: 3,
        },
      ],
    });
    assert.equal(
      near.message,
      '2 groups of event names differ only in case, spaces, underscores or dashes: ' +
        'Purchase / purchase / purchase_, Add to cart / add-to-cart',
    );
    const names = find(report, 'event_name_cardinality');
    assert.equal(names.value, 6);
    assert.equal(names.severity, 'info');
    assert.equal(names.message, '6 distinct event names');
  });

  void it('is informational when names are distinct', async () => {
    await events('signup', 1);
    await events('view', 2);
    const near = find(await runAudit(ws, { now }), 'near_duplicate_names');
    assert.equal(near.severity, 'info');
    assert.equal(near.value, 0);
    assert.deepEqual(near.details, { groups: [] });
  });

  void it('warns about very many names and shows names that embed ids', async () => {
    await ws.run(`
      INSERT INTO events BY NAME
      SELECT 'u1' AS user_id, 'view_product_' || (1000 + i) AS event,
             TIMESTAMPTZ '2025-01-01' + INTERVAL (i) MINUTE AS ts, 1 AS import_id
      FROM range(600) t(i)`);
    await events('signup', 2);
    const names = find(await runAudit(ws, { now }), 'event_name_cardinality');
    assert.equal(names.severity, 'warning');
    assert.equal(names.value, 601);
    const details = names.details as { names: number; missing: number; withIds: number; examples: string[] };
    assert.equal(details.withIds, 600);
    assert.equal(details.missing, 0);
    assert.deepEqual(details.examples.slice(0, 2), ['view_product_1000', 'view_product_1001']);
    assert.equal(details.examples.length, 10);
    assert.match(
      names.message,
      /^601 distinct event names; 600 look like they contain an id \(e\.g\. view_product_1000, /,
    );
    assert.match(names.hint, /properties/);
  });
});
