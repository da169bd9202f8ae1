// Golden reconcile reports: the whole JSON of `wa-audit reconcile` on each invoice fixture, byte
// for byte, each held to the JSON Schema of reconcile_version 1 (schemas/reconcile-v1.schema.json).
// The facts in them are checked one by one in reconcile.e2e.test.ts. After an intended change of
// output: `UPDATE_GOLDEN=1 npx vitest run test/reconcile.golden.test.ts` (writes, compares
// nothing), review the diff, run again.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { cli } from './helpers/cli.js';

const validate = new Ajv2020({ allErrors: true, strict: true }).compile(JSON.parse(readFileSync('schemas/reconcile-v1.schema.json', 'utf8')) as object);
const AUGUST = ['fixtures/invoices/log-2025-08.csv', '--ruleset', 'meta', '--tz', 'America/Sao_Paulo', '--rates', 'fixtures/invoices/card-brl-2025-07.csv', '--period', '2025-08'];

const CASES: { golden: string; args: string[] }[] = [
  { golden: 'meta-2025-08-by-message.json', args: [...AUGUST, '--invoice', 'fixtures/invoices/meta-2025-08-by-message.csv', '--date-format', 'dd/MM/yyyy', '--all'] },
  { golden: 'meta-2025-08-summary.json', args: [...AUGUST, '--invoice', 'fixtures/invoices/meta-2025-08-summary.csv', '--detail'] },
  { golden: 'meta-2025-08-pricing-analytics.json', args: [...AUGUST, '--invoice', 'fixtures/invoices/meta-2025-08-pricing-analytics.json', '--detail'] },
  { golden: 'sample-conversation-analytics.json', args: ['fixtures/sample.csv', '--invoice', 'fixtures/invoices/sample-conversation-analytics.json', '--ruleset', 'meta', '--tz', 'America/Sao_Paulo', '--rates', 'rates/meta-usd-example.csv', '--period', '2025-03'] },
  { golden: 'sample-itemised-by-message.json', args: ['fixtures/sample.csv', '--invoice', 'fixtures/invoices/itemised-by-message.csv', '--ruleset', 'meta', '--tz', 'America/Sao_Paulo', '--rates', 'rates/meta-usd-example.csv', '--period', '2025-03', '--redact'] },
];

describe('golden reconcile reports', () => {
  for (const c of CASES) {
    const file = `test/golden/reconcile/${c.golden}`;
    it(`wa-audit reconcile ${c.args.join(' ')} = ${file}, valid against the schema`, (ctx) => {
      const r = cli(['reconcile', ...c.args, '--format', 'json']);
      expect(r.code, r.stderr).toBe(0);
      const ok = validate(JSON.parse(r.stdout));
      expect(ok ? [] : validate.errors?.map((e) => `${e.instancePath} ${e.message}`)).toEqual([]);
      if (process.env.UPDATE_GOLDEN) {
        writeFileSync(file, r.stdout);
        ctx.skip();
      }
      expect(existsSync(file), `${file} is missing; run with UPDATE_GOLDEN=1`).toBe(true);
      expect(r.stdout).toBe(readFileSync(file, 'utf8'));
    });
  }

  it('the schema refuses what the contract does not allow', () => {
    const good = JSON.parse(readFileSync('test/golden/reconcile/meta-2025-08-summary.json', 'utf8')) as { buckets: { expected_amount: unknown }[]; reconcile_version: unknown };
    expect(validate(good)).toBe(true);
    expect(validate({ ...good, reconcile_version: 2 })).toBe(false);
    expect(validate({ ...good, buckets: [{ ...good.buckets[0], expected_amount: 1.29 }] })).toBe(false);
    expect(validate({ ...good, buckets: [{ ...good.buckets[0], expected_amount: '1.290' }] })).toBe(false);
  });
});
