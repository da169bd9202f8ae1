// Reconciliation as a property (reconcile.md): over random logs, every ruleset and random rate
// cards, an invoice itemised by message written from the replay's own charged units reconciles
// to all `matched` with zero difference per currency; removing k of its lines and duplicating j
// others gives exactly k `expected_not_billed` and j `duplicate_line`, every other line matched.
import { Decimal } from 'decimal.js';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { collectFindings, matchByMessage, NO_TOLERANCE, scaleOf } from '../src/engine/reconcile.js';
import { FindingTally } from '../src/report/reconcile-tally.js';
import type { Ruleset } from '../src/engine/ruleset.js';
import { META_RULESETS, metaRuleset } from '../src/engine/rulesets/meta.js';
import { robbu } from '../src/engine/rulesets/robbu.js';
import { readInvoice } from '../src/ingest/invoice.js';
import { readMarkets } from '../src/ingest/markets.js';
import { readLog, textSource } from '../src/ingest/read.js';
import { readRateCard } from '../src/ingest/rates.js';
import { formatInstant, TimeZone } from '../src/model/time.js';
import { auditLog } from '../src/pipeline.js';
import { messageIndex, reconcileReport, replayUnits } from '../src/report/reconcile.js';
import { csvOf, rowsOf, untiedLog } from './helpers/gen.js';

const UTC = TimeZone.of('UTC')!;
const RULESETS: Ruleset[] = [robbu, ...META_RULESETS.map((n) => metaRuleset(n, { zone: UTC, serviceFreeTier: 2 }))];
const MARKETS = readMarkets('markets/meta-markets.csv', readFileSync('markets/meta-markets.csv', 'utf8'), UTC);
const CLASSES = ['marketing', 'utility', 'authentication', 'service', 'business_initiated', 'user_initiated', 'session'] as const;

/** A price with 0 to 6 decimals. */
const price = fc.tuple(fc.integer({ min: 1, max: 999_999 }), fc.integer({ min: 0, max: 6 })).map(([n, d]) => new Decimal(n).dividedBy(new Decimal(10).pow(d)).toFixed(d));
const card = fc.record({ currency: fc.constantFrom('USD', 'BRL'), prices: fc.array(price, { minLength: CLASSES.length, maxLength: CLASSES.length }) });
// Amounts are written with a point (`1.234` alone would be ambiguous, and is an error without the option).
const OPTIONS = { zone: UTC, mark: '.', currency: null, dayOrder: null, map: null, period: null } as const;

describe('an invoice written from the replay reconciles to itself', () => {
  for (const ruleset of RULESETS) {
    it(`${ruleset.name}: all matched, zero difference; k removed and j duplicated lines are exactly k + j findings`, async () => {
      await fc.assert(
        fc.asyncProperty(untiedLog.filter((l) => l.length > 0), card, fc.infiniteStream(fc.nat()), async (gen, c, picks) => {
          const rates = readRateCard('card.csv', `valid_from,market,currency,${CLASSES.join(',')}\n2000-01-01,BR,${c.currency},${c.prices.join(',')}\n`, UTC);
          const log = await readLog([textSource('log.csv', csvOf(rowsOf(gen)))], { zone: UTC, dayOrder: null, keepIds: true });
          const report = auditLog(log, ruleset, { timezone: 'UTC', from: null, to: null, rates, markets: MARKETS });
          const units = replayUnits(report, 'messages');
          const charged = units.filter((u) => u.charged);
          // A template of no known category is charged under `unknown`: an invoice line names no class for it.
          const lineOf = (u: (typeof units)[number]): string => `${u.id},${formatInstant(u.sentAt, UTC)},${u.chargeClass === 'unknown' ? '' : u.chargeClass},${u.amount ?? ''},${u.currency ?? ''}`;
          // Found through the store's id index, as the command does.
          const byId = messageIndex(report);
          const always = (): boolean => true;
          const header = 'message_id,date,category,amount,currency';

          const text0 = [header, ...charged.map(lineOf)].join('\n') + '\n';
          const whole = readInvoice('inv.csv', text0, OPTIONS);
          expect(whole.rejected, text0).toEqual([]);
          const { sink, findings } = collectFindings(scaleOf(whole.lines));
          matchByMessage(whole.lines, byId, always, sink);
          expect(findings.map((f) => f.verdict)).toEqual(charged.map(() => 'matched'));
          // The report's own path: the tally of the table (the first 5 findings of each verdict kept).
          const tally = new FindingTally({ keep: 5, all: false, scale: scaleOf(whole.lines), tolerance: NO_TOLERANCE, monthOf: () => ({ from: 0, to: 1 }) });
          matchByMessage(whole.lines, byId, always, tally.sink);
          const r = reconcileReport(tally, [], { ruleset: ruleset.name, timezone: 'UTC', from: null, to: null }, [whole], { detail: false });
          expect(r.summary.verdicts.matched.count).toBe(charged.length);
          expect(r.lines).toEqual([]);
          for (const d of Object.values(r.summary.difference)) expect(d).toBe('0');
          expect(r.summary.expected).toEqual(r.summary.invoiced);

          // Remove k lines and duplicate j others (picked from the stream).
          const order = charged.map((u, i) => [picks.next().value as number, i] as const).sort((a, b) => a[0] - b[0] || a[1] - b[1]).map(([, i]) => i);
          const k = charged.length === 0 ? 0 : (picks.next().value as number) % (charged.length + 1);
          const removed = new Set(order.slice(0, k));
          const duplicated = order.slice(k, k + ((picks.next().value as number) % (charged.length - k + 1)));
          const lines = charged.filter((_, i) => !removed.has(i)).map(lineOf);
          const text = [header, ...lines, ...duplicated.map((i) => lineOf(charged[i]))].join('\n') + '\n';
          const again = readInvoice('inv.csv', text, OPTIONS).lines;
          const { sink: sink2, findings: after } = collectFindings(scaleOf(again));
          matchByMessage(again, byId, always, sink2);
          const count = (v: string): number => after.filter((f) => f.verdict === v).length;
          expect(count('expected_not_billed')).toBe(removed.size);
          expect(count('duplicate_line')).toBe(duplicated.length);
          expect(count('matched')).toBe(charged.length - removed.size);
          expect(after).toHaveLength(charged.length + duplicated.length);
          expect(new Set(after.filter((f) => f.verdict === 'expected_not_billed').map((f) => f.message))).toEqual(new Set([...removed].map((i) => charged[i].id)));
        }),
        { numRuns: 40 },
      );
    });
  }
});
