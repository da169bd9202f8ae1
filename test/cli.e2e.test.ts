// End to end: the built binary, spawned with a scrubbed environment; stdout, stderr and the
// exit code checked separately.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, cli } from './helpers/cli.js';

const tmp = mkdtempSync(join(tmpdir(), 'wa-audit-e2e-'));
const HEADER = 'id,timestamp,business,contact,direction,type,status\n';
const CLEAN = HEADER + 'm1,2025-03-01T10:00:00Z,5511400,5511987,in,text,\nm2,2025-03-01T10:01:00Z,5511400,5511987,out,text,sent\n';
const BAD_ROW = CLEAN + 'm3,2025-03-01T10:02:00Z,5511400,5511987,sideways,text,\n';
const VIOLATING = HEADER + 'm1,2025-03-01T10:00:00Z,5511400,5511987,out,text,sent\n';

function file(name: string, text: string): string {
  const path = join(tmp, name);
  writeFileSync(path, text);
  return path;
}

const noStack = (stderr: string): void => expect(stderr).not.toMatch(/\n\s+at /);

describe('wa-audit audit', () => {
  it('a clean log: the table on stdout, nothing on stderr, exit 0', () => {
    const r = cli(['audit', file('clean.csv', CLEAN)]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('wa-audit: ruleset robbu, times in UTC, period: whole log');
    expect(r.stdout).toMatch(/Sessions or conversations\s+│\s+1 │/);
    expect(r.stdout).toContain('Violations (0)');
    // NO_COLOR is set and stdout is a pipe: no escape codes.
    expect(r.stdout).not.toContain('\x1b[');
  });

  it('violations exit 0 by default and 1 under --fail-on violations', () => {
    const path = file('violating.csv', VIOLATING);
    expect(cli(['audit', path]).code).toBe(0);
    const r = cli(['audit', path, '--format', 'json', '--fail-on', 'violations']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('');
    const report = JSON.parse(r.stdout);
    expect(report.summary.violations).toBe(1);
    expect(report.violations[0]).toMatchObject({ id: 'm1', rule: 'no_inbound' });
  });

  it('a bad row without --strict: reported, summarised on stderr, exit 0 (1 under --fail-on rejected)', () => {
    const path = file('bad-row.csv', BAD_ROW);
    const r = cli(['audit', path, '--format', 'json']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(
      `wa-audit: ${path}:4: unknown direction 'sideways' (expected inbound or outbound)\n` +
        'wa-audit: 1 row(s) rejected; the report lists them all\n',
    );
    const report = JSON.parse(r.stdout);
    expect(report.input).toMatchObject({ rows: 3, messages: 2, rejected: 1 });
    expect(report.rejected).toEqual([
      {
        file: path,
        line: 4,
        pointer: null,
        code: 'unknown_direction',
        reason: "unknown direction 'sideways' (expected inbound or outbound)",
        value: 'sideways',
      },
    ]);
    expect(cli(['audit', path, '--fail-on', 'rejected']).code).toBe(1);
  });

  it('a bad row with --strict: exit 2, no report', () => {
    const path = file('bad-row.csv', BAD_ROW);
    const r = cli(['audit', path, '--strict', '--format', 'json']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.split('\n')[0]).toBe(`wa-audit: ${path}:4: unknown direction 'sideways' (expected inbound or outbound)`);
    expect(r.stderr).toContain('--strict');
    noStack(r.stderr);
  });

  it('a missing file: one line naming it, exit 2', () => {
    const r = cli(['audit', 'no/such/file.csv']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('wa-audit: no/such/file.csv: cannot read: no such file or directory\n');
  });

  it('a report that cannot be written: one line naming the file, exit 2', () => {
    const r = cli(['audit', file('clean.csv', CLEAN), '--out', join(tmp, 'no-such-dir', 'r.json')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`wa-audit: ${join(tmp, 'no-such-dir', 'r.json')}: cannot write the report: no such file or directory\n`);
  });

  it('a directory given as a log: one line, exit 2', () => {
    const r = cli(['audit', tmp]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`wa-audit: ${tmp}: cannot read: is a directory, not a file\n`);
  });

  it('an unknown option: one line, exit 2', () => {
    const r = cli(['audit', 'fixtures/sample.csv', '--bogus']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe("wa-audit: unknown option '--bogus'; see 'wa-audit --help'\n");
  });

  it.each([
    [['--tz', 'Mars/Olympus'], "wa-audit: --tz: unknown time zone 'Mars/Olympus'; use an IANA name such as America/Sao_Paulo, UTC, or an offset such as -03:00\n"],
    [['--fail-on', 'typos'], "wa-audit: --fail-on: unknown finding 'typos'; choose from violations, rejected, unclassified, unpriced\n"],
    [['--from', '2025-04-01', '--to', '2025-03-01'], 'wa-audit: --from must be before --to (the period is half-open: --to is excluded)\n'],
    [['--limit', 'ten'], "wa-audit: --limit: expected a whole number, got 'ten'\n"],
  ])('bad option values %j: exit 2', (args, stderr) => {
    const r = cli(['audit', 'fixtures/sample.csv', ...args]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(stderr);
  });

  it('an ambiguous day/month order: exit 2 with the option that settles it', () => {
    const path = file('ambiguous.csv', HEADER + 'm1,01/02/2025 10:00,b,c,in,text,\n');
    const r = cli(['audit', path]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`^wa-audit: ${path}:2: ambiguous date '01/02/2025 10:00'.*--date-format dd/MM/yyyy`));
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(cli(['audit', path, '--date-format', 'dd/MM/yyyy', '--format', 'json']).code).toBe(0);
  });

  it('reads standard input as -', () => {
    const r = cli(['audit', '-', '--format', 'json'], { input: CLEAN });
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.input.files).toEqual(['-']);
    expect(report.summary.sessions).toBe(1);
  });

  it('writes the report to --out and nothing to stdout', () => {
    const out = join(tmp, 'report.json');
    const r = cli(['audit', 'fixtures/sample.csv', '--format', 'json', '--out', out]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(JSON.parse(readFileSync(out, 'utf8')).summary.sessions).toBe(99);
  });

  it('--from/--to limit what is reported, not what is replayed', () => {
    // The template at 10:00 opens a charged session; the one at 11:00 rides in it. Reporting
    // from 10:30 shows only the second, free because of a session opened before the period.
    const path = file('period.csv', HEADER + 'a,2025-03-01T10:00:00Z,b,c,out,template,\nb,2025-03-01T11:00:00Z,b,c,out,template,\n');
    const r = cli(['audit', path, '--format', 'json', '--from', '2025-03-01T10:30:00Z', '--to', '2025-03-02']);
    const report = JSON.parse(r.stdout);
    expect(report.period).toEqual({ from: '2025-03-01T10:30:00Z', to: '2025-03-02T00:00:00Z' });
    expect(report.sessions).toEqual([]);
    expect(report.templates.map((t: { id: string; reason: string }) => [t.id, t.reason])).toEqual([['b', 'inside_session']]);
    expect(report.summary).toMatchObject({ sessions: 0, templates: 1, templates_charged: 0, templates_free: 1 });
  });

  it('--redact masks phone numbers', () => {
    const r = cli(['audit', 'fixtures/sample.csv', '--format', 'json', '--redact']);
    expect(r.stdout).not.toContain('5511981000001');
    expect(r.stdout).toContain('"contact":"5511*****0001"');
  });

  it.each([
    [['fixtures/providers/meta-webhook.ndjson']],
    [['fixtures/providers/helpdesk-ptbr.csv', '--preset', 'br-helpdesk', '--br-ninth-digit']],
    [['fixtures/errors/field_count.csv']], // the rejected row's raw value holds phone numbers
  ])('--redact leaves no phone number in the report of %j, in any section', (args) => {
    const plain = cli(['audit', ...args, '--format', 'json']).stdout;
    expect(plain).toMatch(/\d{8,}/); // there were numbers to hide
    for (const format of ['json', 'table']) {
      const r = cli(['audit', ...args, '--format', format, '--redact']);
      expect(r.stdout).not.toMatch(/\d{8,}/);
      expect(r.stderr).not.toMatch(/\d{8,}/);
    }
  });

  it('--locale formats the numbers of the table', () => {
    const big = HEADER + Array.from({ length: 1200 }, (_, i) => `m${i},2025-03-01T10:00:00Z,b,c${i},out,text,\n`).join('');
    const path = file('big.csv', big);
    expect(cli(['audit', path, '--locale', 'pt-BR']).stdout).toMatch(/Violações\s+│\s+1\.200 │/);
    expect(cli(['audit', path]).stdout).toMatch(/Violations\s+│\s+1,200 │/);
  });

  it('the locale comes from LANG when --locale is not given: labels, dates and numbers in Portuguese; JSON unchanged', () => {
    const pt = cli(['audit', 'fixtures/sample.csv', '--limit', '1'], { env: { LANG: 'pt_BR.UTF-8' } });
    expect(pt.stdout).toContain('Sessões (99)');
    expect(pt.stdout).toMatch(/│ 03\/03\/2025 11:02:00 │/);
    expect(cli(['audit', 'fixtures/sample.csv', '--format', 'json'], { env: { LANG: 'pt_BR.UTF-8' } }).stdout).toBe(cli(['audit', 'fixtures/sample.csv', '--format', 'json']).stdout);
  });

  it('cuts long lists at --limit with "N more"', () => {
    const r = cli(['audit', 'fixtures/sample.csv', '--limit', '3']);
    expect(r.stdout).toContain('Sessions (99)');
    expect(r.stdout).toContain('... 96 more');
  });

  /** wa-audit's own exit status and stderr when `head` stops reading early (not head's status). */
  const intoHead = (args: string): { status: number | null; stderr: string } => {
    const rows = Array.from({ length: 30_000 }, (_, i) => `m${i},2025-03-01T10:00:00Z,b,c${i},out,text,\n`).join('');
    const path = file('long.csv', HEADER + rows);
    const r = spawnSync('bash', ['--norc', '--noprofile', '-c', `"${process.execPath}" "${BIN}" audit "${path}" ${args} | head -c 100 >/dev/null; exit "\${PIPESTATUS[0]}"`], {
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '', NO_COLOR: '1' },
    });
    return { status: r.status, stderr: r.stderr };
  };

  it('a reader that stops early (| head) ends the run quietly, and wa-audit exits 0', () => {
    expect(intoHead('--format json')).toEqual({ status: 0, stderr: '' });
  });

  it('a reader that stops early changes no exit status: findings --fail-on names still exit 1', () => {
    // Every row of the log is a free-form message with no inbound: 30,000 violations.
    expect(intoHead('--format json --fail-on violations')).toEqual({ status: 1, stderr: '' });
  });

  it('a full report piped to another process arrives whole', () => {
    const rows = Array.from({ length: 30_000 }, (_, i) => `m${i},2025-03-01T10:00:00Z,b,c${i},out,text,\n`).join('');
    const path = file('long.csv', HEADER + rows);
    const r = spawnSync('sh', ['-c', `"${process.execPath}" "${BIN}" audit "${path}" --format json | wc -l`], {
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '', NO_COLOR: '1' },
    });
    // 30,000 violations, one line each, plus the report's fixed lines.
    expect(Number(r.stdout.trim())).toBeGreaterThan(30_000);
  });
});

describe('wa-audit itself', () => {
  it('--help lists the commands; audit --help lists options and exit codes', () => {
    const top = cli(['--help']);
    expect(top.code).toBe(0);
    expect(top.stdout).toContain('audit [options] <files...>');
    const audit = cli(['audit', '--help']);
    expect(audit.code).toBe(0);
    for (const flag of ['--format', '--out', '--tz', '--from', '--to', '--strict', '--fail-on', '--limit', '--date-format', '--redact']) {
      expect(audit.stdout).toContain(flag);
    }
    expect(audit.stdout).toContain('Exit codes:');
  });

  it('--version prints the package version', () => {
    const r = cli(['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe(JSON.parse(readFileSync('package.json', 'utf8')).version);
  });

  it('no arguments: the help on stderr, exit 2', () => {
    const r = cli([]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('Usage: wa-audit');
  });

  it('an unknown command: exit 2', () => {
    const r = cli(['audti', 'x.csv']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^wa-audit: unknown command 'audti'/);
  });
});

describe('a large report written to a file', () => {
  it('is the report written to standard output, byte for byte (its chunks are made while earlier ones are written)', () => {
    const lines = [HEADER.trimEnd()];
    const t0 = Date.UTC(2025, 2, 1) / 1000;
    for (let i = 0; i < 60_000; i++) {
      const t = new Date((t0 + i * 37) * 1000).toISOString().replace('.000Z', 'Z');
      lines.push(`wamid.${i},${t},551140040001,${5511987600000 + (i % 5000)},${i % 3 ? 'outbound' : 'inbound'},text,${i % 3 ? 'delivered' : ''}`);
    }
    const log = file('large.csv', lines.join('\n') + '\n');
    const out = join(tmp, 'large.json');
    const toFile = cli(['audit', log, '--format', 'json', '--out', out]);
    const toStdout = cli(['audit', log, '--format', 'json']);
    expect(toFile.code).toBe(toStdout.code);
    expect(toFile.stdout).toBe('');
    const written = readFileSync(out, 'utf8');
    // Past the two 4 MiB batches the writer keeps in flight.
    expect(written.length).toBeGreaterThan(16 << 20);
    expect(written === toStdout.stdout).toBe(true);
  });
});
