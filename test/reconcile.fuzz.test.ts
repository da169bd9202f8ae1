// Hostile invoices, generated: the shipped invoice fixtures (CSV of each kind, Meta's analytics
// JSON) broken by byte flips, truncation and inserted quotes, delimiters, NULs, newlines and
// brackets. Reading one ends in an invoice whose every line is accounted for (read, another
// charge or rejected with its line), or in a located error of the input; never anything
// thrown raw. The seed is fixed; FUZZ_RUNS runs more cases.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readInvoice } from '../src/ingest/invoice.js';
import { WaAuditError } from '../src/model/errors.js';
import { TimeZone } from '../src/model/time.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 150);
const SEED = Number(process.env.FUZZ_SEED ?? 20261202);
const FILES = [
  'fixtures/invoices/meta-2025-08-by-message.csv',
  'fixtures/invoices/itemised-by-session.csv',
  'fixtures/invoices/meta-2025-08-summary.csv',
  'fixtures/invoices/twilio-usage-records.csv',
  'fixtures/invoices/meta-2025-08-pricing-analytics.json',
  'fixtures/invoices/sample-conversation-analytics.json',
];
const SP = TimeZone.of('America/Sao_Paulo') as TimeZone;

const mutation = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ kind: fc.constant('cut' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: fc.constantFrom('"', ',', ';', '\u0000', '\n', '\r\n', '{', '[', ']', '}', '/', '-', '1.234', 'R$', '\u00ff', '__proto__') }),
);

describe('hostile invoices', () => {
  it('are read with every line accounted for, or refused with a located error', () => {
    fc.assert(
      fc.property(fc.constantFrom(...FILES), fc.array(mutation, { minLength: 1, maxLength: 4 }), (file, mutations) => {
        let bytes = readFileSync(file);
        for (const m of mutations) {
          const at = bytes.length === 0 ? 0 : m.at % (bytes.length + 1);
          if (m.kind === 'flip' && bytes.length > 0) (bytes = Buffer.from(bytes))[at % bytes.length] = m.byte;
          else if (m.kind === 'cut') bytes = bytes.subarray(0, at);
          else if (m.kind === 'insert') bytes = Buffer.concat([bytes.subarray(0, at), Buffer.from(m.text), bytes.subarray(at)]);
        }
        try {
          const inv = readInvoice(file, bytes.toString('utf8'), { zone: SP, mark: null, currency: 'BRL', dayOrder: 'dmy', map: null, period: { from: 0, to: 1 } });
          const read = inv.lines.length + inv.buckets.length + inv.other.length + inv.rejected.length;
          for (const x of [...inv.lines, ...inv.buckets, ...inv.other, ...inv.rejected]) expect(Number.isInteger(x.line) && x.line >= 1).toBe(true);
          expect(new Set([...inv.lines, ...inv.buckets, ...inv.other, ...inv.rejected].map((x) => `${x.line}${x.pointer ?? ''}`)).size).toBe(read);
        } catch (err) {
          if (!(err instanceof WaAuditError) || err.code === 'internal') throw err;
          expect(err.file).toBe(file);
        }
      }),
      { numRuns: RUNS, seed: SEED },
    );
  });
});
