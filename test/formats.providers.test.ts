// Every format on the provider fixtures (Meta webhooks with a sent log; Twilio), and the JUnit
// golden file of the sample: the provider's lists reach CSV, Markdown, HTML, JUnit and GitHub.
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { cli } from './helpers/cli.js';

const CROSSCHECK = ['fixtures/providers/crosscheck/sent.csv', 'fixtures/providers/crosscheck/statuses.ndjson', '--ruleset', 'meta', '--tz', 'UTC'];
const TWILIO = ['fixtures/providers/twilio.csv', '--preset', 'twilio'];

describe('formats on the provider fixtures', () => {
  it('CSV writes the provider\'s lists as files of their own', () => {
    const dir = mkdtempSync(join(tmpdir(), 'wa-audit-prov-'));
    expect(cli(['audit', ...CROSSCHECK, '--format', 'csv', '--out', dir]).code).toBe(0);
    expect(readdirSync(dir)).toContain('provider-disagreements.csv');
    const rows = parse(readFileSync(join(dir, 'provider-disagreements.csv'), 'utf8')) as string[][];
    expect(rows.slice(1).map((r) => [r[0], r[4]])).toEqual([
      ['o4', 'charged_free'],
      ['o5', 'free_charged'],
      ['o6', 'category'],
      ['o10', 'free_reason'],
    ]);
    const twilio = mkdtempSync(join(tmpdir(), 'wa-audit-twilio-'));
    expect(cli(['audit', ...TWILIO, '--format', 'csv', '--out', twilio]).code).toBe(0);
    expect(readdirSync(twilio)).toContain('provider-unclassified.csv');
  });

  it('Markdown and HTML list the disagreements', () => {
    const md = cli(['audit', ...CROSSCHECK, '--format', 'md']).stdout;
    expect(md).toContain('### Disagreements with the provider (4)');
    const dir = mkdtempSync(join(tmpdir(), 'wa-audit-provh-'));
    expect(cli(['audit', ...CROSSCHECK, '--format', 'html', '--out', join(dir, 'r.html')]).code).toBe(0);
    const html = readFileSync(join(dir, 'r.html'), 'utf8');
    expect(html).toContain('id="list-disagreements"');
    expect(html.match(/<td>charged \(regular, authentication\)<\/td>/g)).toHaveLength(1);
  });

  it('JUnit and GitHub on the Twilio export', () => {
    const junit = cli(['audit', ...TWILIO, '--format', 'junit']).stdout;
    expect(junit).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites /);
    const github = cli(['audit', ...TWILIO, '--format', 'github']);
    expect(github.code).toBe(0);
    for (const line of github.stdout.trimEnd().split('\n').filter((l) => l !== '')) expect(line).toMatch(/^::(error|warning|notice) /);
  });

  it('JUnit of the sample matches its golden file', () => {
    const r = cli(['audit', 'fixtures/sample.csv', '--format', 'junit']);
    if (process.env.UPDATE_GOLDEN) return writeFileSync('test/golden/sample.junit.xml', r.stdout);
    expect(r.stdout).toBe(readFileSync('test/golden/sample.junit.xml', 'utf8'));
  });
});
