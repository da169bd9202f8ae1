// The one order of things about messages (formats.md, pricing.md): by time, then business,
// contact and id, compared by code units (never the locale's), so that the same input gives the
// same report and the same free tiers on any machine.

export interface Keyed {
  readonly business: string;
  readonly contact: string;
  readonly id: string;
}

export const cmp = (x: string, y: string): number => (x < y ? -1 : x > y ? 1 : 0);

export function byTimeThenKey<T extends Keyed>(time: (r: T) => number): (a: T, b: T) => number {
  return (a, b) =>
    time(a) - time(b) || cmp(a.business, b.business) || cmp(a.contact, b.contact) || cmp(a.id, b.id);
}
