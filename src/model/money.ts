// Money: exact decimals (decimal.js), never binary floating point (pricing.md, "Money is
// exact"). Prices and amounts are `Amount`s; they are added only within one currency; JSON
// carries them as decimal strings in plain notation, every significant digit, no trailing
// fractional zeros; people see them rounded half-even to the currency's minor unit only when
// printed.
import { createRequire } from 'node:module';
import type { Decimal } from 'decimal.js';

/** An exact decimal amount of money (or price). Immutable. */
export type Amount = Decimal;

const require = createRequire(import.meta.url);
let exact: typeof Decimal | null = null;
let zeroAmount: Amount | null = null;

/**
 * Decimals wide enough for any rate card: 60 significant digits, no exponent in plain strings.
 * decimal.js is loaded on first use (it takes milliseconds to load): a run without money never does.
 */
function Exact(): typeof Decimal {
  if (exact === null) {
    const { Decimal: D } = require('decimal.js') as typeof import('decimal.js');
    exact = D.clone({ precision: 60, rounding: D.ROUND_HALF_EVEN, toExpNeg: -1e9, toExpPos: 1e9 });
  }
  return exact;
}

/** The amount 0 (the start of every sum). */
export function zero(): Amount {
  return (zeroAmount ??= new (Exact())(0));
}

/**
 * A price as a rate card writes it: digits with an optional `.` fraction, optionally signed;
 * with `thousands`, `,` between groups of three digits before the point (`1,940.13`, Meta's
 * files). Null when it is not such a number.
 */
export function parseAmount(text: string, thousands = false): Amount | null {
  let t = text.trim();
  if (thousands && /^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$/.test(t)) t = t.replace(/,/g, '');
  if (!/^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(t)) return null;
  return new (Exact())(t);
}

export function sum(amounts: readonly Amount[]): Amount {
  let total = zero();
  for (const a of amounts) total = total.plus(a);
  return total;
}

/** Plain notation, every significant digit, no trailing fractional zeros: `0.0186`, `12`, `0`. */
export function amountText(a: Amount): string {
  const s = a.toFixed();
  return s === '-0' ? '0' : s;
}

/** Minor-unit digits of a currency (ISO 4217), as `Intl` knows them; 2 when it does not. */
function minorDigits(currency: string): number {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}

/**
 * An amount for people: rounded half-even to the currency's minor unit (or to `places`, when
 * more), in the locale's money style (`R$ 1.234,56` in pt-BR). The rounding is exact (decimal), and only the rounded digits
 * reach `Intl`, as a string.
 */
export function formatMoney(a: Amount, currency: string, locale: string, places = 0): string {
  const digits = Math.max(minorDigits(currency), places);
  const rounded = a.toDecimalPlaces(digits, Exact().ROUND_HALF_EVEN).toFixed(digits);
  const nf = new Intl.NumberFormat(locale, { style: 'currency', currency, minimumFractionDigits: digits, maximumFractionDigits: digits });
  // Intl takes a decimal string exactly (no float on the way) from Node 19 on.
  return nf.format(rounded as unknown as number);
}

/**
 * `part` as a share of `whole` (0 to 1), to six places: for drawing a bar's height, never for
 * money (amounts stay decimals). 0 when `whole` is zero.
 */
export function shareOf(part: Amount, whole: Amount): number {
  if (whole.isZero()) return 0;
  return Number(part.div(whole).toDecimalPlaces(6).toFixed(6));
}

/** An amount rounded half-even to `places` decimals (an invoice's scale, before comparing). */
export function roundHalfEven(a: Amount, places: number): Amount {
  return a.toDecimalPlaces(places, Exact().ROUND_HALF_EVEN);
}

/**
 * Amounts read, rounded, subtracted and written once per distinct value, exactly as the
 * functions above: an invoice and a replay repeat a few prices across millions of lines.
 * Amounts are keyed by their plain text (`amountText`), which is one text per value.
 */
export class AmountMemo {
  readonly #parsed = new Map<string, Amount | null>();
  readonly #texts = new WeakMap<Amount, string>();
  readonly #ops = new Map<string, string>();
  readonly #rounded = new Map<number, Map<string, string>>();

  parse(text: string): Amount | null {
    let a = this.#parsed.get(text);
    if (a === undefined) {
      a = parseAmount(text);
      this.#parsed.set(text, a);
    }
    return a;
  }

  text(a: Amount): string {
    let t = this.#texts.get(a);
    if (t === undefined) {
      t = amountText(a);
      this.#texts.set(a, t);
    }
    return t;
  }

  /** `text` rounded half-even to `places` decimals, as text. */
  round(text: string, places: number): string {
    let byText = this.#rounded.get(places);
    if (byText === undefined) this.#rounded.set(places, (byText = new Map()));
    let r = byText.get(text);
    if (r === undefined) byText.set(text, (r = amountText(roundHalfEven(this.parse(text) as Amount, places))));
    return r;
  }

  /** `a - b`, as text. */
  minus(a: string, b: string): string {
    return this.#op(`-${a}|${b}`, () => amountText((this.parse(a) as Amount).minus(this.parse(b) as Amount)));
  }

  #op(key: string, make: () => string): string {
    let t = this.#ops.get(key);
    if (t === undefined) {
      t = make();
      this.#ops.set(key, t);
    }
    return t;
  }
}

/** Amounts summed per currency by counting each distinct amount: one multiplication per price, not one addition per line. */
export class AmountTally {
  readonly #counts = new Map<string, Map<string, { n: number }>>();

  /** `times` amounts of `amount` in `currency` (nothing when either is null). */
  add(currency: string | null, amount: string | null, times = 1): void {
    if (currency === null || amount === null) return;
    let byAmount = this.#counts.get(currency);
    if (byAmount === undefined) this.#counts.set(currency, (byAmount = new Map()));
    const c = byAmount.get(amount);
    if (c === undefined) byAmount.set(amount, { n: times });
    else c.n += times;
  }

  /** The sum per currency. */
  sums(): Map<string, Amount> {
    const out = new Map<string, Amount>();
    for (const [currency, byAmount] of this.#counts) {
      let sum = zero();
      for (const [amount, c] of byAmount) sum = sum.plus((parseAmount(amount) as Amount).times(c.n));
      out.set(currency, sum);
    }
    return out;
  }
}
