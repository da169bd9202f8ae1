// The one lexer of a plain CSV line: the common row of a canonical export, read in place. A
// quote-free line is scanned once for its delimiters; its timestamp, direction and phone numbers
// are read from the text without cutting them out, and its strings are left as ranges. It looks
// nothing up, so it runs alike on the main thread and in the CSV worker (`lex-batch.ts` carries
// what it reads to the log). A row that is not of that plain shape (an unusual timestamp, a
// word to fold, padding, a missing field...) is handed to the general path, which decides it as
// always: the lexer changes speed, never outcomes (test/ingest.lexer.test.ts compares the two).
import type { MessageKind } from '../model/message.js';
import { phoneValueAt } from '../model/vocabulary.js';
import { instantAt } from '../model/time.js';
import type { ColumnMap } from './fields.js';
import { kindOf } from './rows.js';


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
 * The text fields of a plain row, in the order of `Lexed.ranges`; `lower` ones are words, kept
 * lower-cased. A new text field of the store is one more entry here (and its column).
 */
export const TEXT_FIELDS = [
  { field: 'id', lower: false },
  { field: 'status', lower: true },
  { field: 'template', lower: false },
  { field: 'category', lower: true },
] as const;
export const ID = 0;
export const STATUS = 1;
export const TEMPLATE = 2;
export const CATEGORY = 3;

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
  /** Where each of TEXT_FIELDS is in the line: `[2k, 2k + 1)`; an empty range for none. */
  readonly ranges = new Int32Array(2 * TEXT_FIELDS.length);
}

/** Lexes one line into `out`: true for a plain row, false for any other, 'quoted' for a quote. */
export type PlainLexer = (text: string, start: number, end: number, out: Lexed) => boolean | 'quoted';

/** The lexer for one CSV header's canonical columns. */
export function plainLexer(columns: ColumnMap, width: number, delimiter: string): PlainLexer {
  const delim = delimiter.charCodeAt(0);
  const at = new Int32Array(width + 1);
  const col = columns;
  const textColumns = Int32Array.from(TEXT_FIELDS, (t) => columns[t.field]);
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
    // An entry point (rare: inbound rows from an ad) takes the general path, which reads it.
    if (col.entry_point >= 0 && at[col.entry_point + 1] - 1 > at[col.entry_point]) return false;

    const ts = instantAt(text, at[col.timestamp], at[col.timestamp + 1] - 1, null);
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
    // The text fields, left as ranges: padding would need the general path's trimming.
    const ranges = out.ranges;
    for (let f = 0; f < textColumns.length; f++) {
      const c = textColumns[f];
      let s = 0;
      let e = 0;
      if (c >= 0) {
        s = at[c];
        e = at[c + 1] - 1;
        if (padded(text, s, e)) return false;
      }
      ranges[2 * f] = s;
      ranges[2 * f + 1] = e;
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
