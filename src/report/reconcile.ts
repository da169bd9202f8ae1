// The reconcile report (reconcile.md, "Output"), typed: the findings of the matching, counted
// per verdict with their amounts per currency, and the expected, invoiced and difference
// totals per currency. Renderers format it (`render/reconcile.ts`).
import type { Finding, Verdict } from '../engine/reconcile.js';
import { VERDICTS } from '../engine/reconcile.js';
import { type Amount, amountText, parseAmount, ZERO } from '../model/money.js';
import type { InvoiceRejection, OtherCharge } from '../model/invoice.js';

export interface ReconcileReport {
  readonly reconcileVersion: 1;
  readonly ruleset: string;
  readonly timezone: string;
  readonly period: { readonly from: number | null; readonly to: number | null };
  readonly invoice: { readonly files: readonly string[]; readonly lines: number; readonly rejected: number };
  /** Per verdict: how many, and the invoiced amounts by currency. */
  readonly verdicts: Readonly<Record<Verdict, { readonly count: number; readonly invoiced: Readonly<Record<string, string>>; readonly expected: Readonly<Record<string, string>> }>>;
  readonly expected: Readonly<Record<string, string>>;
  readonly invoiced: Readonly<Record<string, string>>;
  readonly difference: Readonly<Record<string, string>>;
  /** Every finding but `matched` (all of them with `--all`). */
  readonly lines: readonly Finding[];
  readonly otherCharges: readonly OtherCharge[];
  readonly rejected: readonly InvoiceRejection[];
}

function add(into: Map<string, Amount>, currency: string | null, amount: string | null): void {
  if (currency === null || amount === null) return;
  into.set(currency, (into.get(currency) ?? ZERO).plus(parseAmount(amount) as Amount));
}

const record = (m: Map<string, Amount>): Record<string, string> => Object.fromEntries([...m].sort(([a], [b]) => (a < b ? -1 : 1)).map(([c, a]) => [c, amountText(a)]));

export function reconcileReport(
  findings: readonly Finding[],
  about: { ruleset: string; timezone: string; from: number | null; to: number | null; files: readonly string[]; lines: number },
  other: readonly OtherCharge[],
  rejected: readonly InvoiceRejection[],
  all: boolean,
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
    if (f.verdict !== 'duplicate_line' && f.verdict !== 'outside_period') add(expected, f.expectedCurrency, f.expectedAmount);
    if (f.verdict !== 'outside_period' && f.verdict !== 'expected_not_billed') add(invoiced, f.invoicedCurrency, f.invoicedAmount);
  }
  const difference = new Map<string, Amount>();
  for (const c of new Set([...expected.keys(), ...invoiced.keys()])) difference.set(c, (invoiced.get(c) ?? ZERO).minus(expected.get(c) ?? ZERO));
  return {
    reconcileVersion: 1,
    ruleset: about.ruleset,
    timezone: about.timezone,
    period: { from: about.from, to: about.to },
    invoice: { files: about.files, lines: about.lines, rejected: rejected.length },
    verdicts: Object.fromEntries(VERDICTS.map((v) => [v, { count: verdicts[v].count, invoiced: record(verdicts[v].invoiced), expected: record(verdicts[v].expected) }])) as ReconcileReport['verdicts'],
    expected: record(expected),
    invoiced: record(invoiced),
    difference: record(difference),
    lines: all ? findings : findings.filter((f) => f.verdict !== 'matched'),
    otherCharges: other,
    rejected,
  };
}
