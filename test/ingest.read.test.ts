// readLog: shapes, header synonyms, value vocabularies, timestamps, merging by id, and every
// rejection with its file and line.
import { describe, expect, it } from 'vitest';
import { bytesSource, readLog, textSource } from '../src/ingest/read.js';
import { InputError } from '../src/model/errors.js';
import type { Log } from '../src/model/log.js';
import { TimeZone, type DayOrder } from '../src/model/time.js';

const UTC = TimeZone.of('UTC')!;

async function read(
  text: string,
  opts: { zone?: string; dayOrder?: DayOrder; name?: string } = {},
): Promise<Log> {
  return readLog([textSource(opts.name ?? 'log.csv', text)], {
    zone: TimeZone.of(opts.zone ?? 'UTC')!,
    dayOrder: opts.dayOrder ?? null,
  });
}

async function readError(text: string, opts: { dayOrder?: DayOrder } = {}): Promise<InputError> {
  try {
    await read(text, opts);
  } catch (err) {
    if (err instanceof InputError) return err;
    throw err;
  }
  throw new Error('expected an InputError');
}

const HEADER = 'id,timestamp,business,contact,direction,type,status\n';
const iso = (ms: number): string => new Date(ms).toISOString();

describe('CSV shapes', () => {
  it('reads a pt-BR export: BOM, `;`, CRLF, Portuguese headers and values, dd/MM/yyyy', async () => {
    const text =
      '\uFEFFID Mensagem;Data/Hora;Número Empresa;Contato;Direção;Tipo;Situação\r\n' +
      'a1;13/03/2025 09:15;+55 11 4000-0001;(11) 98765-4321;Recebida;texto;\r\n' +
      'a2;13/03/2025 09:20:30;+55 11 4000-0001;(11) 98765-4321;Enviada;HSM;Entregue\r\n';
    const log = await read(text, { zone: 'America/Sao_Paulo' });
    expect(log.rejected).toEqual([]);
    expect(log.messages.map((m) => [m.id, iso(m.ts), m.business, m.contact, m.direction, m.kind, m.status])).toEqual([
      // 09:15 in Sao Paulo (UTC-3) is 12:15 UTC.
      ['a1', '2025-03-13T12:15:00.000Z', '551140000001', '11987654321', 'inbound', 'free_form', null],
      ['a2', '2025-03-13T12:20:30.000Z', '551140000001', '11987654321', 'outbound', 'template', 'entregue'],
    ]);
  });

  it.each([
    ['2025-03-01T10:00:00Z', '2025-03-01T10:00:00.000Z'],
    ['2025-03-01T10:00:00.250-03:00', '2025-03-01T13:00:00.250Z'],
    ['2025-03-01T10:00:00+0530', '2025-03-01T04:30:00.000Z'],
    ['2025-03-01 10:00:00', '2025-03-01T10:00:00.000Z'],
    ['2025-03-01 10:00', '2025-03-01T10:00:00.000Z'],
    ['1740823200', '2025-03-01T10:00:00.000Z'],
    ['1740823200123', '2025-03-01T10:00:00.123Z'],
  ])('timestamp %s', async (raw, expected) => {
    const log = await read(HEADER + `m,${raw},b,c,in,text,\n`);
    expect(iso(log.messages[0].ts)).toBe(expected);
  });

  it('reads a timestamp without offset in --tz', async () => {
    const log = await read(HEADER + 'm,2025-03-01 10:00:00,b,c,in,text,\n', { zone: 'America/Sao_Paulo' });
    expect(iso(log.messages[0].ts)).toBe('2025-03-01T13:00:00.000Z');
  });

  it.each(['2025-02-30T10:00:00Z', '2025-03-01', 'yesterday', '2025-03-01T25:00:00Z', '2025-03-01T10:00:00+99:00'])(
    'rejects the bad timestamp %s with its line',
    async (raw) => {
      const log = await read(HEADER + 'ok,2025-03-01T00:00:00Z,b,c,in,text,\n' + `m,${raw},b,c,in,text,\n`);
      expect(log.rejected).toEqual([
        { file: 'log.csv', line: 3, pointer: null, code: 'bad_timestamp', reason: `bad timestamp '${raw}'`, value: raw },
      ]);
    },
  );

  it('rejects a wall time that does not exist in the zone (DST gap) and one that occurs twice', async () => {
    const log = await read(
      HEADER +
        'ok,2025-03-01 00:00:00,b,c,in,text,\n' +
        'gap,2025-03-09 02:30:00,b,c,in,text,\n' +
        'twice,2025-11-02 01:30:00,b,c,in,text,\n',
      { zone: 'America/New_York' },
    );
    expect(log.rejected.map((r) => [r.line, r.reason])).toEqual([
      [3, "timestamp '2025-03-09 02:30:00' does not exist in America/New_York (a DST gap)"],
      [4, "timestamp '2025-11-02 01:30:00' occurs twice in America/New_York (a DST overlap); export it with a UTC offset"],
    ]);
  });
});

describe('day/month order of slash dates', () => {
  const rows = (...dates: string[]): string =>
    HEADER + dates.map((d, i) => `m${i},${d},b,c,in,text,\n`).join('');

  it('is settled by any date whose first part exceeds 12', async () => {
    const log = await read(rows('01/02/2025 10:00', '13/02/2025 10:00'));
    expect(log.messages.map((m) => iso(m.ts))).toEqual(['2025-02-01T10:00:00.000Z', '2025-02-13T10:00:00.000Z']);
  });

  it('is settled month-first by a date whose second part exceeds 12', async () => {
    const log = await read(rows('01/02/2025 10:00', '02/13/2025 10:00'));
    expect(log.messages.map((m) => iso(m.ts))).toEqual(['2025-01-02T10:00:00.000Z', '2025-02-13T10:00:00.000Z']);
  });

  it('is an error naming --date-format when nothing settles it', async () => {
    const err = await readError(rows('01/02/2025 10:00', '03/04/2025 10:00'));
    expect([err.file, err.line]).toEqual(['log.csv', 2]);
    expect(err.message).toContain('--date-format');
  });

  it('is an error when the file disagrees with itself', async () => {
    const err = await readError(rows('13/02/2025 10:00', '02/13/2025 10:00'));
    expect([err.file, err.line]).toEqual(['log.csv', 3]);
    expect(err.message).toMatch(/disagree.*--date-format/);
  });

  it('follows --date-format, rejecting dates that do not fit it', async () => {
    const log = await read(rows('01/02/2025 10:00', '02/13/2025 10:00'), { dayOrder: 'dmy' });
    expect(log.messages.map((m) => iso(m.ts))).toEqual(['2025-02-01T10:00:00.000Z']);
    expect(log.rejected).toEqual([
      { file: 'log.csv', line: 3, pointer: null, code: 'bad_timestamp', reason: "bad timestamp '02/13/2025 10:00'", value: '02/13/2025 10:00' },
    ]);
  });
});

describe('values', () => {
  it.each([
    ['inbound', 'inbound'],
    ['IN', 'inbound'],
    ['mo', 'inbound'],
    ['Recebida', 'inbound'],
    ['entrada', 'inbound'],
    ['outbound', 'outbound'],
    ['MT', 'outbound'],
    ['enviada', 'outbound'],
    ['saída', 'outbound'],
    ['outbound-api', 'outbound'],
    ['outbound-reply', 'outbound'],
  ])('direction %s', async (word, direction) => {
    const log = await read(HEADER + `m,2025-03-01T00:00:00Z,b,c,${word},text,\n`);
    expect(log.messages[0].direction).toBe(direction);
  });

  it('rejects an unknown direction', async () => {
    const log = await read(HEADER + 'ok,2025-03-01T00:00:00Z,b,c,in,text,\nm,2025-03-01T00:00:00Z,b,c,sideways,text,\n');
    expect(log.rejected).toEqual([
      {
        file: 'log.csv',
        line: 3,
        pointer: null,
        code: 'unknown_direction',
        reason: "unknown direction 'sideways' (expected inbound or outbound)",
        value: 'sideways',
      },
    ]);
  });

  it('treats template and hsm (any case) as templates, everything else as free-form', async () => {
    const log = await read(
      HEADER +
        ['Template', 'HSM', 'text', 'image', 'interactive'].map((t, i) => `m${i},2025-03-01T00:00:00Z,b,c,out,${t},\n`).join(''),
    );
    expect(log.messages.map((m) => m.kind)).toEqual(['template', 'template', 'free_form', 'free_form', 'free_form']);
  });

  it('normalises phone numbers and keeps ids that are not phone numbers', async () => {
    const log = await read(
      HEADER +
        'a,2025-03-01T00:00:00Z,whatsapp:+55 11 4000-0001,+55 (11) 98765.4321,in,text,\n' +
        'b,2025-03-01T00:00:00Z,(21) 3000.0002,BR.1a2b-3c,in,text,\n',
    );
    expect(log.messages.map((m) => [m.business, m.contact])).toEqual([
      ['551140000001', '5511987654321'],
      ['2130000002', 'BR.1a2b-3c'],
    ]);
  });

  it.each([
    ['timestamp', 'm,,b,c,in,text,'],
    ['contact', 'm,2025-03-01T00:00:00Z,b, ,in,text,'],
    ['direction', 'm,2025-03-01T00:00:00Z,b,c,,text,'],
    ['type', 'm,2025-03-01T00:00:00Z,b,c,in,,'],
  ])('rejects a row missing its %s', async (field, row) => {
    const log = await read(HEADER + 'ok,2025-03-01T00:00:00Z,b,c,in,text,\n' + row + '\n');
    expect(log.rejected).toEqual([
      { file: 'log.csv', line: 3, pointer: null, code: 'missing_field', reason: `missing ${field}`, value: null },
    ]);
  });

  it('rejects a row whose field count differs from the header', async () => {
    const log = await read(HEADER + 'ok,2025-03-01T00:00:00Z,b,c,in,text,\nm,2025-03-01T00:00:00Z,b,c,in,text,,extra\n');
    expect(log.rejected).toEqual([
      {
        file: 'log.csv',
        line: 3,
        pointer: null,
        code: 'field_count',
        reason: 'has 8 fields, the header has 7',
        value: 'm,2025-03-01T00:00:00Z,b,c,in,text,,extra',
      },
    ]);
  });
});

describe('rows sharing a message id', () => {
  it('merge into one message: earliest time, highest-ranked status, first row position', async () => {
    const log = await read(
      HEADER +
        'x,2025-03-01T10:00:05Z,b,c,out,template,delivered\n' + // line 2: first row, position kept
        'y,2025-03-01T09:00:00Z,b,c,in,text,\n' +
        'x,2025-03-01T10:00:00Z,b,c,out,template,sent\n' + // earliest time
        'x,2025-03-01T10:01:00Z,b,c,out,template,READ\n' + // read outranks delivered
        'x,2025-03-01T10:02:00Z,b,c,out,template,failed\n', // a failure ranks below delivered
    );
    expect(log.rows).toBe(5);
    expect(log.duplicates).toBe(3);
    expect(log.messages.map((m) => [m.id, iso(m.ts), m.status, m.seq])).toEqual([
      ['x', '2025-03-01T10:00:00.000Z', 'read', 0],
      ['y', '2025-03-01T09:00:00.000Z', null, 1],
    ]);
  });

  it('a failure outranks other statuses, and the first row wins a tie', async () => {
    const log = await read(
      HEADER +
        'x,2025-03-01T10:00:00Z,b,c,out,template,sent\n' +
        'x,2025-03-01T10:00:01Z,b,c,out,template,undelivered\n' +
        'x,2025-03-01T10:00:02Z,b,c,out,template,failed\n',
    );
    expect(log.messages[0].status).toBe('undelivered');
    expect(log.messages[0].statusClass).toBe('failure');
  });

  it('rejects a row that conflicts with an earlier one; the earlier stands', async () => {
    const log = await read(
      HEADER +
        'x,2025-03-01T10:00:00Z,b,c,out,template,sent\n' +
        'x,2025-03-01T10:00:01Z,b,c,in,text,\n' +
        'x,2025-03-01T10:00:01Z,b,c,out,text,\n' +
        'x,2025-03-01T10:00:01Z,b,other,out,template,\n',
    );
    expect(log.messages).toHaveLength(1);
    expect(log.messages[0].direction).toBe('outbound');
    expect(log.rejected.map((r) => [r.line, r.reason])).toEqual([
      [3, "conflicts with line 2 (same id 'x', different direction)"],
      [4, "conflicts with line 2 (same id 'x', different template or not)"],
      [5, "conflicts with line 2 (same id 'x', different contact)"],
    ]);
    expect(log.rows).toBe(log.messages.length + log.duplicates + log.rejected.length);
  });

  it('gives a row without an id the id FILE:LINE (base name)', async () => {
    const log = await read('timestamp,contact,direction,type\n2025-03-01T00:00:00Z,c,in,text\n', {
      name: 'exports/march.csv',
    });
    expect(log.messages[0].id).toBe('march.csv:2');
    expect(log.messages[0].business).toBe('-');
  });

  it('merges across files, in argument order', async () => {
    const log = await readLog(
      [
        textSource('a.csv', HEADER + 'x,2025-03-01T10:00:00Z,b,c,out,template,sent\n'),
        textSource('b.csv', HEADER + 'x,2025-03-01T10:00:03Z,b,c,out,template,delivered\nx,2025-03-01T10:00:03Z,b,c,in,text,\n'),
      ],
      { zone: UTC, dayOrder: null },
    );
    expect(log.duplicates).toBe(1);
    expect(log.messages[0].status).toBe('delivered');
    expect(log.rejected).toEqual([
      {
        file: 'b.csv',
        line: 3,
        pointer: null,
        code: 'conflicting_row',
        reason: "conflicts with a.csv:2 (same id 'x', different direction)",
        value: 'x',
      },
    ]);
  });
});

describe('JSON and NDJSON', () => {
  it('reads a JSON array with the line of each object, and rejects what is not an object', async () => {
    const text = `[
  {"id": "a", "timestamp": 1740823200, "contact": "+55 11 98765-4321", "direction": "in", "type": "text"},
  {
    "message_id": "b", "sent_at": "2025-03-01T10:05:00Z", "customer": "5511987654321",
    "direcao": "out", "tipo": "hsm", "template_name": "promo", "categoria": "MARKETING"
  },
  42,
  {"id": "c", "timestamp": "bad", "contact": "c", "direction": "in", "type": "text"}
]`;
    const log = await read(text, { name: 'log.json' });
    expect(log.messages.map((m) => [m.id, m.line, m.direction, m.kind, m.templateName, m.category])).toEqual([
      ['a', 2, 'inbound', 'free_form', null, null],
      ['b', 3, 'outbound', 'template', 'promo', 'marketing'],
    ]);
    expect(log.rejected).toEqual([
      { file: 'log.json', line: 7, pointer: '/2', code: 'not_an_object', reason: 'not a JSON object', value: '42' },
      { file: 'log.json', line: 8, pointer: '/3', code: 'bad_timestamp', reason: "bad timestamp 'bad'", value: 'bad' },
    ]);
  });

  it('rejects the truncated last element of a JSON array', async () => {
    const log = await read(
      '[\n{"id":"a","timestamp":"2025-03-01T00:00:00Z","contact":"c","direction":"in","type":"text"},\n{"id":"b","timest',
      { name: 'log.json' },
    );
    expect(log.messages).toHaveLength(1);
    expect(log.rejected).toEqual([
      {
        file: 'log.json',
        line: 3,
        pointer: '/1',
        code: 'truncated_json',
        reason: 'truncated JSON: the file ends inside this element',
        value: '{"id":"b","timest',
      },
    ]);
  });

  it('reads NDJSON by physical line, skipping blank lines', async () => {
    const text =
      '{"id":"a","timestamp":"2025-03-01T00:00:00Z","contact":"c","direction":"in","type":"text"}\n\n' +
      '{"id":"b","timestamp":"2025-03-01T00:00:01Z","contact":"c","direction":"out",\n' +
      '{"id":"c","timestamp":"2025-03-01T00:00:02Z","contact":"c","direction":"out","type":"text"}\n';
    const log = await read(text, { name: 'log.ndjson' });
    expect(log.messages.map((m) => [m.id, m.line])).toEqual([
      ['a', 1],
      ['c', 4],
    ]);
    expect(log.rejected).toHaveLength(1);
    expect(log.rejected[0].line).toBe(3);
    expect(log.rejected[0].reason).toMatch(/^invalid JSON: /);
  });

  it('cannot pollute Object.prototype through __proto__ or constructor keys', async () => {
    const text =
      '{"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}},' +
      '"id":"a","timestamp":"2025-03-01T00:00:00Z","contact":"c","direction":"in","type":"text"}\n';
    const log = await read(text, { name: 'evil.ndjson' });
    expect(log.messages).toHaveLength(1);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype.hasOwnProperty.call(Object.prototype, 'polluted')).toBe(false);
  });
});

describe('files that cannot be used', () => {
  it('an empty file', async () => {
    const err = await readError('');
    expect([err.file, err.message]).toEqual(['log.csv', 'the file is empty']);
  });

  it('a header without rows', async () => {
    const err = await readError(HEADER);
    expect(err.message).toBe('no usable rows: it has no data rows');
  });

  it('a file whose every row is rejected', async () => {
    const err = await readError(HEADER + 'm,never,b,c,in,text,\n');
    expect(err.message).toBe("no usable rows: all 1 rows rejected, the first at line 2: bad timestamp 'never'");
  });

  it('a header without a required column names the column and its synonyms', async () => {
    const err = await readError('id,timestamp,contact,type\nm,2025-03-01T00:00:00Z,c,text\n');
    expect([err.file, err.line]).toEqual(['log.csv', 1]);
    expect(err.message).toMatch(
      /^unknown shape: not a canonical CSV log \(no column for direction \(looked for a header named direction, direcao, sentido, origem\)\), and not JSON or NDJSON/,
    );
  });

  it('two columns that read as one field', async () => {
    const err = await readError('date,created_at,contact,direction,type\n');
    expect(err.message).toBe(
      "columns 'date' and 'created_at' both read as timestamp; remove or rename one, or name the one to use with --map",
    );
  });

  it('bytes that are not UTF-8 are read as Windows-1252, and the user is told once', async () => {
    // "Direção" and "Saída" in Windows-1252: ç = 0xE7, ã = 0xE3, í = 0xED.
    const text = 'id;data;contato;dire\xe7\xe3o;tipo\nm1;2025-03-01T10:00:00Z;5511987654321;sa\xedda;texto\n';
    const bytes = Uint8Array.from(text, (c) => c.charCodeAt(0));
    const notices: string[] = [];
    const log = await readLog([bytesSource('excel.csv', bytes)], {
      zone: UTC,
      dayOrder: null,
      onNotice: (file, message) => notices.push(`${file}: ${message}`),
    });
    expect(log.messages.map((m) => m.direction)).toEqual(['outbound']);
    expect(notices).toEqual(['excel.csv: not valid UTF-8, and no UTF-8 character anywhere: read as Windows-1252 (the usual encoding of Excel exports); pass --encoding utf-8 to read it as UTF-8']);
  });

  it('a binary file', async () => {
    const source = bytesSource('photo.png', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00]));
    await expect(readLog([source], { zone: UTC, dayOrder: null })).rejects.toThrow(
      'a binary file (a PNG image), not a text export (CSV, JSON or NDJSON)',
    );
  });
});

describe('edge shapes', () => {
  it('a file of blank lines is empty', async () => {
    const err = await readError('\n\r\n  \n');
    expect(err.message).toBe('the file is empty');
  });

  it('slash dates with seconds, and an impossible one rejected under either order', async () => {
    const log = await read(HEADER + 'a,13/03/2025 09:15:30,b,c,in,text,\nb,31/02/2025 10:00,b,c,in,text,\n');
    expect(log.messages.map((m) => iso(m.ts))).toEqual(['2025-03-13T09:15:30.000Z']);
    expect(log.rejected).toEqual([
      { file: 'log.csv', line: 3, pointer: null, code: 'bad_timestamp', reason: "bad timestamp '31/02/2025 10:00'", value: '31/02/2025 10:00' },
    ]);
  });
});
