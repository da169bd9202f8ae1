// formats.md: report arrays are sorted by time, then business, contact, id (code-unit order,
// never the locale's), so that the same input gives the same bytes.

import { byTimeThenKey, cmp, type Keyed } from '../model/order.js';

export { byTimeThenKey, cmp };

/**
 * The order of `n` rows (a permutation of 0..n-1) by time, then `tie` for rows of equal time,
 * without a comparator call for every pair: each row's time (as its rank among the distinct
 * times when the times themselves would not fit) and position are packed into one float64 and
 * sorted natively; only runs of equal time are compared with `tie`.
 */
export function timeOrder(n: number, timeOf: (j: number) => number, tie: (a: number, b: number) => number): Int32Array {
  const order = new Int32Array(n);
  if (n < 2) return order;
  const times = new Float64Array(n);
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < n; i++) {
    const t = timeOf(i);
    times[i] = t;
    if (t < min) min = t;
    if (t > max) max = t;
  }
  const slots = 2 ** Math.ceil(Math.log2(n + 1));
  const packed = new Float64Array(n);
  // Exports often keep whole seconds: time steps of a common divisor pack in fewer bits.
  const step = Number.isSafeInteger(min) && Number.isSafeInteger(max) ? commonStep(times, min) : 1;
  if (Number.isSafeInteger(min) && Number.isSafeInteger(max) && ((max - min) / step + 1) * slots <= Number.MAX_SAFE_INTEGER) {
    for (let i = 0; i < n; i++) packed[i] = ((times[i] - min) / step) * slots + i;
  } else {
    // A long span of milliseconds and many rows: rank the times (fewer than n distinct ones).
    const distinct = times.slice().sort();
    for (let i = 0; i < n; i++) packed[i] = rankOf(distinct, times[i]) * slots + i;
  }
  packed.sort();
  for (let i = 0; i < n; i++) order[i] = packed[i] % slots;
  breakTies(order, (j) => times[j], tie);
  return order;
}

/**
 * `timeOrder` for `n` rows that each name one of `count` stored messages (its position,
 * `positionOf`): when no two name the same and the store's order (the input's) already follows
 * time, as a time-sorted export's does, the rows' order is read off the positions in one pass
 * instead of sorted; otherwise `timeOrder`.
 */
export function storedTimeOrder(
  n: number,
  count: number,
  positionOf: (j: number) => number,
  timeOf: (j: number) => number,
  tie: (a: number, b: number) => number,
): Int32Array {
  const rowAt = new Int32Array(count).fill(-1);
  for (let j = 0; j < n; j++) {
    const p = positionOf(j);
    if (rowAt[p] >= 0) return timeOrder(n, timeOf, tie);
    rowAt[p] = j;
  }
  const order = new Int32Array(n);
  let k = 0;
  let last = -Infinity;
  for (let p = 0; p < count; p++) {
    const j = rowAt[p];
    if (j < 0) continue;
    const t = timeOf(j);
    if (!(t >= last)) return timeOrder(n, timeOf, tie);
    last = t;
    order[k++] = j;
  }
  breakTies(order, timeOf, tie);
  return order;
}

/** Sorts each run of rows of equal time (already in time order) by `tie`. */
function breakTies(order: Int32Array, timeOf: (j: number) => number, tie: (a: number, b: number) => number): void {
  const n = order.length;
  let start = 0;
  for (let i = 1; i <= n; i++) {
    if (i < n && timeOf(order[i]) === timeOf(order[start])) continue;
    if (i - start > 16) order.subarray(start, i).sort(tie);
    else if (i - start > 1) insertionSort(order, start, i, tie);
    start = i;
  }
}

/** Sorts `a[from, to)` in place, stably: the short runs of equal time need no more. */
function insertionSort(a: Int32Array, from: number, to: number, cmp: (x: number, y: number) => number): void {
  for (let i = from + 1; i < to; i++) {
    const v = a[i];
    let j = i - 1;
    while (j >= from && cmp(a[j], v) > 0) {
      a[j + 1] = a[j];
      j--;
    }
    a[j + 1] = v;
  }
}

/** Sorts rows in place as `byTimeThenKey` orders them (by `timeOrder`). */
export function sortByTimeThenKey<T extends Keyed>(rows: T[], time: (r: T) => number): void {
  const byKey = (a: T, b: T): number => cmp(a.business, b.business) || cmp(a.contact, b.contact) || cmp(a.id, b.id);
  const order = timeOrder(rows.length, (j) => time(rows[j]), (a, b) => byKey(rows[a], rows[b]));
  const sorted = Array.from(order, (j) => rows[j]);
  for (let i = 0; i < rows.length; i++) rows[i] = sorted[i];
}

/** The greatest of 1000 and 1 that divides every `t - min` (the times are safe integers). */
function commonStep(times: Float64Array, min: number): number {
  for (let i = 0; i < times.length; i++) if ((times[i] - min) % 1000 !== 0) return 1;
  return 1000;
}

/** The index of the first element of the sorted `values` equal to `t` (which is among them). */
function rankOf(values: Float64Array, t: number): number {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (values[mid] < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** `rows`, sorted by `sortByTimeThenKey`. */
export function inTimeOrder<T extends Keyed>(rows: T[], time: (r: T) => number): T[] {
  sortByTimeThenKey(rows, time);
  return rows;
}
