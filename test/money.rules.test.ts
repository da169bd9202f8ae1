// Money is never a binary float: decimal.js is reached only through src/model/money.ts, and no
// module turns an amount into a number (`toNumber`, `Number(...)` of an amount, `+amount`) or
// parses a price with parseFloat. A check over the source, so that a later change cannot slip
// a float into the money path unseen.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}
const SOURCES = files('src').map((f) => [f, readFileSync(f, 'utf8')] as const);

describe('money stays exact', () => {
  it('only src/model/money.ts imports decimal.js', () => {
    expect(SOURCES.filter(([, text]) => /from 'decimal\.js'/.test(text)).map(([f]) => f)).toEqual([join('src', 'model', 'money.ts')]);
  });

  it('no module turns a decimal into a binary float', () => {
    const offending = SOURCES.filter(([, text]) => /\.toNumber\(\)|\.valueOf\(\)/.test(text)).map(([f]) => f);
    expect(offending).toEqual([]);
  });

  it('prices are read by parseAmount, never parseFloat or Number', () => {
    const money = SOURCES.filter(([f]) => /rates|pricing|money/.test(f));
    expect(money.length).toBeGreaterThanOrEqual(4);
    for (const [f, text] of money) expect(`${f}: ${/parseFloat\(|Number\((price|amount|cell)/.test(text)}`).toBe(`${f}: false`);
  });
});
