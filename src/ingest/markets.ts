// The markets table (`markets/meta-markets.csv`, or `--markets FILE`): `country,market,valid_from`
// rows under `#` lines that state the table's source and date (`# source: ...`, `# date: ...`).
// A country may have several rows, one per date it moved; an empty `valid_from` means always.
import { InputError } from '../model/errors.js';
import { marketKey, OTHER_MARKET, type MarketsTable } from '../model/markets.js';
import { dateStartAt, type TimeZone } from '../model/time.js';
import { csvRecords } from './csv.js';
import { headerKey } from './fields.js';

export function readMarkets(file: string, text: string, zone: TimeZone): MarketsTable {
  const notes = new Map<string, string>();
  const records = csvRecords(file, text, ',').filter(({ fields }) => {
    const first = fields[0]?.trimStart() ?? '';
    if (first.startsWith('#')) {
      const m = /^#\s*([a-z_]+):\s*(.*)$/i.exec(fields.join(','));
      if (m !== null) notes.set(m[1].toLowerCase(), m[2].trim());
      return false;
    }
    return !fields.every((f) => f.trim() === '');
  });
  const header = records.shift();
  const columns = header?.fields.map(headerKey) ?? [];
  const country = columns.indexOf('country');
  const market = columns.indexOf('market');
  const validFrom = columns.indexOf(headerKey('valid_from'));
  if (header === undefined || country < 0 || market < 0) {
    throw new InputError('not a markets table: its header needs country and market (and may have valid_from)', file, header?.line ?? 1);
  }
  const countries = new Map<string, { from: number; market: string }[]>();
  const markets = new Set<string>([marketKey(OTHER_MARKET)]);
  for (const { fields, line } of records) {
    const code = (fields[country] ?? '').trim().toUpperCase();
    if (!/^[A-Z]{2}$/.test(code)) throw new InputError(`country '${fields[country] ?? ''}' is not an ISO 3166 code such as BR`, file, line);
    const name = (fields[market] ?? '').trim();
    if (name === '') throw new InputError(`country ${code} has no market`, file, line);
    const date = validFrom < 0 ? '' : (fields[validFrom] ?? '').trim();
    const from = date === '' ? -Infinity : dateStartAt(date, zone);
    if (Number.isNaN(from)) throw new InputError(`valid_from '${date}' is not a date (yyyy-MM-dd)`, file, line);
    const spans = countries.get(code) ?? [];
    if (spans.some((s) => s.from === from)) throw new InputError(`country ${code} has two markets from ${date || 'the start'}`, file, line);
    spans.push({ from, market: name });
    spans.sort((a, b) => a.from - b.from);
    countries.set(code, spans);
    markets.add(marketKey(name));
  }
  return { file, source: notes.get('source') ?? null, date: notes.get('date') ?? null, countries, markets };
}
