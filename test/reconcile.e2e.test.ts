// `wa-audit reconcile` end to end (issue 12, in progress: invoices itemised by message).
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
