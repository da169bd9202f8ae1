// A contact's country, for its market (pricing.md, "Markets"): the ISO 3166-1 alpha-2 region
// libphonenumber-js (full metadata) finds for `+` and the digits, valid number or not, by the
// calling code and, where a code is shared (+1), the area code. A number that no region claims
// is read as a national number of `--default-country` when one is given.
import { createRequire } from 'node:module';
import type { CountryCode } from 'libphonenumber-js/max';

// libphonenumber-js is loaded only when a number needs its full parse (its modules take tens of
// milliseconds to load); its metadata's calling-code table, a small JSON file, settles the rest.
const require = createRequire(import.meta.url);
let library: typeof import('libphonenumber-js/max') | null = null;
const phoneLibrary = (): typeof import('libphonenumber-js/max') => (library ??= require('libphonenumber-js/max') as typeof import('libphonenumber-js/max'));

const DIGITS = /^\d{4,15}$/;

/**
 * The regions of each country calling code, from libphonenumber-js's own metadata. A code with
 * one region names it for any number under it, valid or not (as the full parse would); a code
 * regions share (+1, +7, +44, ...) or that names no region (`001`: +800 and the like) needs the
 * full parse, which reads the area code.
 */
const REGIONS_OF_CODE: ReadonlyMap<string, readonly string[]> = new Map(
  Object.entries((require('libphonenumber-js/metadata.max.json') as { country_calling_codes: Record<string, string[]> }).country_calling_codes),
);

/** The region of `+digits` when its calling code has only one (a shortcut of the full parse). */
function soleRegion(digits: string): CountryCode | null {
  // Calling codes are one to three digits, and no code is the prefix of another.
  for (let n = 1; n <= 3; n++) {
    const regions = REGIONS_OF_CODE.get(digits.slice(0, n));
    if (regions !== undefined) return regions.length === 1 && regions[0] !== '001' && digits.length > n + 1 ? (regions[0] as CountryCode) : null;
  }
  return null;
}

/** The contact's country, or null (not a phone number, or no region found). */
export function countryOf(contact: string, defaultCountry: string | null): string | null {
  if (!DIGITS.test(contact)) return null;
  const sole = soleRegion(contact);
  if (sole !== null) return sole;
  const { parsePhoneNumberFromString } = phoneLibrary();
  const international = parsePhoneNumberFromString('+' + contact)?.country;
  if (international !== undefined) return international;
  if (defaultCountry === null) return null;
  return parsePhoneNumberFromString(contact, defaultCountry as CountryCode)?.country ?? null;
}

/** A market name as compared: case, spacing and `&`/`and` ignored (`Rest of Central & Eastern Europe`). */
export function marketKey(name: string): string {
  return name.toLowerCase().replace(/\s*&\s*/g, ' and ').replace(/\s+/g, ' ').trim();
}

/** The market every country of no listed market belongs to. */
export const OTHER_MARKET = 'Other';

/**
 * Meta's country-to-market table (pricing.md, "Markets"): for each ISO country, the market that
 * prices it from each instant. Shipped in `markets/`, replaceable with `--markets FILE`.
 */
export interface MarketsTable {
  /** The file it was read from. */
  readonly file: string;
  /** Where its facts come from, and their date, as the file states them (null if it does not). */
  readonly source: string | null;
  readonly date: string | null;
  /** Per country, its markets from each instant on, oldest first (`from` -Infinity: always). */
  readonly countries: ReadonlyMap<string, readonly { readonly from: number; readonly market: string }[]>;
  /** Every market the table names (by `marketKey`), `Other` included. */
  readonly markets: ReadonlySet<string>;
}

/** The market of a country at an instant: its latest row in force, else `Other`. */
export function marketOf(table: MarketsTable, country: string, instant: number): string {
  const spans = table.countries.get(country);
  let market = OTHER_MARKET;
  if (spans !== undefined) for (const s of spans) if (s.from <= instant) market = s.market;
  return market;
}
