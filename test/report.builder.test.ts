// The report builder, the provider section and the table renderer, tested directly on small
// logs whose outcomes are worked out by hand (rules.md), rather than through the CLI.
import { describe, expect, it } from 'vitest';
import { metaRuleset } from '../src/engine/rulesets/meta.js';
import { robbu } from '../src/engine/rulesets/robbu.js';
import { readLog, textSource } from '../src/ingest/read.js';
import type { Log } from '../src/model/log.js';
import { TimeZone } from '../src/model/time.js';
import { auditLog } from '../src/pipeline.js';
import { PLAIN } from '../src/render/index.js';
import { TABLE_RENDERER } from '../src/render/table.js';
import type { ReportOptions } from '../src/report/report.js';

const UTC = TimeZone.of('UTC')!;
const HEADER = 'id,timestamp,business,contact,direction,type,status,template';
const T = (hhmm: string, day = '01'): string => `2025-03-${day}T${hhmm}:00Z`;

const read = (rows: string[]): Promise<Log> => readLog([textSource('log.csv', [HEADER, ...rows].join('\n') + '\n')], { zone: UTC, dayOrder: null });
const options = (more: Partial<ReportOptions> = {}): ReportOptions => ({ timezone: 'UTC', from: null, to: null, ...more });

// Contact c1: a template opens a charged session at 10:00, the customer replies at 10:30, free
// text at 11:00 is allowed. Contact c2: free text to a contact who never wrote (a violation),
// then a template two days later (a charged session). Contact c3 writes first; the template
// at 09:10 is free (customer-initiated).
const LOG = [
  `t1,${T('10:00')},b,c1,outbound,template,read,promo`,
  `i1,${T('10:30')},b,c1,inbound,text,,`,
  `f1,${T('11:00')},b,c1,outbound,text,delivered,`,
  `v1,${T('12:00')},b,c2,outbound,text,delivered,`,
  `t2,${T('12:00', '03')},b,c2,outbound,template,delivered,promo`,
  `i3,${T('09:00')},b,c3,inbound,text,,`,
  `t3,${T('09:10')},b,c3,outbound,template,read,boleto`,
];

describe('ReportBuilder', () => {
  it('counts and lists every decision of the replay, in the report order', async () => {
    const report = auditLog(await read(LOG), robbu, options());
    expect(report.summary).toEqual({
      sessions: 3,
      businessInitiated: 2,
      customerInitiated: 1,
      templates: 3,
      templatesCharged: 2,
      templatesFree: 1,
      templatesFailed: 0,
      violations: 1,
      unclassified: 0,
      // Outbound: t1 f1 v1 t2 t3; charged: t1 and t2, each the charge of its session.
      messages: 5,
      messagesCharged: 2,
      conversationsCharged: 2,
      unpriced: 0,
      amounts: {},
    });
    expect(report.input).toMatchObject({ rows: 7, messages: 7, rejected: 0, duplicates: 0 });
    expect([...report.sessions].map((s) => [s.id, s.initiator, s.charged, s.inbound, s.outbound])).toEqual([
      ['t3', 'customer', false, 0, 1],
      ['t1', 'business', true, 1, 2],
      ['t2', 'business', true, 0, 1],
    ]);
    expect([...(report.templates ?? [])].map((t) => [t.id, t.reason, t.session])).toEqual([
      ['t3', 'customer_initiated', 't3'],
      ['t1', 'opened_session', 't1'],
      ['t2', 'opened_session', 't2'],
    ]);
    expect([...report.violations].map((v) => [v.id, v.rule, v.lastInboundAt])).toEqual([['v1', 'no_inbound', null]]);
    expect(report.provider).toBeNull();
  });

  it('keeps to the period (half open) for lists and counts alike', async () => {
    const from = Date.UTC(2025, 2, 1, 10);
    const to = Date.UTC(2025, 2, 1, 12);
    const report = auditLog(await read(LOG), robbu, options({ from, to }));
    expect([...report.sessions].map((s) => s.id)).toEqual(['t1']);
    expect(report.summary.violations).toBe(0); // v1 at 12:00 is the end, excluded
    expect(report.input.messages).toBe(7); // the input is counted whole
  });

  it('masks phone numbers with --redact', async () => {
    const report = auditLog(await read([`t1,${T('10:00')},551140040001,5511987650001,outbound,template,read,promo`]), robbu, options({ redact: true }));
    expect(report.sessions.at(0)).toMatchObject({ business: '5511****0001', contact: '5511*****0001' });
  });

  it('a list cut to its first N rows holds the full report\'s first N, and the same counts', async () => {
    const log = await read(LOG);
    const full = auditLog(log, robbu, options());
    const cut = auditLog(log, robbu, options({ listLimit: 2 }));
    expect(cut.summary).toEqual(full.summary);
    expect([...cut.sessions]).toEqual([...full.sessions].slice(0, 2));
    expect([...cut.violations]).toEqual([...full.violations].slice(0, 2));
    // Templates keep the first N and the first N charged (the table lists the charged ones).
    const charged = [...(full.templates ?? [])].filter((t) => t.charged).slice(0, 2);
    for (const t of charged) expect([...(cut.templates ?? [])]).toContainEqual(t);
  });
});

describe('the provider section', () => {
  // Meta's verdicts as an export carries them: t1 regular (agrees), t3 regular although the
  // replay makes it free, f1 refused as a re-engagement message although the window was open,
  // v1 delivered although it is a violation.
  const PROVIDER_HEADER = `${HEADER},error_code`;
  const rows = [
    `t1,${T('10:00')},b,c1,outbound,template,read,promo,`,
    `i1,${T('10:30')},b,c1,inbound,text,,,`,
    `f1,${T('11:00')},b,c1,outbound,text,failed,,131047`,
    `v1,${T('12:00')},b,c2,outbound,text,delivered,,`,
    `u1,${T('13:00')},b,c2,outbound,unknown,sent,,`,
  ];

  it('lists messages of unknown kind and the disagreements the cross-check finds', async () => {
    const log = await readLog([textSource('log.csv', [PROVIDER_HEADER, ...rows].join('\n') + '\n')], { zone: UTC, dayOrder: null });
    const p = auditLog(log, robbu, options()).provider;
    expect(p).not.toBeNull();
    expect(p?.errorCodes).toEqual({ '131047': 1 });
    expect(p?.unclassified.map((u) => [u.id, u.status])).toEqual([['u1', 'sent']]);
    expect(p?.disagreements.map((d) => [d.id, d.kind])).toEqual([['f1', 'refused_allowed']]);
  });

  it('keeps to the period', async () => {
    const log = await readLog([textSource('log.csv', [PROVIDER_HEADER, ...rows].join('\n') + '\n')], { zone: UTC, dayOrder: null });
    const p = auditLog(log, robbu, options({ from: Date.UTC(2025, 2, 1, 12) })).provider;
    expect(p?.disagreements).toEqual([]);
    expect(p?.errorCodes).toEqual({});
    expect(p?.unclassified.map((u) => u.id)).toEqual(['u1']);
  });
});

describe('the table renderer', () => {
  const ctx = { style: PLAIN, locale: 'en-US', limit: 2 };

  it('asks for the first --limit rows of each list', () => {
    expect(TABLE_RENDERER.rowsNeeded(ctx)).toBe(2);
  });

  it('renders a report cut to its first rows exactly as the full report', async () => {
    const log = await read(LOG);
    const render = (limit: number | null): string =>
      [...TABLE_RENDERER.render(auditLog(log, robbu, options({ listLimit: limit })), ctx)].join('');
    expect(render(2)).toBe(render(null));
  });

  it('under a Meta ruleset too: the charged messages it lists are the full report\'s first charged ones', async () => {
    const pmp = metaRuleset('meta-pmp-2025', { zone: UTC, serviceFreeTier: 1000 });
    // Free and charged messages interleaved: the cut report must keep the first N charged.
    const rows = [
      `i1,${T('09:00')},b,c1,inbound,text,,`,
      `f1,${T('09:01')},b,c1,outbound,text,read,`,
      `f2,${T('09:02')},b,c1,outbound,text,read,`,
      `f3,${T('09:03')},b,c1,outbound,text,read,`,
      `t1,${T('10:00')},b,c2,outbound,template,read,promo`,
      `t2,${T('11:00')},b,c2,outbound,template,read,promo`,
      `t3,${T('12:00')},b,c2,outbound,template,read,promo`,
    ];
    const log = await read(rows);
    const render = (limit: number | null): string => [...TABLE_RENDERER.render(auditLog(log, pmp, options({ listLimit: limit })), ctx)].join('');
    expect(render(2)).toBe(render(null));
    expect(render(2)).toMatch(/Charged messages \(3\)[^]*t1[^]*t2[^]*\.\.\. 1 more/);
  });

  it('shows each list under its heading, with its columns, cut at the limit', async () => {
    const text = [...TABLE_RENDERER.render(auditLog(await read(LOG), robbu, options()), ctx)].join('');
    expect(text).toContain('Sessions (3)');
    // Cells are set apart by the table's vertical lines.
    expect(text).toMatch(/Opened[\s│]+Business[\s│]+Contact[\s│]+Initiator[\s│]+Charged[\s│]+Opened by[\s│]+Replied[\s│]+In[\s│]+Out/);
    expect(text).toMatch(/2025-03-01 10:00:00[\s│]+b[\s│]+c1[\s│]+business[\s│]+yes[\s│]+t1[\s│]+2025-03-01 10:30:00[\s│]+1[\s│]+2/);
    expect(text).toContain('... 1 more (--limit N shows more; --format json lists all)');
    expect(text).toContain('Charged templates (2)');
    const violations = text.slice(text.indexOf('Violations (1)'));
    expect(violations).toMatch(/2025-03-01 12:00:00[\s│]+b[\s│]+c2[\s│]+no_inbound[\s│]+-[\s│]+delivered[\s│]+v1/);
  });
});
