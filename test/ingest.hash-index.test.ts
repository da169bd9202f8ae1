// The hash index is exact: colliding tags are told apart by their keys, and it grows.
import { describe, expect, it } from 'vitest';
import { HashIndex, hashNumber, hashText } from '../src/ingest/hash-index.js';

describe('HashIndex', () => {
  it('finds every key among 100k, and no key it was not given', () => {
    const index = new HashIndex<string, { id: string }>(hashText, (v, k) => v.id === k);
    for (let i = 0; i < 100_000; i++) index.add(`wamid.${i}`, { id: `wamid.${i}` });
    for (let i = 0; i < 100_000; i += 997) expect(index.get(`wamid.${i}`)).toEqual({ id: `wamid.${i}` });
    expect(index.get('wamid.100000')).toBeUndefined();
  });

  it('tells keys apart when every tag collides', () => {
    const index = new HashIndex<number, { n: number }>(() => 7, (v, k) => v.n === k);
    for (let n = 0; n < 3000; n++) index.add(n, { n });
    expect(index.get(2999)).toEqual({ n: 2999 });
    expect(index.get(0)).toEqual({ n: 0 });
    expect(index.get(3000)).toBeUndefined();
  });

  it('hashes are never 0 (the empty slot)', () => {
    for (const s of ['', 'a', 'wamid.1']) expect(hashText(s)).toBeGreaterThan(0);
    for (const n of [0, 1, 5511987654321, 2 ** 53 - 1]) expect(hashNumber(n)).toBeGreaterThan(0);
  });
});
