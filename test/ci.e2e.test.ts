// CI end to end: `wa-audit check` (silent when clean, a short list and exit 1 otherwise,
// `--expect`), `--format junit` read back with an XML parser, and `--format github` workflow
// commands (escaping, the input line, the cap and its notice).
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DOMParser } from '@xmldom/xmldom';
import { describe, expect, it } from 'vitest';
import { ANNOTATIONS_PER_KIND } from '../src/render/ci.js';
import { cli } from './helpers/cli.js';

const tmp = mkdtempSync(join(tmpdir(), 'wa-audit-ci-'));
const CLEAN = join(tmp, 'clean.csv');
writeFileSync(
  CLEAN,
  'id,timestamp,business,contact,direction,type,status,template,category\n' +
    'a,2025-03-03T10:00:00Z,551140040001,5511987650001,inbound,text,,,\n' +
    'b,2025-03-03T10:01:00Z,551140040001,5511987650001,outbound,text,delivered,,\n' +
    'c,2025-03-04T10:00:00Z,551140040001,5511987650002,outbound,template,delivered,promo,marketing\n',
);

describe('wa-audit check', () => {
  it('is silent with exit 0 on a clean log', () => {
    const r = cli(['check', CLEAN]);
    expect([r.code, r.stdout, r.stderr]).toEqual([0, '', '']);
  });

  it('lists the findings with exit 1 otherwise (violations and rejected rows by default)', () => {
    const r = cli(['check', 'fixtures/sample.csv']);
    expect(r.code).toBe(1);
    expect(r.stdout.split('\n').slice(0, 3)).toEqual([
      '45 violation(s):',
      '  fixtures/sample.csv:8: wamid.C1.2 to 5511981020003: awaiting_reply',
      '  fixtures/sample.csv:9: wamid.E1.1 to 5511981040005: no_inbound',
    ]);
    expect(r.stdout).toContain('  ... and 40 more\n4 rejected row(s):\n  fixtures/sample.csv:42: ');
    expect(cli(['check', 'fixtures/sample.csv', '--fail-on', 'unclassified']).code).toBe(0);
  });

  it('--expect compares the summary with a kept one and prints the differing counts', () => {
    const report = JSON.parse(cli(['audit', CLEAN, '--format', 'json']).stdout) as { summary: Record<string, unknown> };
    const kept = join(tmp, 'summary.json');
    writeFileSync(kept, JSON.stringify(report.summary));
    expect(cli(['check', CLEAN, '--expect', kept]).code).toBe(0);
    writeFileSync(kept, JSON.stringify({ ...report.summary, sessions: 3, templates_charged: 0 }));
    const r = cli(['check', CLEAN, '--expect', kept]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('summary differs from --expect:\n  sessions: expected 3, got 2\n  templates_charged: expected 0, got 1\n');
    writeFileSync(kept, JSON.stringify({ typo: 1 }));
    expect(cli(['check', CLEAN, '--expect', kept]).stderr).toMatch(/--expect: 'typo' is not a count of the summary/);
  });
});

describe('--format junit', () => {
  it('a testsuite per business, a testcase per key, one failure listing a key\'s violations; rejected rows their own suite', () => {
    const r = cli(['check', 'fixtures/sample.csv', '--format', 'junit']);
    expect(r.code).toBe(1);
    const doc = new DOMParser().parseFromString(r.stdout, 'text/xml');
    const root = doc.documentElement!;
    expect(root.nodeName).toBe('testsuites');
    const suites = Array.from(root.getElementsByTagName('testsuite'));
    expect(suites.map((s) => s.getAttribute('name'))).toEqual(['business 551140040001', 'business 552130030002', 'rejected rows']);
    const cases = Array.from(root.getElementsByTagName('testcase'));
    for (const c of cases) expect(c.getElementsByTagName('failure').length).toBeLessThanOrEqual(1);
    const failures = Array.from(root.getElementsByTagName('failure'));
    // Every violation is listed in its key's failure, and every rejected row fails its own case.
    const listed = failures.filter((f) => f.getAttribute('type') === 'violation').flatMap((f) => (f.textContent ?? '').split('\n'));
    expect(listed).toHaveLength(45);
    expect(listed).toContain('wamid.C1.2 at 2025-03-03T13:14:00Z: awaiting_reply (fixtures/sample.csv:8)');
    expect(suites[2].getElementsByTagName('testcase').length).toBe(4);
    expect(Number(root.getAttribute('failures'))).toBe(failures.length);
  });

  it('input values are escaped: markup and control characters in an id stay text in well-formed XML', () => {
    const file = join(tmp, 'markup.csv');
    writeFileSync(file, 'id,timestamp,business,contact,direction,type,status\n"</failure><x a=\'1\'>&\u0007",2025-03-03T10:00:00Z,1,5511987650001,outbound,text,delivered\n');
    const r = cli(['audit', file, '--format', 'junit']);
    const errors: string[] = [];
    const doc = new DOMParser({ onError: (level, message) => errors.push(`${level}: ${message}`) }).parseFromString(r.stdout, 'text/xml');
    expect(errors).toEqual([]);
    const failures = doc.documentElement!.getElementsByTagName('failure');
    expect(failures.length).toBe(1);
    expect(failures[0].textContent).toMatch(/^<\/failure><x a='1'>&\\x07 at 2025-03-03T10:00:00Z: no_inbound/);
  });
});

describe('--format github', () => {
  it('annotates rejected rows as errors and violations as warnings at their input line, capped with a notice', () => {
    const r = cli(['audit', 'fixtures/sample.csv', '--format', 'github']);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe("::error file=fixtures/sample.csv,line=42,title=rejected row (unknown_direction)::unknown direction 'encaminhada' (expected inbound or outbound)");
    expect(lines.filter((l) => l.startsWith('::error '))).toHaveLength(4);
    const warnings = lines.filter((l) => l.startsWith('::warning '));
    expect(warnings).toHaveLength(ANNOTATIONS_PER_KIND);
    expect(warnings[0]).toBe('::warning file=fixtures/sample.csv,line=8,title=violation (awaiting_reply)::wamid.C1.2 to 5511981020003 at 2025-03-03T13:14:00Z: free-form message outside the rules (awaiting_reply)');
    expect(lines.at(-1)).toBe('::notice title=wa-audit::0 more rejected row(s) and 35 more violation(s) not annotated; the JSON report lists them all');
  });

  it('escapes % CR LF in messages, and : , in properties', () => {
    const dir = mkdtempSync(join(tmpdir(), 'wa-audit-gh-'));
    const file = join(dir, 'a,b:c.csv');
    writeFileSync(file, 'id,timestamp,business,contact,direction,type,status\n"x%\r\ny",2025-03-03T10:00:00Z,1,5511987650001,outbound,text,delivered\n');
    const out = cli(['audit', file, '--format', 'github']).stdout;
    expect(out).toContain(`::warning file=${dir.replace(/:/g, '%3A').replace(/,/g, '%2C')}/a%2Cb%3Ac.csv,line=2,title=violation (no_inbound)::x%25%0D%0Ay to 5511987650001`);
    expect(readFileSync(file, 'utf8')).toContain('x%');
  });
});
