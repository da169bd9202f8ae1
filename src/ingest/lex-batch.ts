// A CSV file's lines lexed apart from the log (in a worker thread, `csv-worker.ts`) travel to
// the log in batches, in line order: plain rows as typed arrays of values (ids as Latin-1
// bytes, strings as indexes into the batch's own small table), every other record as its
// fields, unreadable records as their reason. The log applies a batch as if it had read the
// lines itself (`read.ts`), so the outcome is the same; only the work is split.
import { KIND_INDEX, Strings } from '../model/store.js';
import type { Lexed } from './fast-row.js';

export const EVENT_PLAIN = 0;
export const EVENT_RECORD = 1;
export const EVENT_BROKEN = 2;

export interface LexBatch {
  readonly count: number;
  readonly event: Uint8Array;
  readonly line: Int32Array;
  readonly ts: Float64Array;
  readonly contact: Float64Array;
  /** -1 when the row names no business. */
  readonly business: Float64Array;
  /** Bit 0: outbound; bits 1-2: kind (index in MESSAGE_KINDS). */
  readonly flags: Uint8Array;
  readonly idStart: Int32Array;
  readonly idEnd: Int32Array;
  readonly idHash: Uint32Array;
  readonly idBytes: Uint8Array;
  /** Indexes into `strings`; -1 for none. Statuses and categories are lower-cased. */
  readonly status: Int32Array;
  readonly template: Int32Array;
  readonly category: Int32Array;
  readonly strings: readonly string[];
  /** The fields of each EVENT_RECORD, in order. */
  readonly records: readonly string[][];
  /** The reason and raw text of each EVENT_BROKEN, in order. */
  readonly broken: readonly (readonly [string, string])[];
  /** Bytes of the file read when the batch was sent. */
  readonly bytes: number;
}

/** Collects one batch. */
export class BatchWriter {
  private n = 0;
  private cap = 0;
  private event!: Uint8Array;
  private line!: Int32Array;
  private ts!: Float64Array;
  private contact!: Float64Array;
  private business!: Float64Array;
  private flags!: Uint8Array;
  private idStart!: Int32Array;
  private idEnd!: Int32Array;
  private idHash!: Uint32Array;
  private idBytes!: Uint8Array;
  private idUsed = 0;
  private status!: Int32Array;
  private template!: Int32Array;
  private category!: Int32Array;
  private strings!: Strings;
  private records!: string[][];
  private broken!: [string, string][];

  constructor() {
    this.reset();
  }

  /** Fresh arrays (the last ones went with a batch). */
  private reset(): void {
    const cap = (this.cap = 16_384);
    this.n = 0;
    this.event = new Uint8Array(cap);
    this.line = new Int32Array(cap);
    this.ts = new Float64Array(cap);
    this.contact = new Float64Array(cap);
    this.business = new Float64Array(cap);
    this.flags = new Uint8Array(cap);
    this.idStart = new Int32Array(cap);
    this.idEnd = new Int32Array(cap);
    this.idHash = new Uint32Array(cap);
    this.idBytes = new Uint8Array(cap * 24);
    this.idUsed = 0;
    this.status = new Int32Array(cap);
    this.template = new Int32Array(cap);
    this.category = new Int32Array(cap);
    this.strings = new Strings();
    this.records = [];
    this.broken = [];
  }

  get size(): number {
    return this.n;
  }

  /** A plain row; false when its id is not Latin-1 (the row then goes as a record). */
  addPlain(text: string, x: Lexed, line: number): boolean {
    const idLength = x.idEnd - x.idStart;
    if (this.idUsed + idLength > this.idBytes.length) {
      const bigger = new Uint8Array(Math.max(this.idBytes.length * 2, this.idUsed + idLength));
      bigger.set(this.idBytes.subarray(0, this.idUsed));
      this.idBytes = bigger;
    }
    // One pass over the id: its bytes, its hash (hashRange's), and whether it is Latin-1.
    const bytes = this.idBytes;
    const at = this.idUsed;
    let h = 0x811c9dc5;
    for (let k = 0; k < idLength; k++) {
      const c = text.charCodeAt(x.idStart + k);
      if (c > 255) return false;
      bytes[at + k] = c;
      h = Math.imul(h ^ c, 0x01000193);
    }
    const i = this.slot(EVENT_PLAIN, line);
    this.ts[i] = x.ts;
    this.contact[i] = x.contact;
    this.business[i] = x.business;
    this.flags[i] = (x.outbound ? 1 : 0) | (KIND_INDEX[x.kind] << 1);
    this.idStart[i] = at;
    this.idEnd[i] = at + idLength;
    this.idHash[i] = h >>> 0 || 1;
    this.idUsed = at + idLength;
    this.status[i] = this.strings.range(text, x.statusStart, x.statusEnd, true);
    this.template[i] = this.strings.range(text, x.templateStart, x.templateEnd, false);
    this.category[i] = this.strings.range(text, x.categoryStart, x.categoryEnd, true);
    return true;
  }

  addRecord(fields: string[], line: number): void {
    this.slot(EVENT_RECORD, line);
    this.records.push(fields);
  }

  addBroken(line: number, reason: string, text: string): void {
    this.slot(EVENT_BROKEN, line);
    this.broken.push([reason, text]);
  }

  private slot(event: number, line: number): number {
    if (this.n === this.cap) this.grow();
    const i = this.n++;
    this.event[i] = event;
    this.line[i] = line;
    return i;
  }

  private grow(): void {
    const cap = this.cap * 2;
    const more = <A extends Uint8Array | Int32Array | Uint32Array | Float64Array>(a: A, b: A): A => {
      b.set(a);
      return b;
    };
    this.event = more(this.event, new Uint8Array(cap));
    this.line = more(this.line, new Int32Array(cap));
    this.ts = more(this.ts, new Float64Array(cap));
    this.contact = more(this.contact, new Float64Array(cap));
    this.business = more(this.business, new Float64Array(cap));
    this.flags = more(this.flags, new Uint8Array(cap));
    this.idStart = more(this.idStart, new Int32Array(cap));
    this.idEnd = more(this.idEnd, new Int32Array(cap));
    this.idHash = more(this.idHash, new Uint32Array(cap));
    this.status = more(this.status, new Int32Array(cap));
    this.template = more(this.template, new Int32Array(cap));
    this.category = more(this.category, new Int32Array(cap));
    this.cap = cap;
  }

  /** The batch so far (its arrays handed over: the writer starts afresh), and what to transfer. */
  take(bytes: number): { batch: LexBatch; transfer: ArrayBuffer[] } {
    const batch: LexBatch = {
      count: this.n,
      event: this.event,
      line: this.line,
      ts: this.ts,
      contact: this.contact,
      business: this.business,
      flags: this.flags,
      idStart: this.idStart,
      idEnd: this.idEnd,
      idHash: this.idHash,
      idBytes: this.idBytes,
      status: this.status,
      template: this.template,
      category: this.category,
      strings: this.strings.values,
      records: this.records,
      broken: this.broken,
      bytes,
    };
    const transfer = [
      this.event,
      this.line,
      this.ts,
      this.contact,
      this.business,
      this.flags,
      this.idStart,
      this.idEnd,
      this.idHash,
      this.idBytes,
      this.status,
      this.template,
      this.category,
    ].map((a) => a.buffer as ArrayBuffer);
    this.reset();
    return { batch, transfer };
  }
}
