// A large CSV file is read by two threads (WA_AUDIT_THREADS=2: any file past its first megabyte;
// by default from 32 MiB): a worker lexes the lines after the first megabyte while the main
// thread applies them to the log. The outcome must be the one thread's,
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
});
