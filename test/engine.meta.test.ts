// pricing.md "Worked examples" 1-10 at the engine: Meta's regimes replayed key by key, then the
// account-level stage (monthly free tiers). Each example is written as the spec states it;
// expected verdicts are the spec's, written by hand.
import { describe, expect, it } from 'vitest';
import { replay } from '../src/engine/replay.js';
import type { MessageVerdict, Ruleset } from '../src/engine/ruleset.js';
import { metaRuleset, type MetaRulesetName } from '../src/engine/rulesets/meta.js';
import { robbu } from '../src/engine/rulesets/robbu.js';
import type { Message } from '../src/model/message.js';
import { TimeZone } from '../src/model/time.js';
import { inlineMessage } from './helpers/messages.js';

const H = 3_600_000;
const UTC = TimeZone.of('UTC') as TimeZone;

interface Ev {
  /** `in`, `tpl` or `text`; hours from `day` 00:00 UTC, or an ISO instant in `at`. */
  readonly kind: 'in' | 'tpl' | 'text';
  readonly h?: number;
  readonly at?: string;
  readonly category?: string;
  readonly status?: string;
  readonly entryPoint?: boolean;
  readonly contact?: string;
  readonly business?: string;
  readonly id?: string;
}

function messages(day: string, events: readonly Ev[]): Message[] {
  const t0 = Date.parse(`${day}T00:00:00Z`);
  return events.map((e, i) =>
    inlineMessage(
      { ...e, ts: e.at !== undefined ? Date.parse(e.at) : t0 + (e.h as number) * H, business: e.business ?? 'B', contact: e.contact ?? 'C', template: 'tpl' },
      i,
    ),
  );
}

const ruleset = (name: MetaRulesetName, options: { zone?: TimeZone; serviceFreeTier?: number } = {}): Ruleset =>
  metaRuleset(name, { zone: options.zone ?? UTC, serviceFreeTier: options.serviceFreeTier ?? 1000 });

/** Each outbound message: [id, regime, the charge class or the free reason, its conversation's opener]. */
function verdicts(r: Ruleset, msgs: readonly Message[]): [string, string, string, string | null][] {
  const all: MessageVerdict[] = replay(msgs, r).outcomes.flatMap((o) => o.messages);
  return all
    .sort((a, b) => a.message.seq - b.message.seq)
    .map((v) => [v.message.id, v.regime, v.charged ? `charged ${v.chargeClass}` : (v.freeReason as string), v.conversation?.opener.id ?? null]);
}

/** Each conversation: [opener, category, charged or its free reason, initiator]. */
function conversations(r: Ruleset, msgs: readonly Message[]): [string, string | null, string, string][] {
  return replay(msgs, r).outcomes.flatMap((o) =>
    o.sessions.map((s): [string, string | null, string, string] => [s.opener.id, s.category, s.charged ? 'charged' : (s.freeReason as string), s.initiator]),
  );
}

describe('pricing.md worked examples', () => {
  it('1: meta-cbp-2023, Meta\'s own: marketing, then utility open conversations; a second utility is covered', () => {
    const log = messages('2024-03-04', [
      { kind: 'tpl', h: 0, category: 'marketing' },
      { kind: 'tpl', h: 4, category: 'utility' },
      { kind: 'tpl', h: 10, category: 'utility' },
    ]);
    const r = ruleset('meta-cbp-2023');
    expect(verdicts(r, log)).toEqual([
      ['m1', 'meta-cbp-2023', 'charged marketing', 'm1'],
      ['m2', 'meta-cbp-2023', 'charged utility', 'm2'],
      ['m3', 'meta-cbp-2023', 'inside_conversation', 'm2'],
    ]);
    expect(conversations(r, log)).toEqual([
      ['m1', 'marketing', 'charged', 'business'],
      ['m2', 'utility', 'charged', 'business'],
    ]);
  });

  it('2: meta-cbp-2023: a free-form message inside a marketing conversation is covered; after it expires, a service conversation opens', () => {
    const events: Ev[] = [
      { kind: 'tpl', h: 0, category: 'marketing' },
      { kind: 'in', h: 4 },
      { kind: 'text', h: 5 },
      { kind: 'text', h: 25 },
      { kind: 'text', h: 26 },
    ];
    const r = ruleset('meta-cbp-2023');
    // In 2023-06..2024-10 the service conversation is charged unless among the month's first 1,000.
    expect(verdicts(r, messages('2024-03-04', events))).toEqual([
      ['m1', 'meta-cbp-2023', 'charged marketing', 'm1'],
      ['m3', 'meta-cbp-2023', 'inside_conversation', 'm1'],
      ['m4', 'meta-cbp-2023', 'free_tier', 'm4'],
      ['m5', 'meta-cbp-2023', 'inside_conversation', 'm4'],
    ]);
    expect(conversations(r, messages('2024-03-04', events))).toEqual([
      ['m1', 'marketing', 'charged', 'business'],
      ['m4', 'service', 'free_tier', 'customer'],
    ]);
    // From 2024-11-01 every service conversation is free.
    expect(verdicts(r, messages('2024-11-04', events))[2]).toEqual(['m4', 'meta-cbp-2023', 'free_service', 'm4']);
    // Chosen explicitly for a message before 2023-06-01: charged, with no free tier.
    expect(verdicts(r, messages('2023-03-06', events))[2]).toEqual(['m4', 'meta-cbp-2023', 'charged service', 'm4']);
  });

  const example3: Ev[] = [
    { kind: 'tpl', h: 0, category: 'marketing' },
    { kind: 'in', h: 2 },
    { kind: 'text', h: 3 },
    { kind: 'tpl', h: 4, category: 'utility' },
    { kind: 'tpl', h: 30, category: 'utility' },
  ];

  it('3: meta-pmp-2025, Meta\'s own: four messages, two charged', () => {
    expect(verdicts(ruleset('meta-pmp-2025'), messages('2025-08-04', example3))).toEqual([
      ['m1', 'meta-pmp-2025', 'charged marketing', null],
      ['m3', 'meta-pmp-2025', 'inside_csw', null],
      ['m4', 'meta-pmp-2025', 'inside_csw', null],
      ['m5', 'meta-pmp-2025', 'charged utility', null],
    ]);
  });

  it('4: the same under meta-2026-10: the free-form message is the number\'s first service message; utility is charged inside the CSW', () => {
    expect(verdicts(ruleset('meta-2026-10'), messages('2026-10-05', example3))).toEqual([
      ['m1', 'meta-2026-10', 'charged marketing', null],
      ['m3', 'meta-2026-10', 'free_tier', null],
      ['m4', 'meta-2026-10', 'charged utility', null],
      ['m5', 'meta-2026-10', 'charged utility', null],
    ]);
  });

  it('5: an entry point opens a 72-hour FEP window at the answer; it does not lift the CSW rule', () => {
    const log = messages('2025-08-04', [
      { kind: 'in', h: 0, entryPoint: true },
      { kind: 'tpl', h: 10, category: 'marketing' },
      { kind: 'text', h: 30 },
      { kind: 'tpl', h: 50, category: 'marketing' },
      { kind: 'tpl', h: 82, category: 'marketing' },
    ]);
    const r = ruleset('meta-pmp-2025');
    expect(verdicts(r, log)).toEqual([
      ['m2', 'meta-pmp-2025', 'free_entry_point', null],
      ['m3', 'meta-pmp-2025', 'violation', null],
      ['m4', 'meta-pmp-2025', 'free_entry_point', null],
      ['m5', 'meta-pmp-2025', 'charged marketing', null],
    ]);
    expect(replay(log, r).outcomes[0].violations.map((v) => [v.message.id, v.rule])).toEqual([['m3', 'window_expired']]);
  });

  it('6: an answer 24 h after the entry point opens no FEP window', () => {
    const log = messages('2025-08-04', [
      { kind: 'in', h: 0, entryPoint: true },
      { kind: 'tpl', h: 24, category: 'marketing' },
    ]);
    expect(verdicts(ruleset('meta-pmp-2025'), log)).toEqual([['m2', 'meta-pmp-2025', 'charged marketing', null]]);
  });

  it('7: "sent" is not delivered under Meta\'s rules; under robbu the same message opens a charged session', () => {
    const log = messages('2025-08-04', [{ kind: 'tpl', h: 0, category: 'marketing', status: 'sent' }]);
    expect(verdicts(ruleset('meta-pmp-2025'), log)).toEqual([['m1', 'meta-pmp-2025', 'not_delivered', null]]);
    expect(verdicts(robbu, log)).toEqual([['m1', 'robbu', 'charged session', 'm1']]);
  });

  it('8: meta switches regime at 00:00 in --tz; a conversation open across the switch keeps covering', () => {
    const log = messages('2025-06-30', [
      { kind: 'tpl', at: '2025-06-30T20:00:00Z', category: 'utility' },
      { kind: 'tpl', at: '2025-07-01T10:00:00Z', category: 'utility' },
      { kind: 'tpl', at: '2025-07-01T21:00:00Z', category: 'utility' },
    ]);
    const r = ruleset('meta');
    expect(verdicts(r, log)).toEqual([
      ['m1', 'meta-cbp-2023', 'charged utility', 'm1'],
      ['m2', 'meta-pmp-2025', 'inside_conversation', 'm1'],
      ['m3', 'meta-pmp-2025', 'charged utility', null],
    ]);
    expect(conversations(r, log)).toEqual([['m1', 'utility', 'charged', 'business']]);
    // 2025-07-01T01:00Z is 22:00 on 30 June in Sao Paulo: still conversations by category there.
    const sp = ruleset('meta', { zone: TimeZone.of('America/Sao_Paulo') as TimeZone });
    const late = messages('2025-07-01', [{ kind: 'tpl', at: '2025-07-01T01:00:00Z', category: 'utility' }]);
    expect(verdicts(sp, late)).toEqual([['m1', 'meta-cbp-2023', 'charged utility', 'm1']]);
    expect(verdicts(r, late)).toEqual([['m1', 'meta-pmp-2025', 'charged utility', null]]);
  });

  it('9: meta-2026-10: a business number\'s first 1,000 service messages of a month are free, the 1,001st is charged; November starts afresh', () => {
    const events: Ev[] = [];
    for (let i = 0; i < 1001; i++) {
      const contact = `C${String(i).padStart(4, '0')}`;
      events.push({ kind: 'in', at: new Date(Date.UTC(2026, 9, 5, 0, 0, i)).toISOString(), contact, id: `in${i}` });
      events.push({ kind: 'text', at: new Date(Date.UTC(2026, 9, 5, 1, 0, i)).toISOString(), contact, id: `out${i}` });
    }
    events.push({ kind: 'in', at: '2026-11-02T00:00:00Z', contact: 'C0000', id: 'in-nov' });
    events.push({ kind: 'text', at: '2026-11-02T01:00:00Z', contact: 'C0000', id: 'out-nov' });
    const v = verdicts(ruleset('meta-2026-10'), messages('2026-10-05', events));
    expect(v.filter((x) => x[2] === 'free_tier')).toHaveLength(1001);
    expect(v.filter((x) => x[2] === 'charged service').map((x) => x[0])).toEqual(['out1000']);
    expect(v.find((x) => x[0] === 'out-nov')?.[2]).toBe('free_tier');
    // --service-free-tier 0 turns the allowance off.
    const none = verdicts(ruleset('meta-2026-10', { serviceFreeTier: 0 }), messages('2026-10-05', events));
    expect(none.every((x) => x[2] === 'charged service')).toBe(true);
  });

  it('10: meta-cbp-2022: the month\'s first 1,000 conversations are free, the 1,001st by opened_at is charged', () => {
    const events: Ev[] = [];
    // Listed latest first, so the order comes from the instants, not the input.
    for (let i = 1000; i >= 0; i--) {
      events.push({ kind: 'tpl', at: new Date(Date.UTC(2022, 4, 2, 0, 0, i)).toISOString(), contact: `C${String(i).padStart(4, '0')}`, id: `t${i}` });
    }
    const r = ruleset('meta-cbp-2022');
    const v = verdicts(r, messages('2022-05-02', events));
    expect(v.filter((x) => x[2] === 'free_tier')).toHaveLength(1000);
    expect(v.filter((x) => x[2] === 'charged business_initiated').map((x) => x[0])).toEqual(['t1000']);
    const charged = conversations(r, messages('2022-05-02', events)).filter((c) => c[2] === 'charged');
    expect(charged).toEqual([['t1000', 'business_initiated', 'charged', 'business']]);
  });
});

describe('Meta regimes: the finer points', () => {
  it('meta-cbp-2022: a reply while the CSW is open opens a user-initiated conversation that covers what follows', () => {
    const log = messages('2022-05-02', [
      { kind: 'in', h: 0 },
      { kind: 'text', h: 1 },
      { kind: 'tpl', h: 2, category: 'marketing' },
    ]);
    expect(verdicts(ruleset('meta-cbp-2022'), log)).toEqual([
      ['m2', 'meta-cbp-2022', 'free_tier', 'm2'],
      ['m3', 'meta-cbp-2022', 'inside_conversation', 'm2'],
    ]);
    expect(conversations(ruleset('meta-cbp-2022'), log)).toEqual([['m2', 'user_initiated', 'free_tier', 'customer']]);
  });

  it('meta-cbp-2023: a template inside an open service conversation opens one of its own category', () => {
    const log = messages('2024-11-04', [
      { kind: 'in', h: 0 },
      { kind: 'text', h: 1 },
      { kind: 'tpl', h: 2, category: 'Utilidade' },
    ]);
    expect(verdicts(ruleset('meta-cbp-2023'), log)).toEqual([
      ['m2', 'meta-cbp-2023', 'free_service', 'm2'],
      ['m3', 'meta-cbp-2023', 'charged utility', 'm3'],
    ]);
  });

  it('under CBP an FEP window is a conversation, and opening it closes the others', () => {
    const log = messages('2024-03-04', [
      { kind: 'tpl', h: 0, category: 'marketing' },
      { kind: 'in', h: 1, entryPoint: true },
      { kind: 'tpl', h: 2, category: 'marketing' },
      { kind: 'text', h: 3 },
      { kind: 'tpl', h: 80, category: 'marketing' },
    ]);
    const r = ruleset('meta-cbp-2023');
    expect(verdicts(r, log)).toEqual([
      ['m1', 'meta-cbp-2023', 'charged marketing', 'm1'],
      ['m3', 'meta-cbp-2023', 'free_entry_point', 'm3'],
      ['m4', 'meta-cbp-2023', 'free_entry_point', 'm3'],
      ['m5', 'meta-cbp-2023', 'charged marketing', 'm5'],
    ]);
    expect(conversations(r, log).map((c) => [c[0], c[1], c[2]])).toEqual([
      ['m1', 'marketing', 'charged'],
      ['m3', 'free_entry_point', 'free_entry_point'],
      ['m5', 'marketing', 'charged'],
    ]);
  });

  it('a failed message changes nothing; a failed free-form message outside the CSW is still a violation', () => {
    const log = messages('2025-08-04', [
      { kind: 'text', h: 0, status: 'failed' },
      { kind: 'tpl', h: 1, category: 'utility', status: 'falha' },
      { kind: 'tpl', h: 2, category: 'utility', status: 'Pendente' },
    ]);
    const r = ruleset('meta-pmp-2025');
    expect(verdicts(r, log)).toEqual([
      ['m1', 'meta-pmp-2025', 'failed', null],
      ['m2', 'meta-pmp-2025', 'failed', null],
      ['m3', 'meta-pmp-2025', 'not_delivered', null],
    ]);
    expect(replay(log, r).outcomes[0].violations.map((v) => v.message.id)).toEqual(['m1']);
  });

  it('a template of no known category is charged as unknown', () => {
    const log = messages('2025-08-04', [{ kind: 'tpl', h: 0, category: 'promo' }, { kind: 'tpl', h: 1 }]);
    expect(verdicts(ruleset('meta-pmp-2025'), log).map((v) => v[2])).toEqual(['charged unknown', 'charged unknown']);
  });
});

describe('the account stage is skipped only where no tier can count', () => {
  // A template outside the CSW and a free-form reply inside it, at each instant: under every
  // regime one of them is a unit a monthly tier may count, where the regime has such a tier.
  const at = (iso: string): Message[] => {
    const t = Date.parse(iso);
    return [
      inlineMessage({ kind: 'tpl', business: 'b', contact: 'c', ts: t, template: 'x', category: 'utility' }, 0),
      inlineMessage({ kind: 'in', business: 'b', contact: 'c', ts: t + 30 * 3_600_000, template: '' }, 1),
      inlineMessage({ kind: 'text', business: 'b', contact: 'c', ts: t + 31 * 3_600_000, template: '' }, 2),
    ];
  };
  const UTC_ZONE = TimeZone.of('UTC')!;
  const instants = ['2022-05-02T00:00:00Z', '2023-07-03T00:00:00Z', '2024-12-02T00:00:00Z', '2025-08-04T00:00:00Z', '2026-10-05T00:00:00Z'];
  for (const name of ['meta-cbp-2022', 'meta-cbp-2023', 'meta-pmp-2025', 'meta-2026-10', 'meta'] as const) {
    for (const tier of [0, 1000]) {
      it(`${name}, --service-free-tier ${tier}: tiersBetween says true wherever the replay lists tier units`, () => {
        const ruleset = metaRuleset(name, { zone: UTC_ZONE, serviceFreeTier: tier });
        for (const iso of instants) {
          const messages = at(iso);
          const units = ruleset.replayKey(messages).tierUnits ?? [];
          if (units.length > 0) expect(ruleset.tiersBetween?.(messages[0].ts, messages[2].ts), `${iso}`).toBe(true);
        }
      });
    }
  }

  it('and says false for meta over June and July 2025 (no tier then), true over October 2026 with the allowance', () => {
    const meta = metaRuleset('meta', { zone: TimeZone.of('UTC')!, serviceFreeTier: 1000 });
    expect(meta.tiersBetween?.(Date.parse('2025-06-16T00:00:00Z'), Date.parse('2025-07-16T00:00:00Z'))).toBe(false);
    expect(meta.tiersBetween?.(Date.parse('2026-09-16T00:00:00Z'), Date.parse('2026-10-16T00:00:00Z'))).toBe(true);
    expect(metaRuleset('meta', { zone: TimeZone.of('UTC')!, serviceFreeTier: 0 }).tiersBetween?.(Date.parse('2026-09-16T00:00:00Z'), Date.parse('2026-10-16T00:00:00Z'))).toBe(false);
  });
});
