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
