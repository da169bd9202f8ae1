// Broken and hostile exports, end to end: each case is a fixture of fixtures/hostile/ that an
// earlier version of wa-audit miscounted, merged or lost in silence, run through the CLI as a
// user would.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from './helpers/cli.js';

const DIR = 'fixtures/hostile';
const tmp = mkdtempSync(join(tmpdir(), 'wa-audit-hostile-'));

interface Input {
  rows: number;
  messages: number;
  rejected: number;
  duplicates: number;
}
interface Rejected {
  line: number;
  code: string;
  reason: string;
}

function audit(args: string[], env?: Record<string, string>): { code: number | null; stderr: string; report: { input: Input; rejected: Rejected[] } } {
  const r = cli(['audit', '--format', 'json', ...args], { env });
  expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
  return { code: r.code, stderr: r.stderr, report: JSON.parse(r.stdout) };
}

const holds = (i: Input): void => expect(i.rows).toBe(i.messages + i.duplicates + i.rejected);

describe('1. runaway quotes', () => {
  it('a stray quote in a 292-row export costs one row: the record is rejected where it starts, reading resumes on the next line', () => {
    const { code, stderr, report } = audit([`${DIR}/stray_quote.csv`]);
    expect(code).toBe(0);
    // fixtures/sample.csv has 292 data rows, 4 of them rejected and 18 merged as duplicates.
    expect(report.input).toMatchObject({ rows: 292, rejected: 5, duplicates: 18, messages: 269 });
    holds(report.input);
    expect(report.rejected[0]).toMatchObject({ line: 3, code: 'bad_quoting' });
    expect(report.rejected[0].reason).toContain('still open after 100 lines or 64 KiB');
    expect(stderr).toContain(`${DIR}/stray_quote.csv:3: broken quoting: a quoted field is still open after 100 lines or 64 KiB; reading resumes at the next line\n`);
  });

  it('a quote still open at the end of the file rejects its own record only', () => {
    const { report } = audit([`${DIR}/eof_quote.csv`]);
    expect(report.input).toMatchObject({ rows: 4, messages: 3, rejected: 1, duplicates: 0 });
    expect(report.rejected).toMatchObject([{ line: 3, code: 'bad_quoting' }]);
    expect(report.rejected[0].reason).toContain('still open at the end of the file');
  });

  it('a stray quote that a later quote closes does not swallow the lines between, and the later multi-line field is read', () => {
    const { report } = audit([`${DIR}/paired_quote.csv`]);
    expect(report.input).toMatchObject({ rows: 5, messages: 4, rejected: 1, duplicates: 0 });
    expect(report.rejected).toMatchObject([{ line: 3, code: 'bad_quoting' }]);
  });

  it('the same with two threads reading (a worker lexes past the first megabyte)', () => {
    const rows = ['id,timestamp,business,contact,direction,type,status,template,category'];
    for (let i = 0; i < 30_000; i++) {
      rows.push(`w${i},2025-03-03T08:00:${String(i % 60).padStart(2, '0')}Z,551140040001,55119810${String(i % 9000).padStart(5, '0')},inbound,text,,,`);
    }
    rows[25_000] = rows[25_000].replace(',inbound,text,', ',inbound,"text,');
    const path = join(tmp, 'stray-big.csv');
    writeFileSync(path, rows.join('\n') + '\n');
    for (const threads of ['1', '2']) {
      const { report } = audit([path], { WA_AUDIT_THREADS: threads });
      expect(report.input).toMatchObject({ rows: 30_000, messages: 29_999, rejected: 1 });
      expect(report.rejected).toMatchObject([{ line: 25_001, code: 'bad_quoting' }]);
      holds(report.input);
    }
  });
});
