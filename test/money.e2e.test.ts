// Money end to end (pricing.md, "Rate cards and money", "Report"): `--rates` in both layouts,
// amounts on messages, totals per currency with unpriced rows, summary.amounts, the markets
// table and its replacement, `--fail-on unpriced`, and shards with a card merging to the single
// run's bytes. Every expected figure is worked out here by hand from the card.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from './helpers/cli.js';

const tmp = mkdtempSync(join(tmpdir(), 'wa-audit-money-'));
let n = 0;
const file = (name: string, text: string): string => {
  const path = join(tmp, `${++n}-${name}`);
  writeFileSync(path, text);
  return path;
};

/** Outbound rows `id when contact type category` for business 551140000001, delivered. */
function log(rows: string[]): string {
  const lines = rows.map((r) => {
    const [id, ts, contact, type, category = ''] = r.split(' ');
    return `${id},${ts},551140000001,${contact},${type === 'in' ? 'inbound' : 'outbound'},${type === 'in' ? 'text' : type},${category},${type === 'in' ? '' : 'delivered'}`;
  });
  return file('log.csv', ['id,timestamp,business,contact,direction,type,category,status', ...lines].join('\n') + '\n');
}

interface Report {
  rates: { file: string; valid_from: string[] }[] | null;
  markets: { file: string; source: string | null; date: string | null } | null;
  summary: { messages_charged: number; unpriced: number; amounts: Record<string, string> };
  messages: { id: string; market: string | null; charged: boolean; charge_class: string | null; amount: string | null; currency: string | null; unpriced_reason: string | null }[];
  totals: { month: string; market: string | null; charge_class: string; currency: string | null; charged: number; amount: string | null; unpriced: number }[];
  warnings: string[];
}

function audit(args: string[], code = 0): Report {
  const r = cli(['audit', '--format', 'json', ...args]);
  expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
  expect(r.code, r.stderr).toBe(code);
  return JSON.parse(r.stdout) as Report;
}

const BR1 = '5511987650001';
const BR2 = '5511987650002';
const US = '12025550123';
const CL = '56912345678';

// pricing.md example 11's toy card, in the long format: BR marketing 0.0625; utility tiers 0 -> 0.0068, 2 -> 0.0050.
const TOY = ['valid_from,market,currency,tier_from,marketing,utility', '2026-01-01,BR,USD,0,0.0625,0.0068', '2026-01-01,BR,USD,2,,0.0050'].join('\n') + '\n';

describe('--rates: amounts, totals and summary', () => {
  it('pricing.md example 11 end to end: three utility templates to BR cost 0.0186 USD; a market with no row is unpriced, never zero', () => {
    const path = log([
      `u1 2026-08-03T10:00:00Z ${BR1} template utility`,
      `u2 2026-08-04T10:00:00Z ${BR2} template utility`,
      `u3 2026-08-05T10:00:00Z ${BR1} template utility`,
      `m1 2026-08-06T10:00:00Z ${US} template marketing`,
    ]);
    const r = audit([path, '--ruleset', 'meta-pmp-2025', '--tz', 'UTC', '--rates', file('toy.csv', TOY)]);
    expect(r.messages.map((m) => [m.id, m.market, m.amount, m.currency, m.unpriced_reason])).toEqual([
      ['u1', 'BR', '0.0068', 'USD', null],
      ['u2', 'BR', '0.0068', 'USD', null],
      ['u3', 'BR', '0.005', 'USD', null],
      ['m1', 'US', null, null, 'no_rate'],
    ]);
    expect(r.totals).toEqual([
      { month: '2026-08', business: '551140000001', market: 'BR', charge_class: 'utility', currency: 'USD', charged: 3, amount: '0.0186', unpriced: 0 },
      { month: '2026-08', business: '551140000001', market: 'US', charge_class: 'marketing', currency: null, charged: 1, amount: null, unpriced: 1 },
    ]);
    expect(r.summary.amounts).toEqual({ USD: '0.0186' });
    expect(r.summary.unpriced).toBe(1);
    expect(r.warnings.filter((w) => w.includes('priced no row'))).toEqual([
      "the rate card priced no row for 1 charged unit(s), left unpriced (messages' unpriced_reason says why): 2026-08 US marketing: 1",
    ]);
    expect(r.rates).toEqual([{ file: expect.stringMatching(/toy\.csv$/), valid_from: ['2026-01-01'] }]);
    expect(r.markets).toEqual({ file: 'markets/meta-markets.csv', source: expect.stringContaining('Meta'), date: '2026-09' });
  });

  it('--fail-on unpriced exits 1 when a charged unit is unpriced and 0 when the card prices every one', () => {
    const path = log([`u1 2026-08-03T10:00:00Z ${BR1} template utility`, `m1 2026-08-06T10:00:00Z ${US} template marketing`]);
    const card = file('toy.csv', TOY);
    audit([path, '--ruleset', 'meta-pmp-2025', '--rates', card, '--fail-on', 'unpriced'], 1);
    const priced = log([`u1 2026-08-03T10:00:00Z ${BR1} template utility`]);
    audit([priced, '--ruleset', 'meta-pmp-2025', '--rates', card, '--fail-on', 'unpriced'], 0);
  });

  it('without --rates there is no money: amounts null, unpriced 0, amounts {}, rates and markets null', () => {
    const r = audit([log([`u1 2026-08-03T10:00:00Z ${BR1} template utility`]), '--ruleset', 'meta-pmp-2025']);
    expect(r.messages[0]).toMatchObject({ charged: true, amount: null, currency: null, unpriced_reason: null });
    expect(r.totals).toEqual([{ month: '2026-08', business: '551140000001', market: 'BR', charge_class: 'utility', currency: null, charged: 1, amount: null, unpriced: 0 }]);
    expect(r.summary).toMatchObject({ unpriced: 0, amounts: {} });
    expect(r.rates).toBeNull();
    expect(r.markets).toBeNull();
  });

  it('a contact with no country is unpriced no_market', () => {
    const r = audit([log([`u1 2026-08-03T10:00:00Z 99912345678 template marketing`]), '--ruleset', 'meta-pmp-2025', '--rates', file('toy.csv', TOY)]);
    expect(r.messages.map((m) => [m.market, m.unpriced_reason])).toEqual([[null, 'no_market']]);
  });

  it('robbu prices each charged session at the card\'s session price; sessions of two currencies are never added', () => {
    const card = file('sessions.csv', ['valid_from,market,currency,session', '2025-01-01,BR,BRL,0.35', '2025-01-01,Other,USD,0.05'].join('\n') + '\n');
    const r = audit([log([`t1 2025-03-03T10:00:00Z ${BR1} template marketing`, `t2 2025-03-03T11:00:00Z ${BR1} template marketing`, `t3 2025-03-04T10:00:00Z ${CL} template utility`]), '--rates', card]);
    expect(r.messages.map((m) => [m.id, m.charged, m.amount, m.currency])).toEqual([
      ['t1', true, '0.35', 'BRL'],
      ['t2', false, null, null],
      ['t3', true, '0.05', 'USD'],
    ]);
    expect(r.summary.amounts).toEqual({ BRL: '0.35', USD: '0.05' });
  });
});

describe("Meta's files as downloaded, and the markets table", () => {
  const META = [
    'WhatsApp Business Platform rates',
    '"Rates effective July 1, 2026"',
    '',
    'Market,Currency,Marketing,Utility,Authentication,"Authentication-',
    'International",Service',
    'Brazil,$US,0.0625,0.0068,0.0068,n/a,0.0068',
    'Rest of Latin America,$US,0.074,0.0113,0.0113,n/a,0.0113',
    'Other,$US,"1,940.13",0.0077,0.0077,n/a,0.0077',
  ].join('\r\n') + '\r\n';

  it('market names resolve through the shipped table: Chile is its own market (no row: Other), the Dominican Republic (+1 809) is Rest of Latin America', () => {
    const path = log([`a 2026-08-03T10:00:00Z ${BR1} template marketing`, `b 2026-08-03T11:00:00Z 18095550123 template marketing`, `c 2026-08-03T12:00:00Z ${CL} template utility`]);
    const r = audit([path, '--ruleset', 'meta-pmp-2025', '--tz', 'UTC', '--rates', file('meta.csv', META)]);
    expect(r.messages.map((m) => [m.id, m.market, m.amount])).toEqual([
      ['a', 'BR', '0.0625'],
      ['b', 'DO', '0.074'],
      ['c', 'CL', '0.0077'],
    ]);
    expect(r.rates?.[0].valid_from).toEqual(['2026-07-01']);
  });

  it('--markets replaces the table: Chile put in Rest of Latin America is priced there', () => {
    const markets = file('markets.csv', '# source: a test\n# date: 2026-11\ncountry,market,valid_from\nCL,Rest of Latin America,\nBR,Brazil,\n');
    const path = log([`c 2026-08-03T12:00:00Z ${CL} template utility`]);
    const r = audit([path, '--ruleset', 'meta-pmp-2025', '--tz', 'UTC', '--rates', file('meta.csv', META), '--markets', markets]);
    expect(r.messages.map((m) => m.amount)).toEqual(['0.0113']);
    expect(r.markets).toEqual({ file: markets, source: 'a test', date: '2026-11' });
  });

  it("a market moves on its date: Zimbabwe is Other before 2025-10-01 and Rest of Africa from then (in --tz)", () => {
    const card = file('africa.csv', ['valid_from,market,currency,marketing', '2025-01-01,Rest of Africa,USD,0.0225', '2025-01-01,Other,USD,0.0604'].join('\n') + '\n');
    const path = log(['a 2025-09-30T23:00:00Z 263771234567 template marketing', 'b 2025-10-01T01:00:00Z 263771234567 template marketing']);
    expect(audit([path, '--ruleset', 'meta-pmp-2025', '--tz', 'UTC', '--rates', card]).messages.map((m) => m.amount)).toEqual(['0.0604', '0.0225']);
    // In Sao Paulo both instants are still 30 September: Other.
    expect(audit([path, '--ruleset', 'meta-pmp-2025', '--tz', 'America/Sao_Paulo', '--rates', card]).messages.map((m) => m.amount)).toEqual(['0.0604', '0.0604']);
  });

  it('a market name the table does not know is an error at its line, naming --markets', () => {
    const card = file('typo.csv', ['valid_from,market,currency,marketing', '2025-01-01,Brasil,USD,0.0625'].join('\n') + '\n');
    const r = cli(['audit', log([`a 2026-08-03T10:00:00Z ${BR1} template marketing`]), '--rates', card]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`wa-audit: ${card}:2: market 'Brasil' is neither an ISO country code nor a market of the markets table (markets/meta-markets.csv); write it as the table does, or pass --markets FILE\n`);
  });

  it('a Meta file with no date in its title needs --rates-from, which the error names', () => {
    const undated = file('undated.csv', META.replace('"Rates effective July 1, 2026"', 'Rates'));
    const path = log([`a 2026-08-03T10:00:00Z ${BR1} template marketing`]);
    const r = cli(['audit', path, '--rates', undated]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/undated\.csv:4: .*pass --rates-from yyyy-MM-dd/);
    expect(audit([path, '--ruleset', 'meta-pmp-2025', '--rates', undated, '--rates-from', '2026-07-01']).messages[0].amount).toBe('0.0625');
  });

  it('--rates-from without --rates and --markets without --rates are usage errors', () => {
    const path = log([`a 2026-08-03T10:00:00Z ${BR1} template marketing`]);
    expect(cli(['audit', path, '--rates-from', '2026-07-01']).stderr).toBe('wa-audit: --rates-from dates a Meta rates file: give the file with --rates\n');
    expect(cli(['audit', path, '--markets', 'x.csv']).code).toBe(2);
  });
});

describe('amounts for people, and shards', () => {
  it('the table writes money in the locale: US$ with en-US, R$ 1.234,56 style in pt-BR', () => {
    const card = file('brl.csv', ['valid_from,market,currency,marketing', '2025-01-01,BR,BRL,1234.565'].join('\n') + '\n');
    const path = log([`a 2026-08-03T10:00:00Z ${BR1} template marketing`]);
    const en = cli(['audit', path, '--ruleset', 'meta-pmp-2025', '--rates', card]);
    expect(en.stdout).toMatch(/Amount \(BRL\)\s+│\s+R\$1,234\.56 │/);
    const pt = cli(['audit', path, '--ruleset', 'meta-pmp-2025', '--rates', card, '--locale', 'pt-BR']);
    // Half-even: 1234.565 -> 1234.56.
    expect(pt.stdout).toContain('R$\u00a01.234,56');
  });

  it('robbu shards with a card merge to the single run, byte for byte', () => {
    const sample = 'fixtures/sample.csv';
    const card = 'rates/meta-usd-example.csv';
    const sessions = file('robbu.csv', ['valid_from,market,currency,session', '2025-01-01,Brazil,BRL,0.3317'].join('\n') + '\n');
    for (const c of [card, sessions]) {
      const whole = cli(['audit', sample, '--format', 'json', '--rates', c, '--tz', 'America/Sao_Paulo']);
      expect(whole.code).toBe(0);
      const parts = [1, 2, 3].map((i) => {
        const out = join(tmp, `shard-${++n}.json`);
        expect(cli(['audit', sample, '--format', 'json', '--rates', c, '--tz', 'America/Sao_Paulo', '--shard', `${i}/3`, '--out', out]).code).toBe(0);
        return out;
      });
      const merged = cli(['merge', ...parts]);
      expect(merged.stdout).toBe(whole.stdout);
    }
    expect(JSON.parse(cli(['audit', sample, '--format', 'json', '--rates', sessions]).stdout).summary.amounts).toEqual({ BRL: '17.9118' }); // 54 charged sessions x 0.3317
  });

  it('shards priced with different cards are refused by merge', () => {
    const a = file('a.csv', 'valid_from,market,currency,session\n2025-01-01,BR,BRL,0.30\n');
    const b = file('b.csv', 'valid_from,market,currency,session\n2025-01-01,BR,BRL,0.31\n');
    const outs = [a, b].map((c, i) => {
      const out = join(tmp, `diff-${++n}.json`);
      expect(cli(['audit', 'fixtures/sample.csv', '--format', 'json', '--rates', c, '--shard', `${i + 1}/2`, '--out', out]).code).toBe(0);
      return out;
    });
    const r = cli(['merge', ...outs]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/not a shard of the same run/);
  });

  it('the shipped example card prices the shipped sample under meta', () => {
    const r = JSON.parse(readFileSync('test/golden/sample.meta-priced.json', 'utf8')) as Report;
    // 18 marketing conversations at 0.0625, 36 utility and 9 authentication at 0.0068.
    expect(r.totals.map((t) => [t.charge_class, t.charged])).toEqual([
      ['authentication', 5],
      ['marketing', 8],
      ['utility', 19],
      ['authentication', 4],
      ['marketing', 10],
      ['utility', 17],
    ]);
    expect(r.summary.amounts).toEqual({ USD: '1.431' });
  });
});
