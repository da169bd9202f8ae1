// The JSON Schema of report version 2 (schemas/report-v2.schema.json) holds every golden report
// and the reports of the other shapes the CLI writes (a shard, the provider section, contact
// merges, a priced run); and its lists name exactly the columns of the report's list schemas,
// so that neither can change without the other.
import { readFileSync, readdirSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import * as lists from '../src/report/schema.js';
import { cli } from './helpers/cli.js';

const schema = JSON.parse(readFileSync('schemas/report-v2.schema.json', 'utf8')) as {
  $defs: Record<string, { properties: Record<string, unknown> }>;
};
const ajv = new Ajv2020({ allErrors: true, strict: true });
const validate = ajv.compile(schema);

function check(report: unknown): void {
  const ok = validate(report);
  expect(ok ? [] : validate.errors?.map((e) => `${e.instancePath} ${e.message}`)).toEqual([]);
}

describe('report v2 JSON Schema', () => {
  const goldens = readdirSync('test/golden').filter((f) => f.endsWith('.json'));
  it('there are golden reports to check', () => {
    expect(goldens.length).toBeGreaterThanOrEqual(3);
  });
  for (const g of goldens) {
    it(`validates test/golden/${g}`, () => check(JSON.parse(readFileSync(`test/golden/${g}`, 'utf8'))));
  }

  it.each([
    ['a shard with contact merges', ['fixtures/sample.csv', '--shard', '1/2', '--br-ninth-digit']],
    ['the provider section and its disagreements', ['fixtures/providers/crosscheck/sent.csv', 'fixtures/providers/crosscheck/statuses.ndjson', '--ruleset', 'meta']],
    ['unclassified messages', ['fixtures/providers/twilio.csv', '--preset', 'twilio']],
    ['a priced robbu run with a period', ['fixtures/sample.csv', '--rates', 'rates/meta-usd-example.csv', '--from', '2025-03-04', '--to', '2025-03-06']],
  ])('validates %s', (_, args) => {
    const r = cli(['audit', '--format', 'json', ...args]);
    expect(r.code, r.stderr).toBe(0);
    check(JSON.parse(r.stdout));
  });

  it('rejects a report with an amount in exponent notation or a float', () => {
    const report = JSON.parse(readFileSync('test/golden/sample.meta-priced.json', 'utf8')) as { summary: { amounts: Record<string, unknown> } };
    report.summary.amounts.USD = '1.431e0';
    expect(validate(report)).toBe(false);
    report.summary.amounts.USD = 1.431;
    expect(validate(report)).toBe(false);
  });

  const LISTS: [string, lists.ListSchema][] = [
    ['session', lists.SESSIONS],
    ['template', lists.TEMPLATES],
    ['violation', lists.VIOLATIONS],
    ['message', lists.MESSAGES],
    ['total', lists.TOTALS],
    ['rejected', lists.REJECTED],
    ['unclassified', lists.UNCLASSIFIED],
    ['disagreement', lists.DISAGREEMENT_LIST],
  ];
  it.each(LISTS)('the schema of a %s row names the columns of its list, in order', (def, list) => {
    expect(Object.keys(schema.$defs[def].properties)).toEqual(list.columns.map((c) => c.key));
  });
});
