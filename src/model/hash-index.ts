// Indexes for millions of rows, in typed arrays. A JavaScript Map is slow with the keys an
// export gives (strings cut out of a large text: hashing and comparing them reads that text;
// phone numbers above 2^31: each look-up boxes a double) and cannot hold more than 2^24
// entries. Here a look-up reads one slot of a compact array, and the real key is compared only
// when the slot's 32-bit hash tag matches, so the index is exact. Open addressing, linear
// probing, grown at half full.

/** FNV-1a of a string's code units, 32 bits, never 0 (0 marks an empty slot). */
export function hashText(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0 || 1;
}

/** FNV-1a of `text[start, end)`, equal to `hashText` of that slice. */
export function hashRange(text: string, start: number, end: number): number {
  let h = 0x811c9dc5;
  for (let i = start; i < end; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0 || 1;
}

/** A hash of a non-negative integer of up to 53 bits, 32 bits, never 0. */
export function hashNumber(n: number): number {
  const lo = n % 0x100000000;
  const hi = (n - lo) / 0x100000000;
  let h = Math.imul(lo ^ (lo >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ hi ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0 || 1;
}

/**
 * Values by key. Keys are not stored: `same(value, key)` confirms a candidate, so a value must
 * know its key (a message its id, an entry its number).
 */
export class HashIndex<K, V> {
  private tags = new Uint32Array(1024);
  private slots = new Int32Array(1024);
  private readonly values: V[] = [];

  constructor(
    private readonly hash: (key: K) => number,
    private readonly same: (value: V, key: K) => boolean,
  ) {}

  get(key: K): V | undefined {
    const tag = this.hash(key);
    const mask = this.tags.length - 1;
    for (let i = tag & mask; ; i = (i + 1) & mask) {
      const t = this.tags[i];
      if (t === 0) return undefined;
      if (t === tag) {
        const v = this.values[this.slots[i]];
        if (this.same(v, key)) return v;
      }
    }
  }

  /** Adds a value whose key is not in the index yet. */
  add(key: K, value: V): void {
    if ((this.values.length + 1) * 2 > this.tags.length) this.grow();
    this.values.push(value);
    this.place(this.hash(key), this.values.length - 1);
  }

  private place(tag: number, slot: number): void {
    const mask = this.tags.length - 1;
    let i = tag & mask;
    while (this.tags[i] !== 0) i = (i + 1) & mask;
    this.tags[i] = tag;
    this.slots[i] = slot;
  }

  private grow(): void {
    const tags = this.tags;
    const slots = this.slots;
    this.tags = new Uint32Array(tags.length * 2);
    this.slots = new Int32Array(tags.length * 2);
    for (let i = 0; i < tags.length; i++) if (tags[i] !== 0) this.place(tags[i], slots[i]);
  }
}
