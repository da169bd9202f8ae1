// The keys (business, contact) of a log, numbered in order of first appearance. A contact
// written as a phone number (digits, no leading zero, at most 15: E.164) is found by its value,
// without making a string; any other contact (a business-scoped user id) by its text.
import { asTag, fnvRange, hashNumber } from './hash.js';
import { HashTable } from './hash-table.js';
import { own } from './strings.js';
import { phoneValueAt } from './vocabulary.js';

const KEY_SEED = 0x9e3779b1;
/**
 * The index keeps beside each entry the key's identity, so that a look-up compares it in the
 * entry's own cache line: the contact value's low 32 bits, and its high bits (at most 18: a
 * value has at most 15 digits) times 4096 plus the business number. A business numbered 4096 or
 * more (a log that names that many) is checked against the key's strings instead (CHECK_ARRAYS); a
 * contact written as text is compared by its text (CHECK_TEXT).
 */
const BUSINESS_BITS = 4096;
const CHECK_ARRAYS = -1;
const CHECK_TEXT = -2;

export class Keys {
  count = 0;
  readonly business: string[] = [];
  readonly contact: string[] = [];
  /** Messages of each key. */
  sizes = new Int32Array(1024);
  private readonly index = new HashTable(1024, 2);
  private readonly businesses: string[] = [];
  private readonly businessIds = new Map<string, number>();
  /** A few businesses by phone-number value: an export names a handful. */
  private readonly businessValues: number[] = [];
  private readonly businessByValue: number[] = [];

  /** The number of a business as written (normalised). */
  businessId(s: string): number {
    let b = this.businessIds.get(s);
    if (b === undefined) {
      b = this.businesses.length;
      this.businesses.push(own(s));
      this.businessIds.set(this.businesses[b], b);
    }
    return b;
  }

  /** The number of the business written as the phone number `value` at `text[start, end)`. */
  businessAt(text: string, start: number, end: number, value: number): number {
    const known = this.knownBusiness(value);
    return known >= 0 ? known : this.addBusiness(text.slice(start, end), value);
  }

  /** The business written plainly as the phone number `value`. */
  businessOfValue(value: number): number {
    const known = this.knownBusiness(value);
    return known >= 0 ? known : this.addBusiness(String(value), value);
  }

  /** A business not yet known by its value: numbered by its text, and remembered by value. */
  private addBusiness(text: string, value: number): number {
    const b = this.businessId(text);
    if (this.businessValues.length < 64) {
      this.businessValues.push(value);
      this.businessByValue.push(b);
    }
    return b;
  }

  private knownBusiness(value: number): number {
    const values = this.businessValues;
    for (let i = 0; i < values.length; i++) if (values[i] === value) return this.businessByValue[i];
    return -1;
  }

  /** The key of (business `b`, contact as written, normalised). */
  keyOf(b: number, contact: string): number {
    const v = phoneValueAt(contact, 0, contact.length);
    if (v >= 0) return this.keyAt(b, v, contact, 0, contact.length);
    const tag = asTag(fnvRange(contact, 0, contact.length) ^ Math.imul(b + 1, KEY_SEED));
    const index = this.index;
    for (let p = index.seek(tag, 0, CHECK_TEXT); p >= 0; p = index.next(p, tag, 0, CHECK_TEXT)) {
      const k = index.valueAt(p);
      if (this.business[k] === this.businesses[b] && this.contact[k] === contact) return k;
    }
    const k = this.newKey(b, own(contact));
    index.add(tag, k, 0, CHECK_TEXT);
    return k;
  }

  /** The key of business `b` and the contact `value` written at `text[start, end)`. */
  keyAt(b: number, value: number, text: string, start: number, end: number): number {
    const k = this.findValue(b, value);
    return k >= 0 ? k : this.addValue(b, value, own(text.slice(start, end)));
  }

  /** Touches the index entry where `keyOfValue(b, value)` looks first (`HashTable.touch`). */
  touchValue(b: number, value: number): number {
    return this.index.touch(valueTag(b, value));
  }

  /** The key of business `b` and the contact whose value is `value` (written plainly). */
  keyOfValue(b: number, value: number): number {
    const k = this.findValue(b, value);
    return k >= 0 ? k : this.addValue(b, value, String(value));
  }

  /** No more keys: the index is let go (`MessageStore.seal`). */
  seal(): void {
    this.index.seal();
  }

  private findValue(b: number, value: number): number {
    const tag = valueTag(b, value);
    const low = value | 0;
    const high = highCheck(b, value);
    const index = this.index;
    for (let p = index.seek(tag, low, high); p >= 0; p = index.next(p, tag, low, high)) {
      const k = index.valueAt(p);
      if (high !== CHECK_ARRAYS || this.isKey(k, b, value)) return k;
    }
    return -1;
  }

  private addValue(b: number, value: number, contact: string): number {
    const k = this.newKey(b, contact);
    this.index.add(valueTag(b, value), k, value | 0, highCheck(b, value));
    return k;
  }

  /**
   * Whether key `k` is business `b`'s contact of value `value`, read from the key's own strings
   * (a business's string is one object; a phone-number contact's text spells its value). Only a
   * log of 4096 businesses or more asks (CHECK_ARRAYS).
   */
  private isKey(k: number, b: number, value: number): boolean {
    const contact = this.contact[k];
    return this.business[k] === this.businesses[b] && phoneValueAt(contact, 0, contact.length) === value;
  }

  private newKey(b: number, contact: string): number {
    const k = this.count++;
    if (k >= this.sizes.length) this.sizes = grown(this.sizes, new Int32Array(k * 2));
    this.business.push(this.businesses[b]);
    this.contact.push(contact);
    return k;
  }
}

function highCheck(b: number, value: number): number {
  return b < BUSINESS_BITS ? Math.floor(value / 2 ** 32) * BUSINESS_BITS + b : CHECK_ARRAYS;
}

function valueTag(b: number, value: number): number {
  return asTag(hashNumber(value) ^ Math.imul(b + 1, KEY_SEED));
}

/** `from`'s elements copied into the larger `to`. */
export function grown<A extends Float64Array | Int32Array | Uint8Array>(from: A, to: A): A {
  to.set(from);
  return to;
}
