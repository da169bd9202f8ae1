// pricing.md's worked examples end to end: `wa-audit audit --format json --ruleset ...` on a
// log written here, its `messages` and `sessions` read back. The expected verdicts are the
// spec's, written by hand.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from './helpers/cli.js';

const tmp = mkdtempSync(join(tmpdir(), 'wa-audit-pricing-'));
let n = 0;

/** Rows `kind hours [category] [status] [ep]` from 00:00 UTC of `day`, key (B, C). */
function log(day: string, rows: string[]): string {
  const path = join(tmp, `log-${++n}.csv`);
  const t0 = Date.parse(`${day}T00:00:00Z`);
  const lines = rows.map((r, i) => {
    const [kind, at, category = '', status = '', ep = ''] = r.split(' ');
    const ts = at.includes('T') ? at : new Date(t0 + Number(at) * 3_600_000).toISOString();
    const direction = kind === 'in' ? 'inbound' : 'outbound';
    const type = kind === 'tpl' ? 'template' : 'text';
    return `m${i + 1},${ts},551140000001,5511987650001,${direction},${type},${category === '-' ? '' : category},${status === '-' ? '' : status},${ep}`;
  });
  writeFileSync(path, ['id,timestamp,business,contact,direction,type,category,status,entry_point', ...lines].join('\n') + '\n');
  return path;
}

interface Report {
  report_version: number;
  messages: { id: string; regime: string; charged: boolean; charge_class: string | null; free_reason: string | null; conversation: string | null }[];
  sessions: { id: string; category: string | null; charged: boolean; free_reason: string | null }[];
  totals: { month: string; business: string; market: string | null; charge_class: string; charged: number; amount: string | null }[];
  templates?: unknown;
  warnings: string[];
  tool: { name: string; version: string | null };
}

function audit(path: string, ruleset: string, ...more: string[]): Report {
  const r = cli(['audit', path, '--format', 'json', '--ruleset', ruleset, ...more]);
  expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as Report;
}

const verdicts = (r: Report): string[] => r.messages.map((m) => `${m.id} ${m.charged ? `charged ${m.charge_class}` : m.free_reason}${m.conversation ? ` (${m.conversation})` : ''}`);

describe('pricing.md worked examples, end to end', () => {
  it('1: meta-cbp-2023: marketing and utility conversations, a second utility covered', () => {
    const r = audit(log('2024-03-04', ['tpl 0 marketing', 'tpl 4 utility', 'tpl 10 utility']), 'meta-cbp-2023');
    expect(r.report_version).toBe(2);
    expect(verdicts(r)).toEqual(['m1 charged marketing (m1)', 'm2 charged utility (m2)', 'm3 inside_conversation (m2)']);
    expect(r.sessions.map((s) => [s.id, s.category, s.charged])).toEqual([
      ['m1', 'marketing', true],
      ['m2', 'utility', true],
    ]);
    expect(r.templates).toBeUndefined();
  });

  it('2: meta-cbp-2023: free-form covered by marketing, then a service conversation (free tier in 2024-03, free from 2024-11)', () => {
    const rows = ['tpl 0 marketing', 'in 4', 'text 5', 'text 25', 'text 26'];
    const march = audit(log('2024-03-04', rows), 'meta-cbp-2023', '--tz', 'UTC');
    expect(verdicts(march)).toEqual(['m1 charged marketing (m1)', 'm3 inside_conversation (m1)', 'm4 free_tier (m4)', 'm5 inside_conversation (m4)']);
    expect(march.sessions.map((s) => [s.id, s.category, s.free_reason])).toEqual([
      ['m1', 'marketing', null],
      ['m4', 'service', 'free_tier'],
    ]);
    const november = audit(log('2024-11-04', rows), 'meta-cbp-2023', '--tz', 'UTC');
    expect(verdicts(november)[2]).toBe('m4 free_service (m4)');
  });

  it('3: meta-pmp-2025: four messages, two charged', () => {
    const r = audit(log('2025-08-04', ['tpl 0 marketing', 'in 2', 'text 3', 'tpl 4 utility', 'tpl 30 utility']), 'meta-pmp-2025');
    expect(verdicts(r)).toEqual(['m1 charged marketing', 'm3 inside_csw', 'm4 inside_csw', 'm5 charged utility']);
    expect(r.totals.map((t) => [t.month, t.market, t.charge_class, t.charged, t.amount])).toEqual([
      ['2025-08', 'BR', 'marketing', 1, null],
      ['2025-08', 'BR', 'utility', 1, null],
    ]);
  });

  it('4: the same under meta-2026-10', () => {
    const r = audit(log('2026-10-05', ['tpl 0 marketing', 'in 2', 'text 3', 'tpl 4 utility', 'tpl 30 utility']), 'meta-2026-10');
    expect(verdicts(r)).toEqual(['m1 charged marketing', 'm3 free_tier', 'm4 charged utility', 'm5 charged utility']);
    expect(r.warnings).toEqual([
      "no --tz: ruleset meta-2026-10 takes months and regime switches at 00:00 UTC; pass the account's zone, such as --tz America/Sao_Paulo",
      "meta-2026-10: each business number's first 1000 service messages a month are free (--service-free-tier); Meta's pages disagree on this allowance (see the README)",
      "the log starts after the first day of 2026-10: that month's free tiers are counted from its first message and may be too generous",
    ]);
    expect(r.tool.name).toBe('wa-audit');
    // With the allowance off, the service message is charged.
    const off = audit(log('2026-10-05', ['tpl 0 marketing', 'in 2', 'text 3']), 'meta-2026-10', '--service-free-tier', '0');
    expect(verdicts(off)).toEqual(['m1 charged marketing', 'm3 charged service']);
  });

  it('5: an entry point opens a 72-hour FEP window at the answer; it does not lift the CSW rule', () => {
    const r = audit(log('2025-08-04', ['in 0 - - yes', 'tpl 10 marketing', 'text 30', 'tpl 50 marketing', 'tpl 82 marketing']), 'meta-pmp-2025');
    expect(verdicts(r)).toEqual(['m2 free_entry_point', 'm3 violation', 'm4 free_entry_point', 'm5 charged marketing']);
  });

  it('6: an answer 24 h after the entry point opens no FEP window', () => {
    expect(verdicts(audit(log('2025-08-04', ['in 0 - - yes', 'tpl 24 marketing']), 'meta-pmp-2025'))).toEqual(['m2 charged marketing']);
  });

  it('9 and 10: the monthly free tiers over many contacts (1,000 service messages a number; 1,000 conversations an account)', () => {
    const many = (day: string, count: number, reply: boolean): string => {
      const path = join(tmp, `many-${count}-${day}-${reply}.csv`);
      const lines = ['id,timestamp,business,contact,direction,type,category'];
      for (let i = 0; i < count; i++) {
        const contact = `55119${String(10000000 + i)}`;
        const t = Date.parse(`${day}T00:00:00Z`) + i * 1000;
        if (reply) lines.push(`in${i},${new Date(t).toISOString()},551140000001,${contact},inbound,text,`);
        lines.push(`out${i},${new Date(t + 3_600_000).toISOString()},551140000001,${contact},outbound,${reply ? 'text' : 'template'},${reply ? '' : 'marketing'}`);
      }
      writeFileSync(path, lines.join('\n') + '\n');
      return path;
    };
    const service = audit(many('2026-10-05', 1001, true), 'meta-2026-10', '--tz', 'UTC');
    expect(service.messages.filter((m) => m.free_reason === 'free_tier')).toHaveLength(1000);
    expect(service.messages.filter((m) => m.charged).map((m) => [m.id, m.charge_class])).toEqual([['out1000', 'service']]);
    const conversations = audit(many('2022-05-02', 1001, false), 'meta-cbp-2022', '--tz', 'UTC');
    expect(conversations.messages.filter((m) => m.free_reason === 'free_tier')).toHaveLength(1000);
    expect(conversations.messages.filter((m) => m.charged).map((m) => [m.id, m.charge_class])).toEqual([['out1000', 'business_initiated']]);
  });

  it('7: "sent" is not delivered under meta-pmp-2025; under robbu the same message opens a charged session', () => {
    const path = log('2025-08-04', ['tpl 0 marketing sent']);
    expect(verdicts(audit(path, 'meta-pmp-2025'))).toEqual(['m1 not_delivered']);
    expect(verdicts(audit(path, 'robbu'))).toEqual(['m1 charged session (m1)']);
  });

  it('8: meta switches regime at 00:00 in --tz; the conversation open across the switch keeps covering', () => {
    const path = log('2025-06-30', ['tpl 2025-06-30T20:00:00Z utility', 'tpl 2025-07-01T10:00:00Z utility', 'tpl 2025-07-01T21:00:00Z utility']);
    const r = audit(path, 'meta', '--tz', 'UTC');
    expect(r.messages.map((m) => m.regime)).toEqual(['meta-cbp-2023', 'meta-pmp-2025', 'meta-pmp-2025']);
    expect(verdicts(r)).toEqual(['m1 charged utility (m1)', 'm2 inside_conversation (m1)', 'm3 charged utility']);
    expect(r.sessions.map((s) => s.id)).toEqual(['m1']);
  });

  it('meta over 2025-06-15..2025-07-15 in America/Sao_Paulo: both regimes, and the conversation carried over the switch', () => {
    // 30 June 22:00 in Sao Paulo (01:00Z on 1 July) is still conversations by category there.
    const path = log('2025-06-15', [
      'tpl 2025-06-15T13:00:00Z marketing',
      'in 2025-06-20T12:00:00Z',
      'text 2025-06-20T12:05:00Z',
      'tpl 2025-07-01T01:00:00Z utility',
      'tpl 2025-07-01T12:00:00Z utility',
      'tpl 2025-07-02T12:00:00Z utility',
      'tpl 2025-07-15T12:00:00Z marketing',
    ]);
    const r = audit(path, 'meta', '--tz', 'America/Sao_Paulo');
    expect(r.messages.map((m) => [m.id, m.regime])).toEqual([
      ['m1', 'meta-cbp-2023'],
      ['m3', 'meta-cbp-2023'],
      ['m4', 'meta-cbp-2023'],
      ['m5', 'meta-pmp-2025'],
      ['m6', 'meta-pmp-2025'],
      ['m7', 'meta-pmp-2025'],
    ]);
    expect(verdicts(r)).toEqual([
      'm1 charged marketing (m1)',
      'm3 free_service (m3)', // service conversations are free from 2024-11-01
      'm4 charged utility (m4)',
      'm5 inside_conversation (m4)', // carried over the switch
      'm6 charged utility',
      'm7 charged marketing',
    ]);
    expect(r.sessions.map((s) => [s.id, s.category])).toEqual([
      ['m1', 'marketing'],
      ['m3', 'service'],
      ['m4', 'utility'],
    ]);
  });

  it('a contact written without a country code has a market only with --default-country', () => {
    const path = join(tmp, 'national.csv');
    writeFileSync(path, 'id,timestamp,contact,direction,type,category\nn1,2025-08-04T10:00:00Z,11987650001,outbound,template,marketing\n');
    expect(audit(path, 'meta-pmp-2025').messages.map((m) => (m as unknown as { market: string | null }).market)).toEqual([null]);
    expect(audit(path, 'meta-pmp-2025', '--default-country', 'br').messages.map((m) => (m as unknown as { market: string | null }).market)).toEqual(['BR']);
    const bad = cli(['audit', path, '--default-country', 'Brasil']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe("wa-audit: --default-country: expected an ISO 3166 country code such as BR; got 'Brasil'\n");
  });

  it('a Meta ruleset refuses --shard: its free tiers cross contacts', () => {
    const r = cli(['audit', log('2025-08-04', ['tpl 0 marketing']), '--ruleset', 'meta', '--shard', '1/2']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('wa-audit: --shard: ruleset meta prices across contacts, so its log cannot be split\n');
  });
});

describe('--input-tz', () => {
  it('reads wall times in the input zone and reports them in --tz: an export written in UTC for an account in Sao Paulo', () => {
    const path = join(tmp, 'wall.csv');
    writeFileSync(path, 'id,timestamp,business,contact,direction,type,category\nm1,2025-07-01 02:00:00,551140000001,5511987650001,outbound,template,utility\n');
    const r = audit(path, 'meta', '--tz', 'America/Sao_Paulo', '--input-tz', 'UTC');
    // 02:00 UTC is 23:00 on 30 June in Sao Paulo: still conversation-based pricing there.
    expect((r.messages[0] as unknown as { sent_at: string }).sent_at).toBe('2025-06-30T23:00:00-03:00');
    expect(r.messages[0].regime).toBe('meta-cbp-2023');
    // Without it, the wall time is read in --tz: 02:00 in Sao Paulo, per-message pricing.
    const local = audit(path, 'meta', '--tz', 'America/Sao_Paulo');
    expect((local.messages[0] as unknown as { sent_at: string }).sent_at).toBe('2025-07-01T02:00:00-03:00');
    expect(local.messages[0].regime).toBe('meta-pmp-2025');
  });

  it('an unknown --input-tz is a usage error naming the option', () => {
    const r = cli(['audit', 'fixtures/sample.csv', '--input-tz', 'Mars/Base']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^wa-audit: --input-tz: /);
  });
});
