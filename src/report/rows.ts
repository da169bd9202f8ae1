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

/** Rows stored at positions 0..n-1 of some columns; `order[i]` is the position of row i. */
export class ColumnRows<T> implements Rows<T> {
  readonly #order: Int32Array;
  readonly #make: (position: number) => T;

  constructor(order: Int32Array, make: (position: number) => T) {
    this.#order = order;
    this.#make = make;
  }

  get length(): number {
    return this.#order.length;
  }

  at(i: number): T {
    if (i < 0 || i >= this.#order.length) throw new RangeError(`no row ${i} of ${this.#order.length}`);
    return this.#make(this.#order[i]);
  }

  *[Symbol.iterator](): Iterator<T> {
    for (let i = 0; i < this.#order.length; i++) yield this.#make(this.#order[i]);
  }
}

/** Rows that can also be found by id and picked by a flag, in a short form, without making the others. */
export interface RowIndex<U> {
  /** The short form of the row whose id this is (the same object each time); undefined when there is none. */
  find(id: string): U | undefined;
  /** The short forms of the rows whose flag is set, in the report's order. */
  flagged(): Iterable<U>;
}

/**
 * Column rows with an index: `positionOf` finds a row's position by id (-1 for none), `flag`
 * tests a position, `short` makes the short form that `find` and `flagged` give, once per row.
 */
export class IndexedColumnRows<T, U> extends ColumnRows<T> implements RowIndex<U> {
  readonly #order: Int32Array;
  readonly #short: (position: number) => U;
  readonly #positionOf: (id: string) => number;
  readonly #flag: (position: number) => boolean;
  #made: (U | undefined)[] | null = null;

  constructor(order: Int32Array, make: (position: number) => T, index: { short: (position: number) => U; positionOf: (id: string) => number; flag: (position: number) => boolean }) {
    super(order, make);
    this.#order = order;
    this.#short = index.short;
    this.#positionOf = index.positionOf;
    this.#flag = index.flag;
  }

  #unit(position: number): U {
    const made = (this.#made ??= new Array<U | undefined>(this.#order.length).fill(undefined));
    let u = made[position];
    if (u === undefined) made[position] = u = this.#short(position);
    return u;
  }

  find(id: string): U | undefined {
    const p = this.#positionOf(id);
    return p < 0 ? undefined : this.#unit(p);
  }

  *flagged(): Iterable<U> {
    for (let i = 0; i < this.#order.length; i++) if (this.#flag(this.#order[i])) yield this.#unit(this.#order[i]);
  }
}

export function isRowIndex<T, U>(rows: Rows<T>): rows is Rows<T> & RowIndex<U> {
  return typeof (rows as Partial<RowIndex<U>>).find === 'function';
}
