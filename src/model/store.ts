// The log's messages in columns. A message is a position in typed arrays (positions follow the
// input order): time, key, direction/kind/status class, interned status, template and category,
// file and line, duplicate count; its id is bytes in one arena. Millions of messages are then a
// few flat arrays instead of millions of objects holding strings: a compact heap that the
// collector does not have to walk, and indexes that compare numbers. Keys and strings are
// numbered by `Keys` and `Strings`; `stored-log.ts` makes messages of the store as objects.
import { classRank, DIRECTION_OF, KIND_UNKNOWN, kindCode } from './flags.js';
import { hashText } from './hash.js';
import { HashTable } from './hash-table.js';
import { grown, Keys } from './keys.js';
import { type Message, MESSAGE_KINDS, type ProviderFacts, STATUS_CLASSES } from './message.js';
import { own, Strings } from './strings.js';

/** Every message of a log, by position. Written by the ingest, read by the replay and report. */
/** The business of a row that names none. */
export const NO_BUSINESS = '-';

/** What `joinLoneBusiness` did. */
export interface BusinessJoin {
  readonly joined: number;
  readonly keysWithout: number;
}

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
  /** Latin-1 bytes of an id looked up by text (`findIdRange`). */
  private scratch = new Uint8Array(64);
  /** Ids with a character beyond Latin-1, and ids made up for rows that had none. */
  private readonly idText = new Map<number, string>();
  /** Messages by the hash of their id. */
  private readonly ids = new HashTable(1024);
  readonly provider = new Map<number, ProviderFacts>();
  /** Inbound messages from an ad or a Page call-to-action (pricing.md, "Entry point"): few, so a set. */
  readonly entryPoints = new Set<number>();
  readonly strings = new Strings();
  readonly keys = new Keys();
  readonly files: string[] = [];
  private grouped: { readonly order: Int32Array; readonly start: Int32Array } | null = null;

  /** A new message; its id is set by `setId` or `indexId`/`indexIdRange`/`indexIdBytes`. */
  add(ts: number, key: number, flags: number, status: number, template: number, category: number, file: number, line: number): number {
    const i = this.count;
    if (i >= this.ts.length) this.resize(Math.ceil(this.ts.length * 1.5));
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

  /**
   * Rows that name no business (`-`) beside rows that name one: when the log names exactly one
   * business they are its rows, and their messages move to its keys. How many messages moved,
   * and (when they could not move: several businesses) how many keys have no business.
   */
  joinLoneBusiness(): BusinessJoin {
    const keys = this.keys;
    const named = new Set<string>();
    let without = 0;
    for (let k = 0; k < keys.count; k++) {
      if (keys.sizes[k] === 0) continue;
      if (keys.business[k] === NO_BUSINESS) without++;
      else named.add(keys.business[k]);
    }
    if (without === 0 || named.size !== 1) return { joined: 0, keysWithout: named.size === 0 ? 0 : without };
    const b = keys.businessId([...named][0]);
    const count = keys.count;
    const to = new Int32Array(count);
    for (let k = 0; k < count; k++) {
      to[k] = keys.business[k] === NO_BUSINESS && keys.sizes[k] > 0 ? keys.keyOf(b, keys.contact[k]) : k;
    }
    let joined = 0;
    for (let i = 0; i < this.count; i++) {
      const k = this.key[i];
      const t = to[k];
      if (t === k) continue;
      this.key[i] = t;
      keys.sizes[k]--;
      keys.sizes[t]++;
      joined++;
    }
    return { joined, keysWithout: 0 };
  }

  /** Makes room for `more` messages beyond those held (and their ids, at the length so far). */
  reserve(more: number): void {
    const n = this.count + more;
    if (n > this.ts.length) this.resize(n);
    this.ids.reserve(n);
    if (this.count > 0) {
      const bytes = Math.ceil((this.arenaUsed / this.count) * n * 1.03);
      if (bytes > this.arena.length) this.resizeArena(bytes);
    }
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
   * million messages, a third of the store's memory), the ids' unless `keepIds` (`findId` then
   * still finds them). Nothing can be added afterwards.
   */
  seal(keepIds = false): void {
    if (!keepIds) this.ids.seal();
    this.keys.seal();
    if (this.entryPoints.size > 0) {
      const bits = new Uint8Array(this.count);
      for (const i of this.entryPoints) bits[i] = 1;
      this.entryPointBits = bits;
    }
  }

  /** Whether message `i` came from an entry point (a byte a message once sealed: the replay asks of every inbound one). */
  isEntryPoint(i: number): boolean {
    const bits = this.entryPointBits;
    return bits === null ? this.entryPoints.has(i) : bits[i] === 1;
  }
  private entryPointBits: Uint8Array | null = null;

  /** Sets an id that is not indexed (one made up for a row without an id). */
  setId(i: number, id: string): void {
    this.idLength[i] = -1;
    this.idText.set(i, id);
  }

  /** Whether ids can still be found (`findId`): the log was sealed keeping them. */
  get findsIds(): boolean {
    return !this.ids.sealed;
  }

  findId(id: string): number {
    return this.findIdRange(id, 0, id.length, hashText(id));
  }

  indexId(i: number, id: string): void {
    this.indexIdRange(i, id, 0, id.length, hashText(id));
  }

  /** The message whose id is `text[start, end)`, with that range's `hashRange`; -1 if none. */
  findIdRange(text: string, start: number, end: number, tag: number): number {
    const n = end - start;
    if (this.scratch.length < n) this.scratch = new Uint8Array(n * 2);
    const bytes = this.scratch;
    for (let k = 0; k < n; k++) {
      const c = text.charCodeAt(start + k);
      if (c > 255) return this.findWideId(text.slice(start, end), tag);
      bytes[k] = c;
    }
    return this.findIdBytes(bytes, 0, n, tag);
  }

  /** Touches the index entry where a look-up of an id with tag `tag` starts (`HashTable.touch`). */
  touchId(tag: number): number {
    return this.ids.touch(tag);
  }

  /** The message whose id is the Latin-1 `bytes[start, end)`, with their `hashRange` tag; -1 if none. */
  findIdBytes(bytes: Uint8Array, start: number, end: number, tag: number): number {
    const ids = this.ids;
    for (let p = ids.seek(tag); p >= 0; p = ids.next(p, tag)) {
      const m = ids.valueAt(p);
      if (this.idEqualsBytes(m, bytes, start, end)) return m;
    }
    return -1;
  }

  /** The message under `tag` whose id, beyond Latin-1, is kept as the string `id`. */
  private findWideId(id: string, tag: number): number {
    const ids = this.ids;
    let p = ids.seek(tag);
    while (p >= 0 && this.idText.get(ids.valueAt(p)) !== id) p = ids.next(p, tag);
    return p < 0 ? -1 : ids.valueAt(p);
  }

  /** Gives message `i` the id `text[start, end)` and indexes it under `tag` (its `hashRange`). */
  indexIdRange(i: number, text: string, start: number, end: number, tag: number): void {
    const n = end - start;
    let latin1 = true;
    for (let k = start; k < end && latin1; k++) latin1 = text.charCodeAt(k) < 256;
    if (latin1) {
      const a = this.room(n);
      const at = this.arenaUsed;
      for (let k = 0; k < n; k++) a[at + k] = text.charCodeAt(start + k);
      this.placeId(i, at, n);
    } else this.setId(i, own(text.slice(start, end)));
    this.ids.add(tag, i);
  }

  /** Gives message `i` the id of Latin-1 `bytes[start, end)` and indexes it under `tag`. */
  indexIdBytes(i: number, bytes: Uint8Array, start: number, end: number, tag: number): void {
    const n = end - start;
    this.room(n).set(bytes.subarray(start, end), this.arenaUsed);
    this.placeId(i, this.arenaUsed, n);
    this.ids.add(tag, i);
  }

  /** The arena, with room for `n` more bytes. */
  private room(n: number): Buffer {
    if (this.arenaUsed + n > this.arena.length) this.resizeArena(Math.max(Math.ceil(this.arena.length * 1.5), this.arenaUsed + n));
    return this.arena;
  }

  private placeId(i: number, at: number, n: number): void {
    this.idStart[i] = at;
    this.idLength[i] = n;
    this.arenaUsed = at + n;
  }

  private idEqualsBytes(i: number, bytes: Uint8Array, start: number, end: number): boolean {
    const n = this.idLength[i];
    if (n !== end - start) return false; // ids kept as strings (-1) are beyond Latin-1: never equal
    const a = this.arena;
    const at = this.idStart[i];
    for (let k = 0; k < n; k++) if (a[at + k] !== bytes[start + k]) return false;
    return true;
  }

  id(i: number): string {
    const n = this.idLength[i];
    if (n < 0) return this.idText.get(i) as string;
    return this.arena.toString('latin1', this.idStart[i], this.idStart[i] + n);
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
    const strings = this.strings;
    return {
      id: this.id(i),
      business: this.keys.business[k],
      contact: this.keys.contact[k],
      ts: this.ts[i],
      direction: DIRECTION_OF[f & 1],
      kind: MESSAGE_KINDS[kindCode(f)],
      status: strings.at(this.status[i]),
      statusClass: STATUS_CLASSES[classRank(f)],
      templateName: strings.at(this.template[i]),
      category: strings.at(this.category[i]),
      seq: i,
      position: i,
      duplicates: this.duplicates[i],
      file: this.files[this.file[i]],
      line: this.line[i],
      provider: this.provider.size === 0 ? null : (this.provider.get(i) ?? null),
      entryPoint: this.isEntryPoint(i),
    };
  }

  /**
   * Reads the instant and flags of key `k`'s messages (what a message view reads first) and
   * returns their sum: a replay that touches the next key while it replays this one finds the
   * next key's messages in the cache (`HashTable.touch`).
   */
  touchKey(k: number): number {
    const { order, start } = this.groups();
    let sum = 0;
    for (let j = start[k]; j < start[k + 1]; j++) {
      const i = order[j];
      sum += this.ts[i] + this.flags[i];
    }
    return sum;
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
  private groups(): { readonly order: Int32Array; readonly start: Int32Array } {
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
