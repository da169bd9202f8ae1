// The packed sort orders report rows exactly as the comparator of formats.md does.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { byTimeThenKey, sortByTimeThenKey } from '../src/report/order.js';

interface Row {
  t: number;
  business: string;
  contact: string;
  id: string;
}

const row = (times: fc.Arbitrary<number>): fc.Arbitrary<Row> =>
  fc.record({
    t: times,
    business: fc.constantFrom('b1', 'b2', '-'),
    contact: fc.constantFrom('c1', 'c2', 'c3', 'BR.x'),
    id: fc.string({ maxLength: 3 }),
  });

describe('sortByTimeThenKey', () => {
  it.each([
    ['few instants (many ties)', fc.integer({ min: 0, max: 5 }).map((k) => 1_740_000_000_000 + k * 1000)],
    ['a month of milliseconds', fc.integer({ min: 1_740_000_000_000, max: 1_742_600_000_000 })],
    ['spans too wide to pack (times are ranked)', fc.constantFrom(-8.64e15, 0, 8.64e15)],
  ])('%s', (_, times) => {
    fc.assert(
      fc.property(fc.array(row(times), { maxLength: 60 }), (rows) => {
        const expected = [...rows].sort(byTimeThenKey((r) => r.t));
        const got = [...rows];
        sortByTimeThenKey(got, (r) => r.t);
        expect(got).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });
});
