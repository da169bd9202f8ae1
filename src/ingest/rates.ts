// Rate cards (`--rates FILE`, pricing.md "Rate cards and money"), in two layouts told apart by
// the header:
// - wa-audit's own long format: `valid_from`, `market`, `currency`, an optional `tier_from`, and
//   one column per charge class; a row per market, date and tier;
// - Meta's rates CSV as downloaded: title and note rows (one names the effective date), then
//   `Market,Currency,Marketing,Utility,Authentication,"Authentication-International",Service`
//   (a line break inside the quoted header), currency tokens such as `$US` or `R$`, `n/a` for
//   no rate, thousands separators in numbers.
// Headers match like a log's (case, accents, spaces, `_` and `-` ignored). Any value that
// cannot be read is an error naming its file and line: a price is never guessed.
import { InputError } from '../model/errors.js';
import { parseAmount, type Amount } from '../model/money.js';
import { CHARGE_CLASSES, type ChargeClass, type RateCard, type RateRow, TIERED_CLASSES } from '../model/rates.js';
import { dateStartAt, TimeZone } from '../model/time.js';
import { marketKey, type MarketsTable } from '../model/markets.js';
import { csvRecords } from './csv.js';
import { headerKey } from './fields.js';

/** Cells that mean "no price" (Meta writes `n/a` or `--`). */
const NO_PRICE = new Set(['', 'n/a', 'na', '--', '-']);

/** Meta's currency tokens (and a typo seen in a published card) by ISO 4217 code. */
const CURRENCY_TOKENS: ReadonlyMap<string, string> = new Map([
  ['$US', 'USD'],
  ['US$', 'USD'],
  ['$', 'USD'],
  ['A$', 'AUD'],
  ['AU$', 'AUD'],
  ['£', 'GBP'],
  ['GBD', 'GBP'],
  ['€', 'EUR'],
  ['₹', 'INR'],
  ['RS', 'INR'],
  ['RP', 'IDR'],
  ['R$', 'BRL'],
  ['S$', 'SGD'],
  ['RM', 'MYR'],
  ['S/', 'PEN'],
  ['S/.', 'PEN'],
]);

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

/** The effective date a title row names (`effective July 1, 2026`, `effective 1 July 2026`, `2026-07-01`); null if none. */
function effectiveDate(text: string): string | null {
  const t = text.toLowerCase();
  if (!t.includes('effective')) return null;
  const iso = /(\d{4})-(\d{2})-(\d{2})/.exec(t);
  if (iso !== null) return iso[0];
  const month = `(${MONTHS.join('|')})`;
  const mdy = new RegExp(`${month}\\s+(\\d{1,2}),?\\s+(\\d{4})`).exec(t);
  const dmy = new RegExp(`(\\d{1,2})\\s+${month},?\\s+(\\d{4})`).exec(t);
  const [m, d, y] = mdy !== null ? [mdy[1], mdy[2], mdy[3]] : dmy !== null ? [dmy[2], dmy[1], dmy[3]] : [null, null, null];
  if (m === null) return null;
  return `${y}-${String(MONTHS.indexOf(m) + 1).padStart(2, '0')}-${(d as string).padStart(2, '0')}`;
}

export interface RateCardOptions {
  /** The account's zone: a `valid_from` date starts at its 00:00 there. */
  readonly zone: TimeZone;
  /** `--rates-from`: the date a Meta rates file applies from when its title names none. */
  readonly ratesFrom?: string | null;
}

/** Reads one rate card file's text, in either layout, into rows. */
export function readRateCard(file: string, text: string, options: RateCardOptions | TimeZone): RateCard {
  const { zone, ratesFrom = null }: RateCardOptions = options instanceof TimeZone ? { zone: options } : options;
  const records = csvRecords(file, text);
  // The header is the first record naming a market and a currency: Meta's files put title and
  // note rows above it.
  const at = records.findIndex((r) => r.fields.some((f) => headerKey(f) === 'market') && r.fields.some((f) => headerKey(f) === 'currency'));
  if (at < 0) throw new InputError('not a rate card: no header row names a market and a currency', file, records[0]?.line ?? 1);
  const header = records[at];
  const titles = records.slice(0, at);
  records.splice(0, at + 1);
  const columns = header.fields.map(headerKey);
  const meta = !columns.includes(headerKey('valid_from'));
  let metaDate: string | null = null;
  if (meta) {
    metaDate = titles.map((r) => effectiveDate(r.fields.join(' '))).find((d) => d !== null) ?? ratesFrom;
    if (metaDate === null) {
      throw new InputError("a Meta rates or volume-tiers file whose title names no effective date; pass --rates-from yyyy-MM-dd (the date its rates apply from)", file, header.line);
    }
  }
  if (meta && columns.includes('from')) {
    const rows = tierRows(file, records, header, titles.at(-1)?.fields ?? null, metaDate as string, zone);
    return { rows, files: [{ file, validFrom: [metaDate as string] }] };
  }
  const col = (name: string): number => columns.indexOf(headerKey(name));
  const required = (name: string): number => {
    const c = col(name);
    if (c < 0) throw new InputError(`the rate card has no '${name}' column; it needs valid_from, market, currency and a column per charge class (${CHARGE_CLASSES.join(', ')})`, file, header.line);
    return c;
  };
  const validFrom = meta ? -1 : required('valid_from');
  const market = required('market');
  const currency = required('currency');
  const tierFrom = col('tier_from');
  const classes = CHARGE_CLASSES.map((c) => [c, col(c)] as const).filter(([, c]) => c >= 0);
  if (classes.length === 0) throw new InputError(`the rate card prices no charge class; name at least one column of ${CHARGE_CLASSES.join(', ')}`, file, header.line);

  const rows: RateRow[] = [];
  const dates = new Set<string>();
  for (const { fields, line } of records) {
    if (fields.every((f) => f.trim() === '')) continue;
    if (fields.length !== header.fields.length) {
      throw new InputError(`has ${fields.length} fields, the header has ${header.fields.length}`, file, line);
    }
    const date = validFrom < 0 ? (metaDate as string) : fields[validFrom].trim();
    const start = dateStart(date, zone, file, line);
    const place = marketOf(fields[market].trim(), file, line);
    const code = currencyOf(fields[currency].trim(), file, line);
    const tierText = tierFrom < 0 ? '0' : fields[tierFrom].trim() || '0';
    if (!/^\d+$/.test(tierText)) throw new InputError(`tier_from '${tierText}' is not a count of messages`, file, line);
    const tier = Number(tierText);
    const prices = new Map<ChargeClass, Amount>();
    for (const [cls, c] of classes) {
      const cell = fields[c].trim();
      if (NO_PRICE.has(cell.toLowerCase())) continue;
      const price = parseAmount(cell, meta);
      if (price === null || price.isNegative()) throw new InputError(`${cls} price '${cell}' is not a decimal number such as 0.0625`, file, line);
      if (tier > 0 && !TIERED_CLASSES.includes(cls)) {
        throw new InputError(`a row with tier_from ${tier} prices ${cls}, which has no volume tiers; tiers price only ${TIERED_CLASSES.join(', ')}`, file, line);
      }
      prices.set(cls, price);
    }
    dates.add(date);
    rows.push({
      validFrom: start,
      ...place,
      currency: code,
      tierFrom: tier,
      prices,
      source: `${file}:${line}`,
    });
  }
  return { rows, files: [{ file, validFrom: [...dates].sort() }] };
}

/** The ISO 4217 code of a currency cell (a code, or one of Meta's tokens). */
function currencyOf(written: string, file: string, line: number): string {
  const code = CURRENCY_TOKENS.get(written.toUpperCase()) ?? written.toUpperCase();
  if (!/^[A-Z]{3}$/.test(code)) throw new InputError(`currency '${written}' is not an ISO 4217 code (such as USD, BRL)`, file, line);
  return code;
}

/** A market cell: an ISO country code (upper-cased) or a market name as written. */
function marketOf(written: string, file: string, line: number): { readonly market: string; readonly isCountry: boolean } {
  if (written === '') throw new InputError('a row without a market', file, line);
  const isCountry = /^[A-Za-z]{2}$/.test(written);
  return { market: isCountry ? written.toUpperCase() : written, isCountry };
}

/** The instant a `yyyy-MM-dd` date starts in the zone. */
function dateStart(date: string, zone: TimeZone, file: string, line: number): number {
  const t = dateStartAt(date, zone);
  if (Number.isNaN(t)) throw new InputError(`valid_from '${date}' is not a date (yyyy-MM-dd)`, file, line);
  return t;
}

/** The classes of Meta's volume-tiers file, in the order its column groups come. */
const TIER_GROUPS: readonly ChargeClass[] = ['utility', 'authentication', 'authentication_international'];

/**
 * Meta's volume-tiers file: per market, for each tiered class, the columns `From` (inclusive,
 * counted from 1), `To` (`--`: no bound), `Rate type`, `Rate`, `vs. List rate`; a title row
 * above the header names the class of each group. A row prices each class from its `From`:
 * `tier_from = From - 1`.
 */
function tierRows(file: string, records: readonly { fields: string[]; line: number }[], header: { fields: string[]; line: number }, groupsRow: string[] | null, date: string, zone: TimeZone): RateRow[] {
  const columns = header.fields.map(headerKey);
  const starts = columns.flatMap((c, i) => (c === 'from' ? [i] : []));
  const groups = starts.map((start, g) => {
    let name: ChargeClass | undefined = TIER_GROUPS[g];
    if (groupsRow !== null) {
      for (let i = start; i >= 0; i--) {
        const key = headerKey(groupsRow[i] ?? '');
        if (key === '') continue;
        name = TIER_GROUPS.find((c) => headerKey(c) === key);
        break;
      }
    }
    const rate = columns.indexOf('rate', start);
    if (name === undefined || rate < 0) throw new InputError(`a volume-tiers group at column ${start + 1} names no tiered class (${TIER_GROUPS.join(', ')}) or has no Rate column`, file, header.line);
    return { cls: name, from: start, rate };
  });
  const market = columns.indexOf('market');
  const currency = columns.indexOf('currency');
  const validFrom = dateStart(date, zone, file, header.line);
  const rows: RateRow[] = [];
  for (const { fields, line } of records) {
    if (fields.every((f) => f.trim() === '')) continue;
    const place = marketOf(fields[market]?.trim() ?? '', file, line);
    const code = currencyOf(fields[currency]?.trim() ?? '', file, line);
    for (const g of groups) {
      const fromText = (fields[g.from] ?? '').trim().replace(/,/g, '');
      const cell = (fields[g.rate] ?? '').trim();
      if (fromText === '' && NO_PRICE.has(cell.toLowerCase())) continue;
      if (!/^\d+$/.test(fromText) || Number(fromText) < 1) throw new InputError(`${g.cls} From '${fields[g.from] ?? ''}' is not a message count from 1`, file, line);
      if (NO_PRICE.has(cell.toLowerCase())) continue;
      const price = parseAmount(cell, true);
      if (price === null || price.isNegative()) throw new InputError(`${g.cls} rate '${cell}' is not a decimal number such as 0.0068`, file, line);
      rows.push({ validFrom, ...place, currency: code, tierFrom: Number(fromText) - 1, prices: new Map([[g.cls, price]]), source: `${file}:${line}` });
    }
  }
  return rows;
}

/**
 * Every market name the card prices must be one the markets table names (`Brazil`, `Rest of
 * Latin America`, `Other`): a misspelt market would otherwise price nothing, in silence.
 */
export function checkMarketNames(card: RateCard, markets: MarketsTable): void {
  for (const r of card.rows) {
    if (r.isCountry || markets.markets.has(marketKey(r.market))) continue;
    const at = r.source.lastIndexOf(':');
    throw new InputError(
      `market '${r.market}' is neither an ISO country code nor a market of the markets table (${markets.file}); write it as the table does, or pass --markets FILE`,
      r.source.slice(0, at),
      Number(r.source.slice(at + 1)),
    );
  }
}
