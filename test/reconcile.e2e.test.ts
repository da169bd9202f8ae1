// `wa-audit reconcile` end to end (issue 12, in progress: invoices itemised by message).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from './helpers/cli.js';

const ARGS = ['reconcile', 'fixtures/sample.csv', '--invoice', 'fixtures/invoices/itemised-by-message.csv', '--ruleset', 'meta', '--tz', 'America/Sao_Paulo', '--rates', 'rates/meta-usd-example.csv', '--period', '2025-03'];

describe('wa-audit reconcile', () => {
  it('counts every verdict and totals per currency (reconcile_version 1)', () => {
    const r = cli([...ARGS, '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout) as { reconcile_version: number; summary: { verdicts: Record<string, { count: number }>; expected: Record<string, string>; invoiced: Record<string, string>; difference: Record<string, string> }; other_charges: unknown[]; rejected: unknown[] };
    expect(j.reconcile_version).toBe(1);
    expect(Object.fromEntries(Object.entries(j.summary.verdicts).map(([v, x]) => [v, x.count]))).toEqual({
      outside_period: 0,
      billed_unknown: 1,
      duplicate_line: 1,
      billed_not_expected: 1,
      class_differs: 0,
      amount_differs: 1,
      matched: 2,
      expected_not_billed: 60,
    });
    // Expected: the sample's 63 charged units under the example card (1.431 USD). Invoiced: every
    // line billed in the period, the duplicate included: 0.0625 x 2 + 0.0626 + 0.0068 + 0.0625 + 0.0625.
    expect(j.summary.expected).toEqual({ USD: '1.431' });
    expect(j.summary.invoiced).toEqual({ USD: '0.3194' });
    expect(j.summary.difference).toEqual({ USD: '-1.1116' });
    expect(j.other_charges).toHaveLength(1);
    expect(j.rejected).toHaveLength(1);
  });

  it('--fail-on differences exits 1 when anything differs', () => {
    expect(cli([...ARGS, '--fail-on', 'differences']).code).toBe(1);
    expect(cli(['reconcile', 'fixtures/sample.csv']).code).toBe(2);
  });
});

describe('wa-audit reconcile, an invoice itemised by session (robbu)', () => {
  it('pairs lines with sessions within the window and finds each planted discrepancy', () => {
    const dir = mkdtempSync(join(tmpdir(), 'wa-audit-rec-'));
    const card = join(dir, 'sessions.csv');
    writeFileSync(card, 'valid_from,market,currency,session\n2025-01-01,BR,BRL,0.35\n');
    const r = cli(['reconcile', 'fixtures/sample.csv', '--invoice', 'fixtures/invoices/itemised-by-session.csv', '--tz', 'America/Sao_Paulo', '--rates', card, '--period', '2025-03', '--format', 'json', '--all']);
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout) as { lines: { line: number | null; message: string | null; verdict: string; reason: string | null; difference: string | null }[]; summary: { expected: Record<string, string>; invoiced: Record<string, string> } };
    expect(j.lines.filter((l) => l.line !== null).map((l) => [l.line, l.message, l.verdict, l.reason, l.difference])).toEqual([
      // In the spec's order of verdicts.
      [3, null, 'duplicate_line', null, null],
      [5, 'wamid.A1.2', 'billed_not_expected', 'customer_initiated', null],
      [4, 'wamid.C1.1', 'amount_differs', null, '0.01'],
      [2, 'wamid.B1.1', 'matched', null, '0'],
    ]);
    // 54 charged sessions at 0.35 BRL; four lines billed, the card's one currency read for them.
    expect(j.summary.expected).toEqual({ BRL: '18.9' });
    expect(j.summary.invoiced).toEqual({ BRL: '1.41' });
    expect(j.lines.filter((l) => l.verdict === 'expected_not_billed')).toHaveLength(52);
    expect(cli(['reconcile', 'fixtures/sample.csv', '--invoice', 'fixtures/invoices/itemised-by-session.csv', '--rates', card, '--match-window', 'soon']).stderr).toMatch(/--match-window: expected a duration such as 5m/);
  });
});
