// `wa-audit explain` end to end on the sample: the timeline of one key, each step's decision
// and reason in words (checked by hand against the sample's story in test/sample.test.ts), the
// JSON steps, --at, --business, prices with --rates, and the errors.
import { describe, expect, it } from 'vitest';
import { cli } from './helpers/cli.js';

interface Step {
  id: string;
  at: string;
  direction: string;
  decision: string;
  charge_class: string | null;
  free_reason: string | null;
  why: string;
  until: string | null;
  amount: string | null;
  currency: string | null;
}
interface Explained {
  explain_version: number;
  ruleset: string;
  keys: { business: string; contact: string; steps: Step[] }[];
}

function explain(...args: string[]): Explained {
  const r = cli(['explain', 'fixtures/sample.csv', '--format', 'json', '--tz', 'America/Sao_Paulo', ...args]);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as Explained;
}

describe('wa-audit explain', () => {
  it('says why a template was charged and why the next one was free (robbu)', () => {
    const e = explain('--contact', '5521981010002');
    expect(e.explain_version).toBe(1);
    expect(e.keys.map((k) => [k.business, k.contact])).toEqual([['552130030002', '5521981010002']]);
    expect(e.keys[0].steps.map((s) => [s.id, s.direction, s.decision, s.charge_class ?? s.free_reason, s.why])).toEqual([
      ['wamid.B1.1', 'outbound', 'charged', 'session', 'charged (session): no session or conversation covered it and the customer window is closed, so it opens a business-initiated session until 2025-03-04T08:37:00-03:00'],
      ['wamid.B1.2', 'outbound', 'free', 'inside_session', 'free: inside the business-initiated session opened by wamid.B1.1, open until 2025-03-04T08:37:00-03:00'],
      ['wamid.B1.3', 'inbound', 'inbound', null, 'the customer writes: the customer window is open until 2025-03-04T11:37:00-03:00'],
      ['wamid.B1.4', 'outbound', 'free', 'inside_session', 'free: inside the business-initiated session opened by wamid.B1.1, open until 2025-03-04T08:37:00-03:00'],
    ]);
  });

  it('says why a free-form message is a violation, and prices the charged one under meta with --rates', () => {
    const e = explain('--contact', '+55 11 98102-0003', '--ruleset', 'meta', '--rates', 'rates/meta-usd-example.csv');
    const [charged, violation] = e.keys[0].steps;
    expect(charged).toMatchObject({ id: 'wamid.C1.1', decision: 'charged', charge_class: 'utility', amount: '0.0068', currency: 'USD', until: '2025-03-04T09:14:00-03:00' });
    expect(violation).toMatchObject({
      id: 'wamid.C1.2',
      decision: 'violation',
      free_reason: 'violation',
      why: 'violation: free-form while the customer window is closed (the contact never wrote); not charged',
    });
  });

  it('the table writes the same reasons in the locale: labels, dates and money', () => {
    const r = cli(['explain', 'fixtures/sample.csv', '--contact', '5511981020003', '--tz', 'America/Sao_Paulo', '--ruleset', 'meta', '--rates', 'rates/meta-usd-example.csv', '--locale', 'pt-BR']);
    expect(r.code).toBe(0);
    // pt-BR: the labels and reasons in Portuguese, dates day first, money as in Brazil.
    expect(r.stdout).toContain('Empresa 551140040001, contato 5511981020003: regras meta, horários em America/Sao_Paulo');
    const flat = r.stdout.replace(/[│\s]+/g, ' ');
    expect(flat).toContain('até 04/03/2025 09:14:00; preço US$ 0,01');
    expect(flat).toContain('violação: texto livre enquanto a janela de atendimento de 24 horas está fechada (o contato nunca escreveu); não cobrada');
    const en = cli(['explain', 'fixtures/sample.csv', '--contact', '5511981020003', '--tz', 'America/Sao_Paulo']).stdout.replace(/[│\s]+/g, ' ');
    expect(en).toContain('violation: free-form while the customer window is closed (the contact never wrote); not charged');
  });

  it('--at ends the timeline at an instant; --business keeps one key', () => {
    const e = explain('--contact', '5521981010002', '--at', '2025-03-03T10:37:00-03:00');
    expect(e.keys[0].steps.map((s) => s.id)).toEqual(['wamid.B1.1', 'wamid.B1.2']);
    expect(explain('--contact', '5521981010002', '--business', '552130030002').keys).toHaveLength(1);
    const other = cli(['explain', 'fixtures/sample.csv', '--contact', '5521981010002', '--business', '551140040001']);
    expect(other.code).toBe(2);
    expect(other.stderr).toMatch(/no messages with contact 5521981010002 and business 551140040001 in the log/);
  });

  it('a contact the log does not have is an error that says how to write it', () => {
    const r = cli(['explain', 'fixtures/sample.csv', '--contact', '999']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no messages with contact 999 in the log; write the number as the log does/);
    expect(cli(['explain', 'fixtures/sample.csv']).code).toBe(2);
  });
});
