// The cross-check with Meta's own verdicts (pricing.md, `provider.disagreements`): a sent-message
// log (which tells each message's kind) and the status webhooks of the same messages, with four
// disagreements planted. Exactly those four are listed, each with both sides; a webhook-only
// message, whose kind only its own pricing object tells, is never held against that object.
import { describe, expect, it } from 'vitest';
import { cli } from './helpers/cli.js';

const LOG = 'fixtures/providers/crosscheck/sent.csv';
const STATUSES = 'fixtures/providers/crosscheck/statuses.ndjson';

interface Row {
  id: string;
  kind: string;
  replay: string;
  provider: string;
  regime: string | null;
  free_reason: string | null;
  charge_class: string | null;
  pricing_type: string | null;
  pricing_category: string | null;
}

function disagreements(...more: string[]): Row[] {
  const r = cli(['audit', LOG, STATUSES, '--format', 'json', '--tz', 'UTC', ...more]);
  expect(r.code, r.stderr).toBe(0);
  return (JSON.parse(r.stdout) as { provider: { disagreements: Row[] } }).provider.disagreements;
}

describe('cross-check with the pricing objects of status webhooks', () => {
  it('under meta, exactly the planted disagreements, with both sides and the rule that decided the replay', () => {
    expect(disagreements('--ruleset', 'meta').map(({ id, kind, replay, provider, regime, free_reason, charge_class, pricing_type, pricing_category }) => ({ id, kind, replay, provider, regime, free_reason, charge_class, pricing_type, pricing_category }))).toEqual([
      // A marketing template is charged even inside the CSW; Meta said free_customer_service.
      { id: 'o4', kind: 'charged_free', replay: 'charged (marketing)', provider: 'free (free_customer_service, marketing)', regime: 'meta-pmp-2025', free_reason: null, charge_class: 'marketing', pricing_type: 'free_customer_service', pricing_category: 'marketing' },
      // Free-form inside the CSW is free before 2026-10; Meta billed it.
      { id: 'o5', kind: 'free_charged', replay: 'free (inside_csw)', provider: 'charged (regular, service)', regime: 'meta-pmp-2025', free_reason: 'inside_csw', charge_class: null, pricing_type: 'regular', pricing_category: 'service' },
      // Both charge it, under different categories.
      { id: 'o6', kind: 'category', replay: 'charged (utility)', provider: 'charged (regular, authentication)', regime: 'meta-pmp-2025', free_reason: null, charge_class: 'utility', pricing_type: 'regular', pricing_category: 'authentication' },
      // Both free, for different reasons: the service allowance against an entry point that the log does not show.
      { id: 'o10', kind: 'free_reason', replay: 'free (free_tier)', provider: 'free (free_entry_point, service)', regime: 'meta-2026-10', free_reason: 'free_tier', charge_class: null, pricing_type: 'free_entry_point', pricing_category: 'service' },
    ]);
  });

  it("free_customer_service is read by the regime in force: inside the CSW until 2026-09-30 (o1, o2), the number's free tier from 2026-10-01 (o7)", () => {
    const ids = disagreements('--ruleset', 'meta').map((d) => d.id);
    expect(ids).not.toContain('o1');
    expect(ids).not.toContain('o2');
    expect(ids).not.toContain('o7');
    // Without the allowance, o7 is a charged service message: Meta's free_customer_service then disagrees.
    const off = disagreements('--ruleset', 'meta', '--service-free-tier', '0').filter((d) => d.id === 'o7');
    expect(off).toEqual([expect.objectContaining({ kind: 'charged_free', replay: 'charged (service)', regime: 'meta-2026-10' })]);
  });

  it('a message only the webhooks know (o11: its kind is its pricing category) is not compared with that pricing object', () => {
    expect(disagreements('--ruleset', 'meta').map((d) => d.id)).not.toContain('o11');
  });

  it('a CBP-era status names the conversation, not the message: with no log, its kind is unknown (unclassified), never guessed', () => {
    const body = {
      object: 'whatsapp_business_account',
      entry: [{ id: '1', changes: [{ field: 'messages', value: { metadata: { display_phone_number: '551140040001', phone_number_id: '106540352242922' }, statuses: [{ id: 'c1', status: 'delivered', timestamp: '1717232400', recipient_id: '5511987650201', pricing: { billable: true, pricing_model: 'CBP', category: 'marketing' } }] } }] }],
    };
    const r = cli(['audit', '-', '--format', 'json', '--ruleset', 'meta-cbp-2023'], { input: JSON.stringify(body) + '\n' });
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as { messages: { id: string; type: string; free_reason: string | null }[] };
    expect(report.messages).toEqual([expect.objectContaining({ id: 'c1', type: 'unknown', free_reason: 'unclassified' })]);
  });
});
