// A contact's country, for its market (pricing.md, "Markets"): the ISO 3166-1 alpha-2 region
// libphonenumber-js (full metadata) finds for `+` and the digits, valid number or not, by the
// calling code and, where a code is shared (+1), the area code. A number that no region claims
// is read as a national number of `--default-country` when one is given.
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';

const DIGITS = /^\d{4,15}$/;

/** The contact's country, or null (not a phone number, or no region found). */
export function countryOf(contact: string, defaultCountry: string | null): string | null {
  if (!DIGITS.test(contact)) return null;
  const international = parsePhoneNumberFromString('+' + contact)?.country;
  if (international !== undefined) return international;
  if (defaultCountry === null) return null;
  return parsePhoneNumberFromString(contact, defaultCountry as CountryCode)?.country ?? null;
}
