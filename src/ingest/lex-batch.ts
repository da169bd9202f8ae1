// The one way a CSV file's lines reach the log: tokenized and lexed (`lexCsv`) into batches, in
// line order: plain rows as typed arrays of values (ids as Latin-1 bytes, strings as indexes
// into the batch's own small table), every other record as its fields, unreadable records as
// their reason. The main thread lexes the first part of a file (or all of a small one) and the
// CSV worker (`csv-worker.ts`) the rest of a large one; the log applies a batch the same way
// wherever it was lexed (`read.ts`), so the outcome is the same; only the work is split.
import { KIND_INDEX } from '../model/flags.js';
import { asTag, FNV_OFFSET, fnvStep } from '../model/hash.js';
import { Strings } from '../model/strings.js';
import { CsvTokenizer } from './csv.js';
import type { ColumnMap } from './fields.js';
import { ID, Lexed, plainLexer, TEXT_FIELDS } from './lexer.js';

/** The text fields a batch keeps as strings: all but the id. */
const STRINGS = TEXT_FIELDS.length - 1;

export const EVENT_PLAIN = 0;
export const EVENT_RECORD = 1;
export const EVENT_BROKEN = 2;

/** The typed arrays of a batch of `capacity` events. */
function arraysFor(capacity: number) {
  return {
    event: new Uint8Array(capacity),
    line: new Int32Array(capacity),
    ts: new Float64Array(capacity),
    contact: new Float64Array(capacity),
    /** -1 when the row names no business. */
    business: new Float64Array(capacity),
    /** Bit 0: outbound; bits 1-2: kind (index in MESSAGE_KINDS). */
    flags: new Uint8Array(capacity),
    /** The id is `idBytes[idStart, idEnd)`; its FNV-1a hash is `idHash`. */
    idStart: new Int32Array(capacity),
    idEnd: new Int32Array(capacity),
    idHash: new Uint32Array(capacity),
    idBytes: new Uint8Array(capacity * 24),
    /** The text fields but the id (`textOf`): indexes into the batch's strings, -1 for none. */
    texts: new Int32Array(capacity * STRINGS),
  };
}

export type BatchArrays = ReturnType<typeof arraysFor>;

export interface LexBatch extends BatchArrays {
  readonly count: number;
  readonly strings: readonly string[];
  /** The fields of each EVENT_RECORD, in order. */
  readonly records: readonly string[][];
  /** The reason and raw text of each EVENT_BROKEN, in order. */
  readonly broken: readonly (readonly [string, string])[];
  /** Bytes of the file read when the batch was sent. */
  readonly bytes: number;
}

/** Text field `f` (of TEXT_FIELDS, not the id) of event `i`: an index into its strings, or -1. */
export function textOf(batch: LexBatch, i: number, f: number): number {
  return batch.texts[i * STRINGS + f - 1];
}

/** The id of event `i` (a plain row), as a string. */
export function idOf(batch: LexBatch, i: number): string {
  const { idBytes } = batch;
  return Buffer.from(idBytes.buffer, idBytes.byteOffset + batch.idStart[i], batch.idEnd[i] - batch.idStart[i]).toString('latin1');
}

/** What to transfer (not copy) with the arrays. */
function buffersOf(arrays: BatchArrays): ArrayBuffer[] {
  return Object.values(arrays).map((a: ArrayBufferView) => a.buffer as ArrayBuffer);
}

/** Which of TEXT_FIELDS are words, kept lower-cased. */
const LOWER = Uint8Array.from(TEXT_FIELDS, (t) => (t.lower ? 1 : 0));

/** Collects one batch. */
export class BatchWriter {
  private a: BatchArrays = arraysFor(16_384);
  private n = 0;
  private idUsed = 0;
  private strings = new Strings();
  private records: string[][] = [];
  private broken: [string, string][] = [];

  get size(): number {
    return this.n;
  }

  /** A plain row; false when its id is not Latin-1 (the row then goes as a record). */
  addPlain(text: string, x: Lexed, line: number): boolean {
    const ranges = x.ranges;
    const idStart = ranges[2 * ID];
    const idLength = ranges[2 * ID + 1] - idStart;
    if (this.idUsed + idLength > this.a.idBytes.length) {
      const bigger = new Uint8Array(Math.max(this.a.idBytes.length * 2, this.idUsed + idLength));
      bigger.set(this.a.idBytes.subarray(0, this.idUsed));
      this.a.idBytes = bigger;
    }
    // One pass over the id: its bytes, its hash (hashRange's), and whether it is Latin-1.
    const bytes = this.a.idBytes;
    const at = this.idUsed;
    let h = FNV_OFFSET;
    for (let k = 0; k < idLength; k++) {
      const c = text.charCodeAt(idStart + k);
      if (c > 255) return false;
      bytes[at + k] = c;
      h = fnvStep(h, c);
    }
    const i = this.slot(EVENT_PLAIN, line);
    const a = this.a;
    a.ts[i] = x.ts;
    a.contact[i] = x.contact;
    a.business[i] = x.business;
    a.flags[i] = (x.outbound ? 1 : 0) | (KIND_INDEX[x.kind] << 1);
    a.idStart[i] = at;
    a.idEnd[i] = at + idLength;
    a.idHash[i] = asTag(h);
    this.idUsed = at + idLength;
    const strings = this.strings;
    const texts = a.texts;
    for (let f = 1; f < TEXT_FIELDS.length; f++) {
      const s = ranges[2 * f];
      const e = ranges[2 * f + 1];
      texts[i * STRINGS + f - 1] = LOWER[f] === 1 ? strings.range(text, s, e, true) : strings.range(text, s, e, false);
    }
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
    if (this.n === this.a.event.length) this.grow();
    const i = this.n++;
    this.a.event[i] = event;
    this.a.line[i] = line;
    return i;
  }

  /** Twice the events (the id bytes grow on their own). */
  private grow(): void {
    const bigger = arraysFor(this.a.event.length * 2);
    for (const name of Object.keys(bigger) as (keyof BatchArrays)[]) {
      if (name !== 'idBytes') bigger[name].set(this.a[name]);
    }
    bigger.idBytes = this.a.idBytes;
    this.a = bigger;
  }

  /** The batch so far, to be applied before anything else is written. */
  peek(bytes: number): LexBatch {
    return { ...this.a, count: this.n, strings: this.strings.values, records: this.records, broken: this.broken, bytes };
  }

  /** Empties the batch, keeping its arrays (a batch applied on this thread). */
  clear(): void {
    this.n = 0;
    this.idUsed = 0;
    this.strings = new Strings();
    this.records = [];
    this.broken = [];
  }

  /** The batch so far, and what to transfer with it (to another thread); the writer starts afresh. */
  take(bytes: number): { batch: LexBatch; transfer: ArrayBuffer[] } {
    const batch = this.peek(bytes);
    const transfer = buffersOf(this.a);
    this.a = arraysFor(16_384);
    this.clear();
    return { batch, transfer };
  }
}

/** How one CSV file's records are laid out: what the lexer needs of its header. */
export interface CsvLayout {
  readonly delimiter: string;
  /** The column of each canonical field, -1 when none (or a field joined from several). */
  readonly columns: ColumnMap;
  readonly width: number;
}

/**
 * A tokenizer that lexes every line it is given into `writer`: plain rows in place (when
 * `inPlace`), every other record as its fields, unreadable ones as their reason.
 */
export function lexCsv(writer: BatchWriter, layout: CsvLayout, firstLine: number, inPlace: boolean): CsvTokenizer {
  const lex = plainLexer(layout.columns, layout.width, layout.delimiter);
  const lexed = new Lexed();
  return new CsvTokenizer(
    layout.delimiter,
    {
      line: inPlace
        ? (text, start, end, line) => {
            const plain = lex(text, start, end, lexed);
            if (plain === 'quoted') return 'quoted';
            return plain && writer.addPlain(text, lexed, line) ? 'done' : 'split';
          }
        : undefined,
      record: (fields, line) => writer.addRecord(fields, line),
      broken: (line, reason, text) => writer.addBroken(line, reason, text),
    },
    firstLine,
  );
}
