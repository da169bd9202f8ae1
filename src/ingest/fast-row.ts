// The common row of a large canonical CSV export, read in place. A quote-free line is scanned
// once for its delimiters; its timestamp, direction and phone numbers are read from the text
// without cutting them out, and only the message id becomes a new string. A row that is not of
// that plain shape (an unusual timestamp, a word to fold, padding, a missing field...) is handed
// to the general path, which decides it as always: this reader changes speed, never outcomes
// (test/ingest.fast-row.test.ts compares the two on generated rows).
import { type Direction, MESSAGE_KINDS, type MessageKind, STATUS_CLASSES, type StatusClass } from '../model/message.js';
import { classRank, flagsOf, KIND_INDEX, kindCode, MessageStore } from '../model/store.js';
import { phoneValueAt } from '../model/vocabulary.js';
import { MINUTE_MS } from '../model/time.js';
import type { ColumnMap } from './fields.js';
import { kindOf } from './rows.js';

const DIGIT0 = 48;
const QUOTE = 34;

/** Reads one line in place; `null` means "not a plain row: use the general path". */
export type FastRow = (text: string, start: number, end: number, line: number) => PlainRow | null | 'quoted';

/**
 * A plain row as read in place: numbers, and positions in the text (the id). One object is
 * reused for every row of a file; its strings are there to look at (tests, messages), never
 * made on the hot path.
 */
export class PlainRow {
  text = '';
  line = 0;
  ts = 0;
  flags = 0;
  key = 0;
  statusId = -1;
  templateId = -1;
  categoryId = -1;
  idStart = 0;
  idEnd = 0;

  constructor(private readonly store: MessageStore) {}

  get id(): string {
    return this.text.slice(this.idStart, this.idEnd);
  }
  get business(): string {
    return this.store.keys.business[this.key];
  }
  get contact(): string {
    return this.store.keys.contact[this.key];
  }
  get direction(): Direction {
    return (this.flags & 1) === 1 ? 'outbound' : 'inbound';
  }
  get kind(): MessageKind {
    return MESSAGE_KINDS[kindCode(this.flags)];
  }
  get status(): string | null {
    return this.store.strings.at(this.statusId);
  }
  get statusClass(): StatusClass {
    return STATUS_CLASSES[classRank(this.flags)];
  }
  get templateName(): string | null {
    return this.store.strings.at(this.templateId);
  }
  get category(): string | null {
    return this.store.strings.at(this.categoryId);
  }
}

function digits(text: string, i: number, n: number): number {
  let v = 0;
  for (let k = 0; k < n; k++) {
    const c = text.charCodeAt(i + k) - DIGIT0;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}

const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * `yyyy-MM-ddTHH:mm:ss` followed by `Z` or `±hh:mm`, or epoch digits; NaN for anything else
 * (the general parser then reads it, or says why it cannot).
 */
function instantAt(text: string, start: number, end: number): number {
  const n = end - start;
  // Epoch digits: up to 15, so that the value is exact as the general parser's Number() is.
  if (n >= 1 && n <= 15) {
    const v = digits(text, start, n);
    if (v >= 0) return v >= 1e11 ? v : v * 1000;
  }
  if (n !== 20 && n !== 25) return NaN;
  const y = digits(text, start, 4);
  const mo = digits(text, start + 5, 2);
  const d = digits(text, start + 8, 2);
  const h = digits(text, start + 11, 2);
  const mi = digits(text, start + 14, 2);
  const s = digits(text, start + 17, 2);
  if (
    y < 0 ||
    text.charCodeAt(start + 4) !== 45 ||
    text.charCodeAt(start + 7) !== 45 ||
    text.charCodeAt(start + 10) !== 84 ||
    text.charCodeAt(start + 13) !== 58 ||
    text.charCodeAt(start + 16) !== 58 ||
    mo < 1 ||
    mo > 12 ||
    d < 1 ||
    h < 0 ||
    h > 23 ||
    mi < 0 ||
    mi > 59 ||
    s < 0 ||
    s > 59
  ) {
    return NaN;
  }
  const leap = mo === 2 && ((y % 4 === 0 && y % 100 !== 0) || y % 400 === 0);
  if (d > DAYS[mo - 1] + (leap ? 1 : 0)) return NaN;
  const wall = (daysFromCivil(y, mo, d) * 86_400 + h * 3600 + mi * 60 + s) * 1000;
  if (n === 20) return text.charCodeAt(start + 19) === 90 ? wall : NaN;
  const sign = text.charCodeAt(start + 19);
  const oh = digits(text, start + 20, 2);
  const om = digits(text, start + 23, 2);
  if ((sign !== 43 && sign !== 45) || text.charCodeAt(start + 22) !== 58 || oh < 0 || oh > 18 || om < 0 || om > 59) {
    return NaN;
  }
  return wall - (sign === 45 ? -1 : 1) * (oh * 60 + om) * MINUTE_MS;
}

/** Days from 1970-01-01 to a proleptic Gregorian date (H. Hinnant's algorithm): no Date. */
function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

function equalsAt(text: string, start: number, end: number, word: string): boolean {
  if (end - start !== word.length) return false;
  for (let i = 0; i < word.length; i++) if (text.charCodeAt(start + i) !== word.charCodeAt(i)) return false;
  return true;
}

/** Whether the range has surrounding spaces the general path would trim. */
function padded(text: string, start: number, end: number): boolean {
  return end > start && (text.charCodeAt(start) <= 32 || text.charCodeAt(end - 1) <= 32);
}

/**
 * What `plainLexer` reads from a plain row: its values, and where its strings are in the text.
 * No look-up is made, so lexing can run apart from the log (in a worker thread).
 */
export class Lexed {
  ts = 0;
  /** The contact's value as a phone number. */
  contact = 0;
  contactStart = 0;
  contactEnd = 0;
  /** The business's value as a phone number; -1 when the row names none. */
  business = -1;
  businessStart = 0;
  businessEnd = 0;
  outbound = false;
  kind: MessageKind = 'free_form';
  /** Empty ranges for absent values. */
  idStart = 0;
  idEnd = 0;
  statusStart = 0;
  statusEnd = 0;
  templateStart = 0;
  templateEnd = 0;
  categoryStart = 0;
  categoryEnd = 0;
}

/** Lexes one line into `out`: true for a plain row, false for any other, 'quoted' for a quote. */
export type PlainLexer = (text: string, start: number, end: number, out: Lexed) => boolean | 'quoted';

/** The lexer for one CSV header's canonical columns. */
export function plainLexer(columns: ColumnMap, width: number, delimiter: string): PlainLexer {
  const delim = delimiter.charCodeAt(0);
  const at = new Int32Array(width + 1);
  const col = columns;
  // The next quote character at or after the last line read, found once for many lines.
  let quoteText = '';
  let quoteAt = -1;
  return (text, start, end, out) => {
    if (text !== quoteText || (quoteAt >= 0 && quoteAt < start)) {
      quoteText = text;
      quoteAt = text.indexOf('"', start);
    }
    if (quoteAt >= 0 && quoteAt < end) return 'quoted';
    // Field boundaries: field k spans [at[k], at[k + 1] - 1).
    at[0] = start;
    let from = start;
    for (let f = 1; f < width; f++) {
      const d = text.indexOf(delimiter, from);
      if (d < 0 || d >= end) return false;
      at[f] = from = d + 1;
    }
    const extra = text.indexOf(delimiter, from);
    if (extra >= 0 && extra < end) return false;
    at[width] = end + 1;
    if (col.error_code >= 0 && at[col.error_code + 1] - 1 > at[col.error_code]) return false;

    const ts = instantAt(text, at[col.timestamp], at[col.timestamp + 1] - 1);
    if (Number.isNaN(ts)) return false;
    const cs = at[col.contact];
    const ce = at[col.contact + 1] - 1;
    const contact = phoneValueAt(text, cs, ce);
    if (contact < 0) return false;
    let bs = 0;
    let be = 0;
    let business = -1;
    if (col.business >= 0) {
      bs = at[col.business];
      be = at[col.business + 1] - 1;
      if (be > bs) {
        business = phoneValueAt(text, bs, be);
        if (business < 0) return false;
      }
    }
    const ds = at[col.direction];
    const de = at[col.direction + 1] - 1;
    const outbound = equalsAt(text, ds, de, 'outbound');
    if (!outbound && !equalsAt(text, ds, de, 'inbound')) return false;
    const tStart = at[col.type];
    const tEnd = at[col.type + 1] - 1;
    if (tEnd === tStart || padded(text, tStart, tEnd)) return false;
    out.kind = !outbound
      ? 'free_form'
      : equalsAt(text, tStart, tEnd, 'template')
        ? 'template'
        : equalsAt(text, tStart, tEnd, 'text')
          ? 'free_form'
          : kindOf(text.slice(tStart, tEnd));
    out.idStart = out.idEnd = 0;
    if (col.id >= 0) {
      const s = at[col.id];
      const e = at[col.id + 1] - 1;
      if (padded(text, s, e)) return false;
      out.idStart = s;
      out.idEnd = e;
    }
    out.statusStart = out.statusEnd = out.templateStart = out.templateEnd = out.categoryStart = out.categoryEnd = 0;
    if (col.status >= 0) {
      const s = at[col.status];
      const e = at[col.status + 1] - 1;
      if (padded(text, s, e)) return false;
      out.statusStart = s;
      out.statusEnd = e;
    }
    if (col.template >= 0) {
      const s = at[col.template];
      const e = at[col.template + 1] - 1;
      if (padded(text, s, e)) return false;
      out.templateStart = s;
      out.templateEnd = e;
    }
    if (col.category >= 0) {
      const s = at[col.category];
      const e = at[col.category + 1] - 1;
      if (padded(text, s, e)) return false;
      out.categoryStart = s;
      out.categoryEnd = e;
    }
    out.ts = ts;
    out.contact = contact;
    out.contactStart = cs;
    out.contactEnd = ce;
    out.business = business;
    out.businessStart = bs;
    out.businessEnd = be;
    out.outbound = outbound;
    return true;
  };
}

/**
 * A reader for one CSV header's canonical columns: the lexer, then the look-ups of keys and
 * strings in `store` (the log's), where the row is then added by the log.
 */
export function fastRowReader(columns: ColumnMap, width: number, delimiter: string, store = new MessageStore()): FastRow {
  const lex = plainLexer(columns, width, delimiter);
  const lexed = new Lexed();
  const keys = store.keys;
  const strings = store.strings;
  const row = new PlainRow(store);
  const noBusiness = keys.businessId('-');
  return (text, start, end, line) => {
    const plain = lex(text, start, end, lexed);
    if (plain !== true) return plain === 'quoted' ? 'quoted' : null;
    const x = lexed;
    const status = strings.range(text, x.statusStart, x.statusEnd, true);
    const b = x.business < 0 ? noBusiness : keys.businessAt(text, x.businessStart, x.businessEnd, x.business);
    row.text = text;
    row.line = line;
    row.ts = x.ts;
    row.flags = flagsOf(x.outbound, KIND_INDEX[x.kind], status < 0 ? 0 : strings.ranks[status]);
    row.key = keys.keyAt(b, x.contact, text, x.contactStart, x.contactEnd);
    row.statusId = status;
    row.templateId = strings.range(text, x.templateStart, x.templateEnd, false);
    row.categoryId = strings.range(text, x.categoryStart, x.categoryEnd, true);
    row.idStart = x.idStart;
    row.idEnd = x.idEnd;
    return row;
  };
}
