// Strings that recur across rows (statuses, template names, categories), each kept once and
// named by its index, so that a column of the message store holds numbers.
import { CLASS_RANK } from './flags.js';
import { asTag, FNV_OFFSET, fnvStep } from './hash.js';
import { HashTable } from './hash-table.js';
import { statusClassOf } from './vocabulary.js';

export class Strings {
  readonly values: string[] = [];
  /** Status class rank of each value read as a status. */
  readonly ranks: number[] = [];
  private readonly index = new HashTable(128);

  /** The index of `s`; -1 for null. */
  id(s: string | null): number {
    return s === null ? -1 : this.range(s, 0, s.length, false);
  }

  at(i: number): string | null {
    return i < 0 ? null : this.values[i];
  }

  /**
   * The index of `text[start, end)`, lower-cased first when `lower`, found without cutting it
   * out of the (large) text; -1 for an empty range.
   */
  range(text: string, start: number, end: number, lower: boolean): number {
    if (end <= start) return -1;
    let h = FNV_OFFSET;
    for (let i = start; i < end; i++) {
      let c = text.charCodeAt(i);
      if (lower) {
        if (c >= 65 && c <= 90) c += 32;
        else if (c > 127) return this.id(text.slice(start, end).toLowerCase());
      }
      h = fnvStep(h, c);
    }
    const tag = asTag(h);
    const index = this.index;
    for (let p = index.seek(tag); p >= 0; p = index.next(p, tag)) {
      const v = index.valueAt(p);
      if (sameRange(this.values[v], text, start, end, lower)) return v;
    }
    const cut = text.slice(start, end);
    const v = this.values.length;
    this.values.push(lower ? cut.toLowerCase() : own(cut));
    this.ranks.push(CLASS_RANK[statusClassOf(this.values[v])]);
    index.add(tag, v);
    return v;
  }
}

function sameRange(s: string, text: string, start: number, end: number, lower: boolean): boolean {
  if (s.length !== end - start) return false;
  for (let i = 0; i < s.length; i++) {
    let c = text.charCodeAt(start + i);
    if (lower && c >= 65 && c <= 90) c += 32;
    if (s.charCodeAt(i) !== c) return false;
  }
  return true;
}

/** A copy of a string that shares no memory with the (large) text it was cut from. */
export function own(s: string): string {
  return s.length < 13 ? s : (' ' + s).slice(1);
}
