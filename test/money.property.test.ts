// Money as a property (pricing.md, "Money is exact"): over random logs, every ruleset and random
// rate cards with 4-6 decimal prices (tiers included), the report's money adds up exactly: each
// currency's summary amount is the sum of the message amounts in it, the totals count every
// charged message once, and every charged message is either priced or unpriced with a reason.
// The sums here are the test's own, in decimal.js: never the code under test's.
import { readFileSync } from 'node:fs';
import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Ruleset } from '../src/engine/ruleset.js';
import { META_RULESETS, metaRuleset } from '../src/engine/rulesets/meta.js';
import { robbu } from '../src/engine/rulesets/robbu.js';
import { readMarkets } from '../src/ingest/markets.js';
import { readLog, textSource } from '../src/ingest/read.js';
import { readRateCard } from '../src/ingest/rates.js';
import { TimeZone } from '../src/model/time.js';
import { auditLog } from '../src/pipeline.js';
import { csvOf, rowsOf, untiedLog } from './helpers/gen.js';

const UTC = TimeZone.of('UTC')!;
const RULESETS: Ruleset[] = [robbu, ...META_RULESETS.map((n) => metaRuleset(n, { zone: UTC, serviceFreeTier: 2 }))];
const MARKETS = readMarkets('markets/meta-markets.csv', readFileSync('markets/meta-markets.csv', 'utf8'), UTC);
const CLASSES = ['marketing', 'utility', 'authentication', 'service', 'business_initiated', 'user_initiated', 'session'] as const;

/** A price with 4 to 6 decimals, or empty (no price: its units are unpriced). */
const price = fc.oneof(
  { weight: 5, arbitrary: fc.tuple(fc.integer({ min: 0, max: 999_999 }), fc.integer({ min: 4, max: 6 })).map(([n, d]) => new Decimal(n).dividedBy(new Decimal(10).pow(d)).toFixed(d)) },
  { weight: 1, arbitrary: fc.constant('') },
);
const card = fc.record({
  market: fc.constantFrom('BR', 'Brazil', 'Other'),
  currency: fc.constantFrom('USD', 'BRL'),
  prices: fc.array(price, { minLength: CLASSES.length, maxLength: CLASSES.length }),
  tier: fc.option(fc.tuple(fc.integer({ min: 1, max: 4 }), price.filter((p) => p !== '')), { nil: null }),
});

describe('money adds up exactly', () => {
  for (const ruleset of RULESETS) {
    it(`${ruleset.name}: summary amounts = the sum of message amounts per currency; totals count each charged message once`, async () => {
      await fc.assert(
        fc.asyncProperty(untiedLog.filter((l) => l.length > 0), card, async (gen, c) => {
          const lines = [`valid_from,market,currency,tier_from,${CLASSES.join(',')}`, `2000-01-01,${c.market},${c.currency},0,${c.prices.join(',')}`];
          if (c.tier !== null) lines.push(`2000-01-01,${c.market},${c.currency},${c.tier[0]},,${c.tier[1]},,,,,`);
          const rates = readRateCard('card.csv', lines.join('\n') + '\n', UTC);
          const log = await readLog([textSource('log.csv', csvOf(rowsOf(gen)))], { zone: UTC, dayOrder: null });
          const report = auditLog(log, ruleset, { timezone: 'UTC', from: null, to: null, rates, markets: MARKETS });
          const messages = [...report.messages];
          const sums = new Map<string, Decimal>();
          for (const m of messages) {
            if (!m.charged) {
              expect([m.amount, m.currency, m.unpricedReason]).toEqual([null, null, null]);
              continue;
            }
            // Charged: priced (amount and currency) or unpriced with its reason, never both.
            expect((m.amount === null) === (m.currency === null)).toBe(true);
            expect((m.amount === null) !== (m.unpricedReason === null)).toBe(true);
            if (m.amount !== null) sums.set(m.currency as string, (sums.get(m.currency as string) ?? new Decimal(0)).plus(m.amount));
          }
          const expected = Object.fromEntries([...sums].sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => [k, v.toFixed()]));
          expect(report.summary.amounts).toEqual(expected);
          const charged = messages.filter((m) => m.charged);
          expect(report.totals.reduce((n, t) => n + t.charged, 0)).toBe(charged.length);
          expect(report.totals.reduce((n, t) => n + t.unpriced, 0)).toBe(charged.filter((m) => m.unpricedReason !== null).length);
          expect(report.summary.unpriced).toBe(charged.filter((m) => m.unpricedReason !== null).length);
          for (const t of report.totals) {
            const mine = charged.filter(
              (m) => new Date(m.sentAt).toISOString().slice(0, 7) === t.month && m.business === t.business && m.market === t.market && m.chargeClass === t.chargeClass && m.currency === t.currency,
            );
            expect(t.charged).toBe(mine.length);
            const total = mine.reduce((s, m) => (m.amount === null ? s : s.plus(m.amount)), new Decimal(0));
            if (t.amount !== null) expect(new Decimal(t.amount).equals(total)).toBe(true);
          }
        }),
        { numRuns: 60 },
      );
    });
  }
});
