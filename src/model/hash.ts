// The project's hashes, each written once: FNV-1a over code units or bytes (ids, interned
// strings, shards), and a mix of a 53-bit integer (phone numbers). Tables of hashes are
// `HashTable` (`hash-table.ts`).

export const FNV_OFFSET = 0x811c9dc5;

/** One step of FNV-1a: hash `h` with the code unit (or byte) `c` added. Loops inline it. */
export function fnvStep(h: number, c: number): number {
  return Math.imul(h ^ c, 0x01000193);
}

/** A 32-bit hash as a table tag: unsigned, never 0 (0 marks an empty entry). */
export function asTag(h: number): number {
  return h >>> 0 || 1;
}

/** FNV-1a of `text[start, end)`'s code units, unsigned 32 bits (0 possible). */
export function fnvRange(text: string, start: number, end: number): number {
  let h = FNV_OFFSET;
  for (let i = start; i < end; i++) h = fnvStep(h, text.charCodeAt(i));
  return h >>> 0;
}

/** The tag of `text[start, end)`: its FNV-1a, never 0. */
export function hashRange(text: string, start: number, end: number): number {
  return asTag(fnvRange(text, start, end));
}

export function hashText(s: string): number {
  return hashRange(s, 0, s.length);
}

/** A hash of a non-negative integer of up to 53 bits, 32 bits, never 0. */
export function hashNumber(n: number): number {
  // (A remainder of doubles is a call into C; a division by a power of two and a floor are exact.)
  const hi = Math.floor(n / 0x100000000);
  const lo = n - hi * 0x100000000;
  let h = Math.imul(lo ^ (lo >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ hi ^ (h >>> 13), 0xc2b2ae35);
  return asTag(h ^ (h >>> 16));
}
