// A contact's country (pricing.md, "Markets") is the region libphonenumber-js's full parse gives
// for `+` and the digits; countryOf reads a calling code that only one region has without the
// full parse. The property holds the shortcut to the full parse over random numbers.
import fc from 'fast-check';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { describe, expect, it } from 'vitest';
import { countryOf } from '../src/model/markets.js';

describe('countryOf', () => {
  it('is the region of the full parse, for any digits (valid numbers or not)', () => {
    const digits = fc.stringMatching(/^[1-9][0-9]{3,14}$/);
    fc.assert(
      fc.property(digits, (d) => {
        expect(countryOf(d, null)).toBe(parsePhoneNumberFromString('+' + d)?.country ?? null);
      }),
      { numRuns: 20_000 },
    );
  });

  it('is null for what is not 4 to 15 digits, and the full parse for digits with a leading zero', () => {
    const text = fc.stringMatching(/^[0-9a+ ]{0,17}$/);
    fc.assert(
      fc.property(text, (d) => {
        const expected = /^\d{4,15}$/.test(d) ? (parsePhoneNumberFromString('+' + d)?.country ?? null) : null;
        expect(countryOf(d, null)).toBe(expected);
      }),
      { numRuns: 5_000 },
    );
    expect(countryOf('05511987650001', null)).toBeNull();
    expect(countryOf('551', null)).toBeNull();
    expect(countryOf('5511 98765', null)).toBeNull();
  });

  it('reads shared calling codes by the area code: +1 809 is the Dominican Republic, +7 701 Kazakhstan, +44 20 London', () => {
    expect(countryOf('18095550123', null)).toBe('DO');
    expect(countryOf('77011234567', null)).toBe('KZ');
    expect(countryOf('442079460000', null)).toBe('GB');
    expect(countryOf('5511987650001', null)).toBe('BR');
  });
});
