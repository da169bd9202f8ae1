// formats.md: report arrays are sorted by time, then business, contact, id (code-unit order,
// never the locale's), so that the same input gives the same bytes.

interface Keyed {
  readonly business: string;
  readonly contact: string;
  readonly id: string;
}

const cmp = (x: string, y: string): number => (x < y ? -1 : x > y ? 1 : 0);

export function byTimeThenKey<T extends Keyed>(time: (r: T) => number): (a: T, b: T) => number {
  return (a, b) =>
    time(a) - time(b) || cmp(a.business, b.business) || cmp(a.contact, b.contact) || cmp(a.id, b.id);
}
