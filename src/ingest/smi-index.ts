// Indexes for millions of rows. V8's Map is fast with small-integer keys and slow with the
// keys an export gives: strings cut out of a large text (hashing and comparing them reads that
// text) and phone numbers as numbers (above 2^31 each look-up boxes a double). So the key here
// is a 30-bit hash, a small integer, and the real key is compared only among the few entries
// that share it: the index is exact.

const MASK = 0x3fffffff;

/** FNV-1a of a string's code units, 30 bits. */
export function hashText(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h & MASK;
}

/** A number's hash, 30 bits (phone numbers are up to 15 digits). */
export function hashNumber(n: number): number {
  return (Math.imul(n % 0x40000000, 0x9e3779b1) ^ Math.floor(n / 0x40000000)) & MASK;
}

/** The entries that share a hash (rare). */
class Chain<V> {
  constructor(readonly items: V[]) {}
}

/** Entries keyed by K, found by `hash(key)` and `same(entry, key)`. */
export class SmiIndex<K, V> {
  private readonly map = new Map<number, V | Chain<V>>();

  constructor(
    private readonly hash: (key: K) => number,
    private readonly same: (value: V, key: K) => boolean,
  ) {}

  get(key: K): V | undefined {
    const slot = this.map.get(this.hash(key));
    if (slot === undefined) return undefined;
    if (!(slot instanceof Chain)) return this.same(slot, key) ? slot : undefined;
    for (const v of slot.items) if (this.same(v, key)) return v;
    return undefined;
  }

  /** Adds a value whose key is not in the index yet. */
  add(key: K, value: V): void {
    const h = this.hash(key);
    const slot = this.map.get(h);
    if (slot === undefined) this.map.set(h, value);
    else if (slot instanceof Chain) slot.items.push(value);
    else this.map.set(h, new Chain([slot, value]));
  }
}
