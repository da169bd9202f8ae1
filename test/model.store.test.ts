// The message store's indexes are exact: every id, key and string is found again, by text or by
// a range of a larger text, whatever the indexes grew to; nothing it was not given is found.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hashNumber, hashRange, hashText } from '../src/model/hash.js';
import { packFlags } from '../src/model/flags.js';
import { HashTable } from '../src/model/hash-table.js';
import { MessageStore } from '../src/model/store.js';

const add = (store: MessageStore, key = 0): number => store.add(0, key, packFlags(false, 'free_form', 'none'), -1, -1, -1, 0, 2);

describe('MessageStore ids', () => {
  it('finds every id among 100k, by string and by range, and no id it was not given', () => {
    const store = new MessageStore();
    store.keys.keyOf(store.keys.businessId('-'), '5511987650001');
    for (let i = 0; i < 100_000; i++) store.indexId(add(store), `wamid.${i}`);
    for (let i = 0; i < 100_000; i += 997) {
      expect(store.findId(`wamid.${i}`)).toBe(i);
      const text = `x,wamid.${i},y`;
      expect(store.findIdRange(text, 2, text.length - 2, hashRange(text, 2, text.length - 2))).toBe(i);
      expect(store.id(i)).toBe(`wamid.${i}`);
    }
    expect(store.findId('wamid.100000')).toBe(-1);
    expect(store.findId('wamid.1 ')).toBe(-1);
  });

  it('keeps ids beyond Latin-1 as strings, and finds them', () => {
    const store = new MessageStore();
    store.keys.keyOf(store.keys.businessId('-'), 'c');
    const ids = ['ação-1', 'wamid.😀', 'é', '\u0100'];
    ids.forEach((id) => store.indexId(add(store), id));
    ids.forEach((id, i) => {
      expect(store.findId(id)).toBe(i);
      expect(store.id(i)).toBe(id);
    });
  });

  it('grows when more rows come than were reserved for', () => {
    const store = new MessageStore();
    store.keys.keyOf(store.keys.businessId('-'), 'c');
    store.reserve(10);
    for (let i = 0; i < 5000; i++) store.indexId(add(store), `id-${i}`);
    expect(store.count).toBe(5000);
    expect(store.findId('id-4999')).toBe(4999);
    expect(store.id(0)).toBe('id-0');
  });

  it('hashes are never 0 (the empty slot), and a range hashes as its text', () => {
    for (const s of ['', 'a', 'wamid.1']) expect(hashText(s)).toBeGreaterThan(0);
    for (const n of [0, 1, 5511987654321, 2 ** 53 - 1]) expect(hashNumber(n)).toBeGreaterThan(0);
    expect(hashRange('..wamid.1..', 2, 9)).toBe(hashText('wamid.1'));
  });

  it('a number hashes as with its 32-bit halves split by a remainder (the floor-based split is exact)', () => {
    const reference = (n: number): number => {
      const lo = n % 0x100000000;
      const hi = (n - lo) / 0x100000000;
      let h = Math.imul(lo ^ (lo >>> 16), 0x85ebca6b);
      h = Math.imul(h ^ hi ^ (h >>> 13), 0xc2b2ae35);
      return (h ^ (h >>> 16)) >>> 0 || 1;
    };
    fc.assert(
      fc.property(fc.oneof(fc.maxSafeNat(), fc.integer({ min: 0, max: 2 ** 32 + 5 }), fc.integer({ min: 10 ** 11, max: 10 ** 15 })), (n) => {
        expect(hashNumber(n)).toBe(reference(n));
      }),
      { seed: 20261202, numRuns: 2000 },
    );
  });
});

describe('MessageStore keys', () => {
  it('numbers keys (business, contact) once each, phone numbers and other contacts alike', () => {
    const { keys } = new MessageStore();
    const b1 = keys.businessId('551140040001');
    const b2 = keys.businessId('-');
    const numbers = Array.from({ length: 60_000 }, (_, i) => String(5511900000000 + i * 7919));
    const first = numbers.map((c) => keys.keyOf(b1, c));
    expect(new Set(first).size).toBe(numbers.length);
    // The same contact under another business is another key; under the same, the same key.
    numbers.forEach((c, i) => expect(keys.keyOf(b2, c)).toBe(numbers.length + i));
    numbers.forEach((c, i) => {
      const text = `;${c};`;
      expect(keys.keyAt(b1, Number(c), text, 1, text.length - 1)).toBe(first[i]);
    });
    const text = keys.keyOf(b1, 'BR.3f2a');
    expect(keys.keyOf(b1, 'BR.3f2a')).toBe(text);
    expect(keys.keyOf(b2, 'BR.3f2a')).not.toBe(text);
    expect([keys.business[text], keys.contact[text]]).toEqual(['551140040001', 'BR.3f2a']);
    expect(keys.businessAt('x551140040001', 1, 13, 551140040001)).toBe(b1);
  });

  it('tells keys apart in a log of more than 4096 businesses, where the index cannot hold the business beside the value', () => {
    const { keys } = new MessageStore();
    const businesses = Array.from({ length: 5000 }, (_, i) => keys.businessId(String(551100000000 + i)));
    // The same three contacts under every business: 15,000 keys, each found again, none confused
    // with the same contact under another business or another contact under the same one.
    const contacts = [5511987654321, 5511987654322, 4915112345678];
    const made = businesses.map((b) => contacts.map((c) => keys.keyOfValue(b, c)));
    expect(new Set(made.flat()).size).toBe(15_000);
    businesses.forEach((b, i) => {
      contacts.forEach((c, j) => expect(keys.keyOfValue(b, c)).toBe(made[i][j]));
      expect(keys.keyOf(b, String(contacts[1]))).toBe(made[i][1]);
    });
    expect([keys.business[made[4999][2]], keys.contact[made[4999][2]]]).toEqual(['551100004999', '4915112345678']);
    expect(keys.count).toBe(15_000);
    // Business 4124's contact A and business 4143's contact B share their 32-bit index tag (as
    // do 4124's B and 4143's A): still four keys.
    const a = 5511900000000 + 441 * 7919;
    const b = 5511900000000 + 9 * 7919;
    const pair = [keys.keyOfValue(4124, a), keys.keyOfValue(4143, b), keys.keyOfValue(4124, b), keys.keyOfValue(4143, a)];
    expect(new Set(pair).size).toBe(4);
    expect(pair.map((k) => `${keys.business[k]} ${keys.contact[k]}`)).toEqual([`551100004124 ${a}`, `551100004143 ${b}`, `551100004124 ${b}`, `551100004143 ${a}`]);
  });
});

describe('MessageStore strings', () => {
  it('finds a range as the string it spells, lower-cased when asked', () => {
    const { strings } = new MessageStore();
    const read = strings.id('read');
    expect(strings.range('x,READ,y', 2, 6, true)).toBe(read);
    expect(strings.range('x,Read,y', 2, 6, false)).not.toBe(read);
    expect(strings.at(strings.range('x,Read,y', 2, 6, false))).toBe('Read');
    expect(strings.range('x,,y', 2, 2, true)).toBe(-1);
    expect(strings.at(strings.range('ENTREGUE É', 0, 10, true))).toBe('entregue é');
    const many = Array.from({ length: 3000 }, (_, i) => `template_${i}`);
    const ids = many.map((t) => strings.range(`,${t},`, 1, t.length + 1, false));
    many.forEach((t, i) => expect(strings.range(`;${t};`, 1, t.length + 1, false)).toBe(ids[i]));
  });
});

describe('HashTable', () => {
  it('finds every value under its tag, walks past colliding tags, and grows', () => {
    const t = new HashTable(4);
    // Tags that share a home position (the low bits) and tags that are equal.
    for (let v = 0; v < 2000; v++) t.add((v % 50) * 4096 + 1, v);
    expect(t.size).toBe(2000);
    const under = (tag: number): number[] => {
      const out: number[] = [];
      for (let p = t.seek(tag); p >= 0; p = t.next(p, tag)) out.push(t.valueAt(p));
      return out.sort((a, b) => a - b);
    };
    expect(under(7 * 4096 + 1)).toEqual(Array.from({ length: 40 }, (_, i) => 7 + i * 50));
    expect(under(50 * 4096 + 1)).toEqual([]);
  });

  it('once sealed, finds nothing and refuses to add, with an internal error', () => {
    const t = new HashTable();
    t.add(1, 7);
    expect(t.seek(1)).toBeGreaterThanOrEqual(0);
    t.seal();
    expect(t.seek(1)).toBe(-1);
    expect(() => t.add(1, 1)).toThrow(/sealed/);
  });
});
