// An itemised invoice read and matched against the sample's replay (issue 12, in progress):
// a pt-BR export (`;`, decimal comma, Portuguese and Meta class words) with planted findings.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { collectFindings, matchByMessage, scaleOf } from '../src/engine/reconcile.js';
import { metaRuleset } from '../src/engine/rulesets/meta.js';
import { type InvoiceOptions, readInvoice } from '../src/ingest/invoice.js';
import { readMarkets } from '../src/ingest/markets.js';
import { readLog, textSource } from '../src/ingest/read.js';
import { readRateCard } from '../src/ingest/rates.js';
import { amountText } from '../src/model/money.js';
import { messageIndex } from '../src/report/reconcile.js';
import { startOfDate, TimeZone } from '../src/model/time.js';
import { auditLog } from '../src/pipeline.js';

const SP = TimeZone.of('America/Sao_Paulo')!;
const FILE = 'fixtures/invoices/itemised-by-message.csv';
const OPTIONS: InvoiceOptions = { zone: SP, mark: null, currency: null, dayOrder: null, map: null, period: null };

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
    const messages = messageIndex(report);
    const inv = readInvoice(FILE, readFileSync(FILE, 'utf8'), OPTIONS);
    const march = (t: number): boolean => t >= startOfDate(2025, 3, 1, SP) && t < startOfDate(2025, 4, 1, SP);
    const { sink, findings } = collectFindings(scaleOf(inv.lines));
    matchByMessage(inv.lines, messages, march, sink);
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

describe('invoice readers', () => {
  const read = (text: string, over: Partial<InvoiceOptions> = {}, file = 'inv.csv') => readInvoice(file, text, { ...OPTIONS, ...over });

  it('charges written as negative numbers (Twilio message logs) are read positive, and the file says so', () => {
    const inv = read('Sid,DateSent,Price,PriceUnit\nSM1,2025-03-03T10:00:00Z,-0.0675,USD\nSM2,2025-03-03T11:00:00Z,-0.0118,USD\n');
    expect(inv.negativeCharges).toBe(true);
    expect(inv.lines.map((l) => amountText(l.amount!))).toEqual(['0.0675', '0.0118']);
    // A credit among positive charges keeps its sign.
    const mixed = read('id,amount\na,0.5\nb,-0.5\n');
    expect(mixed.negativeCharges).toBe(false);
    expect(mixed.lines.map((l) => amountText(l.amount!))).toEqual(['0.5', '-0.5']);
  });

  it('slash dates: a day above 12 settles the order for the file; a conflict names --date-format', () => {
    const inv = read('id;data\na;13/03/2025 10:00\nb;04/03/2025 10:00\n');
    expect(inv.lines.map((l) => l.at)).toEqual([Date.parse('2025-03-13T10:00:00-03:00'), Date.parse('2025-03-04T10:00:00-03:00')]);
    expect(() => read('id;data\na;13/03/2025 10:00\nb;03/13/2025 10:00\n')).toThrow(/both day first and month first; pass --date-format/);
  });

  it('summary lines: a month (yyyy-MM or MM/yyyy), a day, start and end dates (the end inclusive), or the period', () => {
    const inv = read('period,end,category,quantity\n2025-03,,marketing,"1,204"\n03/2025,,utility,2\n2025-03-04,,utility,1\n2025-03-01,2025-03-15,authentication,3\n');
    expect(inv.kind).toBe('summary');
    const d = (iso: string): number => Date.parse(`${iso}T00:00:00-03:00`);
    expect(inv.buckets.map((b) => [b.from, b.to, b.chargeClass, b.count])).toEqual([
      [d('2025-03-01'), d('2025-04-01'), 'marketing', 1204],
      [d('2025-03-01'), d('2025-04-01'), 'utility', 2],
      [d('2025-03-04'), d('2025-03-05'), 'utility', 1],
      [d('2025-03-01'), d('2025-03-16'), 'authentication', 3],
    ]);
    expect(() => read('category,quantity\nmarketing,3\n')).toThrow(/a summary without dates covers the compared period: pass --period/);
    expect(read('category,quantity\nmarketing,3\n', { period: { from: 1, to: 2 } }).buckets[0]).toMatchObject({ from: 1, to: 2 });
    expect(read('month,category,quantity\n2025-03,marketing,2.5\n').rejected).toEqual([{ file: 'inv.csv', line: 2, reason: "count '2.5' is not a whole number" }]);
  });

  it("Meta's analytics: each data point keeps the line its object starts on, and a bad one is rejected there", () => {
    const text = readFileSync('fixtures/invoices/meta-2025-08-pricing-analytics.json', 'utf8');
    const inv = read(text, { currency: 'BRL' }, 'a.json');
    expect(inv.buckets.map((b) => b.line)).toEqual([6, 7, 8, 9, 10, 11, 22, 23]);
    expect(inv.buckets[5]).toMatchObject({ pointer: '/pricing_analytics/data/0/data_points/5', chargeClass: 'marketing', pricing: 'charged', market: 'BR', business: '551140040001', count: 2 });
    expect(amountText(inv.buckets[0].amount!)).toBe('0.6434');
    const bad = read('{"data_points": [\n {"start": 1, "end": 2, "volume": 1, "pricing_type": "REGULAR", "pricing_category": "MARKETING"},\n {"start": 5, "end": 2, "volume": 1}\n]}', {}, 'b.json');
    expect(bad.rejected).toEqual([{ file: 'b.json', line: 3, pointer: '/data_points/1', reason: "start '5' and end '2' are not Unix seconds with end after start" }]);
    // FREE_CUSTOMER_SERVICE from 2026-10-01 is the service allowance.
    const oct = read(`{"data_points": [{"start": ${Date.parse('2026-10-05T03:00:00Z') / 1000}, "end": ${Date.parse('2026-10-06T03:00:00Z') / 1000}, "volume": 3, "pricing_type": "FREE_CUSTOMER_SERVICE", "pricing_category": "SERVICE"}]}`, {}, 'c.json');
    expect(oct.buckets[0]).toMatchObject({ chargeClass: 'service', pricing: 'free_tier' });
  });
});

describe('an invoice read on another thread', () => {
  it('packs and unpacks to the invoice as read here, and the worker reads the same', async () => {
    const file = 'fixtures/invoices/meta-2025-08-by-message.csv';
    const options: InvoiceOptions = { ...OPTIONS, dayOrder: 'dmy', currency: 'BRL' };
    const here = readInvoice(file, readFileSync(file, 'utf8'), options);
    const { packInvoice, unpackInvoice } = await import('../src/ingest/invoice-pack.js');
    expect(unpackInvoice(packInvoice(readInvoice(file, readFileSync(file, 'utf8'), { ...options, currency: null })), 'BRL')).toEqual(here);
    // The worker runs the built module (dist/), as the command does.
    const built: string = '../dist/ingest/invoice-worker.js';
    const { readInvoiceInWorker } = (await import(built)) as typeof import('../src/ingest/invoice-worker.js');
    const there = await readInvoiceInWorker({ file, zone: SP.name, mark: null, dayOrder: 'dmy', map: null, period: null }).read('BRL');
    expect(JSON.parse(JSON.stringify(there))).toEqual(JSON.parse(JSON.stringify(here)));
    const failed = readInvoiceInWorker({ file, zone: SP.name, mark: null, dayOrder: null, map: null, period: null }).read('BRL');
    await expect(failed).rejects.toMatchObject({ code: 'input', file, line: 1 });
  });
});
