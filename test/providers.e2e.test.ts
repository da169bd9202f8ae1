// The shipped provider samples (fixtures/providers/), audited through the real CLI and checked
// against outcomes worked out by hand; comments say why each one is what it is.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from './helpers/cli.js';

interface Report {
  input: Record<string, unknown>;
  summary: Record<string, number>;
  sessions: { id: string; initiator: string; contact: string; charged: boolean }[];
  templates: { id: string; reason: string; charged: boolean }[];
  violations: { id: string; rule: string; status: string | null }[];
  rejected: Record<string, unknown>[];
  provider?: {
    business_numbers: Record<string, string>;
    messages: number;
    pricing_types: Record<string, number>;
    pricing_categories: Record<string, number>;
    error_codes: Record<string, number>;
    unclassified: { id: string; status: string; errors: string[] }[];
    disagreements: { id: string; kind: string; replay: string; provider: string }[];
  };
}

function audit(args: string[]): { report: Report; stderr: string; code: number | null } {
  const r = cli(['audit', ...args, '--format', 'json']);
  return { report: JSON.parse(r.stdout) as Report, stderr: r.stderr, code: r.code };
}

const META = 'fixtures/providers/meta-webhook.ndjson';

describe('Meta Cloud API webhook dump', () => {
  const { report, stderr, code } = audit([META]);

  it('is detected without a preset; 19 status and message rows make 11 messages', () => {
    expect(code).toBe(0);
    // OUT1 has 3 statuses, T1 T2 F2 OUT2 T3 2 each: 7 duplicates; one status lacks a timestamp.
    expect(report.input).toMatchObject({ rows: 19, messages: 11, duplicates: 7, rejected: 1 });
    expect(stderr).toContain(`wa-audit: ${META}:19: at /entry/0/changes/0/value/statuses/0: missing timestamp`);
  });

  it('sessions: the reply to A, the template to B, the user-id contact D, the ad contact E', () => {
    expect(report.sessions.map((s) => [s.id, s.initiator, s.contact, s.charged])).toEqual([
      ['wamid.OUT1', 'customer', '5511987650101', false],
      ['wamid.T1', 'business', '5511987650102', true],
      // Known only by a business-scoped user id: keyed by it, as written.
      ['wamid.OUT2', 'customer', 'BR.3f2a9c7d', false],
      ['wamid.T3', 'customer', '5521987650105', false],
    ]);
  });

  it('templates by pricing category; the second marketing template rides in the first session', () => {
    expect(report.templates.map((t) => [t.id, t.reason, t.charged])).toEqual([
      ['wamid.T1', 'opened_session', true],
      ['wamid.T2', 'inside_session', false],
      ['wamid.T3', 'customer_initiated', false],
    ]);
  });

  it('free text to a contact who never wrote is a violation even though Meta delivered it', () => {
    expect(report.violations.map((v) => [v.id, v.rule, v.status])).toEqual([['wamid.F2', 'no_inbound', 'delivered']]);
  });

  it('the provider section: counts, unclassified messages and disagreements', () => {
    expect(report.provider).toEqual({
      // The business is keyed by its phone-number id; the number people know it by is kept.
      business_numbers: { '106540352242922': '551140040001' },
      messages: 11,
      pricing_types: { free_customer_service: 3, free_entry_point: 1, regular: 2 },
      pricing_categories: { marketing: 2, service: 3, utility: 1 },
      error_codes: { '131026': 1, '131047': 1 },
      unclassified: [
        // Both failed before Meta priced them: nothing says template or free-form.
        expect.objectContaining({ id: 'wamid.F1', status: 'failed', errors: ['131047'] }),
        expect.objectContaining({ id: 'wamid.T4', status: 'failed', errors: ['131026'] }),
      ],
      disagreements: [
        // Only the statuses say which messages are templates (their pricing.category), so the
        // billing verdicts are not held against those same pricing objects (pricing.md); the
        // delivery of a violating message still is. fixtures/providers/crosscheck/ has a log.
        expect.objectContaining({ id: 'wamid.F2', kind: 'delivered_violation', replay: 'violation no_inbound' }),
      ],
    });
  });

  it('reads the same bodies as a JSON array, with array pointers', () => {
    const dir = mkdtempSync(join(tmpdir(), 'wa-audit-meta-'));
    const bodies = readFileSync(META, 'utf8').trim().split('\n');
    const path = join(dir, 'dump.json');
    writeFileSync(path, '[\n' + bodies.join(',\n') + '\n]\n');
    const r = audit([path]);
    expect(r.report.summary).toEqual(report.summary);
    expect(r.report.rejected).toEqual([
      expect.objectContaining({ line: 20, pointer: '/18/entry/0/changes/0/value/statuses/0', code: 'missing_field' }),
    ]);
  });
});

describe('Twilio console export', () => {
  const TWILIO = ['fixtures/providers/twilio.csv', '--preset', 'twilio'];

  it('with the templates map: replies are free-form, templates told by their Body', () => {
    const { report, code } = audit([...TWILIO, '--map', 'fixtures/providers/twilio-templates.json']);
    expect(code).toBe(0);
    expect(report.summary).toEqual({
      sessions: 3,
      business_initiated: 2,
      customer_initiated: 1,
      templates: 2,
      templates_charged: 2,
      templates_free: 0,
      templates_failed: 0,
      violations: 2,
      unclassified: 0,
      // Six outbound rows (outbound-api and outbound-reply), two of them charged templates.
      messages: 6,
      messages_charged: 2,
      conversations_charged: 2,
      unpriced: 0,
      amounts: {},
    });
    expect(report.sessions.map((s) => [s.id, s.initiator])).toEqual([
      ['SM0001b', 'customer'], // outbound-reply 90 s after the customer wrote
      ['SM0002a', 'business'], // "Seu pedido 4471 foi enviado": a template, charged
      ['SM0004a', 'business'], // RFC 2822 SentDate, "Olá! Temos uma oferta": a template
    ]);
    expect(report.violations.map((v) => [v.id, v.rule, v.status])).toEqual([
      ['SM0002b', 'awaiting_reply', 'undelivered'], // free text 5 min after an unanswered template
      ['SM0003b', 'window_expired', 'failed'], // 25 h after the customer wrote
    ]);
    // SM0005b: the customer wrote 2 h before, so the replay allows it; Twilio refused it (63016).
    expect(report.provider?.disagreements).toEqual([
      expect.objectContaining({ id: 'SM0005b', kind: 'refused_allowed', provider: 'refused: Twilio 63016 outside the allowed window' }),
    ]);
    expect(report.provider?.error_codes).toEqual({ '63016': 3 });
  });

  it('with the preset alone: outbound-api rows are unknown, counted and listed, never guessed', () => {
    const { report } = audit(TWILIO);
    expect(report.provider?.unclassified.map((u) => u.id)).toEqual(['SM0002a', 'SM0002b', 'SM0003b', 'SM0004a', 'SM0005b']);
    expect(report.summary).toMatchObject({ templates: 0, violations: 0, sessions: 1 });
  });

  it('without the preset: the error says what it tried and what to add', () => {
    const r = cli(['audit', 'fixtures/providers/twilio.csv']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^wa-audit: fixtures\/providers\/twilio.csv:1: unknown shape: not a canonical CSV log .*add --preset twilio\n$/);
  });
});

describe('Brazilian helpdesk spreadsheet (Windows-1252, sep=;, dd/MM/yyyy, Enviado/Recebido)', () => {
  const HELPDESK = ['fixtures/providers/helpdesk-ptbr.csv', '--preset', 'br-helpdesk', '--tz', 'America/Sao_Paulo'];

  it('with --br-ninth-digit: the old and new forms of one mobile are one contact', () => {
    const { report, stderr } = audit([...HELPDESK, '--br-ninth-digit']);
    expect(stderr).toContain('not valid UTF-8, and no UTF-8 character anywhere: read as Windows-1252');
    expect(stderr).toContain('551187650301 -> 5511987650301');
    expect(report.input).toMatchObject({
      rows: 8,
      messages: 8,
      // 11 8765-0301 wrote (old form); the answer went to 11 98765-0301. 3003-0303 is a landline.
      contact_merges: [{ from: '551187650301', to: '5511987650301', rows: 1, both_forms: true }],
    });
    expect(report.sessions.map((s) => [s.id, s.initiator, s.charged])).toEqual([
      ['hd-0002', 'customer', false],
      ['hd-0003', 'business', true], // "Modelo (HSM)" lembrete_pagamento
    ]);
    expect(report.violations.map((v) => [v.id, v.rule, v.status])).toEqual([
      ['hd-0007', 'window_expired', 'delivered'], // 25 h after the customer wrote ("Entregue")
      ['hd-0008', 'no_inbound', 'failed'], // "Falha"
    ]);
  });

  it('without it, the answer to the old form is a violation: that is what the option is for', () => {
    const { report } = audit(HELPDESK);
    expect(report.violations.map((v) => [v.id, v.rule])).toContainEqual(['hd-0002', 'no_inbound']);
    expect(report.input.contact_merges).toBeUndefined();
  });
});
