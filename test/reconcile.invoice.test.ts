// An itemised invoice read and matched against the sample's replay (issue 12, in progress):
// a pt-BR export (`;`, decimal comma, Portuguese and Meta class words) with planted findings.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { matchByMessage } from '../src/engine/reconcile.js';
import { metaRuleset } from '../src/engine/rulesets/meta.js';
import { readInvoice } from '../src/ingest/invoice.js';
import { readMarkets } from '../src/ingest/markets.js';
import { readLog, textSource } from '../src/ingest/read.js';
import { readRateCard } from '../src/ingest/rates.js';
import { amountText } from '../src/model/money.js';
import { replayUnits } from '../src/report/reconcile.js';
import { startOfDate, TimeZone } from '../src/model/time.js';
import { auditLog } from '../src/pipeline.js';

const SP = TimeZone.of('America/Sao_Paulo')!;
const FILE = 'fixtures/invoices/itemised-by-message.csv';
const OPTIONS = { zone: SP, mark: null, currency: null, dayOrder: null, map: null, period: null };

describe('an itemised-by-message invoice against the sample under meta', () => {
  it('reads the lines, the other charges and the rejected line', () => {
    const inv = readInvoice(FILE, readFileSync(FILE, 'utf8'), OPTIONS);
    expect(inv.decimalMark).toBe(',');
    expect(inv.lines.map((l) => [l.id, l.chargeClass, l.amount === null ? null : amountText(l.amount), l.scale])).toEqual([
      ['wamid.B1.1', 'marketing', '0.0625', 4],
      ['wamid.B1.1', 'marketing', '0.0625', 4],
      ['wamid.F1.2', 'marketing', '0.0626', 4],
      ['wamid.C1.1', 'utility', '0.0068', 4],
      ['wamid.A1.3', 'marketing', '0.0625', 4],
      ['wamid.NOPE', 'marketing', '0.0625', 4],
    ]);
    expect(inv.other.map((o) => [o.line, o.label])).toEqual([[8, 'ISS']]);
    expect(inv.rejected).toEqual([{ file: FILE, line: 9, reason: "amount 'abc' is not money" }]);
  });

  it('finds each planted discrepancy with the right verdict, and every unbilled charge', async () => {
    const log = await readLog([textSource('fixtures/sample.csv', readFileSync('fixtures/sample.csv', 'utf8'))], { zone: SP, dayOrder: null });
    const rates = readRateCard('rates/meta-usd-example.csv', readFileSync('rates/meta-usd-example.csv', 'utf8'), SP);
    const markets = readMarkets('markets/meta-markets.csv', readFileSync('markets/meta-markets.csv', 'utf8'), SP);
    const report = auditLog(log, metaRuleset('meta', { zone: SP, serviceFreeTier: 1000 }), { timezone: SP.name, from: null, to: null, rates, markets });
    const messages = new Map(replayUnits(report, 'messages').map((u) => [u.id, u]));
    const inv = readInvoice(FILE, readFileSync(FILE, 'utf8'), OPTIONS);
    const march = (t: number): boolean => t >= startOfDate(2025, 3, 1, SP) && t < startOfDate(2025, 4, 1, SP);
    const findings = matchByMessage(inv.lines, messages, march);
    expect(findings.filter((f) => f.file !== null).map((f) => [f.line, f.verdict, f.reason, f.difference])).toEqual([
      [2, 'matched', null, '0'],
      [3, 'duplicate_line', null, '0'],
      [4, 'amount_differs', null, '0.0001'],
      [5, 'matched', null, '0'],
      [6, 'billed_not_expected', 'inside_conversation', null],
      [7, 'billed_unknown', null, null],
    ]);
    // The sample's 63 charged units (test/golden/sample.meta-priced.json): three are billed (the
    // other billed lines are a free message, an unknown id and a duplicate); the rest are not.
    expect(findings.filter((f) => f.verdict === 'expected_not_billed')).toHaveLength(63 - 3);
  });
});
