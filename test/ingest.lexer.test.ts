// Lexing plain rows in place must change nothing but speed: on generated CSV, with every
// oddity the general path handles, both readings give the same log.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Lexed, plainLexer } from '../src/ingest/lexer.js';
import { EMPTY_MAPPING } from '../src/ingest/mapping.js';
import { compilePlan, type Plan } from '../src/ingest/plan.js';
import { readLog, textSource } from '../src/ingest/read.js';
import type { Log } from '../src/model/log.js';
import { instantAt, TimeZone } from '../src/model/time.js';

const cell = {
  id: fc.oneof(fc.constantFrom('', ' w1', 'w1 '), fc.integer({ min: 0, max: 30 }).map((n) => `wamid.${n}`)),
  timestamp: fc.oneof(
    fc.integer({ min: 0, max: 200_000 }).map((s) => new Date(Date.UTC(2025, 2, 1) + s * 1000).toISOString().replace('.000Z', 'Z')),
    fc.integer({ min: 0, max: 200_000 }).map((s) => new Date(Date.UTC(2025, 2, 1) + s * 1000).toISOString().replace('.000Z', '-03:00')),
    fc.integer({ min: 0, max: 200_000 }).map((s) => String(1_740_787_200 + s)),
    fc.constantFrom(
      '1740787200000',
      '1740787200000123',
      '2025-03-01 10:00:00',
      '2025-03-01T10:00:00.5Z',
      '2025-03-01t10:00:00z',
      '2025-02-29T10:00:00Z',
      '2025-03-01T24:00:00Z',
      '2025-03-01T10:00:00+19:00',
      '13/03/2025 10:00',
      ' 2025-03-01T10:00:00Z',
      '',
      'soon',
    ),
  ),
  business: fc.constantFrom('', '551140040001', '05511400', '+55 11 4004-0001', 'BR.biz', ' 551140040001'),
  contact: fc.constantFrom('5511987650001', '5511987650002', '05511987', '+55 (11) 98765-0001', 'BR.3f2a', '', '1234567890123456', ' 5511987650001'),
  direction: fc.constantFrom('inbound', 'outbound', 'in', 'OUT', 'Recebida', 'sideways', '', ' inbound'),
  type: fc.constantFrom('template', 'text', 'HSM', 'image', 'unknown', '', ' text'),
  status: fc.constantFrom('', 'sent', 'delivered', 'READ', 'failed', 'Entregue', ' sent'),
  template: fc.constantFrom('', 'promo', 'boleto_vencendo_mes', ' promo'),
  category: fc.constantFrom('', 'marketing', 'UTILITY', ' service'),
};

const row = fc.tuple(cell.id, cell.timestamp, cell.business, cell.contact, cell.direction, cell.type, cell.status, cell.template, cell.category);
const extra = fc.constantFrom('', ',extra', '"quoted"');

async function read(text: string, inPlace: boolean): Promise<Log | string> {
  try {
    return await readLog([textSource('log.csv', text)], { zone: TimeZone.of('America/Sao_Paulo')!, dayOrder: 'dmy', inPlace });
  } catch (err) {
    return (err as Error).message;
  }
}

const view = (log: Log | string): unknown =>
  typeof log === 'string'
    ? log
    : {
        counts: [log.rows, log.duplicates],
        messages: log.messages.map((m) => ({ ...m })),
        groups: log.groups.map((g) => g.map((m) => m.seq)),
        rejected: log.rejected,
      };

/** The columns the CSV reader hands the in-place reader for a canonical header. */
function columnsOf(headers: string[]): Plan['columns'] {
  const compiled = compilePlan(EMPTY_MAPPING, headers, false);
  if ('error' in compiled) throw new Error(compiled.error);
  return compiled.plan.columns;
}

describe('reading plain rows in place', () => {
  it('gives the same log as the general path', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(row, extra), { minLength: 1, maxLength: 25 }), fc.boolean(), async (rows, crlf) => {
        const eol = crlf ? '\r\n' : '\n';
        const text =
          'id,timestamp,business,contact,direction,type,status,template,category' +
          eol +
          rows.map(([r, x]) => r.join(',') + (x === '"quoted"' ? '' : x)).join(eol) +
          eol;
        expect(view(await read(text, true))).toEqual(view(await read(text, false)));
      }),
      { numRuns: 400 },
    );
  });

  it('and is taken for plain rows (the test above would pass vacuously otherwise)', () => {
    const headers = ['id', 'timestamp', 'business', 'contact', 'direction', 'type', 'status', 'template', 'category'];
    const lex = plainLexer(columnsOf(headers), headers.length, ',');
    const out = new Lexed();
    const line = (text: string): ReturnType<typeof lex> => lex(text, 0, text.length, out);
    // Where text field f (of TEXT_FIELDS: id, status, template, category) is in the line.
    const range = (text: string, f: number): string => text.slice(out.ranges[2 * f], out.ranges[2 * f + 1]);
    const plain = 'w1,2025-03-01T10:00:00Z,551140040001,5511987650001,outbound,template,READ,promo,UTILITY';
    expect(line(plain)).toBe(true);
    expect({
      id: range(plain, 0),
      ts: out.ts,
      business: out.business,
      contact: out.contact,
      outbound: out.outbound,
      kind: out.kind,
      status: range(plain, 1),
      template: range(plain, 2),
      category: range(plain, 3),
    }).toEqual({
      id: 'w1',
      ts: Date.UTC(2025, 2, 1, 10),
      business: 551140040001,
      contact: 5511987650001,
      outbound: true,
      kind: 'template',
      status: 'READ',
      template: 'promo',
      category: 'UTILITY',
    });
    expect(line('w1,1740823200,,5511987650001,inbound,text,,,')).toBe(true);
    expect([out.ts, out.business]).toEqual([Date.UTC(2025, 2, 1, 10), -1]);
    expect(line('w1,2025-03-01 10:00:00,,5511987650001,inbound,text,,,')).toBe(false); // needs the zone
    expect(line(' w1,2025-03-01T10:00:00Z,,5511987650001,inbound,text,,,')).toBe(false); // padded
    expect(line('w1,2025-03-01T10:00:00Z,,5511987650001,Recebida,text,,,')).toBe(false); // a word to fold
    expect(line('"w1",2025-03-01T10:00:00Z,,5511987650001,inbound,text,,,')).toBe('quoted');
  });

  it('reads instants from 1970 to 2100 as Date.UTC does (leap years, month ends)', () => {
    for (let ms = Date.UTC(1970, 0, 1); ms < Date.UTC(2101, 0, 1); ms += 86_400_000 * 13 + 3_723_000) {
      const line = `x,${new Date(ms).toISOString().slice(0, 19)}Z,y`;
      expect(instantAt(line, 2, line.length - 2, null)).toBe(ms);
    }
  });

  it('reads years before 100 as those years (Date.UTC would read 0050 as 1950)', () => {
    const year50 = new Date(0);
    year50.setUTCFullYear(50, 2, 1);
    expect(instantAt('0050-03-01T00:00:00Z', 0, 20, null)).toBe(year50.getTime());
  });
});

describe('reading plain rows in place, quotes', () => {
  it('hands a line with a quote to the quote-aware tokenizer, whatever else is wrong with it', async () => {
    const headers = ['id', 'timestamp', 'contact', 'direction', 'type'];
    const lex = plainLexer(columnsOf(headers), headers.length, ',');
    const line = 'w1,2025-03-01T10:00:00Z,5511987650001,inbound,text,extra,"a,b"';
    expect(lex(line, 0, line.length, new Lexed())).toBe('quoted');
    const text = headers.join(',') + '\n' + line + '\n';
    expect(view(await read(text, true))).toEqual(view(await read(text, false)));
  });
});
