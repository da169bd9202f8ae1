// Money (pricing.md, "Rate cards and money"): the long rate-card format, the row that applies,
// volume tiers, exact amounts, and the contact's country. Worked example 11 is here; every
// expected amount is written by hand.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type ChargedUnit, priceUnits } from '../src/engine/pricing.js';
import { readRateCard } from '../src/ingest/rates.js';
import { countryOf } from '../src/model/markets.js';
import { amountText, formatMoney, parseAmount, sum, type Amount } from '../src/model/money.js';
import { TimeZone } from '../src/model/time.js';

const UTC = TimeZone.of('UTC') as TimeZone;
const SP = TimeZone.of('America/Sao_Paulo') as TimeZone;
const T = (iso: string): number => Date.parse(iso);

function unit(over: Partial<ChargedUnit> & { instant: number }): ChargedUnit {
  return { business: 'B', contact: 'C', id: 'm', chargeClass: 'utility', country: 'BR', market: 'Brazil', tiered: true, month: 2026 * 12 + 7, ...over };
}

const amounts = (prices: ReturnType<typeof priceUnits>): (string | null)[] =>
  prices.map((p) => ('amount' in p ? amountText(p.amount) : p.unpriced));

describe('pricing.md worked example 11', () => {
  const card = readRateCard(
    'toy.csv',
    'valid_from,market,currency,tier_from,marketing,utility\n' + '2026-07-01,Brazil,USD,0,0.0625,0.0068\n' + '2026-07-01,Brazil,USD,2,,0.0050\n',
    UTC,
  );

  it('three charged utility messages to Brazil in one month cost 0.0068 + 0.0068 + 0.0050 = 0.0186 USD, exactly', () => {
    const units = [1, 2, 3].map((d) => unit({ instant: T(`2026-08-0${d}T10:00:00Z`), id: `u${d}` }));
    const prices = priceUnits(units, card);
    expect(amounts(prices)).toEqual(['0.0068', '0.0068', '0.005']);
    expect(amountText(sum(prices.map((p) => ('amount' in p ? p.amount : (null as never)))))).toBe('0.0186');
    expect(prices.every((p) => 'currency' in p && p.currency === 'USD')).toBe(true);
  });

  it('tiers count in instant order whatever the input order, and start afresh each month', () => {
    const units = [
      unit({ instant: T('2026-08-03T10:00:00Z'), id: 'c' }),
      unit({ instant: T('2026-08-01T10:00:00Z'), id: 'a' }),
      unit({ instant: T('2026-08-02T10:00:00Z'), id: 'b' }),
      unit({ instant: T('2026-09-01T10:00:00Z'), id: 'd', month: 2026 * 12 + 8 }),
    ];
    expect(amounts(priceUnits(units, card))).toEqual(['0.005', '0.0068', '0.0068', '0.0068']);
  });

  it('a charged message to a market with no row is unpriced; one with no country has no market', () => {
    const prices = priceUnits(
      [unit({ instant: T('2026-08-01T10:00:00Z'), country: 'US', market: 'North America' }), unit({ instant: T('2026-08-01T10:00:00Z'), country: null, market: null })],
      card,
    );
    expect(amounts(prices)).toEqual(['no_rate', 'no_market']);
  });

  it('marketing is not tiered: the tier-0 row prices it; a class the row leaves empty has no price, and no other row stands in', () => {
    const prices = priceUnits(
      [
        unit({ instant: T('2026-08-01T10:00:00Z'), chargeClass: 'marketing', tiered: false }),
        unit({ instant: T('2026-08-01T10:00:00Z'), chargeClass: 'authentication', tiered: true }),
      ],
      card,
    );
    expect(amounts(prices)).toEqual(['0.0625', 'no_rate']);
  });
});

describe('rate cards: which row applies', () => {
  const card = readRateCard(
    'card.csv',
    [
      'Valid From;Market;Currency;Marketing;Utility',
      '2026-01-01;Rest of Latin America;USD;0.0740;0.0113',
      '2026-07-01;Rest of Latin America;USD;0.0800;0.0120',
      '2026-07-01;DO;USD;0.0900;',
      '2026-01-01;Other;USD;0.0604;0.0077',
    ].join('\n'),
    SP,
  );
  const marketing = (country: string | null, market: string | null, iso: string): ChargedUnit =>
    unit({ instant: T(iso), country, market, chargeClass: 'marketing', tiered: false });

  it('the latest valid_from at or before the instant, in the account zone', () => {
    // 2026-07-01 00:00 in Sao Paulo is 03:00 UTC.
    expect(amounts(priceUnits([marketing('BO', 'Rest of Latin America', '2026-07-01T02:59:59Z'), marketing('BO', 'Rest of Latin America', '2026-07-01T03:00:00Z')], card))).toEqual(['0.074', '0.08']);
  });

  it('an ISO-code row beats its market\'s row once in force, even where its cell is empty', () => {
    expect(amounts(priceUnits([marketing('DO', 'Rest of Latin America', '2026-06-30T12:00:00Z'), marketing('DO', 'Rest of Latin America', '2026-07-02T12:00:00Z')], card))).toEqual(['0.074', '0.09']);
    expect(amounts(priceUnits([unit({ instant: T('2026-07-02T12:00:00Z'), country: 'DO', market: 'Rest of Latin America', tiered: false })], card))).toEqual(['no_rate']);
  });

  it('a market with no rows of its own is priced by Other', () => {
    expect(amounts(priceUnits([marketing('JP', 'Rest of Asia Pacific', '2026-08-01T00:00:00Z')], card))).toEqual(['0.0604']);
  });
});

describe('rate cards: what cannot be read is an error with file and line', () => {
  const header = 'valid_from,market,currency,marketing,utility,tier_from\n';
  it.each([
    ['2026-02-30,Brazil,USD,0.06,0.01,0', "card.csv:2: valid_from '2026-02-30' is not a date (yyyy-MM-dd)"],
    ['2026-07-01,Brazil,US,0.06,0.01,0', "card.csv:2: currency 'US' is not an ISO 4217 code (such as USD, BRL)"],
    ['2026-07-01,Brazil,USD,0,06,0.01,0', 'card.csv:2: has 7 fields, the header has 6'], // a decimal comma splits a cell
    ['2026-07-01,Brazil,USD,1e-2,0.01,0', "card.csv:2: marketing price '1e-2' is not a decimal number such as 0.0625"],
    ['2026-07-01,Brazil,USD,0.06,0.01,-1', "card.csv:2: tier_from '-1' is not a count of messages"],
    ['2026-07-01,Brazil,USD,0.06,0.01,5', 'card.csv:2: a row with tier_from 5 prices marketing, which has no volume tiers; tiers price only utility, authentication, authentication_international'],
  ])('%s', (row, message) => {
    expect(() => readRateCard('card.csv', header + row + '\n', UTC)).toThrow(message.replace(/^card\.csv:2: /, ''));
    try {
      readRateCard('card.csv', header + row + '\n', UTC);
    } catch (err) {
      expect(`${(err as { file: string }).file}:${(err as { line: number }).line}: ${(err as Error).message}`).toBe(message);
    }
  });

  it("a file whose header names no market is not a rate card", () => {
    expect(() => readRateCard('card.csv', 'valid_from,currency,utility\n', UTC)).toThrow('not a rate card: no header row names a market and a currency');
  });
});

describe('money', () => {
  it('decimal strings in plain notation, every significant digit, no trailing zeros', () => {
    expect(['0.0186', '0.00500', '12.000', '0', '1,940.13'].map((t) => parseAmount(t, true)).map((a) => amountText(a as Amount))).toEqual([
      '0.0186',
      '0.005',
      '12',
      '0',
      '1940.13',
    ]);
    expect(amountText(parseAmount('0.0000001') as Amount)).toBe('0.0000001');
    expect(parseAmount('1,940.13')).toBeNull(); // thousands only where the format has them
    expect(parseAmount('0,0625')).toBeNull();
  });

  it('for people: half-even to the minor unit, in the locale\'s money style', () => {
    expect(formatMoney(parseAmount('1234.565') as Amount, 'BRL', 'pt-BR')).toBe('R$\u00a01.234,56');
    expect(formatMoney(parseAmount('1234.575') as Amount, 'BRL', 'pt-BR')).toBe('R$\u00a01.234,58');
    expect(formatMoney(parseAmount('0.0186') as Amount, 'USD', 'en-US')).toBe('$0.02');
    expect(formatMoney(parseAmount('1500.5') as Amount, 'JPY', 'en-US')).toBe('¥1,500');
  });

  it('a total is the exact sum of its parts, over random 4-6 decimal prices', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 999_999 }), fc.integer({ min: 4, max: 6 })), { minLength: 1, maxLength: 200 }), (parts) => {
        // Prices and the expected total written from integers, with no float on the way.
        const decimal = (units: bigint, dp: number): string => {
          const scale = 10n ** BigInt(dp);
          return `${units / scale}.${(units % scale).toString().padStart(dp, '0')}`;
        };
        const texts = parts.map(([n, dp]) => decimal(BigInt(n), dp));
        const total = sum(texts.map((t) => parseAmount(t) as Amount));
        // Checked in integers of 1e-6, where the sum is exact.
        const micro = parts.reduce((s, [n, dp]) => s + BigInt(n) * 10n ** BigInt(6 - dp), 0n);
        expect(amountText(total)).toBe(amountText(parseAmount(decimal(micro, 6)) as Amount));
      }),
    );
  });
});

describe('markets: the contact\'s country', () => {
  it.each([
    ['5511987654321', null, 'BR'],
    ['18095551234', null, 'DO'], // +1 809: the Dominican Republic, not North America
    ['12125551234', null, 'US'],
    ['263771234567', null, 'ZW'],
    ['5511', null, 'BR'], // not a valid number, but +55 is one region's
    ['4412345', null, null], // +44 is shared, and this number names none of them
    ['11987654321', 'BR', 'BR'], // no region as +1 198..., so national in the default country
    ['11987654321', null, null],
    ['wamid-user-123', 'BR', null], // not a phone number
  ])('%s (default %s) -> %s', (contact, def, country) => {
    expect(countryOf(contact, def)).toBe(country);
  });
});

describe("rate cards: Meta's rates CSV as downloaded", () => {
  const META = [
    'WhatsApp Business Platform pricing,,,,,,',
    '"Rates effective July 1, 2026 (00:00 in the WhatsApp Business Account time zone)",,,,,,',
    'Notes: rates are per delivered message,,,,,,',
    'Market,Currency,Marketing,Utility,Authentication,"Authentication-',
    'International",Service',
    'Brazil,$US,0.0625,0.0068,0.0068,n/a,0.0068',
    'India,$US,0.0107,0.0014,0.0014,0.0280,0.0014',
    'Other,$US,"1,940.13",--,0.0077,n/a,0.0077',
    '',
  ].join('\r\n');

  it('title rows skipped, the effective date from the title, the quoted header with a line break, n/a and --, $US, thousands separators', () => {
    const card = readRateCard('meta.csv', META, SP);
    expect(card.files).toEqual([{ file: 'meta.csv', validFrom: ['2026-07-01'] }]);
    const row = (m: string) => card.rows.find((r) => r.market === m)!;
    expect(row('Brazil').currency).toBe('USD');
    expect(row('Brazil').validFrom).toBe(T('2026-07-01T03:00:00Z'));
    expect([...row('Brazil').prices].map(([c, a]) => [c, amountText(a)])).toEqual([
      ['marketing', '0.0625'],
      ['utility', '0.0068'],
      ['authentication', '0.0068'],
      ['service', '0.0068'],
    ]);
    expect(amountText(row('India').prices.get('authentication_international')!)).toBe('0.028');
    expect(amountText(row('Other').prices.get('marketing')!)).toBe('1940.13');
    expect(row('Other').prices.has('utility')).toBe(false);
    expect(row('Brazil').source).toBe('meta.csv:6');
  });

  it('a title without a date needs --rates-from, which the error names', () => {
    const undated = META.replace(/"Rates effective[^"]*",,,,,,\r\n/, '');
    expect(() => readRateCard('meta.csv', undated, SP)).toThrow('pass --rates-from yyyy-MM-dd');
    expect(readRateCard('meta.csv', undated, { zone: SP, ratesFrom: '2026-10-01' }).files[0].validFrom).toEqual(['2026-10-01']);
  });

  it.each([
    ['£', 'GBP'],
    ['GBD', 'GBP'],
    ['R$', 'BRL'],
    ['₹', 'INR'],
    ['Rp', 'IDR'],
    ['A$', 'AUD'],
    ['EUR', 'EUR'],
  ])('currency token %s is %s', (token, code) => {
    expect(readRateCard('meta.csv', META.replace('Brazil,$US', `Brazil,${token}`), SP).rows[0].currency).toBe(code);
  });

  it('an unknown currency token is an error with its line', () => {
    expect(() => readRateCard('meta.csv', META.replace('Brazil,$US', 'Brazil,¤'), SP)).toThrow("currency '¤' is not an ISO 4217 code");
  });
});

describe("rate cards: Meta's volume-tiers CSV", () => {
  const TIERS = [
    'Volume tiers for utility and authentication messages,,,,,,,,,,,,,,,,',
    'Effective July 1 2026,,,,,,,,,,,,,,,,',
    ',,Utility,,,,,Authentication,,,,,Authentication-International,,,,',
    'Market,Currency,From,To,Rate type,Rate,vs. List rate,From,To,Rate type,Rate,vs. List rate,From,To,Rate type,Rate,vs. List rate',
    'Brazil,$US,1,"250,000",List rate,0.0068,--,1,"250,000",List rate,0.0068,--,,,,n/a,',
    'Brazil,$US,"250,001",--,Discount,0.0064,-5%,"250,001",--,Discount,0.0065,-4%,,,,n/a,',
    'India,$US,1,--,List rate,0.0014,--,1,--,List rate,0.0014,--,1,--,List rate,0.0280,--',
  ].join('\n');

  it('each class of each row is a tier from its From (tier_from = From - 1), priced as the long format prices tiers', () => {
    const card = readRateCard('tiers.csv', TIERS, UTC);
    expect(card.files).toEqual([{ file: 'tiers.csv', validFrom: ['2026-07-01'] }]);
    expect(card.rows.map((r) => [r.market, r.currency, r.tierFrom, [...r.prices].map(([c, a]) => `${c} ${amountText(a)}`).join()])).toEqual([
      ['Brazil', 'USD', 0, 'utility 0.0068'],
      ['Brazil', 'USD', 0, 'authentication 0.0068'],
      ['Brazil', 'USD', 250000, 'utility 0.0064'],
      ['Brazil', 'USD', 250000, 'authentication 0.0065'],
      ['India', 'USD', 0, 'utility 0.0014'],
      ['India', 'USD', 0, 'authentication 0.0014'],
      ['India', 'USD', 0, 'authentication_international 0.028'],
    ]);
    // The 250,001st utility message of a month to Brazil is the first of the discounted tier.
    const many = Array.from({ length: 250_001 }, (_, i) => unit({ instant: T('2026-07-10T00:00:00Z') + i, id: `u${String(i).padStart(6, '0')}` }));
    const prices = priceUnits(many, card);
    expect(amounts([prices[249_999], prices[250_000]])).toEqual(['0.0068', '0.0064']);
  });
});
