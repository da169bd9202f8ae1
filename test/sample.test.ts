// fixtures/sample.csv, checked against outcomes worked out by hand from rules.md. The file is
// thirteen scenarios (A-M, described in fixtures/make-sample.mjs) played nine times each, plus
// four bad rows. Instance 1 of scenario X starts at 2025-03-03 08:00 Sao Paulo time plus 37
// minutes for each scenario before X (A 08:00, B 08:37, C 09:14, ... M 15:24); its message ids
// are wamid.X1.1, wamid.X1.2, ...
import { describe, expect, it } from 'vitest';
import { robbu } from '../src/engine/rulesets/robbu.js';
import { fileSource, readLog } from '../src/ingest/read.js';
import { TimeZone } from '../src/model/time.js';
import { auditLog } from '../src/pipeline.js';
import { JSON_RENDERER } from '../src/render/json.js';

const renderJson = JSON_RENDERER.render;
import { PLAIN } from '../src/render/index.js';

const SP = TimeZone.of('America/Sao_Paulo')!;

interface Json {
  input: Record<string, unknown>;
  summary: Record<string, number>;
  sessions: Record<string, unknown>[];
  templates: Record<string, unknown>[];
  violations: Record<string, unknown>[];
  messages: Record<string, unknown>[];
  rejected: Record<string, unknown>[];
}

async function sampleReport(): Promise<Json> {
  const log = await readLog([fileSource('fixtures/sample.csv')], { zone: SP, dayOrder: null });
  const report = auditLog(log, robbu, { timezone: 'America/Sao_Paulo', from: null, to: null });
  return JSON.parse([...renderJson(report, { style: PLAIN, locale: 'en-US', limit: 20 })].join('')) as Json;
}

const report = await sampleReport();
const find = (list: Record<string, unknown>[], id: string): Record<string, unknown> | undefined =>
  list.find((r) => r.id === id);

describe('fixtures/sample.csv', () => {
  it('input counts: 292 rows = 270 messages + 18 duplicates + 4 rejected', () => {
    // 9 instances x 32 rows = 288 good rows; scenario H writes its template as 3 status rows
    // (2 duplicates a time: 18); 4 bad rows.
    expect(report.input).toEqual({
      files: ['fixtures/sample.csv'],
      rows: 292,
      messages: 270,
      rejected: 4,
      duplicates: 18,
    });
  });

  it('summary counts', () => {
    // Per instance: sessions A1 B1 C1 F1 G1 H1 I2 J1 K1 M1 = 11, of which business-initiated
    // B C G H I I = 6 and customer-initiated A F J K M = 5. Templates B2 C1 F1 G2 H1 I2 = 9:
    // charged B C G H I I = 6, free B(inside) F(customer) = 2, failed G = 1. Violations
    // C D E L M = 5. Times nine instances.
    expect(report.summary).toEqual({
      sessions: 99,
      business_initiated: 54,
      customer_initiated: 45,
      templates: 81,
      templates_charged: 54,
      templates_free: 18,
      templates_failed: 9,
      violations: 45,
      unclassified: 0,
      messages: report.summary.messages,
      // Under robbu a message is charged exactly when it is a template that opened a charged
      // session, and every business-initiated session is charged.
      messages_charged: 54,
      conversations_charged: 54,
      unpriced: 0,
      amounts: {},
    });
    expect(report.summary.messages).toBe(report.messages.length);
    // Every charged unit is in exactly one totals row.
    expect((report as unknown as { totals: { charged: number }[] }).totals.reduce((n, t) => n + t.charged, 0)).toBe(54);
  });

  it('A: the business answers a customer who wrote 2 minutes earlier: a free customer session', () => {
    expect(find(report.sessions, 'wamid.A1.2')).toMatchObject({
      initiator: 'customer',
      opened_at: '2025-03-03T08:02:00-03:00',
      expires_at: '2025-03-04T08:02:00-03:00',
      opened_by_type: 'free_form',
      charged: false,
      charged_message: null,
      // The customer's message at 08:00 is before the session opened: only the two answers count.
      inbound: 0,
      outbound: 2,
    });
  });

  it('B: the campaign template opens and is charged; the second one 2 h later rides along free', () => {
    expect(find(report.sessions, 'wamid.B1.1')).toMatchObject({
      initiator: 'business',
      charged: true,
      charged_message: 'wamid.B1.1',
      replied_at: '2025-03-03T11:37:00-03:00', // the customer's answer, 3 h after 08:37
      inbound: 1,
      outbound: 3,
    });
    expect(find(report.templates, 'wamid.B1.2')).toMatchObject({
      sent_at: '2025-03-03T10:37:00-03:00',
      session: 'wamid.B1.1',
      charged: false,
      reason: 'inside_session',
      template: 'promo_marco',
      category: 'marketing',
    });
  });

  it('C: free text an hour after an unanswered template is awaiting_reply', () => {
    expect(find(report.violations, 'wamid.C1.2')).toEqual({
      id: 'wamid.C1.2',
      business: '551140040001',
      contact: '5511981020003',
      sent_at: '2025-03-03T10:14:00-03:00',
      status: 'delivered',
      rule: 'awaiting_reply',
      last_inbound_at: null,
      session: 'wamid.C1.1',
      file: 'fixtures/sample.csv',
      line: 8,
    });
  });

  it('D: an answer 26 h after the customer wrote is window_expired', () => {
    expect(find(report.violations, 'wamid.D1.2')).toMatchObject({
      rule: 'window_expired',
      sent_at: '2025-03-04T11:51:00-03:00',
      last_inbound_at: '2025-03-03T09:51:00-03:00',
      session: null,
    });
  });

  it('E: free text to a contact who never wrote is no_inbound', () => {
    expect(find(report.violations, 'wamid.E1.1')).toMatchObject({ rule: 'no_inbound', last_inbound_at: null });
  });

  it('F: a template 5 h after the customer wrote starts nothing chargeable', () => {
    expect(find(report.templates, 'wamid.F1.2')).toMatchObject({
      charged: false,
      reason: 'customer_initiated',
      session: 'wamid.F1.2',
    });
    expect(find(report.sessions, 'wamid.F1.2')).toMatchObject({ initiator: 'customer', opened_by_type: 'template' });
  });

  it('G: a failed template is not charged; the retry an hour later opens the session and is', () => {
    expect(find(report.templates, 'wamid.G1.1')).toMatchObject({
      status: 'failed',
      session: null,
      charged: false,
      reason: 'failed',
    });
    expect(find(report.templates, 'wamid.G1.2')).toMatchObject({
      sent_at: '2025-03-03T12:42:00-03:00',
      charged: true,
      reason: 'opened_session',
    });
  });

  it('H: three status rows are one template, sent at the first row, with the best status', () => {
    expect(find(report.templates, 'wamid.H1.1')).toMatchObject({
      sent_at: '2025-03-03T12:19:00-03:00', // the `sent` row; `delivered` +5 s, `read` +40 s
      status: 'read',
      charged: true,
    });
  });

  it('I: a template exactly 24 h after the first opens a second charged session', () => {
    expect(find(report.sessions, 'wamid.I1.2')).toMatchObject({
      initiator: 'business',
      opened_at: '2025-03-04T12:56:00-03:00',
      charged: true,
    });
  });

  it('J: an answer stamped in the same second as the question, listed before it, is allowed', () => {
    expect(find(report.violations, 'wamid.J1.1')).toBeUndefined();
    expect(find(report.sessions, 'wamid.J1.1')).toMatchObject({ initiator: 'customer', inbound: 1, outbound: 1 });
  });

  it('K: free text 30 h after the customer wrote is allowed inside the session opened at 23 h', () => {
    expect(find(report.violations, 'wamid.K1.3')).toBeUndefined();
    expect(find(report.sessions, 'wamid.K1.2')).toMatchObject({ outbound: 2 });
  });

  it('L: a failed free-form send to a contact who never wrote is still a violation, with its status', () => {
    expect(find(report.violations, 'wamid.L1.1')).toMatchObject({ rule: 'no_inbound', status: 'failed' });
  });

  it('M: at 47 h the session of 23 h has just expired and the window is long closed', () => {
    expect(find(report.violations, 'wamid.M1.3')).toMatchObject({
      rule: 'window_expired',
      session: null,
      last_inbound_at: '2025-03-03T15:24:00-03:00',
    });
  });

  it('rejects the four bad rows with their lines and reasons', () => {
    const at = { file: 'fixtures/sample.csv', pointer: null };
    expect(report.rejected).toEqual([
      {
        ...at,
        line: 42,
        code: 'unknown_direction',
        reason: "unknown direction 'encaminhada' (expected inbound or outbound)",
        value: 'encaminhada',
      },
      {
        ...at,
        line: 98,
        code: 'bad_timestamp',
        reason: "bad timestamp '2025-03-32T10:00:00-03:00'",
        value: '2025-03-32T10:00:00-03:00',
      },
      { ...at, line: 151, code: 'missing_field', reason: 'missing contact', value: null },
      {
        ...at,
        line: 221,
        code: 'conflicting_row',
        reason: "conflicts with line 2 (same id 'wamid.A1.1', different direction)",
        value: 'wamid.A1.1',
      },
    ]);
  });
});
