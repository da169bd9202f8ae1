// A large CSV file is read by two threads (WA_AUDIT_THREADS=2: any file with more after its
// first thousand rows; by default from 32 MiB): a worker lexes the lines after them while the
// main thread applies them to the log. The outcome must be the one thread's,
// byte for byte, whatever the file holds on either side of the hand-over: quoted records over
// several lines, rows of every rejection, padded and unusual values, ids beyond Latin-1, ids
// repeated far apart, slash dates, CRLF line ends, a BOM, Windows-1252 text.
import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from './helpers/cli.js';

const tmp = mkdtempSync(join(tmpdir(), 'wa-audit-threads-'));
const HEADER = 'id,timestamp,business,contact,direction,type,status,template,category';

const contactOf = (i: number): number => 5511987600000 + ((i * 7919) % 4000);

/** About 3.3 MB of rows, with an odd row every few hundred. */
function bigLog(eol: string): string {
  const lines = [HEADER];
  const t0 = Date.UTC(2025, 2, 1) / 1000;
  for (let i = 0; i < 40_000; i++) {
    const t = new Date((t0 + i * 23) * 1000).toISOString().replace('.000Z', 'Z');
    const contact = contactOf(i);
    const business = ['551140040001', '552130030002'][i % 2];
    const out = i % 3 !== 0;
    const tpl = out && i % 5 === 0;
    let line =
      `wamid.${i},${t},${business},${contact},${out ? 'outbound' : 'inbound'},${tpl ? 'template' : 'text'},` +
      `${out ? ['sent', 'delivered', 'READ', 'failed'][i % 4] : ''},${tpl ? 'promo' : ''},${tpl ? 'MARKETING' : ''}`;
    switch (i % 397) {
      case 1: line = `"wamid.${i}",${t},${business},${contact},inbound,"text with ""quotes""${eol}and a new line",,,`; break;
      case 2: line = `wamid.${i},${t},${business},${contact},sideways,text,,,`; break;
      case 3: line = `wamid.${i},${t},${business},${contact},inbound,text`; break;
      case 4: line = `wamid.${i},soon,${business},${contact},inbound,text,,,`; break;
      // Status rows of earlier messages: near, and from before the hand-over.
      case 5: line = `wamid.${i - 300},${t},${business},${contactOf(i - 300)},${out ? 'outbound' : 'inbound'},${tpl ? 'template' : 'text'},read,,`; break;
      case 13: line = `wamid.${i - 30_000},${t},${business},${contactOf(i - 30_000)},${out ? 'outbound' : 'inbound'},${tpl ? 'template' : 'text'},read,,`; break;
      case 6: line = `wamid.${i - 9000},${t},${business},${contact + 1},inbound,text,,,`; break; // a conflict
      case 7: line = ` wamid.${i} ,${t}, ${business},+55 (11) 98765-0001,Recebida,HSM,Entregue,,`; break;
      case 8: line = `wamid.ação.Œ${i},${t},${business},${contact},outbound,text,sent,,`; break;
      case 9: line = `,${t},,${contact},inbound,text,,,`; break; // no id, no business
      // Ambiguous dates first: rows wait for the day/month order past the hand-over.
      case 10: line = `wamid.${i},${i < 15_000 ? '03/04' : '25/03'}/2025 10:00,${business},${contact},inbound,text,,,`; break;
      case 11: line = `wamid.${i},"2025"-03-01,${business},${contact},inbound,text,,,`; break; // bad quoting
      case 12: line = `wamid.${i},${t},${business},BR.3f2a${i % 7},inbound,image,,,`; break;
    }
    lines.push(line);
  }
  return lines.join(eol) + eol;
}

function both(path: string, args: string[] = []): void {
  expect(statSync(path).size).toBeGreaterThan(3 << 20);
  const argv = ['audit', path, '--format', 'json', '--fail-on', 'violations', ...args];
  const two = cli(argv, { env: { WA_AUDIT_THREADS: '2' } });
  const one = cli(argv, { env: { WA_AUDIT_THREADS: '1' } });
  expect(one.code).toBe(1); // the log has violations
  expect(two.code).toBe(one.code);
  expect(two.stderr).toBe(one.stderr);
  expect(two.stdout).toBe(one.stdout);
  const report = JSON.parse(one.stdout);
  // The odd rows are there to be read: rejected ones, merged duplicates, and messages.
  expect(report.input.rejected).toBeGreaterThan(400);
  expect(report.input.duplicates).toBeGreaterThan(100);
  expect(report.input.messages).toBeGreaterThan(35_000);
}

describe('a large CSV file read by two threads', () => {
  it('gives the report of one thread (UTF-8, LF)', () => {
    const path = join(tmp, 'big.csv');
    writeFileSync(path, bigLog('\n'));
    both(path);
  });

  it('gives the report of one thread (BOM, CRLF, --redact)', () => {
    const path = join(tmp, 'big-crlf.csv');
    writeFileSync(path, '\uFEFF' + bigLog('\r\n'));
    both(path, ['--redact']);
  });

  it('gives the report of one thread (Windows-1252)', () => {
    const path = join(tmp, 'big-1252.csv');
    // Œ is 0x8C in Windows-1252 (and not Latin-1): an id that stays a string.
    writeFileSync(path, Buffer.from(bigLog('\n').replace(/Œ/g, '\u008c'), 'latin1'));
    both(path);
  });

  it('gives the report of one thread when its pieces and the hand-over cut characters and records', () => {
    // The main thread reads 64 KiB pieces until it has a thousand rows (about 1300 here): the
    // first piece ends inside the 'ç' of a template name, which this thread reads; the second
    // (the hand-over) inside the 'ç' of a quoted record over two lines, which the worker reads.
    const lines = [HEADER];
    const t0 = Date.UTC(2025, 2, 1) / 1000;
    const when = (i: number): string => new Date((t0 + i * 60) * 1000).toISOString().replace('.000Z', 'Z');
    const row = (i: number): string =>
      `wamid.${i},${when(i)},551140040001,${contactOf(i)},${i % 2 ? 'outbound' : 'inbound'},text,${i % 2 ? 'delivered' : ''},,`;
    let i = 0;
    let size = HEADER.length + 1;
    /** Rows up to near `at`, then one whose 'ç' starts at byte `at - 1`. */
    const cutAt = (at: number, head: string, tail: string): void => {
      while (size < at - 300) {
        lines.push(row(i));
        size += Buffer.byteLength(row(i++)) + 1;
      }
      const h = head.replace('#', String(i)).replace('@', when(i)).replace('$', String(contactOf(i)));
      const line = `${h}${'x'.repeat(at - 1 - size - Buffer.byteLength(h) - 1)}a${tail}`;
      lines.push(line);
      size += Buffer.byteLength(line) + 1;
      i++;
    };
    cutAt(65_536, 'wamid.#,@,551140040001,$,outbound,template,delivered,promo_', 'ção,MARKETING');
    cutAt(131_072, '"wamid.#",@,551140040001,$,outbound,template,delivered,"nota ', 'ção\nsegunda linha",MARKETING');
    for (const end = i + 2000; i < end; i++) lines.push(i % 500 === 7 ? `wamid.${i},soon,551140040001,${contactOf(i)},inbound,text,,,` : row(i));
    const text = lines.join('\n') + '\n';
    for (const at of [65_536, 131_072]) expect(Buffer.from(text).subarray(at - 1, at + 1).toString()).toBe('ç');
    const path = join(tmp, 'hand-over.csv');
    writeFileSync(path, text);
    const argv = ['audit', path, '--format', 'json'];
    const two = cli(argv, { env: { WA_AUDIT_THREADS: '2' } });
    const one = cli(argv, { env: { WA_AUDIT_THREADS: '1' } });
    expect(one.code).toBe(0);
    expect(two).toEqual(one);
    const report = JSON.parse(one.stdout);
    expect(report.input.rejected).toBe(4);
    expect(report.input.messages).toBe(i - 4);
    expect(report.templates.map((t: { id: string; template: string }) => [t.id, t.template])).toEqual([
      [expect.stringMatching(/^wamid\.\d+$/), expect.stringMatching(/^promo_x+ação$/)],
      [expect.stringMatching(/^wamid\.\d+$/), expect.stringMatching(/^nota x+ação\nsegunda linha$/)],
    ]);
  });

  it('ends, with the report of one thread, when the file is not one the worker can read', () => {
    // The worker starts before the file is surveyed; these files turn out to need the general
    // path (a NUL byte, lines that end in CR alone) or are not CSV, and it is stopped unused.
    const rows = bigLog('\n').split('\n').slice(0, 3000);
    const files: [string, string | Buffer][] = [
      ['nul.csv', rows.map((r, k) => (k === 1500 ? r.replace('text', 'te\u0000xt') : r)).join('\n') + '\n'],
      ['cr-only.csv', rows.join('\r') + '\r'],
      [
        'rows.ndjson',
        rows
          .slice(1)
          .map((r) => {
            const v = r.split(',');
            return JSON.stringify({ id: v[0], timestamp: v[1], business: v[2], contact: v[3], direction: v[4], type: v[5], status: v[6] });
          })
          .join('\n') + '\n',
      ],
    ];
    for (const [name, content] of files) {
      const path = join(tmp, name);
      writeFileSync(path, content);
      const argv = ['audit', path, '--format', 'json', '--date-format', 'dd/MM/yyyy'];
      const two = cli(argv, { env: { WA_AUDIT_THREADS: '2' } });
      const one = cli(argv, { env: { WA_AUDIT_THREADS: '1' } });
      expect(one.code, `${name}: ${one.stderr}`).not.toBeNull();
      expect(one.stdout, `${name}: ${one.stderr}`).not.toBe('');
      expect(two, name).toEqual(one);
      expect(JSON.parse(one.stdout).input.messages, name).toBeGreaterThan(2000);
    }
  });
});
