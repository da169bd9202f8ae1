// Reconciliation's matching of an itemised-by-message invoice (reconcile.md, "Matching and
// verdicts"): every invoice line and every charged unit of the replay in the period ends in
// exactly one verdict, the first that applies of `outside_period`, `billed_unknown`,
// `duplicate_line`, `billed_not_expected`, `class_differs`, `amount_differs`, `matched`; a
// charged unit no line claims is `expected_not_billed`. Pure: the invoice is read elsewhere and
// the replay's verdicts come in.
import { type Amount, AmountMemo, parseAmount } from '../model/money.js';
import type { InvoiceLine } from '../model/invoice.js';

export type { InvoiceLine } from '../model/invoice.js';

export const VERDICTS = ['outside_period', 'billed_unknown', 'duplicate_line', 'billed_not_expected', 'class_differs', 'amount_differs', 'matched', 'expected_not_billed'] as const;
export type Verdict = (typeof VERDICTS)[number];

/**
 * What the replay says of one of its units: a message, or a session or conversation by its
 * opening message (`id`, `sentAt`). `chargeClass` is the class it is charged under (null when
 * free; `category` is then the class it would have); `market` is the contact's country. The
 * report's message rows are such units as they are.
 */
export interface ReplayedUnit {
  readonly id: string;
  readonly business: string;
  readonly contact: string;
  readonly sentAt: number;
  readonly charged: boolean;
  readonly chargeClass: string | null;
  readonly category: string | null;
  /** Why it is free (the replay's reason), when it is not charged. */
  readonly freeReason: string | null;
  /** Its amount (plain decimal text, `amountText`), when priced. */
  readonly amount: string | null;
  readonly currency: string | null;
  readonly market: string | null;
}

export interface Finding {
  readonly verdict: Verdict;
  /** The replay's free reason, for `billed_not_expected`. */
  readonly reason: string | null;
  /** The invoice line (null for `expected_not_billed`). */
  readonly file: string | null;
  readonly line: number | null;
  readonly message: string | null;
  /** The business, contact and instant of the unit (else as the line gives them). */
  readonly business: string | null;
  readonly contact: string | null;
  readonly at: number | null;
  readonly expectedClass: string | null;
  readonly invoicedClass: string | null;
  readonly expectedAmount: string | null;
  readonly invoicedAmount: string | null;
  readonly expectedCurrency: string | null;
  readonly invoicedCurrency: string | null;
  /** Invoiced minus expected, when both are in one currency. */
  readonly difference: string | null;
}

/**
 * A line's finding against the unit it claims (or none): the expected side from the unit when
 * it is charged, its amount rounded half-even to the invoice's scale; the difference when both
 * amounts are in one currency. Amounts go through `memo`: a few prices repeat on every line.
 */
function judge(l: InvoiceLine, u: ReplayedUnit | undefined, claims: boolean, memo: AmountMemo): (verdict: Verdict, reason?: string | null) => Finding {
  const expected = u !== undefined && u.charged && claims ? u : undefined;
  const rounded = expected === undefined || expected.amount === null ? null : memo.round(expected.amount, l.scale);
  const invoiced = l.amount === null ? null : memo.text(l.amount);
  const difference = rounded !== null && invoiced !== null && expected?.currency === l.currency ? memo.minus(invoiced, rounded) : null;
  return (verdict, reason = null) => ({
    verdict,
    reason,
    file: l.file,
    line: l.line,
    message: u?.id ?? l.id,
    business: u?.business ?? l.business ?? null,
    contact: u?.contact ?? l.contact ?? null,
    at: u?.sentAt ?? l.at,
    expectedClass: expected?.chargeClass ?? null,
    invoicedClass: l.chargeClass,
    expectedAmount: rounded,
    invoicedAmount: invoiced,
    expectedCurrency: expected?.currency ?? null,
    invoicedCurrency: l.currency,
    difference,
  });
}

/** The verdict of a line paired with a unit of the log: free, another class, another amount, or matched. */
function verdictOf(l: InvoiceLine, u: ReplayedUnit, make: (verdict: Verdict, reason?: string | null) => Finding): Finding {
  if (!u.charged) return make('billed_not_expected', u.freeReason);
  if (l.chargeClass !== null && u.chargeClass !== null && l.chargeClass !== u.chargeClass) return make('class_differs');
  const f = make('matched');
  const differs = f.expectedAmount !== null && f.invoicedAmount !== null && (l.currency !== u.currency || f.expectedAmount !== f.invoicedAmount);
  return differs ? { ...f, verdict: 'amount_differs' } : f;
}

/**
 * Matches itemised lines to the replay by message id. `messages` holds every message of the
 * log by id; `inPeriod` says whether an instant is in the compared period.
 */
export function matchByMessage(lines: readonly InvoiceLine[], messages: ReadonlyMap<string, ReplayedUnit>, inPeriod: (t: number) => boolean): Finding[] {
  const memo = new AmountMemo();
  const findings: Finding[] = [];
  const claimed = new Set<ReplayedUnit>();
  const scale = scaleOf(lines);
  for (const l of lines) {
    const m = l.id === null ? undefined : messages.get(l.id);
    const at = l.at ?? m?.sentAt ?? null;
    if (at !== null && !inPeriod(at)) {
      // Still claims its unit: a unit billed on the wrong side of a boundary is one finding.
      // Its unit, when charged in the period, is still expected (the expected side keeps it).
      if (m !== undefined) claimed.add(m);
      findings.push(judge(l, m, m !== undefined && inPeriod(m.sentAt), memo)('outside_period'));
      continue;
    }
    if (m === undefined) {
      findings.push(judge(l, undefined, false, memo)('billed_unknown'));
      continue;
    }
    const make = judge(l, m, true, memo);
    if (claimed.has(m)) {
      findings.push(make('duplicate_line'));
      continue;
    }
    claimed.add(m);
    findings.push(verdictOf(l, m, make));
  }
  for (const m of messages.values()) {
    if (m.charged && !claimed.has(m) && inPeriod(m.sentAt)) findings.push(unbilled(m, scale, memo));
  }
  return findings;
}

/** The scale an invoice's amounts are compared at: its lines' (the largest). */
const scaleOf = (lines: readonly InvoiceLine[]): number | null => (lines.length === 0 ? null : lines.reduce((s, l) => Math.max(s, l.scale), 0));

/** A charged unit no line claims, its amount rounded to the invoice's scale. */
function unbilled(u: ReplayedUnit, scale: number | null, memo: AmountMemo): Finding {
  return {
    verdict: 'expected_not_billed',
    reason: null,
    file: null,
    line: null,
    message: u.id,
    business: u.business,
    contact: u.contact,
    at: u.sentAt,
    expectedClass: u.chargeClass,
    invoicedClass: null,
    expectedAmount: u.amount === null || scale === null ? u.amount : memo.round(u.amount, scale),
    invoicedAmount: null,
    expectedCurrency: u.currency,
    invoicedCurrency: null,
    difference: null,
  };
}

/**
 * Matches lines itemised by conversation or session (a contact and a time, no message id) to
 * the replay's units of the same contact (and business, and class, when the line names them)
 * opened within `windowMs` of the line's time: pairs one to one, globally by increasing time
 * distance, ties in invoice order. A line paired with a free unit is `billed_not_expected`
 * (with its reason); a line whose only candidates are claimed is `duplicate_line`; a line of
 * a contact the log does not have, or with no candidate, is `billed_unknown` or
 * `billed_not_expected`.
 */
export function matchByWindow(lines: readonly InvoiceLine[], units: readonly ReplayedUnit[], windowMs: number, inPeriod: (t: number) => boolean): Finding[] {
  const memo = new AmountMemo();
  const byContact = new Map<string, number[]>();
  units.forEach((u, k) => {
    const list = byContact.get(u.contact);
    if (list === undefined) byContact.set(u.contact, [k]);
    else list.push(k);
  });
  const fits = (l: InvoiceLine, u: ReplayedUnit): boolean =>
    l.at !== null &&
    (l.business == null || u.business === l.business) &&
    (l.chargeClass === null || !u.charged || u.chargeClass === l.chargeClass) &&
    Math.abs(u.sentAt - l.at) <= windowMs;
  const pairs: { l: number; u: number; d: number }[] = [];
  lines.forEach((l, i) => {
    for (const k of (l.contact == null ? undefined : byContact.get(l.contact)) ?? []) {
      if (fits(l, units[k])) pairs.push({ l: i, u: k, d: Math.abs(units[k].sentAt - (l.at as number)) });
    }
  });
  pairs.sort((a, b) => a.d - b.d || a.l - b.l || a.u - b.u);
  const unitOf = new Map<number, number>();
  const taken = new Set<number>();
  const candidates = new Set<number>();
  for (const p of pairs) {
    candidates.add(p.l);
    if (unitOf.has(p.l) || taken.has(p.u)) continue;
    unitOf.set(p.l, p.u);
    taken.add(p.u);
  }
  const findings: Finding[] = lines.map((l, i): Finding => {
    const u = unitOf.has(i) ? units[unitOf.get(i) as number] : undefined;
    const make = judge(l, u, true, memo);
    if (l.at !== null && !inPeriod(l.at)) return make('outside_period');
    if (l.contact == null || !byContact.has(l.contact)) return make('billed_unknown');
    if (u === undefined) return make(candidates.has(i) ? 'duplicate_line' : 'billed_not_expected');
    return verdictOf(l, u, make);
  });
  const scale = scaleOf(lines);
  units.forEach((u, k) => {
    if (u.charged && !taken.has(k) && inPeriod(u.sentAt)) findings.push(unbilled(u, scale, memo));
  });
  return findings;
}

/** `--tolerance` (reconcile.md): counts up to `count`, amounts up to an amount per currency or a share of the expected amount. */
export interface Tolerance {
  readonly count: number;
  readonly amounts: ReadonlyMap<string, Amount>;
  /** A share of the expected amount, in percent (null: none). */
  readonly percent: Amount | null;
}

export const NO_TOLERANCE: Tolerance = { count: 0, amounts: new Map(), percent: null };

/** Whether a difference of money is within the tolerance: the amount for its currency, or the share of the expected amount. */
export function amountWithin(difference: Amount, expected: Amount | null, currency: string | null, t: Tolerance): boolean {
  const d = difference.abs();
  if (d.isZero()) return true;
  const fixed = currency === null ? undefined : t.amounts.get(currency);
  if (fixed !== undefined && d.lte(fixed)) return true;
  return t.percent !== null && expected !== null && d.lte(expected.abs().times(t.percent).div(100));
}

/**
 * Whether the findings and buckets go beyond the tolerance (the exit code of `--fail-on
 * differences`; verdicts never change): an amount difference beyond the amount tolerance; more
 * findings of counts (every verdict but `matched` and `amount_differs`) than the count
 * tolerance, over the itemised lines; a bucket whose count or amount differs beyond it.
 */
export function beyondTolerance(findings: readonly Finding[], buckets: readonly BucketCheck[], t: Tolerance): boolean {
  let counts = 0;
  for (const f of findings) {
    if (f.verdict === 'matched') continue;
    if (f.verdict !== 'amount_differs') {
      counts++;
      continue;
    }
    if (f.difference === null || f.invoicedCurrency !== f.expectedCurrency) return true;
    if (!amountWithin(parseAmount(f.difference) as Amount, f.expectedAmount === null ? null : parseAmount(f.expectedAmount), f.invoicedCurrency, t)) return true;
  }
  if (counts > t.count) return true;
  return buckets.some(
    (b) =>
      Math.abs(b.expectedCount - b.invoicedCount) > t.count ||
      (b.invoicedAmount !== null && b.expectedAmount !== null && b.invoicedCurrency !== b.expectedCurrency && b.expectedCount > 0) ||
      (b.difference !== null && !amountWithin(parseAmount(b.difference) as Amount, b.expectedAmount === null ? null : parseAmount(b.expectedAmount), b.invoicedCurrency ?? b.expectedCurrency, t)),
  );
}

/** What the tolerance reads of a bucket. */
export interface BucketCheck {
  readonly expectedCount: number;
  readonly invoicedCount: number;
  readonly expectedAmount: string | null;
  readonly invoicedAmount: string | null;
  readonly expectedCurrency: string | null;
  readonly invoicedCurrency: string | null;
  readonly difference: string | null;
}
