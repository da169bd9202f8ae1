// The one hash table of the message store's indexes (message ids, keys, interned strings). A
// JavaScript Map is slow with the keys an export gives (strings cut out of a large text; phone
// numbers above 2^31, boxed at each look-up) and holds at most 2^24 entries. This table holds
// (tag, value) pairs of 32-bit integers side by side in one Int32Array: a look-up reads one
// entry, one cache line, and the caller compares its real key only where the 32-bit tag
// matches, so the index is exact. Open addressing, linear probing, grown at half full.
import { WaAuditError } from './errors.js';

export class HashTable {
  private entries: Int32Array;
  private used = 0;

  /** Room for `capacity` entries before the first growth. */
  constructor(capacity = 1024) {
    this.entries = new Int32Array(2 * roundUp(capacity * 2));
  }

  get size(): number {
    return this.used;
  }

  /**
   * The first entry holding `tag`, from its home position: walk on with `next`, read its value
   * with `valueAt`. -1 when none does.
   */
  seek(tag: number): number {
    const t = this.entries;
    if (t.length === 0) throw sealed();
    const mask = (t.length >> 1) - 1;
    const tag32 = tag | 0;
    for (let p = tag & mask; ; p = (p + 1) & mask) {
      const x = t[2 * p];
      if (x === tag32) return p;
      if (x === 0) return -1;
    }
  }

  /** The next entry after `p` holding `tag`; -1 when none does. */
  next(p: number, tag: number): number {
    const t = this.entries;
    const mask = (t.length >> 1) - 1;
    const tag32 = tag | 0;
    for (let q = (p + 1) & mask; ; q = (q + 1) & mask) {
      const x = t[2 * q];
      if (x === tag32) return q;
      if (x === 0) return -1;
    }
  }

  valueAt(p: number): number {
    return this.entries[2 * p + 1];
  }

  /** Adds `value` under `tag` (a caller that found no equal key). */
  add(tag: number, value: number): void {
    if (this.entries.length === 0) throw sealed();
    if ((this.used + 1) * 4 > this.entries.length) this.resize(this.entries.length);
    this.used++;
    this.place(tag, value);
  }

  /** Room for `n` entries in all without growing. */
  reserve(n: number): void {
    if (n * 4 > this.entries.length) this.resize(roundUp(n * 2));
  }

  /** Lets the entries go; the table can no longer be used (`MessageStore.seal`). */
  seal(): void {
    this.entries = new Int32Array(0);
  }

  /** Rebuilds with `size` entries' room. */
  private resize(size: number): void {
    const old = this.entries;
    this.entries = new Int32Array(2 * size);
    for (let p = 0; p < old.length; p += 2) if (old[p] !== 0) this.place(old[p], old[p + 1]);
  }

  private place(tag: number, value: number): void {
    const t = this.entries;
    const mask = (t.length >> 1) - 1;
    let p = tag & mask;
    while (t[2 * p] !== 0) p = (p + 1) & mask;
    t[2 * p] = tag;
    t[2 * p + 1] = value;
  }
}

function roundUp(n: number): number {
  return 2 ** Math.ceil(Math.log2(Math.max(n, 2)));
}

function sealed(): WaAuditError {
  return new WaAuditError('internal', 'the message store is sealed: the log is complete and takes no more rows');
}
