// A contact's country, for its market (pricing.md, "Markets"): the ISO 3166-1 alpha-2 region
// libphonenumber-js (full metadata) finds for `+` and the digits, valid number or not, by the
// calling code and, where a code is shared (+1), the area code. A number that no region claims
// is read as a national number of `--default-country` when one is given.
import { createRequire } from 'node:module';
import type { CountryCode } from 'libphonenumber-js/max';

// libphonenumber-js is loaded only when a number needs its full parse (its modules take tens of
// milliseconds to load); its metadata's calling-code table, a small JSON file read on the first
// look-up, settles the rest.
const require = createRequire(import.meta.url);
let library: typeof import('libphonenumber-js/max') | null = null;
const phoneLibrary = (): typeof import('libphonenumber-js/max') => (library ??= require('libphonenumber-js/max') as typeof import('libphonenumber-js/max'));

/**
 * The regions of each country calling code, from libphonenumber-js's own metadata, by the code
 * as a number (codes have no leading zero and none is the prefix of another, so a number names
 * one code). A code with one region names it for any number under it, valid or not (as the full
 * parse would); a code regions share (+1, +7, +44, ...) or that names no region (`001`: +800 and
 * the like) needs the full parse, which reads the area code.
 */
let regionsOfCode: readonly (readonly string[] | undefined)[] | null = null;
function regionsByCode(): readonly (readonly string[] | undefined)[] {
  if (regionsOfCode !== null) return regionsOfCode;
  const table = new Array<readonly string[] | undefined>(1000).fill(undefined);
  const codes = (require('libphonenumber-js/metadata.max.json') as { country_calling_codes: Record<string, string[]> }).country_calling_codes;
  for (const [code, regions] of Object.entries(codes)) table[Number(code)] = regions;
  return (regionsOfCode = table);
}

/** Whether `contact` is 4 to 15 digits (what may be a phone number). */
function isDigits(contact: string): boolean {
  const n = contact.length;
  if (n < 4 || n > 15) return false;
  for (let i = 0; i < n; i++) {
    const c = contact.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/** The region of `+digits` when its calling code has only one (a shortcut of the full parse). */
function soleRegion(digits: string): CountryCode | null {
  // Calling codes are one to three digits, none starts with 0, and none is the prefix of another.
  if (digits.charCodeAt(0) === 48) return null;
  const regionsOf = regionsByCode();
  let code = 0;
  for (let n = 1; n <= 3; n++) {
    code = code * 10 + digits.charCodeAt(n - 1) - 48;
    const regions = regionsOf[code];
    if (regions !== undefined) return regions.length === 1 && regions[0] !== '001' && digits.length > n + 1 ? (regions[0] as CountryCode) : null;
  }
  return null;
}

/** The contact's country, or null (not a phone number, or no region found). */
export function countryOf(contact: string, defaultCountry: string | null): string | null {
  if (!isDigits(contact)) return null;
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
