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
    if (!m.charged || claimed.has(m.id) || !inPeriod(m.at)) continue;
    findings.push({
      verdict: 'expected_not_billed',
      reason: null,
      file: null,
      line: null,
      message: m.id,
      expectedClass: m.chargeClass,
      invoicedClass: null,
      expectedAmount: m.amount === null ? null : amountText(m.amount),
      invoicedAmount: null,
      expectedCurrency: m.currency,
      invoicedCurrency: null,
      difference: null,
    });
  }
  return findings;
}
