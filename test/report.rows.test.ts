// A report list held in columns reads as its rows: iterated, indexed, and compared by its rows
// (the invariants of test/properties.test.ts compare lists of reports built from different logs).
import { describe, expect, it } from 'vitest';
import { ArrayRows, ColumnRows } from '../src/report/rows.js';

const columns = (values: number[], order: number[]): ColumnRows<{ v: number }> =>
  new ColumnRows(order.length, () => Int32Array.from(order), (j) => ({ v: values[j] }));

describe('report lists', () => {
  it('read their rows in order, by index and by iteration', () => {
    const rows = columns([10, 20, 30], [2, 0, 1]);
    expect(rows.length).toBe(3);
    expect(rows.at(0)).toEqual({ v: 30 });
    expect([...rows]).toEqual([{ v: 30 }, { v: 10 }, { v: 20 }]);
    expect(() => rows.at(3)).toThrow(RangeError);
    expect([...new ArrayRows([{ v: 1 }])]).toEqual([{ v: 1 }]);
  });

  it('are equal when their rows are, however the columns hold them', () => {
    expect(columns([10, 20, 30], [2, 0, 1])).toEqual(columns([30, 10, 20], [0, 1, 2]));
    expect(columns([10, 20, 30], [2, 0, 1])).not.toEqual(columns([10, 20, 30], [0, 1, 2]));
    expect(columns([10, 20], [0, 1])).not.toEqual(columns([10, 20, 30], [0, 1, 2]));
    expect(new ArrayRows([{ v: 1 }])).not.toEqual(new ArrayRows([{ v: 2 }]));
  });
});
