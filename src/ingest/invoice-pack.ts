// An invoice as read, packed to cross from a worker thread to the main one (`invoice-worker.ts`):
// its itemised lines in columns (typed arrays, distinct texts once), amounts as their exact
// decimal text (a structured clone would turn a decimal into a plain object), the rest as is.
import type { InvoiceBucketLine, InvoiceFile, InvoiceLine, OtherCharge } from '../model/invoice.js';
import { type Amount, AmountMemo, amountText } from '../model/money.js';

type Plain<T extends { readonly amount: Amount | null }> = Omit<T, 'amount'> & { readonly amount: string | null };

export interface PackedInvoice {
  readonly facts: Omit<InvoiceFile, 'lines' | 'buckets' | 'other'>;
  readonly buckets: readonly Plain<InvoiceBucketLine>[];
  readonly other: readonly Plain<OtherCharge>[];
  readonly lines: PackedLines;
}

/** Itemised lines in columns; `-1` (or NaN for `at`) where a line has no value. */
interface PackedLines {
  readonly n: number;
  readonly line: Int32Array;
  readonly at: Float64Array;
  readonly scale: Int32Array;
  /** Each column's values: an index into `texts`, -1 for none. */
  readonly id: Int32Array;
  readonly business: Int32Array;
  readonly contact: Int32Array;
  readonly chargeClass: Int32Array;
  readonly amount: Int32Array;
  readonly currency: Int32Array;
  /** Every text, separated by U+0000 (which no cell holds once read). */
  readonly texts: string;
}

/** The buffers a packed invoice can hand over rather than copy. */
export function transferables(p: PackedInvoice): ArrayBuffer[] {
  const l = p.lines;
  return [l.line, l.at, l.scale, l.id, l.business, l.contact, l.chargeClass, l.amount, l.currency].map((a) => a.buffer as ArrayBuffer);
}

const plain = <T extends { readonly amount: Amount | null }>(x: T): Plain<T> => ({ ...x, amount: x.amount === null ? null : amountText(x.amount) });

export function packInvoice(f: InvoiceFile): PackedInvoice {
  const n = f.lines.length;
  const texts: string[] = [];
  const distinct = new Map<string, number>();
  // Ids are distinct per line, mostly: only the repeating texts are looked up.
  const text = (s: string | null | undefined, repeats: boolean): number => {
    if (s == null) return -1;
    if (!repeats) return texts.push(s) - 1;
    let i = distinct.get(s);
    if (i === undefined) distinct.set(s, (i = texts.push(s) - 1));
    return i;
  };
  const cols = {
    line: new Int32Array(n),
    at: new Float64Array(n),
    scale: new Int32Array(n),
    id: new Int32Array(n),
    business: new Int32Array(n),
    contact: new Int32Array(n),
    chargeClass: new Int32Array(n),
    amount: new Int32Array(n),
    currency: new Int32Array(n),
  };
  f.lines.forEach((l, i) => {
    cols.line[i] = l.line;
    cols.at[i] = l.at ?? NaN;
    cols.scale[i] = l.scale;
    cols.id[i] = text(l.id, false);
    cols.business[i] = text(l.business, true);
    cols.contact[i] = text(l.contact, false);
    cols.chargeClass[i] = text(l.chargeClass, true);
    cols.amount[i] = text(l.amount === null ? null : amountText(l.amount), true);
    cols.currency[i] = text(l.currency, true);
  });
  const { lines: _lines, buckets, other, ...facts } = f;
  return { facts, buckets: buckets.map(plain), other: other.map(plain), lines: { n, ...cols, texts: texts.join('\u0000') } };
}

/** The invoice again; amounts written without a currency take `currency`. */
export function unpackInvoice(p: PackedInvoice, currency: string | null): InvoiceFile {
  const memo = new AmountMemo();
  const money = (s: string | null): Amount | null => (s === null ? null : memo.parse(s));
  const texts = p.lines.texts.split('\u0000');
  const at = (i: number): string | null => (i < 0 ? null : texts[i]);
  const { facts } = p;
  const l = p.lines;
  const lines: InvoiceLine[] = new Array(l.n);
  for (let i = 0; i < l.n; i++) {
    lines[i] = {
      file: facts.file,
      line: l.line[i],
      id: at(l.id[i]),
      business: at(l.business[i]),
      contact: at(l.contact[i]),
      at: Number.isNaN(l.at[i]) ? null : l.at[i],
      chargeClass: at(l.chargeClass[i]),
      amount: money(at(l.amount[i])),
      currency: at(l.currency[i]) ?? currency,
      scale: l.scale[i],
    };
  }
  return {
    ...facts,
    lines,
    buckets: p.buckets.map((b) => ({ ...b, amount: money(b.amount), currency: b.currency ?? currency })),
    other: p.other.map((o) => ({ ...o, amount: money(o.amount), currency: o.currency ?? currency })),
  };
}
