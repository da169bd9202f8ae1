// Rate cards (`--rates FILE`) in wa-audit's own long format (pricing.md, "Rate cards and money"):
// a header naming `valid_from`, `market`, `currency`, an optional `tier_from`, and one column per
// charge class; a row per market, date and tier. Headers match like a log's (case, accents,
// spaces, `_` and `-` ignored). Any value that cannot be read is an error naming its file and
// line: a price is never guessed.
import { InputError } from '../model/errors.js';
import { parseAmount, type Amount } from '../model/money.js';
import { CHARGE_CLASSES, type ChargeClass, type RateCard, type RateRow, TIERED_CLASSES } from '../model/rates.js';
import { startOfDate, type TimeZone } from '../model/time.js';
import { CsvTokenizer, detectDelimiter } from './csv.js';
import { headerKey } from './fields.js';

/** Cells that mean "no price" (Meta writes `n/a` or `--`). */
const NO_PRICE = new Set(['', 'n/a', 'na', '--', '-']);

/** Reads one rate card file's text (long format) into rows; dates are read in `zone`. */
export function readRateCard(file: string, text: string, zone: TimeZone): RateCard {
  const body = text.replace(/^\uFEFF/, '');
  const nl = body.indexOf('\n');
  const headerLine = (nl < 0 ? body : body.slice(0, nl)).replace(/\r$/, '');
  const records: { fields: string[]; line: number }[] = [];
  const tokenizer = new CsvTokenizer(
    detectDelimiter(headerLine),
    {
      record: (fields, line) => records.push({ fields, line }),
      broken: (line, reason) => {
        throw new InputError(`broken quoting: ${reason}`, file, line);
      },
    },
    1,
  );
  tokenizer.push(body);
  tokenizer.end();
  const header = records.shift();
  if (header === undefined) throw new InputError('the rate card is empty', file);
  const columns = header.fields.map(headerKey);
  const col = (name: string): number => columns.indexOf(headerKey(name));
  const required = (name: string): number => {
    const c = col(name);
    if (c < 0) throw new InputError(`the rate card has no '${name}' column; it needs valid_from, market, currency and a column per charge class (${CHARGE_CLASSES.join(', ')})`, file, header.line);
    return c;
  };
  const validFrom = required('valid_from');
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
    const date = fields[validFrom].trim();
    const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
    if (d === null || new Date(Date.UTC(Number(d[1]), Number(d[2]) - 1, Number(d[3]))).getUTCDate() !== Number(d[3])) {
      throw new InputError(`valid_from '${date}' is not a date (yyyy-MM-dd)`, file, line);
    }
    const place = fields[market].trim();
    if (place === '') throw new InputError('a row without a market', file, line);
    const code = fields[currency].trim().toUpperCase();
    if (!/^[A-Z]{3}$/.test(code)) throw new InputError(`currency '${fields[currency].trim()}' is not an ISO 4217 code (such as USD, BRL)`, file, line);
    const tierText = tierFrom < 0 ? '0' : fields[tierFrom].trim() || '0';
    if (!/^\d+$/.test(tierText)) throw new InputError(`tier_from '${tierText}' is not a count of messages`, file, line);
    const tier = Number(tierText);
    const prices = new Map<ChargeClass, Amount>();
    for (const [cls, c] of classes) {
      const cell = fields[c].trim();
      if (NO_PRICE.has(cell.toLowerCase())) continue;
      const price = parseAmount(cell);
      if (price === null || price.isNegative()) throw new InputError(`${cls} price '${cell}' is not a decimal number such as 0.0625`, file, line);
      if (tier > 0 && !TIERED_CLASSES.includes(cls)) {
        throw new InputError(`a row with tier_from ${tier} prices ${cls}, which has no volume tiers; tiers price only ${TIERED_CLASSES.join(', ')}`, file, line);
      }
      prices.set(cls, price);
    }
    const isCountry = /^[A-Za-z]{2}$/.test(place);
    dates.add(date);
    rows.push({
      validFrom: startOfDate(Number(d[1]), Number(d[2]), Number(d[3]), zone),
      market: isCountry ? place.toUpperCase() : place,
      isCountry,
      currency: code,
      tierFrom: tier,
      prices,
      source: `${file}:${line}`,
    });
  }
  return { rows, files: [{ file, validFrom: [...dates].sort() }] };
}

/** Several files are one card. */
export function joinRateCards(cards: readonly RateCard[]): RateCard {
  return { rows: cards.flatMap((c) => c.rows), files: cards.flatMap((c) => c.files) };
}
