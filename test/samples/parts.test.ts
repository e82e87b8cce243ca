import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CELLS, designedRate } from '../../samples/generate/experiment.ts';
import { IsoClock } from '../../samples/generate/messages.ts';
import { personaCounts } from '../../samples/generate/personas.ts';
import { cumulative, hash32, Rng } from '../../engine/analysis/random.ts';

void describe('Rng', () => {
  void it('repeats its stream for a seed and differs between seeds', () => {
    const a = new Rng(42);
    const b = new Rng(42);
    const c = new Rng(43);
    const xs = Array.from({ length: 100 }, () => a.uint32());
    assert.deepEqual(
      Array.from({ length: 100 }, () => b.uint32()),
      xs,
    );
    assert.notDeepEqual(
      Array.from({ length: 100 }, () => c.uint32()),
      xs,
    );
  });

  void it('draws uniforms in [0, 1) with the right mean, and Poisson counts with the right mean', () => {
    const rng = new Rng(1);
    let sum = 0;
    let poisson = 0;
    const n = 20_000;
    for (let i = 0; i < n; i++) {
      const u = rng.next();
      assert.ok(u >= 0 && u < 1);
      sum += u;
      poisson += rng.poisson(2.5);
    }
    // Standard errors: sqrt(1/12/n) ≈ 0.002 and sqrt(2.5/n) ≈ 0.011; allow 5 of them.
    assert.ok(Math.abs(sum / n - 0.5) < 0.01);
    assert.ok(Math.abs(poisson / n - 2.5) < 0.06);
  });

  void it('picks indices in proportion to their weights', () => {
    const rng = new Rng(9);
    const table = cumulative([1, 0, 3]);
    const counts = [0, 0, 0];
    for (let i = 0; i < 8000; i++) {
      const k = rng.pick(table);
      counts[k] = (counts[k] ?? 0) + 1;
    }
    assert.equal(counts[1], 0);
    assert.ok(Math.abs((counts[2] ?? 0) / 8000 - 0.75) < 0.03, String(counts));
  });
});

void describe('hash32', () => {
  void it('is stable and spreads neighbouring ids over the four cells', () => {
    assert.equal(hash32('u_000001'), hash32('u_000001'));
    const cells = [0, 0, 0, 0];
    for (let i = 1; i <= 4000; i++) {
      const k = hash32(`salt:u_${String(i).padStart(6, '0')}`) % 4;
      cells[k] = (cells[k] ?? 0) + 1;
    }
    // Expected 1000 per cell, binomial sd ≈ 27; allow about 4 sd.
    for (const c of cells) assert.ok(Math.abs(c - 1000) < 110, String(cells));
  });
});

void describe('personaCounts', () => {
  void it('uses largest remainders so the counts add up (hand-computed for 7 users)', () => {
    // 7 × shares = power .84, browser 1.75, discount 1.05, casual 2.31, new 1.05 → floors 0,1,1,2,1
    // leave 2 users for the largest remainders: power (.84) and browser (.75).
    assert.deepEqual(personaCounts(7), { power: 1, browser: 2, discount_seeker: 1, casual: 2, new: 1 });
    assert.deepEqual(personaCounts(100), {
      power: 12,
      browser: 25,
      discount_seeker: 15,
      casual: 33,
      new: 15,
    });
  });
});

void describe('designedRate', () => {
  void it('adds the main effects and the interaction', () => {
    const rates = Object.fromEntries(
      CELLS.map((c) => [c.id, [designedRate('click', c), designedRate('purchase', c)]]),
    );
    assert.deepEqual(rates, {
      morning_generic: [0.08, 0.01],
      morning_personalised: [0.12, 0.02],
      evening_generic: [0.1, 0.016],
      evening_personalised: [0.18, 0.02],
    });
  });
});

void describe('IsoClock', () => {
  it('formats like Date.prototype.toISOString', () => {
    const clock = new IsoClock();
    const rng = new Rng(5);
    const base = Date.parse('2024-02-28T00:00:00.000Z');
    const cases = [0, base, base + 86_400_000 - 1, base + 86_400_000, Date.parse('2026-06-30T23:59:59.999Z')];
    for (let i = 0; i < 2000; i++) cases.push(base + rng.int(400 * 86_400_000));
    for (const ms of cases) assert.equal(clock.iso(ms), new Date(ms).toISOString());
  });
});
