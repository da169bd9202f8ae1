// The reconcile report as JSON (`reconcile_version` 1) and as a table an accountant reads: per
// period and class, invoiced against expected ("invoiced 1,204, expected 1,198: 6 too many,
// R$ 3,00 over"); then the lines that differ grouped by verdict with the replay's reason (or,
// for summaries, the buckets that differ); then the other charges, the rejected lines, and the
// totals per currency. Labels in the locale's catalogue; `redact` masks phone numbers.
import Table from 'cli-table3';
import { bucketDiffers, type BucketResult } from '../engine/reconcile-buckets.js';
import { type Finding, VERDICTS } from '../engine/reconcile.js';
import { amountText } from '../model/money.js';
import { calendarDay, formatInstant, monthIndex, monthRange, monthText, startOfDate, TimeZone } from '../model/time.js';
import type { ReconcileReport } from '../report/reconcile.js';
import { maskAddress, maskNumbersIn } from '../report/report.js';
import { BARE_TABLE, type Writing, writingFor } from './cells.js';
import type { Style } from './context.js';
import { visible } from './visible.js';

const same = (s: string): string => s;

/**
 * The report as JSON, as `JSON.stringify(report, null, 2)` writes it, in chunks: its `lines`
 * one chunk each (a reconciliation of a million lines is never one string).
 */
export function* reconcileJson(r: ReconcileReport, redact: boolean): Iterable<string> {
  const MARK = '\u0000lines\u0000';
  const zone = TimeZone.of(r.timezone) as TimeZone;
  const iso = (t: number | null): string | null => (t === null ? null : formatInstant(t, zone));
  const party = redact ? maskAddress : same;
  const maybe = (s: string | null): string | null => (s === null ? null : party(s));
  const lineJson = (f: ReconcileReport['lines'][number]): object => ({
    verdict: f.verdict,
    reason: f.reason,
    file: f.file,
    line: f.line,
    message: f.message,
    business: maybe(f.business),
    contact: maybe(f.contact),
    at: iso(f.at),
    expected_class: f.expectedClass,
    invoiced_class: f.invoicedClass,
    expected_amount: f.expectedAmount,
    invoiced_amount: f.invoicedAmount,
    expected_currency: f.expectedCurrency,
    invoiced_currency: f.invoicedCurrency,
    difference: f.difference,
  });
  const document = (lines: unknown): object => ({
    reconcile_version: r.reconcileVersion,
    ruleset: r.ruleset,
    timezone: r.timezone,
    period: { from: iso(r.period.from), to: iso(r.period.to) },
    invoice: {
      files: r.invoice.files.map((f) => ({ file: f.file, kind: f.kind, lines: f.lines, decimal_mark: f.decimalMark, negative_charges: f.negativeCharges, skipped: f.skipped })),
      lines: r.invoice.lines,
      rejected: r.invoice.rejected,
    },
    summary: r.summary,
    buckets: r.buckets.map((b) => ({
      from: iso(b.from),
      to: iso(b.to),
      charge_class: b.chargeClass,
      pricing: b.pricing,
      market: b.market,
      business: maybe(b.business),
      expected_count: b.expectedCount,
      invoiced_count: b.invoicedCount,
      expected_amount: b.expectedAmount,
      invoiced_amount: b.invoicedAmount,
      expected_currency: b.expectedCurrency,
      invoiced_currency: b.invoicedCurrency,
      difference: b.difference,
      lines: b.places.map((p) => ({ file: p.file, line: p.line, ...(p.pointer === undefined ? {} : { pointer: p.pointer }) })),
      units: b.units,
    })),
    lines,
    other_charges: r.otherCharges.map((o) => ({ file: o.file, line: o.line, label: o.label, amount: o.amount === null ? null : amountText(o.amount), currency: o.currency })),
    warnings: r.warnings,
    rejected: r.rejected.map((j) => ({ file: j.file, line: j.line, ...(j.pointer === undefined ? {} : { pointer: j.pointer }), reason: redact ? maskNumbersIn(j.reason) : j.reason })),
  });
  const parts = JSON.stringify(document(MARK), null, 2).split(JSON.stringify(MARK));
  if (parts.length !== 2) {
    // The mark appears in the input too (it never should): the document in one piece.
    yield `${JSON.stringify(document(r.lines.map(lineJson)), null, 2)}\n`;
    return;
  }
  const [head, tail] = parts;
  yield head;
  if (r.lines.length === 0) yield '[]';
  else {
    yield '[\n';
    for (let i = 0; i < r.lines.length; i++) {
      const line = lineJson(r.lines[i]);
      yield `    ${JSON.stringify(line, null, 2).replace(/\n/g, '\n    ')}${i + 1 < r.lines.length ? ',' : ''}\n`;
    }
    yield '  ]';
  }
  yield `${tail}\n`;
}

/** "invoiced 1,204, expected 1,198: 6 too many, R$ 3,00 over": a bucket as an accountant writes it. */
export function bucketPhrase(w: Writing, money: (a: string, c: string) => string, b: BucketResult): string {
  return `${w.t('invoiced {0}, expected {1}', w.num(b.invoicedCount), w.num(b.expectedCount))}: ${gap(w, money, b.expectedCount, b.invoicedCount, b.difference, b.invoicedCurrency ?? b.expectedCurrency)}`;
}

/** "6 too many" / "6 too few" / "counts agree", then the money. */
function gap(w: Writing, money: (a: string, c: string) => string, expected: number, invoiced: number, difference: string | null, currency: string | null): string {
  const n = invoiced - expected;
  const count = n === 0 ? w.t('counts agree') : w.t(n > 0 ? '{0} too many' : '{0} too few', w.num(Math.abs(n)));
  if (difference === null || currency === null) return count;
  return `${count}, ${over(w, money, difference, currency)}`;
}

/** "R$ 3,00 over" / "R$ 3,00 under" / "no difference". */
function over(w: Writing, money: (a: string, c: string) => string, difference: string, currency: string): string {
  return difference === '0' ? w.t('no difference') : w.t(difference.startsWith('-') ? '{0} under' : '{0} over', money(difference.replace(/^-/, ''), currency));
}

const KIND_WORDS = {
  message: 'itemised by message',
  conversation: 'itemised by conversation or session',
  summary: 'summary',
  pricing_analytics: 'Meta pricing_analytics',
  conversation_analytics: 'Meta conversation_analytics',
} as const;

export function reconcileText(r: ReconcileReport, locale: string, style: Style, redact: boolean, limit: number): string {
  const zone = TimeZone.of(r.timezone) as TimeZone;
  const w = writingFor(locale, zone, visible);
  const { t } = w;
  // Every amount with as many decimals as the most precise one (the invoice's scale).
  let scale = 0;
  const places = (a: string | null): void => {
    if (a !== null) scale = Math.max(scale, a.length - (a.indexOf('.') + 1 || a.length));
  };
  for (const x of [...r.buckets, ...r.lines]) {
    places(x.expectedAmount);
    places(x.invoicedAmount);
  }
  const money = (amount: string, currency: string): string => w.exactMoney(amount, currency, scale);
  const party = (s: string | null): string => (s === null ? '-' : visible(redact ? maskAddress(s) : s));
  const period = r.period.from === null && r.period.to === null ? t('the whole log') : spanText(r.period.from, r.period.to, zone, w, locale);
  let out = style.heading(t('wa-audit reconcile: ruleset {0}, times in {1}, period {2}', r.ruleset, r.timezone, period)) + '\n';
  for (const f of r.invoice.files) {
    const facts = [t(KIND_WORDS[f.kind]), t('{0} lines', w.num(f.lines))];
    if (f.decimalMark !== null) facts.push(t(f.decimalMark === ',' ? 'decimal comma' : 'decimal point'));
    if (f.negativeCharges) facts.push(t('charges written as negative numbers'));
    if (f.skipped > 0) facts.push(t('{0} rows left unread by the map', w.num(f.skipped)));
    out += `${t('Invoice')} ${visible(f.file)}: ${facts.join(', ')}\n`;
  }

  for (const warning of r.warnings) out += style.bad(`${t('warning')}: ${t(warning)}`) + '\n';

  // Per period and class.
  const month = (b: { from: number | null; to: number | null }): string => spanText(b.from, b.to, zone, w, locale);
  // Market and business columns only when some bucket has them.
  const withMarket = r.buckets.some((b) => b.market !== null);
  const withBusiness = r.buckets.some((b) => b.business !== null);
  const heads = [t('Period'), t('Class'), t('Pricing'), ...(withMarket ? [t('Market')] : []), ...(withBusiness ? [t('Business')] : []), t('Invoiced against expected')];
  const perClass = new Table({ ...BARE_TABLE, head: heads.map((h) => style.heading(h)) });
  for (const b of r.buckets) {
    const line = bucketPhrase(w, money, b);
    const where = [...(withMarket ? [b.market === null ? '-' : visible(b.market)] : []), ...(withBusiness ? [party(b.business)] : [])];
    perClass.push([month(b), visible(b.chargeClass), visible(b.pricing), ...where, bucketDiffers(b) ? style.bad(line) : line]);
  }
  if (r.buckets.length > 0) out += `\n${style.heading(t('Per period and class'))}\n${perClass.toString()}\n`;

  // The lines that differ, by verdict.
  for (const v of VERDICTS) {
    const lines = r.lines.filter((f) => f.verdict === v);
    if (lines.length === 0) continue;
    const table = new Table({ ...BARE_TABLE, head: [t('Where'), t('Message'), t('Contact'), t('Expected'), t('Invoiced'), t('Why')].map((h) => style.heading(h)) });
    // The report keeps the first --limit lines of each verdict for the table; the count is of all.
    const shown = lines.slice(0, limit);
    const total = r.summary.verdicts[v].count;
    for (const f of shown) table.push(findingRow(f, w, money, party));
    out += `\n${style.heading(`${t(v)} (${w.num(total)})`)}\n${table.toString()}\n`;
    if (total > shown.length) out += style.dim(`  ${t('... {0} more (--limit N shows more; --format json lists all)', w.num(total - shown.length))}`) + '\n';
  }
  // Buckets that differ, with the replay's units behind them (--detail).
  for (const b of r.buckets.filter((x) => x.units.length > 0)) {
    out += `\n${style.heading(t('Units behind {0} {1} {2}', month(b), visible(b.chargeClass), visible(b.pricing)))}\n  ${b.units.slice(0, limit).map((u) => visible(u)).join('\n  ')}\n`;
    if (b.units.length > limit) out += style.dim(`  ${t('... {0} more (--limit N shows more; --format json lists all)', w.num(b.units.length - limit))}`) + '\n';
  }
  if (r.otherCharges.length > 0) {
    out += `\n${style.heading(t('Other charges, not matched ({0})', w.num(r.otherCharges.length)))}\n`;
    for (const o of r.otherCharges) out += `  ${visible(o.file)}:${o.line}: ${visible(o.label)} ${o.amount === null || o.currency === null ? '' : money(amountText(o.amount), o.currency)}\n`;
  }
  if (r.rejected.length > 0) {
    out += `\n${style.heading(t('Rejected lines ({0})', w.num(r.rejected.length)))}\n`;
    for (const j of r.rejected) out += `  ${visible(j.file)}:${j.line}: ${visible(redact ? maskNumbersIn(j.reason) : j.reason)}\n`;
  }

  // Totals per currency, and the count of each verdict.
  out += `\n${style.heading(t('Totals per currency'))}\n`;
  const currencies = [...new Set([...Object.keys(r.summary.expected), ...Object.keys(r.summary.invoiced)])];
  if (currencies.length === 0) out += `  ${t('no amounts (give --rates for the expected side)')}\n`;
  for (const c of currencies) {
    const d = r.summary.difference[c];
    const side = (a: string | undefined): string => (a === undefined ? '-' : money(a, c));
    out += `  ${c}: ${t('invoiced {0}, expected {1}', side(r.summary.invoiced[c]), side(r.summary.expected[c]))}: ${over(w, money, d ?? '0', c)}\n`;
  }
  const counts = new Table({ ...BARE_TABLE, colAligns: ['left', 'right'] });
  for (const v of VERDICTS) counts.push([t(v), w.num(r.summary.verdicts[v].count)]);
  if (r.lines.length > 0 || r.summary.verdicts.matched.count > 0) out += counts.toString() + '\n';
  return out;
}

/** A span of time as people name it: a month (`2025-08`, `08/2025` in pt-BR), a day, or from .. to. */
function spanText(from: number | null, to: number | null, zone: TimeZone, w: Writing, locale: string): string {
  if (from === null || to === null) return `${w.when(from)} .. ${w.when(to)}`;
  const i = monthIndex(from, zone);
  const month = monthRange(Math.floor(i / 12), (i % 12) + 1, zone);
  if (month.from === from && month.to === to) return /^pt\b/i.test(locale) ? monthText(i).replace(/^(\d{4})-(\d{2})$/, '$2/$1') : monthText(i);
  const [y, m, d] = calendarDay(from, zone).split('-').map(Number);
  if (startOfDate(y, m, d, zone) === from && startOfDate(y, m, d + 1, zone) === to) return w.when(from).slice(0, 10);
  return `${w.when(from)} .. ${w.when(to)}`;
}

function findingRow(f: Finding, w: Writing, money: (a: string, c: string) => string, party: (s: string | null) => string): string[] {
  const side = (cls: string | null, amount: string | null, currency: string | null): string =>
    `${cls === null ? '-' : visible(cls)}${amount !== null && currency !== null ? ` ${money(amount, currency)}` : ''}`;
  const why = f.reason !== null ? `${w.t(`reason:${f.reason}`)} (${visible(f.reason)})` : f.difference !== null && f.difference !== '0' ? w.t('difference {0}', f.invoicedCurrency === null ? f.difference : money(f.difference, f.invoicedCurrency)) : '';
  return [
    f.file === null ? '-' : `${visible(f.file)}:${f.line}`,
    f.message === null ? '-' : visible(f.message),
    party(f.contact),
    side(f.expectedClass, f.expectedAmount, f.expectedCurrency),
    side(f.invoicedClass, f.invoicedAmount, f.invoicedCurrency),
    why,
  ];
}
