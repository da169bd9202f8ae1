// Invariants of the whole pipeline on generated logs (CSV text in, report out): row order
// (ties aside) and splitting by key change nothing; a log concatenated with itself only adds
// duplicates; a report cut to the table's first rows counts as the full one does.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { META_RULESETS, metaRuleset } from '../src/engine/rulesets/meta.js';
import { robbu } from '../src/engine/rulesets/robbu.js';
import { readLog, textSource, type InputSource } from '../src/ingest/read.js';
import { TimeZone } from '../src/model/time.js';
import { auditLog } from '../src/pipeline.js';
import type { Report } from '../src/report/report.js';
import { csvOf, rowsOf, START, untiedLog } from './helpers/gen.js';

const UTC = TimeZone.of('UTC')!;
const RUNS = { numRuns: 200 };

async function audit(sources: InputSource[]): Promise<Report> {
  const log = await readLog(sources, { zone: UTC, dayOrder: null });
  return auditLog(log, robbu, { timezone: 'UTC', from: null, to: null });
}

/** What must not change: every decision and the summary (not where a message was read). */
const decisions = (r: Report): unknown => ({
  summary: r.summary,
  sessions: r.sessions,
  templates: r.templates,
  violations: [...r.violations].map(({ file: _file, line: _line, ...decision }) => decision),
});

describe('report invariants', () => {
  it('shuffling the rows (no ties of instant and direction within a key) changes nothing', async () => {
    await fc.assert(
      fc.asyncProperty(
        untiedLog.filter((l) => l.length > 0),
        fc.infiniteStream(fc.double({ min: 0, max: 1, noNaN: true })),
        async (log, randoms) => {
          const rows = rowsOf(log);
          const keys = rows.map(() => randoms.next().value as number);
          const shuffled = rows.map((r, i) => [keys[i], r] as const).sort((a, b) => a[0] - b[0]).map(([, r]) => r);
          const a = await audit([textSource('log.csv', csvOf(rows))]);
          const b = await audit([textSource('log.csv', csvOf(shuffled))]);
          expect(b.rejected).toEqual([]);
          expect(decisions(b)).toEqual(decisions(a));
          expect(b.input).toEqual(a.input);
        },
      ),
      RUNS,
    );
  });

  it('splitting the log into one file per key changes nothing', async () => {
    await fc.assert(
      fc.asyncProperty(untiedLog.filter((l) => l.length > 0), async (log) => {
        const rows = rowsOf(log);
        const byKey = new Map<string, typeof rows>();
        for (const r of rows) {
          const k = `${r.business}-${r.contact}`;
          byKey.set(k, [...(byKey.get(k) ?? []), r]);
        }
        const whole = await audit([textSource('log.csv', csvOf(rows))]);
        const split = await audit([...byKey].map(([k, rs]) => textSource(`${k}.csv`, csvOf(rs))));
        expect(decisions(split)).toEqual(decisions(whole));
        const { files: _a, ...splitCounts } = split.input;
        const { files: _b, ...wholeCounts } = whole.input;
        expect(splitCounts).toEqual(wholeCounts);
      }),
      RUNS,
    );
  });

  it('concatenating a log with itself changes only input.rows and input.duplicates', async () => {
    await fc.assert(
      fc.asyncProperty(untiedLog.filter((l) => l.length > 0), async (log) => {
        const rows = rowsOf(log);
        const once = await audit([textSource('log.csv', csvOf(rows))]);
        const twice = await audit([textSource('log.csv', csvOf([...rows, ...rows]))]);
        expect(decisions(twice)).toEqual(decisions(once));
        expect(twice.rejected).toEqual(once.rejected);
        expect(twice.input).toEqual({
          ...once.input,
          rows: 2 * once.input.rows,
          // Every row of the second copy merges into the message its twin made.
          duplicates: once.input.duplicates + once.input.rows,
        });
      }),
      RUNS,
    );
  });

  it('a report cut to its first rows (the table) has the full report\'s counts and totals, under every ruleset and period', async () => {
    const rulesets = [robbu, ...META_RULESETS.map((n) => metaRuleset(n, { zone: UTC, serviceFreeTier: 2 }))];
    const minute = fc.nat(4 * 48 + 60).map((n) => START + n * 60_000);
    await fc.assert(
      fc.asyncProperty(untiedLog.filter((l) => l.length > 0), fc.constantFrom(...rulesets), fc.option(minute), fc.option(minute), async (gen, ruleset, from, to) => {
        const log = await readLog([textSource('log.csv', csvOf(rowsOf(gen)))], { zone: UTC, dayOrder: null });
        const options = { timezone: 'UTC', from, to };
        const full = auditLog(log, ruleset, options);
        const cut = auditLog(log, ruleset, { ...options, listLimit: 1 });
        expect(cut.summary).toEqual(full.summary);
        expect(cut.totals).toEqual(full.totals);
        expect(cut.warnings).toEqual(full.warnings);
        expect([...cut.messages]).toEqual([...full.messages].filter((m) => m.charged).slice(0, 1));
      }),
      RUNS,
    );
  });

  it('every row is a message, a duplicate or a rejection', async () => {
    await fc.assert(
      fc.asyncProperty(untiedLog.filter((l) => l.length > 0), async (log) => {
        const r = await audit([textSource('log.csv', csvOf(rowsOf(log)))]);
        expect(r.input.rows).toBe(r.input.messages + r.input.duplicates + r.input.rejected);
        expect(r.summary.templates).toBe(r.summary.templatesCharged + r.summary.templatesFree + r.summary.templatesFailed);
        expect(r.summary.sessions).toBe(r.summary.businessInitiated + r.summary.customerInitiated);
        // robbu charges one template per business-initiated session.
        expect(r.summary.templatesCharged).toBe(r.summary.businessInitiated);
      }),
      RUNS,
    );
  });
});
