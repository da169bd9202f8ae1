// Matching itemised invoices (reconcile.md): each line and each charged unit ends in exactly one
// verdict, in the spec's order of precedence.
import { describe, expect, it } from 'vitest';
import { unitIndex } from '../src/report/reconcile.js';
import { collectFindings, type Finding, type InvoiceLine, matchByMessage as match, matchByWindow as matchWindow, type ReplayedUnit, scaleOf, type UnitIndex } from '../src/engine/reconcile.js';

/** The findings of matching, every one made. */
function matchByMessage(lines: InvoiceLine[], index: UnitIndex, inPeriod: (t: number) => boolean): Finding[] {
  const c = collectFindings(scaleOf(lines));
  match(lines, index, inPeriod, c.sink);
  return c.findings;
}
function matchByWindow(lines: InvoiceLine[], units: ReplayedUnit[], windowMs: number, inPeriod: (t: number) => boolean): Finding[] {
  const c = collectFindings(scaleOf(lines));
  matchWindow(lines, units, windowMs, inPeriod, c.sink);
  return c.findings;
}
import { parseAmount } from '../src/model/money.js';

const T = (iso: string): number => Date.parse(iso);
const money = (s: string) => parseAmount(s)!;
const MARCH = (t: number): boolean => t >= T('2025-03-01T00:00:00Z') && t < T('2025-04-01T00:00:00Z');

const U = { business: 'b', contact: 'k', market: 'BR', category: null } as const;
const replayed: ReplayedUnit[] = [
  { ...U, id: 'c1', sentAt: T('2025-03-03T10:00:00Z'), charged: true, chargeClass: 'marketing', freeReason: null, amount: '0.0625', currency: 'USD' },
  { ...U, id: 'c2', sentAt: T('2025-03-03T11:00:00Z'), charged: true, chargeClass: 'utility', freeReason: null, amount: '0.0068', currency: 'USD' },
  { ...U, id: 'f1', sentAt: T('2025-03-03T12:00:00Z'), charged: false, chargeClass: null, freeReason: 'inside_conversation', amount: null, currency: null },
  { ...U, id: 'c3', sentAt: T('2025-03-04T10:00:00Z'), charged: true, chargeClass: 'marketing', freeReason: null, amount: '0.0625', currency: 'USD' },
  { ...U, id: 'c4', sentAt: T('2025-03-31T23:30:00Z'), charged: true, chargeClass: 'utility', freeReason: null, amount: '0.0068', currency: 'USD' },
  { ...U, id: 'c5', sentAt: T('2025-03-05T10:00:00Z'), charged: true, chargeClass: 'utility', freeReason: null, amount: '0.0068', currency: 'USD' },
];
/** The units by id, as matching reads them. */
const indexOf = (units: readonly ReplayedUnit[]): UnitIndex => unitIndex(units);
const messages = indexOf(replayed);

function line(n: number, id: string | null, cls: string | null, amount: string | null, at: string | null = null): InvoiceLine {
  return { file: 'invoice.csv', line: n, id, at: at === null ? null : T(at), chargeClass: cls, amount: amount === null ? null : money(amount), currency: 'USD', scale: 4 };
}

describe('matching by message id', () => {
  it('gives each line and each charged unit one verdict, by precedence', () => {
    const findings = matchByMessage(
      [
        line(2, 'c1', 'marketing', '0.0625'), // matched
        line(3, 'c1', 'marketing', '0.0625'), // duplicate_line
        line(4, 'f1', 'marketing', '0.0625'), // billed_not_expected (inside_conversation)
        line(5, 'c2', 'marketing', '0.0068'), // class_differs
        line(6, 'c3', 'marketing', '0.0626'), // amount_differs by one minor unit
        line(7, 'zz', 'marketing', '0.0625'), // billed_unknown
        line(8, 'c4', 'utility', '0.0068', '2025-04-01T00:30:00Z'), // outside_period, still claims c4
      ],
      messages,
      MARCH,
    );
    expect(findings.map((f) => [f.line, f.message, f.verdict, f.reason, f.difference])).toEqual([
      [2, 'c1', 'matched', null, '0'],
      [3, 'c1', 'duplicate_line', null, '0'],
      [4, 'f1', 'billed_not_expected', 'inside_conversation', null],
      [5, 'c2', 'class_differs', null, '0'],
      [6, 'c3', 'amount_differs', null, '0.0001'],
      [7, 'zz', 'billed_unknown', null, null],
      [8, 'c4', 'outside_period', null, '0'],
      // The charged unit no line claims.
      [null, 'c5', 'expected_not_billed', null, null],
    ]);
  });

  it('rounds the expected amount half-even to the invoice\'s scale before comparing', () => {
    const u: ReplayedUnit = { ...U, id: 'x', sentAt: T('2025-03-03T10:00:00Z'), charged: true, chargeClass: 'utility', freeReason: null, amount: '0.00685', currency: 'USD' };
    const l = { ...line(2, 'x', 'utility', '0.0068'), scale: 4 };
    expect(matchByMessage([l], indexOf([u]), MARCH).map((f) => [f.verdict, f.expectedAmount])).toEqual([['matched', '0.0068']]);
  });
});

describe('matching by conversation or session window', () => {
  const H = 3_600_000;
  const t0 = T('2025-03-03T10:00:00Z');
  const units = [
    { id: 's1', business: 'b', contact: 'c1', sentAt: t0, charged: true, chargeClass: 'session', freeReason: null, amount: '0.35', currency: 'BRL', market: 'BR', category: null },
    { id: 's2', business: 'b', contact: 'c1', sentAt: t0 + 30 * H, charged: true, chargeClass: 'session', freeReason: null, amount: '0.35', currency: 'BRL', market: 'BR', category: null },
    { id: 's3', business: 'b', contact: 'c2', sentAt: t0, charged: false, chargeClass: null, freeReason: 'customer_initiated', amount: null, currency: null, market: 'BR', category: null },
    { id: 's4', business: 'b', contact: 'c3', sentAt: t0, charged: true, chargeClass: 'session', freeReason: null, amount: '0.35', currency: 'BRL', market: 'BR', category: null },
  ];
  const l = (n: number, contact: string, at: number, amount = '0.35'): InvoiceLine => ({
    file: 'inv.csv',
    line: n,
    id: null,
    business: 'b',
    contact,
    at,
    chargeClass: 'session',
    amount: money(amount),
    currency: 'BRL',
    scale: 2,
  });
  it('pairs one to one by nearest time within the window; the rest by precedence', () => {
    const f = matchByWindow(
      [
        l(2, 'c1', t0 + 2 * 60_000), // s1, 2 minutes off: matched
        l(3, 'c1', t0 + 3 * 60_000), // s1 again: duplicate_line
        l(4, 'c1', t0 + 30 * H + 60_000, '0.36'), // s2: amount_differs
        l(5, 'c2', t0), // s3 is free: billed_not_expected (customer_initiated)
        l(6, 'c9', t0), // unknown contact
      ],
      units,
      5 * 60_000,
      MARCH,
    );
    expect(f.map((x) => [x.line, x.message, x.verdict, x.reason])).toEqual([
      [2, 's1', 'matched', null],
      [3, null, 'duplicate_line', null],
      [4, 's2', 'amount_differs', null],
      [5, 's3', 'billed_not_expected', 'customer_initiated'],
      [6, null, 'billed_unknown', null],
      [null, 's4', 'expected_not_billed', null],
    ]);
  });
});
