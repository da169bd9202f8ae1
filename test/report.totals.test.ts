// The report's totals (pricing.md, "Report"): whatever order units arrive in, each tally is the
// sum of exactly its units, held here against a plain count kept by the test.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseAmount } from '../src/model/money.js';
import { Totals } from '../src/report/totals.js';

const MONTHS = ['2025-06', '2025-07', '2026-10'];
const BUSINESSES = ['551140040001', '552130030002', '553133330003', '5511*****0004'];
const MARKETS = [null, 'BR', 'IN', 'Rest of Western Europe'];
const CLASSES = ['session', 'marketing', 'utility', 'authentication', 'service'];
const CURRENCIES = [null, 'BRL', 'USD'];

const unit = fc.record({
  month: fc.constantFrom(...MONTHS),
  business: fc.constantFrom(...BUSINESSES),
  market: fc.constantFrom(...MARKETS),
  chargeClass: fc.constantFrom(...CLASSES),
  currency: fc.constantFrom(...CURRENCIES),
  charged: fc.integer({ min: 1, max: 3 }),
  // Cents, so that the expected sums are exact integers here.
  cents: fc.integer({ min: 0, max: 100_000 }),
  unpriced: fc.integer({ min: 0, max: 2 }),
});

describe('Totals', () => {
  it('sums each month x business x market x class x currency, in any order of arrival, however many tallies there are', () => {
    fc.assert(
      fc.property(fc.array(unit, { maxLength: 300 }), (units) => {
        const totals = new Totals();
        const expected = new Map<string, { charged: number; cents: number; unpriced: number; priced: boolean }>();
        for (const u of units) {
          const priced = u.currency !== null;
          const amount = priced ? parseAmount((u.cents / 100).toFixed(2)) : null;
          totals.add(u.month, u.business, u.market, u.chargeClass, u.currency, u.charged, amount, u.unpriced);
          const key = JSON.stringify([u.month, u.business, u.market, u.chargeClass, u.currency]);
          const e = expected.get(key) ?? { charged: 0, cents: 0, unpriced: 0, priced };
          e.charged += u.charged;
          e.cents += u.cents;
          e.unpriced += u.unpriced;
          expected.set(key, e);
        }
        const rows = totals.rows();
        expect(rows).toHaveLength(expected.size);
        for (const r of rows) {
          const e = expected.get(JSON.stringify([r.month, r.business, r.market, r.chargeClass, r.currency]));
          expect(e).toBeDefined();
          expect(r.charged).toBe(e!.charged);
          expect(r.unpriced).toBe(e!.unpriced);
          if (e!.priced) expect(Math.round(Number(r.amount) * 100)).toBe(e!.cents);
          else expect(r.amount).toBeNull();
        }
      }),
      { seed: 20261202, numRuns: 300 },
    );
  });

  it('lists rows by month, business, market, class and currency, nulls first', () => {
    const t = new Totals();
    t.add('2025-07', 'b', 'BR', 'marketing', 'BRL', 1, parseAmount('0.0625'), 0);
    t.add('2025-06', 'b', 'IN', 'utility', null, 1, null, 1);
    t.add('2025-07', 'b', null, 'marketing', null, 2, null, 0);
    t.add('2025-07', 'b', 'BR', 'marketing', 'BRL', 1, parseAmount('0.0625'), 0);
    expect(t.rows()).toEqual([
      { month: '2025-06', business: 'b', market: 'IN', chargeClass: 'utility', currency: null, charged: 1, amount: null, unpriced: 1 },
      { month: '2025-07', business: 'b', market: null, chargeClass: 'marketing', currency: null, charged: 2, amount: null, unpriced: 0 },
      { month: '2025-07', business: 'b', market: 'BR', chargeClass: 'marketing', currency: 'BRL', charged: 2, amount: '0.125', unpriced: 0 },
    ]);
  });
});
