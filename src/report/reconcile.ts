// The reconcile report (reconcile.md, "Output"), typed: the findings of the itemised lines
// counted per verdict with their amounts per currency, the buckets of summaries and analytics,
// and the expected, invoiced and difference totals per currency. Also the replay's units as
// reconciliation reads them from an audit report. Renderers format it (`render/reconcile.ts`).
import type { BucketResult } from '../engine/reconcile-buckets.js';
import { bucketDiffers } from '../engine/reconcile-buckets.js';
import type { Finding, ReplayedUnit, Verdict } from '../engine/reconcile.js';
import { VERDICTS } from '../engine/reconcile.js';
import type { InvoiceFile, InvoiceKind, InvoicePlace, InvoiceRejection, OtherCharge } from '../model/invoice.js';
import { type Amount, AmountTally, amountText, ZERO } from '../model/money.js';
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
  const messages = [...report.messages];
  if (counts === 'messages') return messages;
  const byId = new Map(messages.map((m) => [m.id, m]));
  return [...report.sessions].map((s): ReplayedUnit => {
    const opener = byId.get(s.id);
    const charging = s.chargedMessage === null ? undefined : byId.get(s.chargedMessage);
    return {
      id: s.id,
      business: s.business,
      contact: s.contact,
      sentAt: s.openedAt,
      charged: s.charged,
      chargeClass: s.charged ? (charging?.chargeClass ?? s.category) : null,
      category: s.category ?? opener?.category ?? null,
      freeReason: s.freeReason ?? opener?.freeReason ?? null,
      amount: charging?.amount ?? null,
      currency: charging?.currency ?? null,
      market: opener?.market ?? null,
    };
  });
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
    priced: number;
    readonly amounts: AmountTally;
  }
  const tallies = new Map<string, { from: number; to: number; chargeClass: string; currency: string | null; expected: Side; invoiced: Side; places: InvoicePlace[] }>();
  // The few months of an invoice, found once each.
  const months: { from: number; to: number }[] = [];
  const monthAt = (at: number): { from: number; to: number } => {
    let m = months.find((x) => at >= x.from && at < x.to);
    if (m === undefined) months.push((m = monthOf(at)));
    return m;
  };
  const side = (at: number | null, chargeClass: string, currency: string | null) => {
    const range = at === null ? { from: 0, to: 0 } : monthAt(at);
    const key = `${range.from}\u0000${chargeClass}\u0000${currency}`;
    let t = tallies.get(key);
    if (t === undefined) {
      const empty = (): Side => ({ count: 0, priced: 0, amounts: new AmountTally() });
      t = { ...range, chargeClass, currency, expected: empty(), invoiced: empty(), places: [] };
      tallies.set(key, t);
    }
    return t;
  };
  const count = (s: Side, amount: string | null): void => {
    s.count++;
    if (amount === null) return;
    s.priced++;
    s.amounts.add('', amount);
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
  const total = (s: Side): Amount | null => (s.priced === 0 ? null : (s.amounts.sums().get('') as Amount));
  return [...tallies.values()]
    .map((t): BucketResult => {
      const expected = total(t.expected);
      const invoiced = total(t.invoiced);
      const bothPriced = (expected !== null || t.expected.count === 0) && (invoiced !== null || t.invoiced.count === 0);
      return {
        from: t.from,
        to: t.to,
        chargeClass: t.chargeClass,
        pricing: 'charged',
        market: null,
        business: null,
        expectedCount: t.expected.count,
        invoicedCount: t.invoiced.count,
        expectedAmount: expected === null ? null : amountText(expected),
        invoicedAmount: invoiced === null ? null : amountText(invoiced),
        expectedCurrency: t.expected.count === 0 ? null : t.currency,
        invoicedCurrency: t.invoiced.count === 0 ? null : t.currency,
        difference: bothPriced && t.currency !== null ? amountText((invoiced ?? ZERO).minus(expected ?? ZERO)) : null,
        places: t.places,
        units: [],
      };
    })
    .sort((a, b) => a.from - b.from || cmp(a.chargeClass, b.chargeClass) || cmp(a.expectedCurrency ?? a.invoicedCurrency ?? '', b.expectedCurrency ?? b.invoicedCurrency ?? ''));
}

/** Findings in the spec's order of verdicts, then by instant, then where the invoice has them, then by message. */
const VERDICT_RANK: ReadonlyMap<string, number> = new Map(VERDICTS.map((v, i) => [v, i]));

function byVerdictThenTime(a: Finding, b: Finding): number {
  return (
    (VERDICT_RANK.get(a.verdict) as number) - (VERDICT_RANK.get(b.verdict) as number) ||
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
  const verdicts = {} as Record<Verdict, { count: number; invoiced: AmountTally; expected: AmountTally }>;
  for (const v of VERDICTS) verdicts[v] = { count: 0, invoiced: new AmountTally(), expected: new AmountTally() };
  const expectedTally = new AmountTally();
  const invoicedTally = new AmountTally();
  for (const f of findings) {
    const v = verdicts[f.verdict];
    v.count++;
    v.invoiced.add(f.invoicedCurrency, f.invoicedAmount);
    v.expected.add(f.expectedCurrency, f.expectedAmount);
    // What the rules say should be paid: the expected amounts of every unit claimed or not,
    // once (a duplicate line claims no second unit); what was billed: every line in the period.
    // (a line dated outside the period keeps its unit's expected amount when the unit is in it).
    if (f.verdict !== 'duplicate_line') expectedTally.add(f.expectedCurrency, f.expectedAmount);
    if (f.verdict !== 'outside_period' && f.verdict !== 'expected_not_billed') invoicedTally.add(f.invoicedCurrency, f.invoicedAmount);
  }
  // Summaries' and analytics' buckets add to the totals (the itemised lines' buckets are their findings again).
  for (const b of buckets) {
    expectedTally.add(b.expectedCurrency, b.expectedAmount);
    invoicedTally.add(b.invoicedCurrency, b.invoicedAmount);
  }
  const expected = expectedTally.sums();
  const invoiced = invoicedTally.sums();
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
    verdicts: Object.fromEntries(VERDICTS.map((v) => [v, { count: verdicts[v].count, invoiced: record(verdicts[v].invoiced.sums()), expected: record(verdicts[v].expected.sums()) }])) as ReconcileReport['verdicts'],
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
