// Verdicts on every outbound message, for every ruleset, over generated logs: exactly one of
// charged (with a class) or a free reason; under robbu the charged ones are exactly the
// templates that opened a charged session; a verdict's conversation is one of the key's own.
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
