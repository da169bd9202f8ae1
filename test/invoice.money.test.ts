// Invoice money cells (reconcile.md): every common writing read exactly, the decimal mark
// settled per file, an ambiguous file left to --decimal-comma/--decimal-point.
import { describe, expect, it } from 'vitest';
import { amountWith, marksOf, moneyCell, settleMark } from '../src/ingest/invoice-money.js';
import { amountText } from '../src/model/money.js';

const read = (text: string, mark: '.' | ','): string | null => {
  const c = moneyCell(text);
  const a = c === null ? null : amountWith(c, mark);
  return a === null ? null : amountText(a);
};

describe('invoice money cells', () => {
  it.each([
    ['1,234.56', '.', '1234.56'],
    ['1.234,56', ',', '1234.56'],
    ['R$ 1.234,56', ',', '1234.56'],
    ['R$\u00a01.234,56', ',', '1234.56'],
    ['US$ 0.0625', '.', '0.0625'],
    ['-0,30', ',', '-0.3'],
    ['(12.50)', '.', '-12.5'],
    ['0,0068', ',', '0.0068'],
    ['12', '.', '12'],
  ] as const)('%j with %j is %j', (text, mark, value) => {
    expect(read(text, mark)).toBe(value);
  });

  it('names the currency a cell marks', () => {
    expect(moneyCell('R$ 1,00')?.currency).toBe('BRL');
    expect(moneyCell('US$ 0.06')?.currency).toBe('USD');
    expect(moneyCell('0.06 EUR')?.currency).toBe('EUR');
    expect(moneyCell('abc')).toBeNull();
  });

  it('a cell read one way only settles the file; cells that allow both leave it open; disagreeing cells conflict', () => {
    expect(marksOf('1,234')).toEqual(['.', ',']);
    expect(marksOf('1.234,56')).toEqual([',']);
    // A first group of 0 is no thousands group: '0.001' and '0,035' are fractions.
    expect(marksOf('0.001')).toEqual(['.']);
    expect(marksOf('0,035')).toEqual([',']);
    expect(settleMark(['1,234', '0,5'])).toBe(',');
    expect(settleMark(['1,234', '1.5'])).toBe('.');
    expect(settleMark(['1,234', '12'])).toBeNull();
    expect(settleMark(['1.234,56', '1,234.56'])).toBe('conflict');
  });
});
