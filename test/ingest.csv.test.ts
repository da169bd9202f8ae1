// The CSV tokenizer: RFC 4180 fields, physical line numbers, broken quoting as a rejection,
// and the same records as csv-parse (the reference) on any input, however it is chunked.
import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CsvTokenizer, detectDelimiter } from '../src/ingest/csv.js';

interface Out {
  records: [number, string[]][];
  broken: [number, string][];
}

function tokenize(text: string, delimiter = ',', chunks: number[] = []): Out {
  const out: Out = { records: [], broken: [] };
  const t = new CsvTokenizer(delimiter, {
    record: (fields, line) => out.records.push([line, fields]),
    broken: (line, reason) => out.broken.push([line, reason]),
  });
  let pos = 0;
  for (const size of chunks) {
    t.push(text.slice(pos, pos + size));
    pos += size;
  }
  t.push(text.slice(pos));
  t.end();
  return out;
}

describe('CsvTokenizer', () => {
  it('splits plain lines, LF or CRLF, with or without a final newline', () => {
    expect(tokenize('a,b\r\nc,d\ne,f').records).toEqual([
      [1, ['a', 'b']],
      [2, ['c', 'd']],
      [3, ['e', 'f']],
    ]);
  });

  it('skips blank lines but counts them as lines', () => {
    expect(tokenize('a\n\n\r\nb\n').records).toEqual([
      [1, ['a']],
      [4, ['b']],
    ]);
  });

  it('reads quoted fields with delimiters, doubled quotes and embedded newlines', () => {
    const text = 'x,"a,b","say ""hi"""\n"multi\nline",2,3\nlast,"",z\n';
    expect(tokenize(text).records).toEqual([
      [1, ['x', 'a,b', 'say "hi"']],
      [2, ['multi\nline', '2', '3']],
      // The record after an embedded newline starts on physical line 4.
      [4, ['last', '', 'z']],
    ]);
  });

  it('rejects a closing quote followed by text, and resumes at the next line', () => {
    const out = tokenize('a,"b"c,d\ne,f\n');
    expect(out.broken).toEqual([[1, 'broken quoting: a closing quote must be followed by a delimiter or the line end']]);
    expect(out.records).toEqual([[2, ['e', 'f']]]);
  });

  it('rejects a quote still open at the end of the file at its first line, and reads the lines after it', () => {
    const out = tokenize('a,b\nc,"open\nmore\nlast,x\n');
    expect(out.records).toEqual([
      [1, ['a', 'b']],
      [3, ['more']],
      [4, ['last', 'x']],
    ]);
    expect(out.broken).toEqual([
      [2, 'broken quoting: a quoted field is still open at the end of the file; reading resumes at the next line'],
    ]);
  });

  it('rejects a stray quote that a later quote closes many lines on, and reads the lines between', () => {
    const out = tokenize('a,"stray\nb,c\nd,"e\nf",g\n');
    expect(out.broken).toEqual([[1, 'broken quoting: a closing quote must be followed by a delimiter or the line end']]);
    expect(out.records).toEqual([
      [2, ['b', 'c']],
      [3, ['d', 'e\nf', 'g']],
    ]);
  });

  it('takes a quoted field of more than 100 lines or 64 KiB as a runaway quote, in any chunking', () => {
    const runaway = 'broken quoting: a quoted field is still open after 100 lines or 64 KiB; reading resumes at the next line';
    const lines = Array.from({ length: 150 }, (_, i) => `r${i},v`).join('\n');
    const text = `h,"opens\n${lines}\nend,"closes\n`;
    for (const cuts of [[], [7], [300, 900]]) {
      const out = tokenize(text, ',', cuts);
      expect(out.broken).toEqual([
        [1, runaway],
        [152, 'broken quoting: a quoted field is still open at the end of the file; reading resumes at the next line'],
      ]);
      expect(out.records.slice(0, 2)).toEqual([
        [2, ['r0', 'v']],
        [3, ['r1', 'v']],
      ]);
      expect(out.records.length).toBe(150);
    }
    const wide = `h,"${'x'.repeat(70 * 1024)}\nnext,1\n`;
    expect(tokenize(wide).broken).toEqual([[1, runaway]]);
    expect(tokenize(wide).records).toEqual([[2, ['next', '1']]]);
    // Within the bounds, a long quoted field is a field.
    const long = `h,"${'y\n'.repeat(98)}"\nnext,1\n`;
    expect(tokenize(long).broken).toEqual([]);
    expect(tokenize(long).records[1]).toEqual([100, ['next', '1']]);
  });

  it('takes a quote inside an unquoted field literally', () => {
    expect(tokenize('5"5,x\n').records).toEqual([[1, ['5"5', 'x']]]);
  });

  it('gives the same records however the text is cut into chunks', () => {
    const text = 'id,"a\r\nb",c\r\n"x""y",2,3\r\nq,w,e';
    const whole = tokenize(text);
    for (let cut = 0; cut <= text.length; cut++) {
      expect(tokenize(text, ',', [cut])).toEqual(whole);
    }
  });

  it('agrees with csv-parse on generated CSV (fields, quoting, CRLF, chunking)', () => {
    const field = fc.oneof(
      fc.stringMatching(/^[a-z0-9 :+-]{0,6}$/),
      fc.string({ unit: fc.constantFrom('a', ',', '"', '\n', '\r\n', ';', ' ', 'é'), maxLength: 6 }),
    );
    const record = fc.array(field, { minLength: 3, maxLength: 3 });
    fc.assert(
      fc.property(
        fc.array(record, { minLength: 1, maxLength: 8 }),
        fc.boolean(),
        fc.array(fc.nat(40), { maxLength: 4 }),
        (records, crlf, chunks) => {
          const eol = crlf ? '\r\n' : '\n';
          const quote = (f: string): string => (/[",\r\n]/.test(f) || f === '' ? `"${f.replace(/"/g, '""')}"` : f);
          const text = records.map((r) => r.map(quote).join(',')).join(eol) + eol;
          const expected = parse(text, { relax_column_count: true }) as string[][];
          const got = tokenize(text, ',', chunks);
          expect(got.broken).toEqual([]);
          expect(got.records.map(([, f]) => f)).toEqual(expected);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('detectDelimiter', () => {
  it.each([
    ['id,timestamp,contact', ','],
    ['id;data_hora;contato', ';'],
    ['id\ttimestamp\tcontact', '\t'],
    ['id|timestamp|contact', '|'],
    ['"a;b",c,d', ','],
  ])('%j -> %j', (header, delimiter) => {
    expect(detectDelimiter(header)).toBe(delimiter);
  });
});
