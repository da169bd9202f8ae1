// Money cells of an invoice (reconcile.md, "Invoice inputs"): `1,234.56`, `1.234,56`,
// `R$ 1.234,56`, `US$ 0.0625`, `-0,30`. Which of `.` and `,` is the decimal separator is settled
// per file, as the day/month order of dates is: a cell that can be read only one way decides;
// a file whose cells could be read either way is an error naming --decimal-comma and
// --decimal-point; cells that disagree are too.
import { InputError } from '../model/errors.js';
import { type Amount, parseAmount } from '../model/money.js';

export type DecimalMark = '.' | ',';

/** The currency a cell's prefix or suffix names (`R$`, `US$`, `$`, an ISO code), if any. */
const CURRENCY_MARKS: ReadonlyMap<string, string> = new Map([
  ['R$', 'BRL'],
  ['US$', 'USD'],
  ['$US', 'USD'],
  ['$', 'USD'],
  ['€', 'EUR'],
  ['£', 'GBP'],
]);

export interface MoneyCell {
  readonly sign: '' | '-';
  /** Digits and separators, currency marks and spaces removed. */
  readonly number: string;
  readonly currency: string | null;
}

/** Splits a cell into its sign, number and currency mark; null when it is not money. */
export function moneyCell(text: string): MoneyCell | null {
  let t = text.trim().replace(/\u00a0/g, ' ');
  let currency: string | null = null;
  const mark = /^([A-Z]{3}|R\$|US\$|\$US|\$|€|£)\s*|\s*([A-Z]{3}|R\$|US\$|€|£)$/.exec(t);
  if (mark !== null) {
    const m = mark[1] ?? mark[2];
    currency = CURRENCY_MARKS.get(m) ?? m;
    t = t.replace(mark[0], '').trim();
  }
  let sign: '' | '-' = '';
  if (t.startsWith('-') || (t.startsWith('(') && t.endsWith(')'))) {
    sign = '-';
    t = t.replace(/^-|^\(|\)$/g, '').trim();
  }
  if (!/^\d[\d.,]*$/.test(t) && !/^[.,]\d+$/.test(t)) return null;
  return { sign, number: t, currency };
}

/**
 * How a number could be read: `.` decimal, `,` decimal, or both (no separator, or a lone
 * separator that could be either: `1,234`, `1.234`). Null when neither reading is valid.
 */
export function marksOf(number: string): readonly DecimalMark[] {
  // Thousands groups follow a first group that is not 0 (`0.001` is a fraction in any writing).
  const point = /^[1-9]\d{0,2}(,\d{3})*(\.\d+)?$|^\d+(\.\d+)?$|^\.\d+$/.test(number);
  const comma = /^[1-9]\d{0,2}(\.\d{3})*(,\d+)?$|^\d+(,\d+)?$|^,\d+$/.test(number);
  // Digits only: either reading.
  if (/^\d+$/.test(number)) return ['.', ','];
  return [...(point ? (['.'] as const) : []), ...(comma ? ([','] as const) : [])];
}

/** The cell's amount read with a settled decimal mark; null when it cannot be so read. */
export function amountWith(cell: MoneyCell, mark: DecimalMark): Amount | null {
  if (!marksOf(cell.number).includes(mark)) return null;
  const plain = mark === '.' ? cell.number.replace(/,/g, '') : cell.number.replace(/\./g, '').replace(',', '.');
  return parseAmount(cell.sign + plain);
}

/**
 * The decimal mark of a file's money cells: the one every cell allows, when cells settle it;
 * `null` when every cell allows both (ambiguous: the caller names the options), or
 * `'conflict'` when no mark reads them all.
 */
export function settleMark(numbers: Iterable<string>): DecimalMark | null | 'conflict' {
  let point = true;
  let comma = true;
  for (const n of numbers) {
    const marks = marksOf(n);
    point &&= marks.includes('.');
    comma &&= marks.includes(',');
  }
  if (!point && !comma) return 'conflict';
  if (point && comma) return null;
  return point ? '.' : ',';
}

/** The decimal mark of a file's money cells: given, else the one every cell allows. */
export function settleFileMark(file: string, line: number, cells: readonly string[], given: DecimalMark | null): DecimalMark {
  if (given !== null) return given;
  const numbers = cells.map((c) => moneyCell(c)?.number).filter((n): n is string => n !== undefined);
  const settled = settleMark(numbers);
  if (settled === 'conflict') throw new InputError('its amounts are written with both decimal marks; pass --decimal-comma or --decimal-point', file, line);
  if (settled === null && numbers.some((n) => /[.,]/.test(n))) {
    throw new InputError("its amounts read as well with a decimal comma as with a decimal point (such as '1,234'); pass --decimal-comma or --decimal-point", file, line);
  }
  return settled ?? '.';
}

/**
 * Charges written as negative numbers (Twilio's `Price`): when every non-zero charge of a file
 * is negative, the file's amounts are read with the sign turned.
 */
export function settleSign<T extends { readonly amount: Amount | null }>(charges: readonly T[]): boolean {
  const signs = charges.filter((c) => c.amount !== null && !c.amount.isZero()).map((c) => (c.amount as Amount).isNegative());
  return signs.length > 0 && signs.every(Boolean);
}

export const turned = <T extends { readonly amount: Amount | null }>(x: T): T => (x.amount === null ? x : { ...x, amount: x.amount.negated() });

