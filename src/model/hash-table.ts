// The one hash table of the message store's indexes (message ids, keys, interned strings). A
// JavaScript Map is slow with the keys an export gives (strings cut out of a large text; phone
// numbers above 2^31, boxed at each look-up) and holds at most 2^24 entries. This table holds
// (tag, value) pairs of 32-bit integers side by side in one Int32Array: a look-up reads one
// entry, one cache line, and the caller compares its real key only where the 32-bit tag
// matches, so the index is exact. A table may keep a few more words of each key beside its
// entry (`checkWords`), so that the caller compares them there instead of in arrays of its own,
// which would be one more cache miss a look-up. Open addressing, linear probing, grown at half
// full.
import { WaAuditError } from './errors.js';

export class HashTable {
  private entries: Int32Array;
  private used = 0;
  /** Int32s an entry takes: tag, value and the check words. */
  private readonly width: number;
  /** Entries' room minus one (a power of two minus one). */
  private mask = 0;
  #sealed = false;

  /** Whether `seal` let the entries go (a look-up then finds nothing). */
  get sealed(): boolean {
    return this.#sealed;
  }

  /** Room for `capacity` entries before the first growth; `checkWords` kept beside each (0-2). */
  constructor(capacity = 1024, checkWords = 0) {
    this.width = 2 + checkWords;
    this.entries = this.allocate(roundUp(capacity * 2));
  }

  get size(): number {
    return this.used;
  }

  /**
   * The first entry holding `tag` (and, in a table that keeps check words, these check words),
   * from its home position: walk on with `next`, read its value with `valueAt`. -1 when none does.
   */
  seek(tag: number, check0 = 0, check1 = 0): number {
    return this.from(tag & this.mask, tag, check0, check1);
  }

  /** The next entry after `p` holding `tag` and the check words; -1 when none does. */
  next(p: number, tag: number, check0 = 0, check1 = 0): number {
    return this.from((p + 1) & this.mask, tag, check0, check1);
  }

  private from(start: number, tag: number, check0: number, check1: number): number {
    const t = this.entries;
    const w = this.width;
    const mask = this.mask;
    const tag32 = tag | 0;
    for (let p = start; ; p = (p + 1) & mask) {
      const at = w * p;
      const x = t[at];
      if (x === tag32 && (w < 3 || t[at + 2] === check0) && (w < 4 || t[at + 3] === check1)) return p;
      if (x === 0) return -1;
    }
  }

  /**
   * The first word of the entry a look-up of `tag` starts at. A caller about to make many
   * look-ups touches their entries first, in one loop: their cache misses then overlap instead
   * of coming one after the other (the tables of a large log are far larger than the caches).
   */
  touch(tag: number): number {
    return this.entries[this.width * (tag & this.mask)];
  }

  valueAt(p: number): number {
    return this.entries[this.width * p + 1];
  }

  /** Adds `value` under `tag` (a caller that found no equal key), with its check words. */
  add(tag: number, value: number, check0 = 0, check1 = 0): void {
    if (this.#sealed) throw sealed();
    if ((this.used + 1) * 2 > this.mask + 1) this.resize((this.mask + 1) * 2);
    this.used++;
    this.place(tag, value, check0, check1);
  }

  /** Room for `n` entries in all without growing. */
  reserve(n: number): void {
    if (n * 2 > this.mask + 1) this.resize(roundUp(n * 2));
  }

  /** Lets the entries go; the table can no longer be used (`MessageStore.seal`). */
  seal(): void {
    // One empty entry: a look-up finds nothing; `add` refuses.
    this.entries = new Int32Array(this.width);
    this.mask = 0;
    this.#sealed = true;
  }

  /** Rebuilds with room for `size` entries. */
  private resize(size: number): void {
    const old = this.entries;
    const w = this.width;
    this.entries = this.allocate(size);
    for (let p = 0; p < old.length; p += w) {
      if (old[p] !== 0) this.place(old[p], old[p + 1], w > 2 ? old[p + 2] : 0, w > 3 ? old[p + 3] : 0);
    }
  }

  private allocate(size: number): Int32Array {
    this.mask = size - 1;
    return new Int32Array(this.width * size);
  }

  private place(tag: number, value: number, check0: number, check1: number): void {
    const t = this.entries;
    const w = this.width;
    const mask = this.mask;
    let p = tag & mask;
    while (t[w * p] !== 0) p = (p + 1) & mask;
    const at = w * p;
    t[at] = tag;
    t[at + 1] = value;
    if (w > 2) t[at + 2] = check0;
    if (w > 3) t[at + 3] = check1;
  }
}

function roundUp(n: number): number {
  return 2 ** Math.ceil(Math.log2(Math.max(n, 2)));
}

function sealed(): WaAuditError {
  return new WaAuditError('internal', 'the message store is sealed: the log is complete and takes no more rows');
}
