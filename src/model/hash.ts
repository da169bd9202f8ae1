// Hashes for the message store's indexes (`store.ts`). A JavaScript Map is slow with the keys
// an export gives (strings cut out of a large text: hashing and comparing them reads that text;
// phone numbers above 2^31: each look-up boxes a double) and cannot hold more than 2^24
// entries. The store's indexes are typed arrays instead: a look-up reads one entry, and the
// real key is compared only when the entry's 32-bit hash tag (or value) matches, so they are
// exact. Open addressing, linear probing, grown at half full.

/** FNV-1a of a string's code units, 32 bits, never 0 (0 marks an empty slot). */
export function hashText(s: string): number {
  return hashRange(s, 0, s.length);
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
