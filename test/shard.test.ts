// Sharding: N shard reports merged are the report of the whole log, byte for byte.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { robbu } from '../src/engine/rulesets/robbu.js';
import { readLog, textSource } from '../src/ingest/read.js';
import { parseShard, shardLog } from '../src/model/shard.js';
import { TimeZone } from '../src/model/time.js';
import { auditLog } from '../src/pipeline.js';
import { PLAIN } from '../src/render/index.js';
import { JSON_RENDERER } from '../src/render/json.js';

const renderJson = JSON_RENDERER.render;
import { mergeReports, reportFromJson } from '../src/report/merge.js';
import type { Report } from '../src/report/report.js';
import { cli } from './helpers/cli.js';
import { csvOf, rowsOf, untiedLog } from './helpers/gen.js';

const tmp = mkdtempSync(join(tmpdir(), 'wa-audit-shard-'));
const ctx = { style: PLAIN, locale: 'en-US', limit: 20 };
const json = (r: Report): string => [...renderJson(r, ctx)].join('');

function shardedEqualsWhole(args: string[], n: number): void {
  const whole = cli(['audit', ...args, '--format', 'json']);
  expect(whole.code).toBe(0);
  const parts = Array.from({ length: n }, (_, i) => {
    const out = join(tmp, `part-${i + 1}-of-${n}.json`);
    const r = cli(['audit', ...args, '--format', 'json', '--shard', `${i + 1}/${n}`, '--out', out]);
    expect(r.code).toBe(0);
    return out;
  });
  const merged = cli(['merge', ...parts.reverse()]);
  expect(merged.stderr).toBe('');
  expect(merged.code).toBe(0);
  expect(merged.stdout).toBe(whole.stdout);
}

describe('--shard and wa-audit merge', () => {
  it.each([1, 2, 3, 5])('fixtures/sample.csv in %i shard(s)', (n) => {
    shardedEqualsWhole(['fixtures/sample.csv', '--tz', 'America/Sao_Paulo'], n);
  });

  it('a period, masked numbers, the Meta sample (provider section) and a helpdesk export with merged contacts', () => {
    shardedEqualsWhole(['fixtures/sample.csv', '--from', '2025-03-05', '--to', '2025-03-12', '--redact'], 4);
    shardedEqualsWhole(['fixtures/providers/meta-webhook.ndjson'], 3);
    shardedEqualsWhole(['fixtures/providers/helpdesk-ptbr.csv', '--preset', 'br-helpdesk', '--br-ninth-digit'], 2);
  });

  it('each shard holds whole contacts, and the counts add up', () => {
    const parts = [1, 2, 3].map((i) => JSON.parse(cli(['audit', 'fixtures/sample.csv', '--format', 'json', '--shard', `${i}/3`]).stdout));
    const contacts = parts.map((p) => new Set(p.sessions.map((s: { contact: string }) => s.contact)));
    for (const c of contacts[0]) expect(contacts[1].has(c) || contacts[2].has(c)).toBe(false);
    expect(parts.reduce((n, p) => n + p.input.rows, 0)).toBe(292);
    expect(parts.map((p) => p.input.rejected)).toEqual([4, 0, 0]); // rejected rows go to shard 1
  });

  it('merging refuses an incomplete or mixed set of shards', () => {
    const part = (spec: string, extra: string[] = []): string => {
      const out = join(tmp, `p-${spec.replace('/', 'of')}-${extra.length}.json`);
      cli(['audit', 'fixtures/sample.csv', '--format', 'json', '--shard', spec, '--out', out, ...extra]);
      return out;
    };
    const a = part('1/3');
    const b = part('2/3');
    expect(cli(['merge', a, b]).stderr).toBe(`wa-audit: ${a}: shard(s) 3/3 missing; merge needs all 3\n`);
    expect(cli(['merge', a, a, b]).stderr).toBe(`wa-audit: ${a}: shard 1/3 again (also ${a})\n`);
    const utc = part('3/3', ['--tz', 'America/Sao_Paulo']);
    const mixed = cli(['merge', a, b, utc]);
    expect(mixed.code).toBe(2);
    expect(mixed.stderr).toBe(`wa-audit: ${utc}: not a shard of the same run as ${a} (ruleset, zone, period, files or options differ)\n`);
    const whole = join(tmp, 'whole.json');
    writeFileSync(whole, cli(['audit', 'fixtures/sample.csv', '--format', 'json']).stdout);
    expect(cli(['merge', whole]).stderr).toBe(
      `wa-audit: ${whole}: not a shard report (it has no "shard"); merge takes the reports of --shard runs\n`,
    );
    expect(cli(['merge', 'README.md']).stderr).toMatch(/^wa-audit: README.md: not JSON: /);
    const tampered = join(tmp, 'tampered.json');
    writeFileSync(tampered, readFileSync(a, 'utf8').replace('"reason":"opened_session"', '"reason":"discount"'));
    expect(cli(['merge', tampered, b]).stderr).toBe(
      `wa-audit: ${tampered}: not a wa-audit JSON report: templates[0].reason should be one of opened_session, inside_session, customer_initiated, failed\n`,
    );
  });

  it.each(['0/3', '4/3', '1/0', 'half'])('--shard %s is a usage error', (spec) => {
    const r = cli(['audit', 'fixtures/sample.csv', '--shard', spec]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`wa-audit: --shard: expected I/N with 1 <= I <= N, such as 2/4; got '${spec}'\n`);
  });

  it('holds for generated logs and any number of shards', async () => {
    await fc.assert(
      fc.asyncProperty(untiedLog, fc.integer({ min: 1, max: 6 }), async (gen, n) => {
        if (gen.length === 0) return;
        const log = await readLog([textSource('log.csv', csvOf(rowsOf(gen)))], { zone: TimeZone.of('UTC')!, dayOrder: null });
        const options = { timezone: 'UTC', from: null, to: null };
        const whole = json(auditLog(log, robbu, options));
        const parts = Array.from({ length: n }, (_, i) => {
          const shard = parseShard(`${i + 1}/${n}`)!;
          const text = json(auditLog(shardLog(log, shard), robbu, { ...options, shard: { ...shard, fingerprint: 'sha256:one-run' } }));
          return { file: `s${i + 1}`, report: reportFromJson(JSON.parse(text), `s${i + 1}`) };
        });
        expect(json(mergeReports(parts))).toBe(whole);
      }),
      { numRuns: 100 },
    );
  });
});

describe('shard files on disk stay JSON reports', () => {
  it('a shard report names its shard', () => {
    const out = join(tmp, 'named.json');
    cli(['audit', 'fixtures/sample.csv', '--format', 'json', '--shard', '2/4', '--out', out]);
    expect(JSON.parse(readFileSync(out, 'utf8')).shard).toEqual({ index: 2, count: 4, fingerprint: expect.stringMatching(/^sha256:[0-9a-f]{64}$/) });
  });
});
