import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import {
  BgNbdInputError,
  bgnbdLogLikelihood,
  fitBgNbd,
  probabilityAlive,
} from '../../engine/analysis/models/bgnbd.ts';
import { Workspace } from '../../engine/store/Workspace.ts';
import { datasets } from '../helpers.ts';

interface Fixture {
  customers: number;
  sum_x: number;
  params: { r: number; alpha: number; a: number; b: number };
  log_likelihood: number;
  examples: { customer_id: string; x: number; tx: number; T: number; p_alive: number }[];
}
const fixture = JSON.parse(
  readFileSync(new URL('../fixtures/scipy/bgnbd_cdnow.json', import.meta.url), 'utf8'),
) as Fixture;

/** CDNOW repeat histories at the fixture's cutoff, in days, read by DuckDB as the churn features are. */
async function cdnowHistories(): Promise<{
  ids: string[];
  x: Float64Array;
  tx: Float64Array;
  T: Float64Array;
}> {
  const ws = await Workspace.memory();
  try {
    const cols = await ws.columns(`
      WITH p AS (SELECT customer_id, strptime(CAST(date AS VARCHAR), '%Y%m%d')::DATE AS day
                 FROM read_csv('${datasets}CDNOW_master.csv.gz', types = {'customer_id': 'VARCHAR'}))
      SELECT customer_id, count(DISTINCT day) - 1 AS x, max(day) - min(day) AS tx, DATE '1997-10-01' - min(day) AS T
      FROM p WHERE day < DATE '1997-10-01' GROUP BY customer_id ORDER BY customer_id`);
    const [ids, x, tx, T] = cols;
    return {
      ids: ids!.values as string[],
      x: x!.values as Float64Array,
      tx: tx!.values as Float64Array,
      T: T!.values as Float64Array,
    };
  } finally {
    ws.close();
  }
}

describe('BG/NBD (Fader, Hardie & Lee 2005)', () => {
  it('fits CDNOW to the maximum-likelihood parameters scipy finds, and gives its P(alive)', async () => {
    const h = await cdnowHistories();
    assert.equal(h.x.length, fixture.customers);
    assert.equal(
      h.x.reduce((s, v) => s + v, 0),
      fixture.sum_x,
    );
    const fit = fitBgNbd(h);
    assert.ok(fit.converged);
    for (const k of ['r', 'alpha', 'a', 'b'] as const) {
      const rel = Math.abs(fit.params[k] - fixture.params[k]) / fixture.params[k];
      assert.ok(rel < 1e-4, `${k}: ${fit.params[k]} vs scipy ${fixture.params[k]}`);
    }
    assert.ok(Math.abs(fit.logLikelihood - fixture.log_likelihood) < 1e-6 * Math.abs(fixture.log_likelihood));
    // The likelihood itself at scipy's parameters, to 1e-10.
    const atScipy = bgnbdLogLikelihood(fixture.params, h);
    assert.ok(Math.abs(atScipy - fixture.log_likelihood) < 1e-10 * Math.abs(fixture.log_likelihood));
    for (const e of fixture.examples) {
      assert.ok(
        Math.abs(probabilityAlive(fixture.params, e.x, e.tx, e.T) - e.p_alive) < 1e-12,
        e.customer_id,
      );
    }
    console.log(
      `BG/NBD on CDNOW: r ${fit.params.r.toFixed(4)}, α ${fit.params.alpha.toFixed(3)} days, a ${fit.params.a.toFixed(4)}, b ${fit.params.b.toFixed(4)}, ${fit.iterations} iterations`,
    );
  });

  it('P(alive) falls with time since the last purchase and is 1 without repeats', () => {
    const p = fixture.params;
    assert.equal(probabilityAlive(p, 0, 0, 200), 1);
    const recent = probabilityAlive(p, 4, 190, 200);
    const lapsed = probabilityAlive(p, 4, 20, 200);
    assert.ok(recent > 0.8 && lapsed < 0.1, `${recent} ${lapsed}`);
  });

  it('refuses histories that cannot be, naming the customer', () => {
    assert.throws(() => fitBgNbd({ x: [1, 2], tx: [5, 30], T: [10, 20] }), BgNbdInputError);
    assert.throws(() => fitBgNbd({ x: [], tx: [], T: [] }), /no customers/);
    assert.throws(() => fitBgNbd({ x: [1.5], tx: [1], T: [2] }), /customer 0/);
  });
});
