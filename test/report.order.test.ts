// The packed sort, and the order read off store positions, order report rows exactly as the
// comparator of formats.md does.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { byTimeThenKey, cmp, sortByTimeThenKey, storedTimeOrder } from '../src/report/order.js';

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

describe('storedTimeOrder', () => {
  // Rows naming stored messages (a position each, perhaps shared): the order read off the
  // positions when they follow time is the comparator's order, and so is the fall-back's.
  const stored = fc
    .array(fc.record({ t: fc.integer({ min: 0, max: 6 }).map((k) => 1_740_000_000_000 + k * 1000), key: fc.constantFrom('a', 'b', 'c'), id: fc.string({ maxLength: 2 }) }), { maxLength: 40 })
    .chain((messages) =>
      fc.record({
        messages: fc.constant(messages),
        sorted: fc.boolean(),
        rows: messages.length === 0
          ? fc.constant<number[]>([])
          : fc.oneof(fc.uniqueArray(fc.nat(messages.length - 1), { maxLength: 40 }), fc.array(fc.nat(messages.length - 1), { maxLength: 40 })),
      }),
    );

  it('orders rows by time then key, whether the store is in time order or not, and with positions shared', () => {
    fc.assert(
      fc.property(stored, ({ messages, sorted, rows }) => {
        const store = sorted ? [...messages].sort((a, b) => a.t - b.t) : messages;
        const tie = (a: number, b: number): number => cmp(store[rows[a]].key, store[rows[b]].key) || cmp(store[rows[a]].id, store[rows[b]].id) || a - b;
        const expected = rows.map((_, j) => j).sort((a, b) => store[rows[a]].t - store[rows[b]].t || tie(a, b));
        const got = storedTimeOrder(rows.length, store.length, (j) => rows[j], (j) => store[rows[j]].t, tie);
        expect([...got]).toEqual(expected);
      }),
      { numRuns: 500 },
    );
  });
});
