// The report's long lists (sessions, templates, violations), read a row at a time. A list the
// audit builds keeps its rows in columns (a few numbers each; the strings stay in the log's
// message store) and makes a row object only when the row is read, so that a report of
// millions of rows is not millions of objects. A list read back from JSON (`wa-audit merge`),
// or cut to the table's first rows, holds its row objects.

export interface Rows<T> extends Iterable<T> {
  readonly length: number;
  /** Row `i` (0-based), in the report's order. */
  at(i: number): T;
}

export class ArrayRows<T> implements Rows<T> {
  readonly #rows: readonly T[];

  constructor(rows: readonly T[]) {
    this.#rows = rows;
  }

  get length(): number {
    return this.#rows.length;
  }

  at(i: number): T {
    if (i < 0 || i >= this.#rows.length) throw new RangeError(`no row ${i} of ${this.#rows.length}`);
    return this.#rows[i];
  }

  [Symbol.iterator](): Iterator<T> {
    return this.#rows[Symbol.iterator]();
  }
}

/**
 * Rows stored at positions 0..n-1 of some columns; `order()[i]` is the position of row i. The
 * order is sorted when the rows are first read in it (a report that only looks rows up, as
 * `reconcile`'s, never sorts them).
 */
export class ColumnRows<T> implements Rows<T> {
  readonly #count: number;
  #sort: (() => Int32Array) | null;
  #order: Int32Array | null = null;
  readonly #make: (position: number) => T;

  constructor(count: number, order: () => Int32Array, make: (position: number) => T) {
    this.#count = count;
    this.#sort = order;
    this.#make = make;
  }

  get length(): number {
    return this.#count;
  }

  #sorted(): Int32Array {
    if (this.#order === null) {
      this.#order = (this.#sort as () => Int32Array)();
      this.#sort = null;
    }
    return this.#order;
  }

  at(i: number): T {
    if (i < 0 || i >= this.#count) throw new RangeError(`no row ${i} of ${this.#count}`);
    return this.#make(this.#sorted()[i]);
  }

  *[Symbol.iterator](): Iterator<T> {
    const order = this.#sorted();
    for (let i = 0; i < order.length; i++) yield this.#make(order[i]);
  }
}

/**
 * Rows that can also be found by id and picked by a flag, in a short form, without making the
 * others: by their position (a handle, 0 to `size` - 1).
 */
export interface RowIndex<U> {
  readonly size: number;
  /** The position of the row whose id this is; -1 when there is none. */
  handleOf(id: string): number;
  /** The short form of the row at a position. */
  unit(position: number): U;
  /** The positions of the rows whose flag is set, in the order they were stored (not sorted). */
  charged(): Iterable<number>;
}

/**
 * Column rows with an index: `positionOf` finds a row's position by id (-1 for none), `flag`
 * tests a position (`charged` gives those where it holds), `short` makes the short form that
 * `unit` gives.
 */
export class IndexedColumnRows<T, U> extends ColumnRows<T> implements RowIndex<U> {
  readonly #count: number;
  readonly #short: (position: number) => U;
  readonly #positionOf: (id: string) => number;
  readonly #flag: (position: number) => boolean;

  constructor(count: number, order: () => Int32Array, make: (position: number) => T, index: { short: (position: number) => U; positionOf: (id: string) => number; flag: (position: number) => boolean }) {
    super(count, order, make);
    this.#count = count;
    this.#short = index.short;
    this.#positionOf = index.positionOf;
    this.#flag = index.flag;
  }

  get size(): number {
    return this.#count;
  }

  unit(position: number): U {
    // Made anew each time, and let go: a million kept objects would outlive the young generation.
    return this.#short(position);
  }

  handleOf(id: string): number {
    return this.#positionOf(id);
  }

  *charged(): Iterable<number> {
    for (let p = 0; p < this.#count; p++) if (this.#flag(p)) yield p;
  }
}

export function isRowIndex<T, U>(rows: Rows<T>): rows is Rows<T> & RowIndex<U> {
  return typeof (rows as Partial<RowIndex<U>>).handleOf === 'function';
}
