// `wa-audit reconcile` end to end, on the shipped invoice fixtures (fixtures/invoices/), each
// with planted discrepancies: every one is found with the right verdict and reason, and nothing
// else. Expected figures are worked out by hand from the fixtures and the cards, in comments.
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DOMParser } from '@xmldom/xmldom';
import { describe, expect, it } from 'vitest';
import { cli } from './helpers/cli.js';

interface Line {
  verdict: string;
  reason: string | null;
  file: string | null;
  line: number | null;
  message: string | null;
  contact: string | null;
  difference: string | null;
}
interface Bucket {
  from: string;
  to: string;
  charge_class: string;
  pricing: string;
  market: string | null;
  expected_count: number;
  invoiced_count: number;
  expected_amount: string | null;
  invoiced_amount: string | null;
  difference: string | null;
  units: string[];
}
interface Reconciled {
  reconcile_version: number;
  invoice: { files: { kind: string; decimal_mark: string | null; negative_charges: boolean; skipped: number }[]; lines: number; rejected: number };
  summary: { verdicts: Record<string, { count: number }>; expected: Record<string, string>; invoiced: Record<string, string>; difference: Record<string, string> };
  buckets: Bucket[];
  lines: Line[];
  other_charges: { line: number; label: string; amount: string }[];
  rejected: { line: number; reason: string }[];
  warnings: string[];
}

const json = (args: string[]): Reconciled => {
  const r = cli([...args, '--format', 'json']);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as Reconciled;
};
const counts = (j: Reconciled): Record<string, number> => Object.fromEntries(Object.entries(j.summary.verdicts).map(([v, x]) => [v, x.count]));
const differing = (j: Reconciled): Line[] => j.lines.filter((l) => l.verdict !== 'matched');

/** A robbu card: one session in Brazil at R$ 0,35. */
function sessionCard(): string {
  const card = join(mkdtempSync(join(tmpdir(), 'wa-audit-rec-')), 'sessions.csv');
  writeFileSync(card, 'valid_from,market,currency,session\n2025-01-01,BR,BRL,0.35\n');
  return card;
}

const AUGUST = ['fixtures/invoices/log-2025-08.csv', '--ruleset', 'meta', '--tz', 'America/Sao_Paulo', '--rates', 'fixtures/invoices/card-brl-2025-07.csv', '--period', '2025-08'];
const BY_MESSAGE = ['reconcile', ...AUGUST, '--invoice', 'fixtures/invoices/meta-2025-08-by-message.csv', '--date-format', 'dd/MM/yyyy'];

describe('an invoice itemised by message, under meta (per-message pricing, August 2025)', () => {
  it('finds each planted discrepancy with its verdict and reason, and nothing else', () => {
    const j = json(BY_MESSAGE);
    expect(j.reconcile_version).toBe(1);
    expect(differing(j).map((l) => [l.line, l.message, l.verdict, l.reason, l.difference])).toEqual([
      // M13 was sent 2025-08-31 23:30 in São Paulo; the invoice dates it 01/09/2025 02:30 (UTC's wall clock).
      [12, 'wamid.M13', 'outside_period', null, '0'],
      [11, 'wamid.X99', 'billed_unknown', null, null],
      [3, 'wamid.M01', 'duplicate_line', null, '0'],
      // A utility template inside the customer's open window is free; a failed one and one never delivered too.
      [6, 'wamid.M05', 'billed_not_expected', 'inside_csw', null],
      [7, 'wamid.M07', 'billed_not_expected', 'failed', null],
      [8, 'wamid.M08', 'billed_not_expected', 'not_delivered', null],
      // 0.3217 rounds to 0.32 at the invoice's two decimals; billed 0.33: one minor unit over.
      [4, 'wamid.M02', 'amount_differs', null, '0.01'],
      [null, 'wamid.M12', 'expected_not_billed', null, null],
    ]);
    expect(counts(j)).toEqual({ outside_period: 1, billed_unknown: 1, duplicate_line: 1, billed_not_expected: 3, class_differs: 0, amount_differs: 1, matched: 4, expected_not_billed: 1 });
    // Expected: marketing M01 M02 M11 M13 at 0.32, utility M03 M12 and authentication M09 at 0.04 (0.035 half-even).
    expect(j.summary.expected).toEqual({ BRL: '1.4' });
    // Invoiced in the period: every line but M13's: 0.32 x 7 + 0.33 ... = 0.32+0.32+0.33+0.04+0.04+0.32+0.32+0.04+0.32+0.32.
    expect(j.summary.invoiced).toEqual({ BRL: '2.37' });
    expect(j.summary.difference).toEqual({ BRL: '0.97' });
    expect(j.other_charges).toEqual([{ file: 'fixtures/invoices/meta-2025-08-by-message.csv', line: 13, label: 'ISS 2%', amount: '0.05', currency: 'BRL' }]);
    expect(j.invoice.files[0]).toMatchObject({ kind: 'message', decimal_mark: ',', negative_charges: false });
  });

  it('reads the day/month order of slash dates only when told: an ambiguous file is an error naming --date-format', () => {
    const r = cli(BY_MESSAGE.filter((a) => a !== '--date-format' && a !== 'dd/MM/yyyy'));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^wa-audit: fixtures\/invoices\/meta-2025-08-by-message\.csv:1: .*pass --date-format dd\/MM\/yyyy or MM\/dd\/yyyy\n$/);
  });

  it('writes as an accountant reads, in Portuguese with --locale pt-BR', () => {
    const r = cli([...BY_MESSAGE, '--locale', 'pt-BR']);
    expect(r.code, r.stderr).toBe(0);
    // Intl writes a no-break space after R$.
    const out = r.stdout.replace(/\u00a0/g, ' ');
    expect(out).toContain('período 08/2025');
    expect(out).toContain('faturado 7, esperado 4: 3 a mais, R$ 0,97 acima');
    expect(out).toContain('cobrada sem ser devida (3)');
    expect(out).toContain('BRL: faturado R$ 2,37, esperado R$ 1,40: R$ 0,97 acima');
    const en = cli(BY_MESSAGE);
    expect(en.stdout).toContain('invoiced 7, expected 4: 3 too many, R$0.97 over');
  });

  it('the table lists the first --limit lines of each verdict, by time, and counts the rest', () => {
    const r = cli([...BY_MESSAGE, '--limit', '2']);
    expect(r.code, r.stderr).toBe(0);
    const section = r.stdout.slice(r.stdout.indexOf('billed_not_expected (3)'), r.stdout.indexOf('amount_differs (1)'));
    expect(section).toContain('wamid.M05');
    expect(section).toContain('wamid.M07');
    expect(section).not.toContain('wamid.M08');
    expect(section).toContain('... 1 more (--limit N shows more; --format json lists all)');
  });

  it('--redact masks the phone numbers of the output, never the matching', () => {
    const j = json([...BY_MESSAGE, '--redact']);
    expect(j.lines.find((l) => l.message === 'wamid.M05')?.contact).toBe('5511*****0003');
    expect(counts(j).matched).toBe(4);
  });

  it('--fail-on differences exits 1 on any difference; --tolerance changes the exit code, never a verdict', () => {
    expect(cli([...BY_MESSAGE, '--fail-on', 'differences']).code).toBe(1);
    // Seven count findings (every verdict but amount_differs and matched) and one amount 0.01 BRL off.
    expect(cli([...BY_MESSAGE, '--fail-on', 'differences', '--tolerance', '7', '--tolerance', '0.01 BRL']).code).toBe(0);
    expect(cli([...BY_MESSAGE, '--fail-on', 'differences', '--tolerance', '6', '--tolerance', '0.01 BRL']).code).toBe(1);
    expect(cli([...BY_MESSAGE, '--fail-on', 'differences', '--tolerance', '7']).code).toBe(1);
    // 0.01 of an expected 0.32 is 3.1%.
    expect(cli([...BY_MESSAGE, '--fail-on', 'differences', '--tolerance', '7', '--tolerance', '4%']).code).toBe(0);
    expect(cli([...BY_MESSAGE, '--fail-on', 'differences', '--tolerance', '7', '--tolerance', '3%']).code).toBe(1);
    expect(counts(json([...BY_MESSAGE, '--tolerance', '100']))).toMatchObject({ billed_not_expected: 3, amount_differs: 1 });
    expect(cli([...BY_MESSAGE, '--tolerance', 'lots']).stderr).toMatch(/--tolerance: expected a count/);
  });
});

describe('an invoice itemised by message, under robbu', () => {
  it('a template billed inside an open session, a failed one billed, one charged and billed', () => {
    const card = sessionCard();
    const j = json(['reconcile', 'fixtures/sample.csv', '--invoice', 'fixtures/invoices/robbu-by-message.csv', '--tz', 'America/Sao_Paulo', '--rates', card, '--period', '2025-03']);
    expect(j.lines.filter((l) => l.file !== null).map((l) => [l.line, l.message, l.verdict, l.reason])).toEqual([
      [3, 'wamid.B1.2', 'billed_not_expected', 'inside_session'],
      [4, 'wamid.G1.1', 'billed_not_expected', 'failed'],
    ]);
    expect(counts(j)).toMatchObject({ matched: 1, billed_not_expected: 2, expected_not_billed: 53 });
  });
});

describe('an invoice itemised by session (robbu)', () => {
  it('pairs lines with sessions within the window and finds each planted discrepancy', () => {
    const card = sessionCard();
    const j = json(['reconcile', 'fixtures/sample.csv', '--invoice', 'fixtures/invoices/itemised-by-session.csv', '--tz', 'America/Sao_Paulo', '--rates', card, '--period', '2025-03', '--all']);
    expect(j.lines.filter((l) => l.line !== null).map((l) => [l.line, l.message, l.verdict, l.reason, l.difference])).toEqual([
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

describe('a monthly summary (pt-BR: competência MM/yyyy, classes in Portuguese)', () => {
  const SUMMARY = ['reconcile', ...AUGUST, '--invoice', 'fixtures/invoices/meta-2025-08-summary.csv'];
  it('compares each bucket: the marketing bucket is one count and R$ 0,32 over, the rest agree', () => {
    const j = json([...SUMMARY, '--detail']);
    expect(j.buckets.map((b) => [b.from, b.charge_class, b.expected_count, b.invoiced_count, b.expected_amount, b.invoiced_amount, b.difference])).toEqual([
      ['2025-08-01T00:00:00-03:00', 'authentication', 1, 1, '0.04', '0.04', '0'],
      // 4 x 0.3217 = 1.2868, rounded once at the invoice's two decimals: 1.29.
      ['2025-08-01T00:00:00-03:00', 'marketing', 4, 5, '1.29', '1.61', '0.32'],
      ['2025-08-01T00:00:00-03:00', 'utility', 2, 2, '0.07', '0.07', '0'],
    ]);
    // --detail: the replay's units behind the bucket that differs, and only that one.
    expect(j.buckets.map((b) => b.units)).toEqual([[], ['wamid.M01', 'wamid.M02', 'wamid.M11', 'wamid.M13'], []]);
    expect(j.lines).toEqual([]);
    expect(j.other_charges.map((o) => [o.line, o.label, o.amount])).toEqual([[5, 'PIS/COFINS', '0.15']]);
    expect(j.summary.difference).toEqual({ BRL: '0.32' });
  });

  it('--tolerance: a count and an amount per bucket', () => {
    expect(cli([...SUMMARY, '--fail-on', 'differences']).code).toBe(1);
    expect(cli([...SUMMARY, '--fail-on', 'differences', '--tolerance', '1', '--tolerance', '0.32 BRL']).code).toBe(0);
    expect(cli([...SUMMARY, '--fail-on', 'differences', '--tolerance', '1', '--tolerance', '0.31 BRL']).code).toBe(1);
    expect(cli([...SUMMARY, '--fail-on', 'differences', '--tolerance', '0.32 BRL']).code).toBe(1);
    // 0.32 of an expected 1.29 is 24.8%.
    expect(cli([...SUMMARY, '--fail-on', 'differences', '--tolerance', '1', '--tolerance', '25%']).code).toBe(0);
  });
});

describe("Meta's pricing_analytics (daily data points, phone number and country)", () => {
  const ANALYTICS = ['reconcile', ...AUGUST, '--invoice', 'fixtures/invoices/meta-2025-08-pricing-analytics.json'];
  it('finds the data point whose volume differs, free volumes included, and says costs are approximate', () => {
    const j = json(ANALYTICS);
    expect(j.invoice.files[0]).toMatchObject({ kind: 'pricing_analytics', decimal_mark: null });
    expect(j.buckets.filter((b) => b.expected_count !== b.invoiced_count).map((b) => [b.from, b.charge_class, b.pricing, b.market, b.expected_count, b.invoiced_count, b.difference])).toEqual([
      ['2025-08-06T00:00:00-03:00', 'marketing', 'charged', 'BR', 1, 2, '0.3217'],
    ]);
    // FREE_CUSTOMER_SERVICE before 2026-10-01 is the replay's inside_csw: M05 (a utility template) and M06 (service).
    expect(j.buckets.filter((b) => b.pricing !== 'charged').map((b) => [b.charge_class, b.pricing, b.expected_count, b.invoiced_count])).toEqual([
      ['service', 'inside_csw', 1, 1],
      ['utility', 'inside_csw', 1, 1],
    ]);
    expect(j.buckets).toHaveLength(8);
    expect(j.summary.invoiced).toEqual({ BRL: '1.7135' });
    expect(j.summary.expected).toEqual({ BRL: '1.3918' });
    expect(j.warnings).toEqual([expect.stringMatching(/analytics costs are approximate/)]);
  });

  it('costs need a currency: without a card, --currency names it', () => {
    const r = cli(['reconcile', 'fixtures/invoices/log-2025-08.csv', '--ruleset', 'meta', '--tz', 'America/Sao_Paulo', '--invoice', 'fixtures/invoices/meta-2025-08-pricing-analytics.json']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/pass --currency/);
    const j = json(['reconcile', 'fixtures/invoices/log-2025-08.csv', '--ruleset', 'meta', '--tz', 'America/Sao_Paulo', '--invoice', 'fixtures/invoices/meta-2025-08-pricing-analytics.json', '--currency', 'BRL']);
    // No card: counts compare, the expected amounts are unknown.
    expect(j.buckets.find((b) => b.from === '2025-08-06T00:00:00-03:00' && b.charge_class === 'marketing')).toMatchObject({ expected_count: 1, invoiced_count: 2, expected_amount: null, difference: null });
  });
});

describe("Meta's conversation_analytics (CBP, the sample's March 2025)", () => {
  it('finds the utility data point one conversation short', () => {
    const j = json(['reconcile', 'fixtures/sample.csv', '--invoice', 'fixtures/invoices/sample-conversation-analytics.json', '--ruleset', 'meta', '--tz', 'America/Sao_Paulo', '--rates', 'rates/meta-usd-example.csv', '--period', '2025-03']);
    expect(j.buckets.map((b) => [b.charge_class, b.expected_count, b.invoiced_count, b.difference])).toEqual([
      ['authentication', 9, 9, '0'],
      ['marketing', 18, 18, '0'],
      ['utility', 36, 35, '-0.0068'],
    ]);
  });
});

describe('a BSP usage export through --invoice-map (Twilio usage records)', () => {
  it('reads only the rows the map names (the roll-ups would count twice) and agrees with the BSP card', () => {
    // Twilio's prices are Meta's plus its own fee: the BSP's card, in the long format.
    const j = json(['reconcile', 'fixtures/invoices/log-2025-08.csv', '--ruleset', 'meta', '--tz', 'America/Sao_Paulo', '--period', '2025-08', '--rates', 'fixtures/invoices/card-twilio-usd.csv', '--invoice', 'fixtures/invoices/twilio-usage-records.csv', '--invoice-map', 'fixtures/invoices/twilio-usage.map.json', '--fail-on', 'differences']);
    expect(j.invoice.files[0]).toMatchObject({ kind: 'summary', skipped: 3 });
    expect(j.buckets.map((b) => [b.charge_class, b.expected_count, b.invoiced_count, b.difference])).toEqual([
      ['authentication', 1, 1, '0'],
      ['marketing', 4, 4, '0'],
      ['utility', 2, 2, '0'],
    ]);
  });

  it('a map with problems is refused with each problem and its path', () => {
    const dir = mkdtempSync(join(tmpdir(), 'wa-audit-rec-'));
    const map = join(dir, 'bad.json');
    writeFileSync(map, JSON.stringify({ columns: { colour: 'x' }, rows: { column: 'category', matches: '(' } }));
    const r = cli(['reconcile', ...AUGUST, '--invoice', 'fixtures/invoices/twilio-usage-records.csv', '--invoice-map', map]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("/columns/colour: unknown field 'colour'");
    expect(r.stderr).toContain('/rows/matches: not a regular expression');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('invoices that cannot be read', () => {
  it('hostile cells stay data: the JSON still parses, the table shows no control character', () => {
    const dir = mkdtempSync(join(tmpdir(), 'wa-audit-rec-'));
    const invoice = join(dir, 'hostile.csv');
    writeFileSync(invoice, 'message_id,amount\nwamid.M01,"\u0000lines\u0000"\n__proto__,0.32\n"=HYPERLINK(""x"")\u001b[31m",0.32\n');
    const args = ['reconcile', ...AUGUST, '--invoice', invoice];
    const j = JSON.parse(cli([...args, '--format', 'json']).stdout) as Reconciled;
    expect(j.rejected.map((r) => r.line)).toEqual([2]);
    expect(j.lines.filter((l) => l.verdict === 'billed_unknown').map((l) => l.message)).toEqual(['__proto__', '=HYPERLINK("x")\u001b[31m']);
    const table = cli(args).stdout;
    expect(table).not.toMatch(/[\u0000-\u0008\u001b]/);
  });

  it('a file that is no invoice, a missing file: exit 2, one line naming the file', () => {
    const none = cli(['reconcile', ...AUGUST, '--invoice', 'fixtures/providers/twilio-templates.json']);
    expect(none.code).toBe(2);
    expect(none.stdout).toBe('');
    expect(none.stderr).toMatch(/^wa-audit: fixtures\/providers\/twilio-templates\.json:1: not Meta analytics/);
    const missing = cli(['reconcile', ...AUGUST, '--invoice', 'fixtures/invoices/nope.csv']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^wa-audit: fixtures\/invoices\/nope\.csv: cannot read/);
    expect(cli(['reconcile', 'fixtures/sample.csv']).code).toBe(2);
  });
});

describe('an invoice read on another thread (WA_AUDIT_THREADS=2; large CSV invoices are so read)', () => {
  const THREADED = { env: { WA_AUDIT_THREADS: '2' } };
  it.each([
    ['by message', [...BY_MESSAGE, '--format', 'json', '--all']],
    ['by message, the table', BY_MESSAGE],
    ['a summary', ['reconcile', ...AUGUST, '--invoice', 'fixtures/invoices/meta-2025-08-summary.csv', '--format', 'json']],
    ['through a map', ['reconcile', 'fixtures/invoices/log-2025-08.csv', '--ruleset', 'meta', '--tz', 'America/Sao_Paulo', '--rates', 'fixtures/invoices/card-twilio-usd.csv', '--invoice', 'fixtures/invoices/twilio-usage-records.csv', '--invoice-map', 'fixtures/invoices/twilio-usage.map.json', '--format', 'json']],
    ['analytics (JSON, read on this thread)', ['reconcile', ...AUGUST, '--invoice', 'fixtures/invoices/meta-2025-08-pricing-analytics.json', '--format', 'json']],
  ])('%s: the same output', (_, args) => {
    const here = cli(args);
    const there = cli(args, THREADED);
    expect(there.code, there.stderr).toBe(here.code);
    expect(there.stdout).toBe(here.stdout);
    expect(there.stdout.length).toBeGreaterThan(100);
  });

  it('an error reading it is the same error, at its file and line', () => {
    const args = BY_MESSAGE.filter((a) => a !== '--date-format' && a !== 'dd/MM/yyyy');
    const there = cli(args, THREADED);
    expect(there.code).toBe(2);
    expect(there.stderr).toBe(cli(args).stderr);
    expect(cli(['reconcile', ...AUGUST, '--invoice', 'fixtures/invoices/nope.csv'], THREADED).stderr).toMatch(/^wa-audit: fixtures\/invoices\/nope\.csv: cannot read/);
  });
});

describe("reconcile in the audit's other formats", () => {
  it('csv: the lines by default, a list with --section, a folder of them with --out; --excel for Brazil', () => {
    const csv = cli([...BY_MESSAGE, '--format', 'csv']);
    expect(csv.code, csv.stderr).toBe(0);
    const rows = csv.stdout.trim().split('\n');
    expect(rows[0]).toBe('verdict,reason,file,line,message,business,contact,at,expected_class,invoiced_class,expected_amount,invoiced_amount,expected_currency,invoiced_currency,difference');
    expect(rows).toHaveLength(1 + 8);
    expect(rows[7]).toBe('amount_differs,,fixtures/invoices/meta-2025-08-by-message.csv,4,wamid.M02,551140040001,5511982000002,2025-08-04T09:05:00-03:00,marketing,marketing,0.32,0.33,BRL,BRL,0.01');
    const excel = cli([...BY_MESSAGE, '--format', 'csv', '--section', 'buckets', '--excel', '--locale', 'pt-BR']).stdout;
    expect(excel.startsWith('\uFEFFde;ate;classe_de_cobranca;cobranca;')).toBe(true);
    expect(excel).toContain(';marketing;charged;;;4;7;1,28;2,25;BRL;BRL;0,97\r\n');
    const dir = mkdtempSync(join(tmpdir(), 'wa-audit-rec-'));
    expect(cli([...BY_MESSAGE, '--format', 'csv', '--out', join(dir, 'out')]).code).toBe(0);
    expect(readdirSync(join(dir, 'out')).sort()).toEqual(['buckets.csv', 'lines.csv', 'other-charges.csv', 'rejected.csv']);
    expect(cli([...BY_MESSAGE, '--section', 'lines']).stderr).toMatch(/--section and --excel are for --format csv/);
  });

  it('md, github, junit and html: the findings, values inert, annotations at the invoice line', () => {
    const md = cli([...BY_MESSAGE, '--format', 'md']).stdout;
    expect(md).toContain('| 2025-08-01 | `marketing` | `charged` | **invoiced 7, expected 4: 3 too many, R$0.97 over** |');
    expect(md).toContain('| `fixtures/invoices/meta-2025-08-by-message.csv`:6 | `wamid.M05` | - | R$0.04 | inside the customer window |');
    const github = cli([...BY_MESSAGE, '--format', 'github']).stdout.trim().split('\n');
    expect(github.filter((l) => l.startsWith('::warning file=fixtures/invoices/meta-2025-08-by-message.csv,line='))).toHaveLength(7);
    expect(github).toContain('::warning title=reconcile%3A expected_not_billed::expected_not_billed: wamid.M12 (5511982000009)');
    const junit = new DOMParser().parseFromString(cli([...BY_MESSAGE, '--format', 'junit']).stdout, 'text/xml');
    const cases = [...junit.getElementsByTagName('testcase')].map((c) => [c.getAttribute('name'), c.getElementsByTagName('failure').length]);
    expect(cases).toEqual([['outside_period', 1], ['billed_unknown', 1], ['duplicate_line', 1], ['billed_not_expected', 1], ['class_differs', 0], ['amount_differs', 1], ['expected_not_billed', 1], ['buckets', 1]]);
    const dir = mkdtempSync(join(tmpdir(), 'wa-audit-rec-'));
    const invoice = join(dir, 'x.csv');
    writeFileSync(invoice, 'message_id,amount\n<script>alert(1)</script>,0.32\n');
    const html = cli(['reconcile', ...AUGUST, '--invoice', invoice, '--format', 'html']).stdout;
    expect(html).toContain("default-src 'none'");
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toContain('<script>');
  });
});
