// Golden reports: the whole JSON report of each shipped fixture, byte for byte, as the CLI
// prints it. They guard against regressions; the facts in them are checked by hand in
// sample.test.ts and the worked-example tests. After an intended change of output, run
// `UPDATE_GOLDEN=1 npx vitest run test/golden.test.ts` (it writes the files and compares
// nothing: those tests are skipped), review the diff, then run the tests again.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cli } from './helpers/cli.js';

const CASES: { golden: string; args: string[] }[] = [
  { golden: 'test/golden/sample.json', args: ['audit', 'fixtures/sample.csv', '--format', 'json'] },
  {
    golden: 'test/golden/sample.sao-paulo.json',
    args: ['audit', 'fixtures/sample.csv', '--format', 'json', '--tz', 'America/Sao_Paulo'],
  },
  {
    golden: 'test/golden/sample.meta-priced.json',
    args: ['audit', 'fixtures/sample.csv', '--format', 'json', '--ruleset', 'meta', '--tz', 'America/Sao_Paulo', '--rates', 'rates/meta-usd-example.csv'],
  },
];

describe('golden reports', () => {
  for (const c of CASES) {
    it(`wa-audit ${c.args.join(' ')} = ${c.golden}`, (ctx) => {
      const r = cli(c.args);
      expect(r.code).toBe(0);
      if (process.env.UPDATE_GOLDEN) {
        // A run that writes the golden files does not also compare against them.
        writeFileSync(c.golden, r.stdout);
        ctx.skip();
      }
      expect(existsSync(c.golden), `${c.golden} is missing; run with UPDATE_GOLDEN=1`).toBe(true);
      expect(r.stdout).toBe(readFileSync(c.golden, 'utf8'));
    });
  }
});
