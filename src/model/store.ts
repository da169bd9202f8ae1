// The log's messages in columns. A message is a position (its input order, `seq`) in typed
// arrays: time, key, direction/kind/status class, interned status, template and category,
// file and line, duplicate count; its id is bytes in one arena. Millions of messages are then
// a few flat arrays instead of millions of objects holding strings: a compact heap that the
// collector does not have to walk, and indexes that compare numbers. `Message` objects are made
// on demand: small views for the replay, a key at a time (`view`), plain copies for small logs
// and tests (`message`).
import { hashNumber, hashRange, hashText } from './hash.js';
import {
  type ContactMergeInfo,
  type Direction,
  type Log,
  type Message,
  MESSAGE_KINDS,
  type MessageKind,
  type ProviderFacts,
  type Rejection,
  STATUS_CLASSES,
  type StatusClass,
} from './message.js';
import { phoneValueAt, statusClassOf } from './vocabulary.js';

/** Each word's index in its list. */
function indexes<K extends string>(words: readonly K[]): Readonly<Record<K, number>> {
  return Object.fromEntries(words.map((w, i) => [w, i])) as Record<K, number>;
}

export const KIND_INDEX = indexes(MESSAGE_KINDS);
const CLASS_RANK = indexes(STATUS_CLASSES);

/** Bit 0: outbound. Bits 1-2: kind (index in MESSAGE_KINDS). Bits 3-5: status class rank. */
export function flagsOf(outbound: boolean, kind: number, rank: number): number {
  return (outbound ? 1 : 0) | (kind << 1) | (rank << 3);
}

export function packFlags(outbound: boolean, kind: MessageKind, statusClass: StatusClass): number {
  return flagsOf(outbound, KIND_INDEX[kind], CLASS_RANK[statusClass]);
}
export const KIND_TEMPLATE = KIND_INDEX.template;
export const KIND_UNKNOWN = KIND_INDEX.unknown;
export const kindCode = (flags: number): number => (flags >> 1) & 3;
export const classRank = (flags: number): number => flags >> 3;

const DIRECTION_OF: readonly Direction[] = ['inbound', 'outbound'];

/**
 * Strings that recur across rows (statuses, template names, categories), each kept once and
 * named by its index. `range` finds one from a stretch of a larger text without cutting it out.
 */
export class Strings {
  readonly values: string[] = [];
  /** Status class rank of each value read as a status. */
  readonly ranks: number[] = [];
  private readonly byText = new Map<string, number>();
  private tags = new Uint32Array(256);
  private slots = new Int32Array(256);
  private ranged = 0;

  /** The index of `s`; -1 for null. */
  id(s: string | null): number {
    if (s === null) return -1;
    let i = this.byText.get(s);
    if (i === undefined) {
      i = this.values.length;
      this.values.push(s);
      this.ranks.push(CLASS_RANK[statusClassOf(s)]);
      this.byText.set(s, i);
    }
    return i;
  }

  at(i: number): string | null {
    return i < 0 ? null : this.values[i];
  }

  /** The index of `text[start, end)`, lower-cased first when `lower`; -1 for an empty range. */
  range(text: string, start: number, end: number, lower: boolean): number {
    if (end <= start) return -1;
    let h = 0x811c9dc5;
    for (let i = start; i < end; i++) {
      let c = text.charCodeAt(i);
      if (lower) {
        if (c >= 65 && c <= 90) c += 32;
        else if (c > 127) return this.id(text.slice(start, end).toLowerCase());
      }
      h = Math.imul(h ^ c, 0x01000193);
    }
    const tag = h >>> 0 || 1;
    const mask = this.tags.length - 1;
    let p = tag & mask;
    for (; this.tags[p] !== 0; p = (p + 1) & mask) {
      if (this.tags[p] === tag && sameRange(this.values[this.slots[p]], text, start, end, lower)) return this.slots[p];
    }
    const cut = text.slice(start, end);
    const id = this.id(lower ? cut.toLowerCase() : own(cut));
    if ((this.ranged + 1) * 2 > this.tags.length) {
      this.regrow();
      return id;
    }
    this.tags[p] = tag;
    this.slots[p] = id;
    this.ranged++;
    return id;
  }

  private regrow(): void {
    // Rebuilt from the values: every one of them can be found by range.
    this.tags = new Uint32Array(this.tags.length * 2);
    this.slots = new Int32Array(this.tags.length);
    const mask = this.tags.length - 1;
    this.ranged = this.values.length;
    this.values.forEach((v, id) => {
      const tag = hashText(v);
      let p = tag & mask;
      while (this.tags[p] !== 0) p = (p + 1) & mask;
      this.tags[p] = tag;
      this.slots[p] = id;
    });
  }
}

function sameRange(s: string, text: string, start: number, end: number, lower: boolean): boolean {
  if (s.length !== end - start) return false;
  for (let i = 0; i < s.length; i++) {
    let c = text.charCodeAt(start + i);
    if (lower && c >= 65 && c <= 90) c += 32;
    if (s.charCodeAt(i) !== c) return false;
  }
  return true;
}

/** A copy of a string that shares no memory with the (large) text it was cut from. */
export function own(s: string): string {
  return s.length < 13 ? s : (' ' + s).slice(1);
}

const NUMBER_KEY_SEED = 0x9e3779b1;

/**
 * The keys (business, contact), numbered in order of first appearance. A phone number
 * (digits, no leading zero, at most 15: E.164) is found by its value, anything else (a
 * business-scoped user id) by its text.
 */
export class Keys {
  count = 0;
  readonly business: string[] = [];
  readonly contact: string[] = [];
  /** Messages of each key. */
  sizes = new Int32Array(1024);
  /**
   * Phone-number keys by (business, value): entry p is (value, business * 2^32 + key) at
   * [2p, 2p + 1], so that a look-up reads one cache line; value -1 marks an empty entry.
   */
  private table = new Float64Array(2 * 2048).fill(-1);
  private numbered = 0;
  private readonly byText = new Map<string, number>();
  private readonly businesses: string[] = [];
  private readonly businessIds = new Map<string, number>();
  private readonly businessValues: number[] = [];
  private readonly businessByValue: number[] = [];

  /** The number of a business as written (normalised). */
  businessId(s: string): number {
    let b = this.businessIds.get(s);
    if (b === undefined) {
      b = this.businesses.length;
      this.businesses.push(own(s));
      this.businessIds.set(this.businesses[b], b);
    }
    return b;
  }

  /** The number of the business written as the phone number `value` at `text[start, end)`. */
  businessAt(text: string, start: number, end: number, value: number): number {
    const values = this.businessValues;
    for (let i = 0; i < values.length; i++) if (values[i] === value) return this.businessByValue[i];
    const b = this.businessId(text.slice(start, end));
    if (values.length < 64) {
      values.push(value);
      this.businessByValue.push(b);
    }
    return b;
  }

  /** The key of (business `b`, contact as written, normalised). */
  keyOf(b: number, contact: string): number {
    const v = phoneValueAt(contact, 0, contact.length);
    if (v >= 0) return this.keyAt(b, v, contact, 0, contact.length);
    if (this.table.length === 0) throw new Error('the message store is sealed');
    const t = b + '\u0000' + contact;
    let k = this.byText.get(t);
    if (k === undefined) {
      k = this.newKey(b, own(contact));
      this.byText.set(t, k);
    }
    return k;
  }

  /** The key of business `b` and the contact `value` written at `text[start, end)`. */
  keyAt(b: number, value: number, text: string, start: number, end: number): number {
    const p = this.slotOf(b, value);
    return p >= 0 ? p : this.place(~p, b, value, own(text.slice(start, end)));
  }

  /** The key of business `b` and the contact whose value is `value` (written plainly). */
  keyOfValue(b: number, value: number): number {
    const p = this.slotOf(b, value);
    return p >= 0 ? p : this.place(~p, b, value, String(value));
  }

  /** The business written plainly as the phone number `value`. */
  businessOfValue(value: number): number {
    const values = this.businessValues;
    for (let i = 0; i < values.length; i++) if (values[i] === value) return this.businessByValue[i];
    const text = String(value);
    return this.businessAt(text, 0, text.length, value);
  }

  /** The key of (b, value), or ~entry where it would go. */
  private slotOf(b: number, value: number): number {
    const t = this.table;
    if (t.length === 0) throw new Error('the message store is sealed');
    const mask = (t.length >> 1) - 1;
    const high = b * TWO_32;
    let p = keyHash(b, value) & mask;
    for (let v = t[2 * p]; v !== -1; p = (p + 1) & mask, v = t[2 * p]) {
      if (v !== value) continue;
      const e = t[2 * p + 1];
      const k = e % TWO_32;
      if (e - k === high) return k;
    }
    return ~p;
  }

  private place(p: number, b: number, value: number, contact: string): number {
    const t = this.table;
    const k = this.newKey(b, contact);
    t[2 * p] = value;
    t[2 * p + 1] = b * TWO_32 + k;
    if (++this.numbered * 4 > t.length) this.regrow();
    return k;
  }

  /** No more keys: the look-up table is let go (`MessageStore.seal`). */
  seal(): void {
    this.table = new Float64Array(0);
    this.byText.clear();
  }

  private newKey(b: number, contact: string): number {
    const k = this.count++;
    if (k >= this.sizes.length) this.sizes = grown(this.sizes, new Int32Array(k * 2));
    this.business.push(this.businesses[b]);
    this.contact.push(contact);
    return k;
  }

  private regrow(): void {
    const old = this.table;
    const t = new Float64Array(old.length * 2).fill(-1);
    const mask = (t.length >> 1) - 1;
    for (let q = 0; q < old.length; q += 2) {
      const value = old[q];
      if (value === -1) continue;
      let p = keyHash(Math.floor(old[q + 1] / TWO_32), value) & mask;
      while (t[2 * p] !== -1) p = (p + 1) & mask;
      t[2 * p] = value;
      t[2 * p + 1] = old[q + 1];
    }
    this.table = t;
  }
}

const TWO_32 = 4294967296;

function keyHash(b: number, value: number): number {
  return (hashNumber(value) ^ Math.imul(b + 1, NUMBER_KEY_SEED)) >>> 0;
}

function grown<A extends Float64Array | Int32Array | Uint8Array | Uint32Array>(from: A, to: A): A {
  to.set(from);
  return to;
}

interface Latin1Slicer {
  latin1Slice(start: number, end: number): string;
}

/** Every message of a log, by position. Written by the ingest, read by the replay and report. */
export class MessageStore {
  count = 0;
  ts = new Float64Array(1024);
  key = new Int32Array(1024);
  flags = new Uint8Array(1024);
  status = new Int32Array(1024);
  template = new Int32Array(1024);
  category = new Int32Array(1024);
  file = new Int32Array(1024);
  line = new Int32Array(1024);
  duplicates = new Int32Array(1024);
  /** Where each id's bytes are in the arena; length -1 for an id kept as a string. */
  private idStart = new Int32Array(1024);
  private idLength = new Int32Array(1024);
  private arena = Buffer.allocUnsafe(1 << 16);
  private arenaUsed = 0;
  /** Ids with a character beyond Latin-1, and ids made up for rows that had none. */
  private readonly idText = new Map<number, string>();
  /** The id index: entry p is (tag, message) at [2p, 2p + 1], one cache line for both; tag 0 is empty. */
  private idTable = new Int32Array(2 * 2048);
  private indexed = 0;
  readonly provider = new Map<number, ProviderFacts>();
  readonly strings = new Strings();
  readonly keys = new Keys();
  readonly files: string[] = [];
  private grouped: { readonly order: Int32Array; readonly start: Int32Array } | null = null;

  /** A new message; its id is set by `setId` or `indexIdRange`/`indexId`. */
  add(ts: number, key: number, flags: number, status: number, template: number, category: number, file: number, line: number): number {
    const i = this.count;
    if (i >= this.ts.length) this.grow();
    this.count = i + 1;
    this.ts[i] = ts;
    this.key[i] = key;
    this.flags[i] = flags;
    this.status[i] = status;
    this.template[i] = template;
    this.category[i] = category;
    this.file[i] = file;
    this.line[i] = line;
    this.duplicates[i] = 0;
    this.keys.sizes[key]++;
    return i;
  }

  /** Makes room for `more` messages beyond those held (and their ids, at the length so far). */
  reserve(more: number): void {
    const n = this.count + more;
    if (n > this.ts.length) this.resize(n);
    if (n * 4 > this.idTable.length) this.rehash(2 ** Math.ceil(Math.log2(n * 2)));
    if (this.count > 0) {
      const bytes = Math.ceil((this.arenaUsed / this.count) * n * 1.03);
      if (bytes > this.arena.length) this.resizeArena(bytes);
    }
  }

  private grow(): void {
    this.resize(Math.ceil(this.ts.length * 1.5));
  }

  /** Room in the arena for an id of `n` bytes. */
  private roomForId(n: number): void {
    if (this.arenaUsed + n > this.arena.length) this.resizeArena(Math.max(Math.ceil(this.arena.length * 1.5), this.arenaUsed + n));
  }

  private resizeArena(bytes: number): void {
    const bigger = Buffer.allocUnsafe(bytes);
    this.arena.copy(bigger, 0, 0, this.arenaUsed);
    this.arena = bigger;
  }

  private resize(n: number): void {
    this.ts = grown(this.ts, new Float64Array(n));
    this.key = grown(this.key, new Int32Array(n));
    this.flags = grown(this.flags, new Uint8Array(n));
    this.status = grown(this.status, new Int32Array(n));
    this.template = grown(this.template, new Int32Array(n));
    this.category = grown(this.category, new Int32Array(n));
    this.file = grown(this.file, new Int32Array(n));
    this.line = grown(this.line, new Int32Array(n));
    this.duplicates = grown(this.duplicates, new Int32Array(n));
    this.idStart = grown(this.idStart, new Int32Array(n));
    this.idLength = grown(this.idLength, new Int32Array(n));
  }

  /**
   * The log is complete: the indexes that found ids and keys while reading are let go (at ten
   * million messages, a third of the store's memory). Nothing can be added afterwards.
   */
  seal(): void {
    this.idTable = new Int32Array(0);
    this.keys.seal();
  }

  /** Sets an id that is not indexed (one made up for a row without an id). */
  setId(i: number, id: string): void {
    this.idLength[i] = -1;
    this.idText.set(i, id);
  }

  /** The message whose id is `text[start, end)`, with that range's `hashRange`; -1 if none. */
  findIdRange(text: string, start: number, end: number, tag: number): number {
    return this.probe(tag, text, null, start, end);
  }

  /** Gives message `i` the id `text[start, end)` and indexes it under `tag` (its `hashRange`). */
  indexIdRange(i: number, text: string, start: number, end: number, tag: number): void {
    const n = end - start;
    let latin1 = true;
    for (let k = start; k < end && latin1; k++) latin1 = text.charCodeAt(k) < 256;
    if (latin1) {
      this.roomForId(n);
      const a = this.arena;
      const at = this.arenaUsed;
      for (let k = 0; k < n; k++) a[at + k] = text.charCodeAt(start + k);
      this.idStart[i] = at;
      this.idLength[i] = n;
      this.arenaUsed = at + n;
    } else this.setId(i, own(text.slice(start, end)));
    this.place(tag, i);
  }

  /** The message whose id is the Latin-1 `bytes[start, end)`, with their FNV-1a `tag`; -1 if none. */
  findIdBytes(bytes: Uint8Array, start: number, end: number, tag: number): number {
    return this.probe(tag, null, bytes, start, end);
  }

  /** The indexed message under `tag` whose id is `[start, end)` of `text`, or else of `bytes`. */
  private probe(tag: number, text: string | null, bytes: Uint8Array | null, start: number, end: number): number {
    const t = this.idTable;
    if (t.length === 0) throw new Error('the message store is sealed');
    const mask = (t.length >> 1) - 1;
    const tag32 = tag | 0;
    for (let p = tag & mask; t[2 * p] !== 0; p = (p + 1) & mask) {
      if (t[2 * p] !== tag32) continue;
      const m = t[2 * p + 1];
      if (text !== null ? this.idEquals(m, text, start, end) : this.idEqualsBytes(m, bytes as Uint8Array, start, end)) return m;
    }
    return -1;
  }

  /** Gives message `i` the id of Latin-1 `bytes[start, end)` and indexes it under `tag`. */
  indexIdBytes(i: number, bytes: Uint8Array, start: number, end: number, tag: number): void {
    const n = end - start;
    this.roomForId(n);
    this.arena.set(bytes.subarray(start, end), this.arenaUsed);
    this.idStart[i] = this.arenaUsed;
    this.idLength[i] = n;
    this.arenaUsed += n;
    this.place(tag, i);
  }

  private idEqualsBytes(i: number, bytes: Uint8Array, start: number, end: number): boolean {
    const n = this.idLength[i];
    if (n !== end - start) return false; // ids kept as strings (-1) are beyond Latin-1: never equal
    const a = this.arena;
    const at = this.idStart[i];
    for (let k = 0; k < n; k++) if (a[at + k] !== bytes[start + k]) return false;
    return true;
  }

  findId(id: string): number {
    return this.findIdRange(id, 0, id.length, hashText(id));
  }

  indexId(i: number, id: string): void {
    this.indexIdRange(i, id, 0, id.length, hashText(id));
  }

  private place(tag: number, i: number): void {
    if (this.idTable.length === 0) throw new Error('the message store is sealed');
    if ((this.indexed + 1) * 4 > this.idTable.length) this.rehash(this.idTable.length);
    this.indexed++;
    this.placeAt(tag, i);
  }

  private rehash(size: number): void {
    const old = this.idTable;
    this.idTable = new Int32Array(2 * size);
    for (let p = 0; p < old.length; p += 2) if (old[p] !== 0) this.placeAt(old[p], old[p + 1]);
  }

  private placeAt(tag: number, i: number): void {
    const t = this.idTable;
    const mask = (t.length >> 1) - 1;
    let p = tag & mask;
    while (t[2 * p] !== 0) p = (p + 1) & mask;
    t[2 * p] = tag;
    t[2 * p + 1] = i;
  }

  private idEquals(i: number, text: string, start: number, end: number): boolean {
    const n = this.idLength[i];
    if (n < 0) {
      const s = this.idText.get(i) as string;
      return s.length === end - start && text.startsWith(s, start);
    }
    if (n !== end - start) return false;
    const a = this.arena;
    const at = this.idStart[i];
    for (let k = 0; k < n; k++) if (a[at + k] !== text.charCodeAt(start + k)) return false;
    return true;
  }

  id(i: number): string {
    const n = this.idLength[i];
    if (n < 0) return this.idText.get(i) as string;
    // Buffer's own latin1Slice: `toString('latin1', ...)` checks its arguments at some cost.
    return (this.arena as unknown as Latin1Slicer).latin1Slice(this.idStart[i], this.idStart[i] + n);
  }

  /** Whether any message carries provider facts or is of unknown kind (the provider section). */
  hasProviderFacts(): boolean {
    if (this.provider.size > 0) return true;
    for (let i = 0; i < this.count; i++) if (kindCode(this.flags[i]) === KIND_UNKNOWN) return true;
    return false;
  }

  /** Message `i` as a plain object, every field copied (`log.messages`: small logs and tests). */
  message(i: number): Message {
    const f = this.flags[i];
    const k = this.key[i];
    const strings = this.strings.values;
    const status = this.status[i];
    const template = this.template[i];
    const category = this.category[i];
    return {
      id: this.id(i),
      business: this.keys.business[k],
      contact: this.keys.contact[k],
      ts: this.ts[i],
      direction: DIRECTION_OF[f & 1],
      kind: MESSAGE_KINDS[kindCode(f)],
      status: status < 0 ? null : strings[status],
      statusClass: STATUS_CLASSES[classRank(f)],
      templateName: template < 0 ? null : strings[template],
      category: category < 0 ? null : strings[category],
      seq: i,
      duplicates: this.duplicates[i],
      file: this.files[this.file[i]],
      line: this.line[i],
      provider: this.provider.size === 0 ? null : (this.provider.get(i) ?? null),
    };
  }

  /**
   * Message `i` of key `k` for the replay: the fields every ruleset reads are copied, the
   * others (id, status, template, file...) are read from the columns when asked for, so that a
   * key's turn touches little of a large store.
   */
  view(i: number, k: number): Message {
    return new StoredMessage(this, i, this.keys.business[k], this.keys.contact[k]);
  }

  /** The positions of key `k`'s messages, in input order. */
  positionsOf(k: number): Int32Array {
    const { order, start } = this.groups();
    return order.subarray(start[k], start[k + 1]);
  }

  /**
   * Messages grouped by key, each key's in input order: key k's are
   * `order[start[k]] .. order[start[k + 1] - 1]`. Computed once, when the log is complete.
   */
  groups(): { readonly order: Int32Array; readonly start: Int32Array } {
    if (this.grouped !== null) return this.grouped;
    const keys = this.keys.count;
    const start = new Int32Array(keys + 1);
    for (let k = 0; k < keys; k++) start[k + 1] = start[k] + this.keys.sizes[k];
    const next = start.slice(0, keys);
    const order = new Int32Array(this.count);
    for (let i = 0; i < this.count; i++) order[next[this.key[i]]++] = i;
    this.grouped = { order, start };
    return this.grouped;
  }
}

/** What a log knows besides its messages. */
export type LogFacts = Pick<Log, 'files' | 'rows' | 'duplicates' | 'rejected' | 'contactMerges' | 'businessNumbers'>;

/** A log over a message store: all of its keys, or a shard's. */
export class StoredLog implements Log {
  readonly files: readonly string[];
  readonly rows: number;
  readonly duplicates: number;
  readonly rejected: readonly Rejection[];
  readonly contactMerges: readonly ContactMergeInfo[] | null;
  readonly businessNumbers: ReadonlyMap<string, string>;
  readonly messageCount: number;
  private madeMessages: Message[] | null = null;
  private madeGroups: Message[][] | null = null;

  constructor(
    readonly store: MessageStore,
    readonly keys: Int32Array,
    facts: LogFacts,
  ) {
    this.files = facts.files;
    this.rows = facts.rows;
    this.duplicates = facts.duplicates;
    this.rejected = facts.rejected;
    this.contactMerges = facts.contactMerges;
    this.businessNumbers = facts.businessNumbers;
    let n = 0;
    for (const k of keys) n += store.keys.sizes[k];
    this.messageCount = n;
  }

  /** Every key of the store that has messages (a key may have none: its only row conflicted). */
  static whole(store: MessageStore, facts: LogFacts): StoredLog {
    const keys: number[] = [];
    for (let k = 0; k < store.keys.count; k++) if (store.keys.sizes[k] > 0) keys.push(k);
    return new StoredLog(store, Int32Array.from(keys), facts);
  }

  get groups(): readonly (readonly Message[])[] {
    if (this.madeGroups === null) {
      this.madeGroups = Array.from(this.keys, (k) => Array.from(this.store.positionsOf(k), (i) => this.store.message(i)));
    }
    return this.madeGroups;
  }

  get messages(): readonly Message[] {
    this.madeMessages ??= this.groups.flat().sort((a, b) => a.seq - b.seq);
    return this.madeMessages;
  }
}

/** A message of the store as the replay sees it (`MessageStore.view`). */
class StoredMessage implements Message {
  readonly ts: number;
  readonly direction: Direction;
  readonly kind: MessageKind;
  readonly statusClass: StatusClass;
  /** The id once asked for: a session's opener is asked for it by each of its rows. */
  private idText: string | null = null;

  constructor(
    private readonly store: MessageStore,
    readonly seq: number,
    readonly business: string,
    readonly contact: string,
  ) {
    const f = store.flags[seq];
    this.ts = store.ts[seq];
    this.direction = DIRECTION_OF[f & 1];
    this.kind = MESSAGE_KINDS[kindCode(f)];
    this.statusClass = STATUS_CLASSES[classRank(f)];
  }

  get id(): string {
    this.idText ??= this.store.id(this.seq);
    return this.idText;
  }
  get status(): string | null {
    return this.store.strings.at(this.store.status[this.seq]);
  }
  get templateName(): string | null {
    return this.store.strings.at(this.store.template[this.seq]);
  }
  get category(): string | null {
    return this.store.strings.at(this.store.category[this.seq]);
  }
  get duplicates(): number {
    return this.store.duplicates[this.seq];
  }
  get file(): string {
    return this.store.files[this.store.file[this.seq]];
  }
  get line(): number {
    return this.store.line[this.seq];
  }
  get provider(): ProviderFacts | null {
    return this.store.provider.size === 0 ? null : (this.store.provider.get(this.seq) ?? null);
  }
}
