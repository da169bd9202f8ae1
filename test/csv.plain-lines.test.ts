// `eachPlainLine` (the quick reading of an unquoted CSV text that large invoices take) against
// the tokenizer (`csvRecords`): the same fields, the same count of fields, the same line numbers.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csvRecords, eachPlainLine } from '../src/ingest/csv.js';

const cell = fc.stringMatching(/^[a-z0-9 .]{0,4}$/);
const text = fc.tuple(fc.constantFrom(',', ';'), fc.integer({ min: 1, max: 4 }), fc.array(fc.array(cell, { minLength: 0, maxLength: 6 }), { maxLength: 8 }), fc.boolean()).map(([d, width, rows, crlf]) => {
  const nl = crlf ? '\r\n' : '\n';
  return { d, width, text: [Array.from({ length: width }, (_, i) => `h${i}`).join(d), ...rows.map((r) => r.join(d))].join(nl) + nl };
});

describe('eachPlainLine', () => {
  it('reads every line of an unquoted text as the tokenizer does', () => {
    fc.assert(
      fc.property(text, ({ d, width, text: t }) => {
        const seen: [number, number, string[]][] = [];
        eachPlainLine(t, width, (fields, line, count) => seen.push([line, count, [...fields]]), d);
        const expected = csvRecords('x.csv', t, d)
          .slice(1)
          .map((r): [number, number, string[]] => [r.line, r.fields.length, Array.from({ length: width }, (_, i) => r.fields[i] ?? '')]);
        expect(seen).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });
});
