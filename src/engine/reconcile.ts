// Reconciliation's matching of itemised invoices, by message id or by contact and time
// (reconcile.md, "Matching and verdicts"), and `--tolerance`: every invoice line and every
// charged unit of the replay in the period ends in exactly one verdict, the first that applies of `outside_period`, `billed_unknown`,
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

/**
 * The replay's messages as matching by id reads them: by a handle (0 to `size` - 1) that an id
 * gives, and the handles of the charged ones.
 */
export interface UnitIndex {
  readonly size: number;
  /** The handle of the unit of this id; -1 when the log has none. */
  handleOf(id: string): number;
  unit(handle: number): ReplayedUnit;
  charged(): Iterable<number>;
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
 * Where matching sends each verdict, with the invoice line (null for a charged unit no line
 * claims: `expected_not_billed`), the unit it is matched to (if any) and whether the line claims
 * that unit (the expected side counts only then). Findings are made from these by `findingOf`,
 * or summed without being made (a report of a million lines keeps the few it shows).
 */
export type FindingSink = (verdict: Verdict, line: InvoiceLine | null, unit: ReplayedUnit | undefined, claims: boolean) => void;

/**
 * A verdict as a finding: the expected side from the unit when the line claims it and it is
 * charged, its amount rounded half-even to the invoice's scale (`scale` for a unit no line
 * claims: the file's); the difference when both amounts are in one currency. Amounts go through
 * `memo`: a few prices repeat on every line.
 */
export function findingOf(verdict: Verdict, l: InvoiceLine | null, u: ReplayedUnit | undefined, claims: boolean, scale: number | null, memo: AmountMemo): Finding {
  const expected = expectedUnit(u, claims);
  const rounded = expectedAmount(expected, l, scale, memo);
  const invoiced = invoicedAmount(l, memo);
  return {
    verdict,
    reason: verdict === 'billed_not_expected' ? (u?.freeReason ?? null) : null,
    file: l?.file ?? null,
    line: l?.line ?? null,
    message: u?.id ?? l?.id ?? null,
    business: u?.business ?? l?.business ?? null,
    contact: u?.contact ?? l?.contact ?? null,
    at: u?.sentAt ?? l?.at ?? null,
    expectedClass: expected?.chargeClass ?? null,
    invoicedClass: l?.chargeClass ?? null,
    expectedAmount: rounded,
    invoicedAmount: invoiced,
    expectedCurrency: expected?.currency ?? null,
    invoicedCurrency: l?.currency ?? null,
    difference: rounded !== null && invoiced !== null && expected?.currency === l?.currency ? memo.minus(invoiced, rounded) : null,
  };
}

/** The unit whose charge a line expects: the one it claims, when charged. */
export const expectedUnit = (u: ReplayedUnit | undefined, claims: boolean): ReplayedUnit | undefined => (u !== undefined && u.charged && claims ? u : undefined);

/** The expected amount, rounded half-even to the line's scale (a unit no line claims: `scale`, the file's). */
export function expectedAmount(expected: ReplayedUnit | undefined, l: InvoiceLine | null, scale: number | null, memo: AmountMemo): string | null {
  const places = l?.scale ?? scale;
  if (expected === undefined || expected.amount === null) return null;
  return places === null ? expected.amount : memo.round(expected.amount, places);
}

/** The line's amount, as decimal text. */
export const invoicedAmount = (l: InvoiceLine | null, memo: AmountMemo): string | null => (l === null || l.amount === null ? null : memo.text(l.amount));

/** A sink that makes every finding, and the findings it made. */
export function collectFindings(scale: number | null): { sink: FindingSink; findings: Finding[] } {
  const memo = new AmountMemo();
  const findings: Finding[] = [];
  return { findings, sink: (verdict, l, u, claims) => void findings.push(findingOf(verdict, l, u, claims, scale, memo)) };
}

/** The verdict of a line paired with a unit of the log: free, another class, another amount, or matched. */
function pairedVerdict(l: InvoiceLine, u: ReplayedUnit, memo: AmountMemo): Verdict {
  if (!u.charged) return 'billed_not_expected';
  if (l.chargeClass !== null && u.chargeClass !== null && l.chargeClass !== u.chargeClass) return 'class_differs';
  if (u.amount !== null && l.amount !== null && (l.currency !== u.currency || memo.round(u.amount, l.scale) !== memo.text(l.amount))) return 'amount_differs';
  return 'matched';
}

/**
 * Matches itemised lines to the replay by message id, each verdict to `sink`. `messages` finds
 * every message of the log by id; `inPeriod` says whether an instant is in the compared period.
 */
export function matchByMessage(lines: readonly InvoiceLine[], messages: UnitIndex, inPeriod: (t: number) => boolean, sink: FindingSink): void {
  const memo = new AmountMemo();
  const claimed = new Uint8Array(messages.size);
  for (const l of lines) {
    const h = l.id === null ? -1 : messages.handleOf(l.id);
    const m = h < 0 ? undefined : messages.unit(h);
    const at = l.at ?? m?.sentAt ?? null;
    if (at !== null && !inPeriod(at)) {
      // Still claims its unit: a unit billed on the wrong side of a boundary is one finding.
      // Its unit, when charged in the period, is still expected (the expected side keeps it).
      if (m !== undefined) claimed[h] = 1;
      sink('outside_period', l, m, m !== undefined && inPeriod(m.sentAt));
    } else if (m === undefined) {
      sink('billed_unknown', l, undefined, false);
    } else if (claimed[h] === 1) {
      sink('duplicate_line', l, m, true);
    } else {
      claimed[h] = 1;
      sink(pairedVerdict(l, m, memo), l, m, true);
    }
  }
  for (const h of messages.charged()) {
    if (claimed[h] === 1) continue;
    const m = messages.unit(h);
    if (inPeriod(m.sentAt)) sink('expected_not_billed', null, m, true);
  }
}

/** The scale an invoice's amounts are compared at: its lines' (the largest); null without lines. */
export const scaleOf = (lines: readonly InvoiceLine[]): number | null => (lines.length === 0 ? null : lines.reduce((s, l) => Math.max(s, l.scale), 0));

/**
 * Matches lines itemised by conversation or session (a contact and a time, no message id) to
 * the replay's units of the same contact (and business, and class, when the line names them)
 * opened within `windowMs` of the line's time: pairs one to one, globally by increasing time
 * distance, ties in invoice order. A line paired with a free unit is `billed_not_expected`
 * (with its reason); a line whose only candidates are claimed is `duplicate_line`; a line of
 * a contact the log does not have, or with no candidate, is `billed_unknown` or
 * `billed_not_expected`.
 */
export function matchByWindow(lines: readonly InvoiceLine[], units: readonly ReplayedUnit[], windowMs: number, inPeriod: (t: number) => boolean, sink: FindingSink): void {
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
  lines.forEach((l, i) => {
    const u = unitOf.has(i) ? units[unitOf.get(i) as number] : undefined;
    if (l.at !== null && !inPeriod(l.at)) sink('outside_period', l, u, true);
    else if (l.contact == null || !byContact.has(l.contact)) sink('billed_unknown', l, u, true);
    else if (u === undefined) sink(candidates.has(i) ? 'duplicate_line' : 'billed_not_expected', l, u, true);
    else sink(pairedVerdict(l, u, memo), l, u, true);
  });
  units.forEach((u, k) => {
    if (u.charged && !taken.has(k) && inPeriod(u.sentAt)) sink('expected_not_billed', null, u, true);
  });
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

/** Whether a finding's amount difference goes beyond the tolerance (another currency always does). */
export function amountBeyond(f: Finding, t: Tolerance): boolean {
  if (f.verdict !== 'amount_differs') return false;
  if (f.difference === null || f.invoicedCurrency !== f.expectedCurrency) return true;
  return !differenceWithin(f.difference, f.expectedAmount, f.invoicedCurrency, t);
}

/** Whether a bucket's count or amount differs beyond the tolerance. */
export function bucketsBeyond(buckets: readonly BucketCheck[], t: Tolerance): boolean {
  return buckets.some(
    (b) =>
      Math.abs(b.expectedCount - b.invoicedCount) > t.count ||
      (b.invoicedAmount !== null && b.expectedAmount !== null && b.invoicedCurrency !== b.expectedCurrency && b.expectedCount > 0) ||
      (b.difference !== null && !differenceWithin(b.difference, b.expectedAmount, b.invoicedCurrency ?? b.expectedCurrency, t)),
  );
}

/** `amountWithin` of a difference and expected amount written as decimal text. */
const differenceWithin = (difference: string, expected: string | null, currency: string | null, t: Tolerance): boolean =>
  amountWithin(parseAmount(difference) as Amount, expected === null ? null : parseAmount(expected), currency, t);

/** A bucket's two sides: what the tolerance reads of it. */
export interface BucketCheck {
  readonly expectedCount: number;
  readonly invoicedCount: number;
  /** The replay's amount, rounded to the invoice's scale (null when a unit is unpriced). */
  readonly expectedAmount: string | null;
  readonly invoicedAmount: string | null;
  readonly expectedCurrency: string | null;
  readonly invoicedCurrency: string | null;
  /** Invoiced minus expected amount, when both are there in one currency. */
  readonly difference: string | null;
}
