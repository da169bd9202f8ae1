// Verdicts on every outbound message, for every ruleset, over generated logs: exactly one of
// charged (with a class) or a free reason; under robbu the charged ones are exactly the
// templates that opened a charged session; a verdict's conversation is one of the key's own;
// `charged` holds exactly the charged verdicts.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { replayLog } from '../src/engine/replay.js';
import type { KeyOutcome, MessageVerdict, Ruleset } from '../src/engine/ruleset.js';
import { META_RULESETS, metaRuleset } from '../src/engine/rulesets/meta.js';
import { robbu } from '../src/engine/rulesets/robbu.js';
import { readLog, textSource } from '../src/ingest/read.js';
import { TimeZone } from '../src/model/time.js';
import { csvOf, rowsOf, untiedLog } from './helpers/gen.js';

const UTC = TimeZone.of('UTC')!;
const RULESETS: Ruleset[] = [robbu, ...META_RULESETS.map((n) => metaRuleset(n, { zone: UTC, serviceFreeTier: 3 }))];

async function outcomes(csv: string, ruleset: Ruleset): Promise<{ outbound: number; keys: KeyOutcome[] }> {
  const log = await readLog([textSource('log.csv', csv)], { zone: UTC, dayOrder: null });
  const keys: KeyOutcome[] = [];
  replayLog(log, ruleset, (_, o) => keys.push(o));
  return { outbound: log.messages.filter((m) => m.direction === 'outbound').length, keys };
}

describe('verdicts', () => {
  for (const ruleset of RULESETS) {
    it(`${ruleset.name}: every outbound message has one verdict, charged with a class or free with a reason`, async () => {
      await fc.assert(
        fc.asyncProperty(untiedLog.filter((l) => l.length > 0), async (gen) => {
          const { outbound, keys } = await outcomes(csvOf(rowsOf(gen)), ruleset);
          const all: MessageVerdict[] = keys.flatMap((k) => [...k.messages]);
          expect(all).toHaveLength(outbound);
          expect(new Set(all.map((v) => v.message.id)).size).toBe(outbound);
          for (const v of all) {
            expect(v.message.direction).toBe('outbound');
            expect(v.charged ? v.chargeClass !== null && v.freeReason === null : v.chargeClass === null && v.freeReason !== null).toBe(true);
          }
          for (const k of keys) {
            for (const v of k.messages) if (v.conversation !== null) expect(k.sessions).toContain(v.conversation);
          }
          // `charged` is the charged verdicts of `messages`, the same objects in the same order,
          // whichever of the two is read first.
          for (const [i, k] of keys.entries()) {
            const charged = i % 2 === 0 ? [...k.charged] : [];
            const expected = k.messages.filter((v) => v.charged);
            const read = i % 2 === 0 ? charged : [...k.charged];
            expect(read).toHaveLength(expected.length);
            read.forEach((v, j) => expect(v).toBe(expected[j]));
          }
          if (ruleset === robbu) {
            const charged = keys.flatMap((k) => k.templates.filter((t) => t.charged).map((t) => t.message.id));
            expect(all.filter((v) => v.charged).map((v) => v.message.id).sort()).toEqual(charged.sort());
            const violating = keys.flatMap((k) => k.violations.filter((x) => x.message.statusClass !== 'failure').map((x) => x.message.id));
            expect(all.filter((v) => v.freeReason === 'violation').map((v) => v.message.id).sort()).toEqual(violating.sort());
          }
        }),
        { numRuns: 100 },
      );
    });
  }
});

describe('Meta free tiers over many keys, against a direct count', () => {
  const N = 3;
  const day = (d: number, minute: number): number => Date.UTC(2026, 9, d, 0, minute);

  it('meta-2026-10: per business number and month, the first N service messages by (instant, business, contact, id) are free, the rest charged', async () => {
    const ruleset = metaRuleset('meta-2026-10', { zone: UTC, serviceFreeTier: N });
    const contact = fc.constantFrom('5511900000001', '5511900000002', '5511900000003', '5511900000004');
    const business = fc.constantFrom('551140000001', '552130000002');
    // A reply a minute after each inbound message: always inside the CSW, so always a service message.
    const pair = fc.record({ business, contact, d: fc.constantFrom(5, 6, 40), minute: fc.integer({ min: 0, max: 600 }) });
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(pair, { maxLength: 30, selector: (p) => `${p.business}|${p.contact}|${p.d}|${p.minute}` }), async (pairs) => {
        if (pairs.length === 0) return;
        let csv = 'id,timestamp,business,contact,direction,type\n';
        pairs.forEach((p, i) => {
          csv += `i${i},${new Date(day(p.d, p.minute)).toISOString()},${p.business},${p.contact},inbound,text\n`;
          csv += `o${i},${new Date(day(p.d, p.minute) + 30_000).toISOString()},${p.business},${p.contact},outbound,text\n`;
        });
        const { keys } = await outcomes(csv, ruleset);
        const verdicts = keys.flatMap((k) => [...k.messages]);
        // The direct count: each business's replies by month (day 40 of October is in November).
        const expectedFree = new Set<string>();
        const groups = new Map<string, { ts: number; business: string; contact: string; id: string }[]>();
        pairs.forEach((p, i) => {
          const ts = day(p.d, p.minute) + 30_000;
          const g = `${p.business}|${new Date(ts).getUTCMonth()}`;
          groups.set(g, [...(groups.get(g) ?? []), { ts, business: p.business, contact: p.contact, id: `o${i}` }]);
        });
        for (const list of groups.values()) {
          const cmp = (x: string, y: string): number => (x < y ? -1 : x > y ? 1 : 0);
          list.sort((a, b) => a.ts - b.ts || cmp(a.business, b.business) || cmp(a.contact, b.contact) || cmp(a.id, b.id));
          for (const u of list.slice(0, N)) expectedFree.add(u.id);
        }
        expect(verdicts.filter((v) => v.freeReason === 'free_tier').map((v) => v.message.id).sort()).toEqual([...expectedFree].sort());
        expect(verdicts.filter((v) => v.charged).every((v) => v.chargeClass === 'service')).toBe(true);
        expect(verdicts.filter((v) => v.charged).length).toBe(pairs.length - expectedFree.size);
      }),
      { numRuns: 100 },
    );
  });

  for (const name of META_RULESETS) {
    it(`${name}: shuffling the rows (no ties within a key) keeps every verdict`, async () => {
      const ruleset = metaRuleset(name, { zone: UTC, serviceFreeTier: 3 });
      const project = (keys: KeyOutcome[]): string[] =>
        keys.flatMap((k) => k.messages.map((v) => `${v.message.id} ${v.regime} ${v.charged ? v.chargeClass : v.freeReason} ${v.conversation?.opener.id ?? '-'}`)).sort();
      await fc.assert(
        fc.asyncProperty(untiedLog.filter((l) => l.length > 0), fc.infiniteStream(fc.double({ min: 0, max: 1, noNaN: true })), async (gen, randoms) => {
          const rows = rowsOf(gen);
          const shuffled = rows.map((r) => [randoms.next().value as number, r] as const).sort((a, b) => a[0] - b[0]).map(([, r]) => r);
          const a = await outcomes(csvOf(rows), ruleset);
          const b = await outcomes(csvOf(shuffled), ruleset);
          expect(project(b.keys)).toEqual(project(a.keys));
        }),
        { numRuns: 60 },
      );
    });
  }

  for (const ruleset of [robbu, ...META_RULESETS.map((n) => metaRuleset(n, { zone: UTC, serviceFreeTier: 1000 }))]) {
    it(`${ruleset.name}: splitting the log by key keeps every per-key verdict (tiers that free every unit aside)`, async () => {
      // The monthly tiers (1,000 units) free every unit of these small logs whether a key is
      // replayed with the others or alone: what is left is the per-key replay, which must not
      // depend on the other keys.
      const project = (keys: KeyOutcome[]): string[] =>
        keys.flatMap((k) => k.messages.map((v) => `${v.message.id} ${v.regime} ${v.charged ? v.chargeClass : v.freeReason} ${v.conversation?.opener.id ?? '-'}`)).sort();
      await fc.assert(
        fc.asyncProperty(untiedLog.filter((l) => l.length > 0), async (gen) => {
          const rows = rowsOf(gen);
          const whole = await outcomes(csvOf(rows), ruleset);
          const byKey = new Map<string, typeof rows>();
          for (const r of rows) byKey.set(`${r.business}|${r.contact}`, [...(byKey.get(`${r.business}|${r.contact}`) ?? []), r]);
          const split: KeyOutcome[] = [];
          for (const part of byKey.values()) split.push(...(await outcomes(csvOf(part), ruleset)).keys);
          expect(project(split)).toEqual(project(whole.keys));
        }),
        { numRuns: 40 },
      );
    });
  }
});
