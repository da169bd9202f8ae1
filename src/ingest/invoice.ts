// Invoices (reconcile.md, "Invoice inputs"): a file is told apart by its shape. JSON is Meta's
// analytics (`invoice-analytics.ts`); a CSV is itemised by message (a message id column), by
// conversation or session (a contact and a time) or a summary (a class and a count), its headers
// matched like a log's or named by `--invoice-map`. Classes are read through the invoice words,
// money through `invoice-money.ts` with the decimal mark settled per file, slash dates with the
// day/month order settled per file, the sign of charges settled per file. Lines that are not
// message charges (taxes, fees, credits) are kept apart; a line that cannot be read is rejected
// with its file, line and reason: none is dropped in silence.
import { InputError } from '../model/errors.js';
import type { InvoiceBucketLine, InvoiceFile, InvoiceLine, InvoiceRejection, OtherCharge } from '../model/invoice.js';
import { calendarDay, DATE_FORMATS, parseMonth, type DayOrder, dateStartAt, parseSlashDate, parseTimestamp, resolveSlashDate, slashEvidence, startOfDate, type TimeZone } from '../model/time.js';
import { fold, normaliseAddress } from '../model/vocabulary.js';
import { type CsvRecord, csvRecords, eachCsvRecord, eachPlainLine, hasQuotes } from './csv.js';
import { headerKey } from './fields.js';
import { readAnalytics } from './invoice-analytics.js';
import type { InvoiceField } from './invoice-map.js';
import { amountWith, type DecimalMark, moneyCell, settleFileMark, settleSign, turned } from './invoice-money.js';
import { CLASS_HINT, classOf, CONVERSATION_COUNTS, foldEntryPoint, INVOICE_COLUMNS, type InvoiceOptions, isOtherCharge, PRICING_HINT, pricingOf } from './invoice-words.js';

export type { InvoiceOptions } from './invoice-words.js';

/** Reads one invoice file of any kind. */
export function readInvoice(file: string, text: string, options: InvoiceOptions): InvoiceFile {
  const body = text.replace(/^\uFEFF/, '');
  return /^\s*[{[]/.test(body) ? readAnalytics(file, body, options) : readInvoiceCsv(file, body, options);
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** `f` computed once per distinct argument. */
function once<R>(f: (text: string) => R): (text: string) => R {
  const seen = new Map<string, R>();
  return (text) => {
    if (seen.has(text)) return seen.get(text) as R;
    const r = f(text);
    seen.set(text, r);
    return r;
  };
}

/** What a date cell covers: an instant (`to` null) or a day or month [from, to). */
interface When {
  readonly from: number;
  readonly to: number | null;
}

const SLASH_DAY = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;

/** A date cell: `yyyy-MM` (a month), `yyyy-MM-dd` or `dd/MM/yyyy` (a day), or an instant. */
function whenOf(raw: string, zone: TimeZone, order: DayOrder | null): When | string {
  // The common case first: an ISO 8601 date-time.
  if (raw.length >= 16 && raw.charCodeAt(4) === 45 && (raw.charCodeAt(10) === 84 || raw.charCodeAt(10) === 32)) {
    const r = parseTimestamp(raw, zone);
    return r.ok ? { from: r.ms, to: null } : r.reason;
  }
  // A month: `yyyy-MM`, or `MM/yyyy` as Brazilian invoices write the competência.
  const slashMonth = /^(\d{1,2})\/(\d{4})$/.exec(raw);
  if (slashMonth !== null || /^\d{4}-\d{2}$/.test(raw)) {
    return parseMonth(slashMonth === null ? raw : `${slashMonth[2]}-${slashMonth[1].padStart(2, '0')}`, zone) ?? `bad month '${raw}'`;
  }
  const day = dateStartAt(raw, zone);
  if (!Number.isNaN(day)) return { from: day, to: nextDay(raw.trim(), zone) };
  const slashDay = SLASH_DAY.test(raw);
  const slash = parseSlashDate(slashDay ? `${raw} 00:00` : raw);
  if (slash !== null) {
    if (order === null) return `bad date '${raw}'`;
    const r = resolveSlashDate(slash, order, zone, raw);
    if (!r.ok) return r.reason;
    if (!slashDay) return { from: r.ms, to: null };
    const [d, m] = order === 'dmy' ? [slash.a, slash.b] : [slash.b, slash.a];
    return { from: r.ms, to: startOfDate(slash.year, m, d + 1, zone) };
  }
  const r = parseTimestamp(raw, zone);
  return r.ok ? { from: r.ms, to: null } : r.reason;
}

/** The start of the day after `yyyy-MM-dd`. */
function nextDay(date: string, zone: TimeZone): number {
  const [y, m, d] = date.split('-').map(Number);
  return startOfDate(y, m, d + 1, zone);
}

/** The day/month order of a file's slash dates: given, else the one every date allows. */
function settleDayOrder(file: string, line: number, cells: readonly string[], given: DayOrder | null): DayOrder | null {
  if (given !== null) return given;
  let dmy = true;
  let mdy = true;
  let any = false;
  for (const c of cells) {
    const s = parseSlashDate(SLASH_DAY.test(c) ? `${c} 00:00` : c);
    if (s === null) continue;
    any = true;
    const e = slashEvidence(s);
    dmy &&= e === 'dmy' || e === 'either';
    mdy &&= e === 'mdy' || e === 'either';
  }
  if (!any) return null;
  const formats = Object.keys(DATE_FORMATS).join(' or ');
  if (!dmy && !mdy) throw new InputError(`its dates are written both day first and month first; pass --date-format ${formats}`, file, line);
  if (dmy && mdy) throw new InputError(`its dates read as well day first as month first (such as '03/04/2025'); pass --date-format ${formats}`, file, line);
  return dmy ? 'dmy' : 'mdy';
}

/** How a CSV invoice's rows are read, from its header (and `--invoice-map`). */
interface CsvLayout {
  readonly kind: 'message' | 'conversation' | 'summary';
  readonly index: Readonly<Record<InvoiceField, number>>;
  readonly width: number;
  /** A cell as written (trimmed), or the map's constant. */
  raw(fields: readonly string[], f: InvoiceField): string;
  /** A cell through the map's values. */
  cell(fields: readonly string[], f: InvoiceField): string;
  /** A row to read, a blank one, or one the map's `rows` leave unread. */
  use(fields: readonly string[]): 'read' | 'blank' | 'skip';
  readonly conversationCounts: boolean;
}

function layoutOf(file: string, header: CsvRecord, options: InvoiceOptions): CsvLayout {
  const map = options.map;
  const keys = header.fields.map(headerKey);
  const index = {} as Record<InvoiceField, number>;
  for (const field of Object.keys(INVOICE_COLUMNS) as InvoiceField[]) {
    const named = map?.columns[field];
    index[field] = keys.findIndex((k) => (named ?? INVOICE_COLUMNS[field]).some((c) => headerKey(c) === k));
    if (named !== undefined && index[field] < 0) throw new InputError(`has no column ${named.map((n) => `'${n}'`).join(' or ')} for ${field}, which --invoice-map ${map?.name} names`, file, header.line);
  }
  const has = (f: InvoiceField): boolean => index[f] >= 0 || map?.constants[f] !== undefined;
  const kind = has('message_id') ? 'message' : has('contact') ? 'conversation' : has('count') ? 'summary' : null;
  if (kind === null || (kind === 'conversation' && !has('date'))) {
    throw new InputError(
      `not an invoice wa-audit reads: no message id column (${INVOICE_COLUMNS.message_id.join(', ')}), no contact and time (${INVOICE_COLUMNS.contact.join(', ')}; ${INVOICE_COLUMNS.date.join(', ')}), no count (${INVOICE_COLUMNS.count.join(', ')}); an --invoice-map names the columns`,
      file,
      header.line,
    );
  }
  if (kind === 'summary' && !has('date') && options.period === null) {
    throw new InputError('a summary without dates covers the compared period: pass --period', file, header.line);
  }
  const constants = map?.constants ?? {};
  const values = map?.values ?? {};
  const raw = (fields: readonly string[], f: InvoiceField): string => {
    const i = index[f];
    return i < 0 ? (constants[f] ?? '') : (fields[i] ?? '').trim();
  };
  const rows = map?.rows ?? null;
  const rowColumn = rows === null ? -1 : header.fields.findIndex((h) => headerKey(h) === headerKey(rows.column));
  if (rows !== null && rowColumn < 0) throw new InputError(`has no column '${rows.column}', which the rows of --invoice-map ${map?.name} test`, file, header.line);
  return {
    kind,
    index,
    width: header.fields.length,
    raw,
    cell: (fields, f) => {
      const v = raw(fields, f);
      const named = values[f];
      return named === undefined ? v : (named.get(fold(v)) ?? v);
    },
    use: (fields) => {
      if (fields[0].trim() === '' && fields.every((f) => f.trim() === '')) return 'blank';
      return rows !== null && !rows.matches.test((fields[rowColumn] ?? '').trim()) ? 'skip' : 'read';
    },
    conversationCounts: kind === 'summary' && index.count >= 0 && CONVERSATION_COUNTS.has(keys[index.count]),
  };
}

/**
 * A CSV invoice, read twice and kept nowhere in between: once to settle the file's decimal mark
 * and day order (from its distinct amounts and its slash dates), once to read each row.
 */
function readInvoiceCsv(file: string, text: string, options: InvoiceOptions): InvoiceFile {
  const map = options.map;
  let header: CsvRecord | null = null;
  let layout: CsvLayout | null = null;
  let skipped = 0;
  const amounts = new Set<string>();
  const dates: string[] = [];
  const look = (fields: readonly string[]): void => {
    const use = (layout as CsvLayout).use(fields);
    if (use === 'skip') skipped++;
    if (use !== 'read') return;
    const { index, raw, cell } = layout as CsvLayout;
    amounts.add(raw(fields, 'amount'));
    for (const f of ['date', 'end'] as const) if (index[f] >= 0 && (fields[index[f]] ?? '').includes('/')) dates.push(cell(fields, f));
  };
  const plain = !hasQuotes(text);
  if (plain) {
    // No quotes: the first look splits lines, with no record made of each.
    const nl = text.indexOf('\n');
    header = csvRecords(file, nl < 0 ? text : text.slice(0, nl + 1))[0] ?? null;
    if (header !== null) {
      layout = layoutOf(file, header, options);
      eachPlainLine(text, layout.width, look);
    }
  } else {
    eachCsvRecord(file, text, (fields, line) => {
      if (layout !== null) return look(fields);
      header = { fields, line };
      layout = layoutOf(file, header, options);
    });
  }
  if (header === null || layout === null) throw new InputError('an empty invoice', file, 1);
  const { line: headerLine } = header as CsvRecord;
  const { kind, cell, width } = layout as CsvLayout;
  const mark = settleFileMark(file, headerLine, [...amounts], options.mark ?? map?.decimalMark ?? null);
  const order = settleDayOrder(file, headerLine, dates, options.dayOrder ?? (map?.dateFormat == null ? null : DATE_FORMATS[map.dateFormat]));
  const readRow = rowReader(kind, mark, order, options, cell);
  let lines: Mutable<InvoiceLine>[] = [];
  let buckets: Mutable<InvoiceBucketLine>[] = [];
  let other: OtherCharge[] = [];
  const rejected: InvoiceRejection[] = [];
  const use = (layout as CsvLayout).use;
  const row = (fields: readonly string[], line: number, count: number): void => {
    if (use(fields) !== 'read') return;
    const r = count !== width ? `has ${count} fields, the header has ${width}` : readRow(fields, file, line);
    if (typeof r === 'string') rejected.push({ file, line, reason: r });
    else if ('label' in r) other.push(r);
    else if ('count' in r) buckets.push(r);
    else lines.push(r);
  };
  // No quotes: lines split in place, no record made of each.
  if (plain) eachPlainLine(text, width, row);
  else
    eachCsvRecord(file, text, (fields, line) => {
      if (line !== headerLine) row(fields, line, fields.length);
    });
  const negativeCharges = settleSign([...lines, ...buckets]);
  if (negativeCharges) {
    lines = lines.map((l) => turned<Mutable<InvoiceLine>>(l));
    buckets = buckets.map((b) => turned<Mutable<InvoiceBucketLine>>(b));
    other = other.map(turned);
  }
  // Every line compares at the file's scale (its largest).
  let scale = 0;
  for (const x of [...lines, ...buckets]) if (x.amount !== null) scale = Math.max(scale, x.amount.decimalPlaces());
  for (const l of lines) l.scale = scale;
  for (const b of buckets) b.scale = scale;
  return {
    file,
    kind,
    lines,
    buckets,
    other,
    rejected,
    decimalMark: [...amounts].some((a) => a !== '') ? mark : null,
    negativeCharges,
    skipped,
    counts: (layout as CsvLayout).conversationCounts ? 'conversations' : 'messages',
  };
}

const NO_MONEY = { money: null, amount: null } as const;

/**
 * How one row of a CSV invoice is read, once the file's decimal mark and day order are
 * settled: an itemised line, a summary line, another charge, or the reason it is rejected.
 * Money and class cells repeat on every line: each distinct cell is read once.
 */
function rowReader(
  kind: 'message' | 'conversation' | 'summary',
  mark: DecimalMark,
  order: DayOrder | null,
  options: InvoiceOptions,
  cell: (fields: readonly string[], f: InvoiceField) => string,
): (fields: readonly string[], file: string, line: number) => Mutable<InvoiceLine> | Mutable<InvoiceBucketLine> | OtherCharge | string {
  const moneyOf = once((text: string) => {
    const money = moneyCell(text);
    return { money, amount: money === null ? null : amountWith(money, mark) };
  });
  const classOfCell = once((text: string) => (isOtherCharge(text) ? 'other' : text === '' ? null : classOf(text)));
  const party = (v: string): string | null => (v === '' ? null : normaliseAddress(v));
  return (fields, file, line) => {
    const rawAmount = cell(fields, 'amount');
    const { money, amount } = rawAmount === '' ? NO_MONEY : moneyOf(rawAmount);
    if (rawAmount !== '' && money === null) return `amount '${rawAmount}' is not money`;
    if (money !== null && amount === null) return `amount '${rawAmount}' cannot be read with the decimal ${mark === ',' ? 'comma' : 'point'}`;
    const currency = cell(fields, 'currency').toUpperCase() || money?.currency || options.currency || null;
    const classCell = cell(fields, 'charge_class');
    const chargeClass = classOfCell(classCell);
    if (chargeClass === 'other') return { file, line, label: classCell, amount, currency };
    if (chargeClass === undefined) return `charge class '${classCell}' is ${CLASS_HINT}`;
    const rawAt = cell(fields, 'date');
    const when = rawAt === '' ? null : whenOf(rawAt, options.zone, order);
    if (typeof when === 'string') return when;
    const business = party(cell(fields, 'business'));
    if (kind !== 'summary') {
      const id = cell(fields, 'message_id');
      const cls = chargeClass === 'charged' ? null : chargeClass;
      return { file, line, id: id === '' ? null : id, business, contact: party(cell(fields, 'contact')), at: when?.from ?? null, chargeClass: cls, amount, currency, scale: 0 };
    }
    // A summary line: a class, a count, the time it covers.
    if (chargeClass === null || chargeClass === 'charged') return 'a summary line names no charge class';
    const rawEnd = cell(fields, 'end');
    const end = rawEnd === '' ? null : whenOf(rawEnd, options.zone, order);
    if (typeof end === 'string') return end;
    const covers = coverOf(when, end, options);
    const count = cell(fields, 'count');
    if (!/^\d+$/.test(count.replace(/[.,](?=\d{3}(\D|$))/g, ''))) return `count '${count}' is not a whole number`;
    const pricingCell = cell(fields, 'pricing_type');
    const pricing = pricingOf(pricingCell, covers.from, options.zone);
    if (pricing === undefined) return `pricing type '${pricingCell}' is ${PRICING_HINT}`;
    const market = cell(fields, 'market');
    return {
      file,
      line,
      from: covers.from,
      to: covers.to,
      ...foldEntryPoint(chargeClass, pricing),
      market: market === '' ? null : market,
      business,
      count: Number(count.replace(/[.,]/g, '')),
      amount,
      currency,
      scale: 0,
    };
  };
}

/** The time a summary line covers: its date's day or month, up to its end date (inclusive) or end instant; else the period. */
function coverOf(when: When | null, end: When | null, options: InvoiceOptions): { from: number; to: number } {
  if (when === null) return options.period as { from: number; to: number };
  const from = when.from;
  if (end !== null) return { from, to: end.to ?? end.from };
  return { from, to: when.to ?? dayAfter(from, options.zone) };
}

/** The start of the day after the one an instant falls on. */
function dayAfter(ms: number, zone: TimeZone): number {
  return nextDay(calendarDay(ms, zone), zone);
}
