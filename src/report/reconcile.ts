// The reconcile report (reconcile.md, "Output"), typed: the findings of the itemised lines
// counted per verdict with their amounts per currency, the buckets of summaries and analytics,
// and the expected, invoiced and difference totals per currency. Also the replay's units as
// reconciliation reads them from an audit report. Renderers format it (`render/reconcile.ts`).
import type { BucketResult } from '../engine/reconcile-buckets.js';
import { bucketDiffers } from '../engine/reconcile-buckets.js';
import type { Finding, ReplayedUnit, UnitIndex, Verdict } from '../engine/reconcile.js';
import type { FindingTally } from './reconcile-tally.js';
import { VERDICTS } from '../engine/reconcile.js';
import type { InvoiceFile, InvoiceKind, InvoicePlace, InvoiceRejection, OtherCharge } from '../model/invoice.js';
import { type Amount, type AmountTally, amountText, parseAmount, zero } from '../model/money.js';
import { cmp } from '../model/order.js';
import type { Report } from './report.js';
import { isRowIndex } from './rows.js';
import type { MessageRow, MessageUnit } from './schema.js';

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

/** The totals, as the JSON's `summary` has them. */
export interface ReconcileSummary {
  /** Per verdict: how many, and the invoiced and expected amounts by currency. */
  readonly verdicts: Readonly<Record<Verdict, { readonly count: number; readonly invoiced: AmountsByCurrency; readonly expected: AmountsByCurrency }>>;
  /** What the rules say should be paid, what was billed, and invoiced minus expected, per currency. */
  readonly expected: AmountsByCurrency;
  readonly invoiced: AmountsByCurrency;
  readonly difference: AmountsByCurrency;
}

export interface ReconcileReport {
  readonly reconcileVersion: 1;
  readonly ruleset: string;
  readonly timezone: string;
  readonly period: { readonly from: number | null; readonly to: number | null };
  readonly invoice: { readonly files: readonly InvoiceFileFacts[]; readonly lines: number; readonly rejected: number };
  readonly summary: ReconcileSummary;
  /** Every finding but `matched` (all of them with `--all`). */
  readonly lines: readonly Finding[];
  /** Buckets of summaries and analytics (the units behind each only with `--detail`). */
  readonly buckets: readonly BucketResult[];
  /** The invoice's taxes, fees and credits, as read. */
  readonly otherCharges: readonly OtherCharge[];
  readonly rejected: readonly InvoiceRejection[];
  /** What the reader should know before acting on it (Meta's analytics costs are approximate). */
  readonly warnings: readonly string[];
}

export const ANALYTICS_COSTS = "Meta says its analytics costs are approximate and may differ from its invoices: compare counts first, and amounts against the invoice Meta issues";

/** The replay's messages by id (through the store's index when the report was built from a log). */
export function messageIndex(report: Report): UnitIndex {
  const rows = report.messages;
  if (isRowIndex<MessageRow, MessageUnit>(rows)) return rows;
  return unitIndex([...rows]);
}

/** An index of units held as objects (a report read back from JSON; tests). */
export function unitIndex(units: readonly ReplayedUnit[]): UnitIndex {
  const byId = new Map<string, number>();
  units.forEach((u, i) => byId.set(u.id, i));
  return {
    size: units.length,
    handleOf: (id) => byId.get(id) ?? -1,
    unit: (h) => units[h],
    charged: () => units.flatMap((u, i) => (u.charged ? [i] : [])),
  };
}

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
 * The report of one reconciliation: the tally of the itemised lines' findings (and summary
 * lines outside the period), the buckets of summaries and analytics, the invoice as read.
 */
export function reconcileReport(
  tally: FindingTally,
  buckets: readonly BucketResult[],
  about: { ruleset: string; timezone: string; from: number | null; to: number | null },
  files: readonly InvoiceFile[],
  show: { detail: boolean },
): ReconcileReport {
  // Summaries' and analytics' buckets add to the totals (the itemised lines' buckets are their findings again).
  const sums = tally.sums();
  const expected = sums.expected.sums();
  const invoiced = sums.invoiced.sums();
  const plus = (into: Map<string, Amount>, currency: string | null, amount: string | null): void => {
    if (currency !== null && amount !== null) into.set(currency, (into.get(currency) ?? zero()).plus(parseAmount(amount) as Amount));
  };
  for (const b of buckets) {
    plus(expected, b.expectedCurrency, b.expectedAmount);
    plus(invoiced, b.invoicedCurrency, b.invoicedAmount);
  }
  const difference = new Map<string, Amount>();
  for (const c of new Set([...expected.keys(), ...invoiced.keys()])) difference.set(c, (invoiced.get(c) ?? zero()).minus(expected.get(c) ?? zero()));
  const rejected = files.flatMap((f) => f.rejected);
  const facts = files.map((f) => ({
    file: f.file,
    kind: f.kind,
    lines: f.lines.length + f.buckets.length + f.other.length + f.rejected.length,
    decimalMark: f.decimalMark,
    negativeCharges: f.negativeCharges,
    skipped: f.skipped,
  }));
  return {
    reconcileVersion: 1,
    ruleset: about.ruleset,
    timezone: about.timezone,
    period: { from: about.from, to: about.to },
    invoice: { files: facts, lines: facts.reduce((n, f) => n + f.lines, 0), rejected: rejected.length },
    summary: {
      verdicts: Object.fromEntries(
        VERDICTS.map((v) => {
          const of = sums.byVerdict.get(v) as { invoiced: AmountTally; expected: AmountTally };
          return [v, { count: sums.counts.get(v) as number, invoiced: record(of.invoiced.sums()), expected: record(of.expected.sums()) }];
        }),
      ) as ReconcileSummary['verdicts'],
      expected: record(expected),
      invoiced: record(invoiced),
      difference: record(difference),
    },
    lines: tally.lines(),
    buckets: buckets.length === 0 ? tally.buckets() : buckets.map((b) => (show.detail && bucketDiffers(b) ? b : { ...b, units: [] })),
    otherCharges: files.flatMap((f) => f.other),
    rejected,
    warnings: files.some((f) => f.kind.endsWith('_analytics') && f.buckets.some((b) => b.amount !== null)) ? [ANALYTICS_COSTS] : [],
  };
}
