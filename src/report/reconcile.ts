// The reconcile report (reconcile.md, "Output"), typed: the findings of the itemised lines
// counted per verdict with their amounts per currency, the buckets of summaries and analytics,
// and the expected, invoiced and difference totals per currency. Also the replay's units as
// reconciliation reads them from an audit report. Renderers format it (`render/reconcile.ts`).
import type { BucketResult } from '../engine/reconcile-buckets.js';
import { bucketDiffers } from '../engine/reconcile-buckets.js';
import type { Finding, ReplayedUnit, Verdict } from '../engine/reconcile.js';
import { VERDICTS } from '../engine/reconcile.js';
import type { InvoiceFile, InvoiceKind, InvoicePlace, InvoiceRejection, OtherCharge } from '../model/invoice.js';
import { type Amount, amountText, parseAmount, ZERO } from '../model/money.js';
import { cmp } from '../model/order.js';
import type { Report } from './report.js';

/** What was settled about one invoice file (stated in the report). */
export interface InvoiceFileFacts {
  readonly file: string;
  readonly kind: InvoiceKind;
  readonly lines: number;
  readonly decimalMark: '.' | ',' | null;
  readonly negativeCharges: boolean;
  readonly skipped: number;
}

export type AmountsByCurrency = Readonly<Record<string, string>>;

export interface ReconcileReport {
  readonly reconcileVersion: 1;
  readonly ruleset: string;
  readonly timezone: string;
  readonly period: { readonly from: number | null; readonly to: number | null };
  readonly invoice: { readonly files: readonly InvoiceFileFacts[]; readonly lines: number; readonly rejected: number };
  /** Per verdict: how many, and the invoiced and expected amounts by currency. */
  readonly verdicts: Readonly<Record<Verdict, { readonly count: number; readonly invoiced: AmountsByCurrency; readonly expected: AmountsByCurrency }>>;
  readonly expected: AmountsByCurrency;
  readonly invoiced: AmountsByCurrency;
  readonly difference: AmountsByCurrency;
  /** Every finding but `matched` (all of them with `--all`). */
  readonly lines: readonly Finding[];
  /** Buckets of summaries and analytics (the units behind each only with `--detail`). */
  readonly buckets: readonly BucketResult[];
  readonly otherCharges: readonly OtherCharge[];
  readonly rejected: readonly InvoiceRejection[];
  /** What the reader should know before acting on it (Meta's analytics costs are approximate). */
  readonly warnings: readonly string[];
}

export const ANALYTICS_COSTS = "Meta says its analytics costs are approximate and may differ from its invoices: compare counts first, and amounts against the invoice Meta issues";

/**
 * The replay's units as reconciliation reads them: every outbound message, or (`conversations`)
 * every session or conversation by its opening message, with the charged message's class and
 * money and the opener's country.
 */
export function replayUnits(report: Report, counts: 'messages' | 'conversations'): ReplayedUnit[] {
  const messages = new Map<string, ReplayedUnit>();
  for (const m of report.messages) {
    messages.set(m.id, {
      id: m.id,
      business: m.business,
      contact: m.contact,
      at: m.sentAt,
      charged: m.charged,
      chargeClass: m.chargeClass ?? m.category,
      freeReason: m.freeReason,
      amount: m.amount === null ? null : parseAmount(m.amount),
      currency: m.currency,
      country: m.market,
    });
  }
  if (counts === 'messages') return [...messages.values()];
  return [...report.sessions].map((s): ReplayedUnit => {
    const opener = messages.get(s.id);
    const charging = s.chargedMessage === null ? undefined : messages.get(s.chargedMessage);
    return {
      id: s.id,
      business: s.business,
      contact: s.contact,
      at: s.openedAt,
      charged: s.charged,
      chargeClass: charging?.chargeClass ?? s.category ?? opener?.chargeClass ?? null,
      freeReason: s.freeReason ?? opener?.freeReason ?? null,
      amount: charging?.amount ?? null,
      currency: charging?.currency ?? null,
      country: opener?.country ?? null,
    };
  });
}

function add(into: Map<string, Amount>, currency: string | null, amount: string | null): void {
  if (currency === null || amount === null) return;
  into.set(currency, (into.get(currency) ?? ZERO).plus(parseAmount(amount) as Amount));
}

const record = (m: Map<string, Amount>): Record<string, string> => Object.fromEntries([...m].sort(([a], [b]) => cmp(a, b)).map(([c, a]) => [c, amountText(a)]));

/**
 * The itemised lines' findings per month (of the unit, else the line) and class, as buckets:
 * the expected side counts the units the replay charges (a duplicate line claims none), the
 * invoiced side every line billed in the period; a line under another class than expected
 * counts under each side's class.
 */
export function itemisedBuckets(findings: readonly Finding[], monthOf: (t: number) => { from: number; to: number }): BucketResult[] {
  interface Side {
    count: number;
    amount: Amount | null;
  }
  const tallies = new Map<string, { from: number; to: number; chargeClass: string; currency: string | null; expected: Side; invoiced: Side; places: InvoicePlace[] }>();
  const side = (at: number | null, chargeClass: string, currency: string | null) => {
    const range = at === null ? { from: 0, to: 0 } : monthOf(at);
    const key = `${range.from}\u0000${chargeClass}\u0000${currency}`;
    let t = tallies.get(key);
    if (t === undefined) {
      t = { ...range, chargeClass, currency, expected: { count: 0, amount: null }, invoiced: { count: 0, amount: null }, places: [] };
      tallies.set(key, t);
    }
    return t;
  };
  const count = (s: Side, amount: string | null): void => {
    s.count++;
    if (amount !== null) s.amount = (s.amount ?? ZERO).plus(parseAmount(amount) as Amount);
  };
  for (const f of findings) {
    if (f.expectedClass !== null && f.verdict !== 'duplicate_line') {
      count(side(f.at, f.expectedClass ?? 'unknown', f.expectedCurrency).expected, f.expectedAmount);
    }
    if (f.verdict !== 'outside_period' && f.verdict !== 'expected_not_billed') {
      const t = side(f.at, f.invoicedClass ?? f.expectedClass ?? 'unknown', f.invoicedCurrency);
      count(t.invoiced, f.invoicedAmount);
      if (f.file !== null && f.line !== null) t.places.push({ file: f.file, line: f.line });
    }
  }
  const text = (a: Amount | null): string | null => (a === null ? null : amountText(a));
  return [...tallies.values()]
    .map((t): BucketResult => {
      const bothPriced = (t.expected.amount !== null || t.expected.count === 0) && (t.invoiced.amount !== null || t.invoiced.count === 0);
      return {
        from: t.from,
        to: t.to,
        chargeClass: t.chargeClass,
        pricing: 'charged',
        market: null,
        business: null,
        expectedCount: t.expected.count,
        invoicedCount: t.invoiced.count,
        expectedAmount: text(t.expected.amount),
        invoicedAmount: text(t.invoiced.amount),
        expectedCurrency: t.expected.count === 0 ? null : t.currency,
        invoicedCurrency: t.invoiced.count === 0 ? null : t.currency,
        difference: bothPriced && t.currency !== null ? amountText((t.invoiced.amount ?? ZERO).minus(t.expected.amount ?? ZERO)) : null,
        places: t.places,
        units: [],
      };
    })
    .sort((a, b) => a.from - b.from || cmp(a.chargeClass, b.chargeClass) || cmp(a.expectedCurrency ?? a.invoicedCurrency ?? '', b.expectedCurrency ?? b.invoicedCurrency ?? ''));
}

/** Findings in the spec's order of verdicts, then by instant, then where the invoice has them, then by message. */
function byVerdictThenTime(a: Finding, b: Finding): number {
  return (
    VERDICTS.indexOf(a.verdict) - VERDICTS.indexOf(b.verdict) ||
    (a.at ?? -Infinity) - (b.at ?? -Infinity) ||
    cmp(a.file ?? '', b.file ?? '') ||
    (a.line ?? 0) - (b.line ?? 0) ||
    cmp(a.message ?? '', b.message ?? '')
  );
}

export function reconcileReport(
  findings: readonly Finding[],
  buckets: readonly BucketResult[],
  about: { ruleset: string; timezone: string; from: number | null; to: number | null; monthOf: (t: number) => { from: number; to: number } },
  files: readonly InvoiceFile[],
  show: { all: boolean; detail: boolean },
): ReconcileReport {
  const verdicts = {} as Record<Verdict, { count: number; invoiced: Map<string, Amount>; expected: Map<string, Amount> }>;
  for (const v of VERDICTS) verdicts[v] = { count: 0, invoiced: new Map(), expected: new Map() };
  const expected = new Map<string, Amount>();
  const invoiced = new Map<string, Amount>();
  for (const f of findings) {
    const v = verdicts[f.verdict];
    v.count++;
    add(v.invoiced, f.invoicedCurrency, f.invoicedAmount);
    add(v.expected, f.expectedCurrency, f.expectedAmount);
    // What the rules say should be paid: the expected amounts of every unit claimed or not,
    // once (a duplicate line claims no second unit); what was billed: every line in the period.
    // (a line dated outside the period keeps its unit's expected amount when the unit is in it).
    if (f.verdict !== 'duplicate_line') add(expected, f.expectedCurrency, f.expectedAmount);
    if (f.verdict !== 'outside_period' && f.verdict !== 'expected_not_billed') add(invoiced, f.invoicedCurrency, f.invoicedAmount);
  }
  // Summaries' and analytics' buckets add to the totals (the itemised lines' buckets are their findings again).
  for (const b of buckets) {
    add(expected, b.expectedCurrency, b.expectedAmount);
    add(invoiced, b.invoicedCurrency, b.invoicedAmount);
  }
  const difference = new Map<string, Amount>();
  for (const c of new Set([...expected.keys(), ...invoiced.keys()])) difference.set(c, (invoiced.get(c) ?? ZERO).minus(expected.get(c) ?? ZERO));
  const rejected = files.flatMap((f) => f.rejected);
  return {
    reconcileVersion: 1,
    ruleset: about.ruleset,
    timezone: about.timezone,
    period: { from: about.from, to: about.to },
    invoice: {
      files: files.map((f) => ({
        file: f.file,
        kind: f.kind,
        lines: f.lines.length + f.buckets.length + f.other.length + f.rejected.length,
        decimalMark: f.decimalMark,
        negativeCharges: f.negativeCharges,
        skipped: f.skipped,
      })),
      lines: files.reduce((n, f) => n + f.lines.length + f.buckets.length + f.other.length + f.rejected.length, 0),
      rejected: rejected.length,
    },
    verdicts: Object.fromEntries(VERDICTS.map((v) => [v, { count: verdicts[v].count, invoiced: record(verdicts[v].invoiced), expected: record(verdicts[v].expected) }])) as ReconcileReport['verdicts'],
    expected: record(expected),
    invoiced: record(invoiced),
    difference: record(difference),
    lines: (show.all ? [...findings] : findings.filter((f) => f.verdict !== 'matched')).sort(byVerdictThenTime),
    buckets: buckets.length === 0 ? itemisedBuckets(findings, about.monthOf) : buckets.map((b) => (show.detail && bucketDiffers(b) ? b : { ...b, units: [] })),
    otherCharges: files.flatMap((f) => f.other),
    rejected,
    warnings: files.some((f) => f.kind.endsWith('_analytics') && f.buckets.some((b) => b.amount !== null)) ? [ANALYTICS_COSTS] : [],
  };
}
