// Brazil's ninth digit (`--br-ninth-digit`): since 2016 every Brazilian mobile number has nine
// digits after the area code, but exports still carry the old eight-digit form, often on one
// side of a conversation only. With the option, `55 DD XXXXXXXX` whose first digit is that of a
// mobile (6 to 9) is read as `55 DD 9XXXXXXXX`; landlines (2 to 5) are left alone. Every
// rewritten number is reported.

import type { ContactMergeInfo as ContactMerge } from '../model/message.js';

const isDigit = (c: number): boolean => c >= 48 && c <= 57;

export class NinthDigit {
  private readonly rewritten = new Map<string, { to: string; rows: number }>();
  private readonly ninthForms = new Set<string>();

  contactOf(n: string): string {
    if (n.length === 13 && n.startsWith('55') && n[4] === '9') {
      this.ninthForms.add(n);
      return n;
    }
    if (n.length !== 12 || !n.startsWith('55') || n[2] === '0' || n[3] === '0') return n;
    const first = n.charCodeAt(4);
    if (first < 54 || first > 57) return n; // 6-9: mobile ranges
    for (let i = 0; i < 12; i++) if (!isDigit(n.charCodeAt(i))) return n;
    const to = n.slice(0, 4) + '9' + n.slice(4);
    const seen = this.rewritten.get(n);
    if (seen) seen.rows++;
    else this.rewritten.set(n, { to, rows: 1 });
    return to;
  }

  merges(): ContactMerge[] {
    return [...this.rewritten]
      .map(([from, { to, rows }]) => ({ from, to, rows, bothForms: this.ninthForms.has(to) }))
      .sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0));
  }
}
