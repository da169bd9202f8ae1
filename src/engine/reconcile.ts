// Reconciliation's matching of an itemised-by-message invoice (reconcile.md, "Matching and
// verdicts"): every invoice line and every charged unit of the replay in the period ends in
// exactly one verdict, the first that applies of `outside_period`, `billed_unknown`,
// `duplicate_line`, `billed_not_expected`, `class_differs`, `amount_differs`, `matched`; a
// charged unit no line claims is `expected_not_billed`. Pure: the invoice is read elsewhere and
// the replay's verdicts come in.
import { type Amount, amountText, roundHalfEven } from '../model/money.js';
import type { InvoiceLine } from '../model/invoice.js';

export type { InvoiceLine } from '../model/invoice.js';

export const VERDICTS = ['outside_period', 'billed_unknown', 'duplicate_line', 'billed_not_expected', 'class_differs', 'amount_differs', 'matched', 'expected_not_billed'] as const;
export type Verdict = (typeof VERDICTS)[number];

/** What the replay says of a message of the log. */
export interface ReplayedMessage {
  readonly id: string;
  readonly at: number;
  readonly charged: boolean;
  readonly chargeClass: string | null;
  /** Why it is free (the replay's reason), when it is not charged. */
  readonly freeReason: string | null;
  readonly amount: Amount | null;
  readonly currency: string | null;
}

export interface Finding {
  readonly verdict: Verdict;
  /** The replay's free reason, for `billed_not_expected`. */
  readonly reason: string | null;
  /** The invoice line (null for `expected_not_billed`). */
  readonly file: string | null;
  readonly line: number | null;
  readonly message: string | null;
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
 * Matches itemised lines to the replay by message id. `messages` holds every message of the
 * log by id; `inPeriod` says whether an instant is in the compared period.
 */
export function matchByMessage(lines: readonly InvoiceLine[], messages: ReadonlyMap<string, ReplayedMessage>, inPeriod: (t: number) => boolean): Finding[] {
  const findings: Finding[] = [];
  const claimed = new Set<string>();
  for (const l of lines) {
    const m = l.id === null ? undefined : messages.get(l.id);
    const base = {
      file: l.file,
      line: l.line,
      message: l.id,
      invoicedClass: l.chargeClass,
      invoicedAmount: l.amount === null ? null : amountText(l.amount),
      invoicedCurrency: l.currency,
    };
    const expected = m === undefined || !m.charged ? null : m;
    const rounded = expected?.amount == null ? null : roundHalfEven(expected.amount, l.scale);
    const withExpected = {
      expectedClass: expected?.chargeClass ?? null,
      expectedAmount: rounded === null ? null : amountText(rounded),
      expectedCurrency: expected?.currency ?? null,
    };
    const difference =
      rounded !== null && l.amount !== null && expected?.currency === l.currency ? amountText(l.amount.minus(rounded)) : null;
    const finding = (verdict: Verdict, reason: string | null = null): Finding => ({ verdict, reason, ...base, ...withExpected, difference });
    const at = l.at ?? m?.at ?? null;
    if (at !== null && !inPeriod(at)) {
      // Still claims its unit: a unit billed on the wrong side of a boundary is one finding.
      if (m !== undefined) claimed.add(m.id);
      findings.push(finding('outside_period'));
      continue;
    }
    if (m === undefined) {
      findings.push(finding('billed_unknown'));
      continue;
    }
    if (claimed.has(m.id)) {
      findings.push(finding('duplicate_line'));
      continue;
    }
    claimed.add(m.id);
    if (!m.charged) {
      findings.push(finding('billed_not_expected', m.freeReason));
      continue;
    }
    if (l.chargeClass !== null && m.chargeClass !== null && l.chargeClass !== m.chargeClass) {
      findings.push(finding('class_differs'));
      continue;
    }
    const amountsDiffer =
      rounded !== null && l.amount !== null && (l.currency !== m.currency || !l.amount.equals(rounded));
    findings.push(finding(amountsDiffer ? 'amount_differs' : 'matched'));
  }
  for (const m of messages.values()) {
    if (m.charged && !claimed.has(m.id) && inPeriod(m.at)) findings.push(unbilled(m));
  }
  return findings;
}

/** A charged unit no line claims. */
function unbilled(u: { readonly id: string; readonly chargeClass: string | null; readonly amount: Amount | null; readonly currency: string | null }): Finding {
  return {
    verdict: 'expected_not_billed',
    reason: null,
    file: null,
    line: null,
    message: u.id,
    expectedClass: u.chargeClass,
    invoicedClass: null,
    expectedAmount: u.amount === null ? null : amountText(u.amount),
    invoicedAmount: null,
    expectedCurrency: u.currency,
    invoicedCurrency: null,
    difference: null,
  };
}

/** A charged (or free) session or conversation of the replay, by its opening message (`id`, `at`). */
export interface ReplayedUnit extends ReplayedMessage {
  readonly business: string;
  readonly contact: string;
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
  const contacts = new Set(units.map((u) => u.contact));
  const fits = (l: InvoiceLine, u: ReplayedUnit): boolean =>
    l.at !== null &&
    u.contact === l.contact &&
    (l.business == null || u.business === l.business) &&
    (l.chargeClass === null || !u.charged || u.chargeClass === l.chargeClass) &&
    Math.abs(u.at - l.at) <= windowMs;
  const pairs: { l: number; u: number; d: number }[] = [];
  lines.forEach((l, i) => units.forEach((u, k) => fits(l, u) && pairs.push({ l: i, u: k, d: Math.abs(u.at - (l.at as number)) })));
  pairs.sort((a, b) => a.d - b.d || a.l - b.l || a.u - b.u);
  const unitOf = new Map<number, number>();
  const taken = new Set<number>();
  for (const p of pairs) {
    if (unitOf.has(p.l) || taken.has(p.u)) continue;
    unitOf.set(p.l, p.u);
    taken.add(p.u);
  }
  const findings: Finding[] = lines.map((l, i): Finding => {
    const u = unitOf.has(i) ? units[unitOf.get(i) as number] : undefined;
    const expected = u !== undefined && u.charged ? u : undefined;
    const rounded = expected?.amount == null ? null : roundHalfEven(expected.amount, l.scale);
    const difference = rounded !== null && l.amount !== null && expected?.currency === l.currency ? amountText(l.amount.minus(rounded)) : null;
    const make = (verdict: Verdict, reason: string | null = null): Finding => ({
      verdict,
      reason,
      file: l.file,
      line: l.line,
      message: u?.id ?? null,
      expectedClass: expected?.chargeClass ?? null,
      invoicedClass: l.chargeClass,
      expectedAmount: rounded === null ? null : amountText(rounded),
      invoicedAmount: l.amount === null ? null : amountText(l.amount),
      expectedCurrency: expected?.currency ?? null,
      invoicedCurrency: l.currency,
      difference,
    });
    if (l.at !== null && !inPeriod(l.at)) return make('outside_period');
    if (l.contact == null || !contacts.has(l.contact)) return make('billed_unknown');
    if (u === undefined) return pairs.some((p) => p.l === i) ? make('duplicate_line') : make('billed_not_expected');
    if (!u.charged) return make('billed_not_expected', u.freeReason);
    if (l.chargeClass !== null && u.chargeClass !== null && l.chargeClass !== u.chargeClass) return make('class_differs');
    const differs = rounded !== null && l.amount !== null && (l.currency !== u.currency || !l.amount.equals(rounded));
    return make(differs ? 'amount_differs' : 'matched');
  });
  units.forEach((u, k) => {
    if (u.charged && !taken.has(k) && inPeriod(u.at)) findings.push(unbilled(u));
  });
  return findings;
}
