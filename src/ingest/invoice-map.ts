// Invoice mapping files (`--invoice-map FILE`, reconcile.md): how an invoice's or a BSP usage
// export's columns become invoice fields, in the format of the logs' mapping files (`columns`,
// `values`, `constants`, `date_format`), plus `rows` (which rows to read: usage exports list
// roll-up categories beside their parts, and summing every row would count twice) and
// `decimal_mark`. Validated as a whole: every problem is listed with its path in the file.
import type { MappingProblem } from '../model/errors.js';
import { DATE_FORMATS, type DateFormatName } from '../model/time.js';
import { fold } from '../model/vocabulary.js';

/** The fields an invoice line can have (reconcile.md, "Invoice inputs"). */
export const INVOICE_FIELDS = ['message_id', 'date', 'end', 'business', 'contact', 'charge_class', 'pricing_type', 'market', 'count', 'amount', 'currency'] as const;
export type InvoiceField = (typeof INVOICE_FIELDS)[number];

export interface InvoiceMap {
  readonly name: string;
  readonly columns: Readonly<Partial<Record<InvoiceField, readonly string[]>>>;
  /** Field -> folded source value -> the value read. */
  readonly values: Readonly<Partial<Record<InvoiceField, ReadonlyMap<string, string>>>>;
  readonly constants: Readonly<Partial<Record<InvoiceField, string>>>;
  /** Only rows whose `column` matches are read (the others are counted as skipped). */
  readonly rows: { readonly column: string; readonly matches: RegExp } | null;
  readonly dateFormat: DateFormatName | null;
  readonly decimalMark: '.' | ',' | null;
}

const KEYS = ['name', 'description', 'columns', 'values', 'constants', 'rows', 'date_format', 'decimal_mark'] as const;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const describe = (v: unknown): string => (v === null ? 'null' : Array.isArray(v) ? 'a list' : `${typeof v} ${JSON.stringify(v)}`);

export function parseInvoiceMap(json: unknown, name: string): { map: InvoiceMap } | { problems: MappingProblem[] } {
  const problems: MappingProblem[] = [];
  const bad = (path: string, message: string): void => void problems.push({ path, message });
  if (!isObject(json)) return { problems: [{ path: '/', message: `expected an object, got ${describe(json)}` }] };
  for (const key of Object.keys(json)) if (!(KEYS as readonly string[]).includes(key)) bad(`/${key}`, `unknown key; expected one of ${KEYS.join(', ')}`);
  const isField = (path: string, key: string): key is InvoiceField =>
    (INVOICE_FIELDS as readonly string[]).includes(key) || (bad(path, `unknown field '${key}'; expected one of ${INVOICE_FIELDS.join(', ')}`), false);
  const text = (path: string, v: unknown): string | null =>
    typeof v === 'string' && v.trim() !== '' ? v : (bad(path, `expected a non-empty string, got ${describe(v)}`), null);
  const section = (key: string): [string, unknown][] => {
    const v = json[key];
    if (v === undefined) return [];
    if (isObject(v)) return Object.entries(v);
    bad(`/${key}`, `expected an object, got ${describe(v)}`);
    return [];
  };
  const columns: Partial<Record<InvoiceField, readonly string[]>> = {};
  for (const [k, v] of section('columns')) {
    const list = typeof v === 'string' ? [v] : Array.isArray(v) && v.length > 0 && v.every((c) => typeof c === 'string' && c.trim() !== '') ? (v as string[]) : null;
    if (list === null) bad(`/columns/${k}`, `expected a column name or a non-empty list of them, got ${describe(v)}`);
    else if (isField(`/columns/${k}`, k)) columns[k] = list;
  }
  const values: Partial<Record<InvoiceField, ReadonlyMap<string, string>>> = {};
  for (const [k, v] of section('values')) {
    if (!isObject(v)) {
      bad(`/values/${k}`, `expected an object of source value -> value, got ${describe(v)}`);
      continue;
    }
    const map = new Map<string, string>();
    for (const [from, to] of Object.entries(v)) {
      const t = text(`/values/${k}/${from}`, to);
      if (t !== null) map.set(fold(from), t);
    }
    if (isField(`/values/${k}`, k)) values[k] = map;
  }
  const constants: Partial<Record<InvoiceField, string>> = {};
  for (const [k, v] of section('constants')) {
    const t = text(`/constants/${k}`, v);
    if (isField(`/constants/${k}`, k) && t !== null) constants[k] = t;
  }
  let rows: InvoiceMap['rows'] = null;
  if (json.rows !== undefined) {
    const r = json.rows;
    const column = isObject(r) ? text('/rows/column', r.column) : null;
    const pattern = isObject(r) ? text('/rows/matches', r.matches) : null;
    if (!isObject(r)) bad('/rows', `expected {"column": COLUMN, "matches": REGEX}, got ${describe(r)}`);
    else if (column !== null && pattern !== null) {
      try {
        rows = { column, matches: new RegExp(pattern) };
      } catch (err) {
        bad('/rows/matches', `not a regular expression: ${(err as Error).message}`);
      }
    }
  }
  const choice = <T extends string>(key: string, allowed: readonly T[]): T | null => {
    const v = json[key];
    if (v === undefined) return null;
    if ((allowed as readonly unknown[]).includes(v)) return v as T;
    bad(`/${key}`, `expected one of ${allowed.map((a) => JSON.stringify(a)).join(', ')}, got ${describe(v)}`);
    return null;
  };
  const dateFormat = choice('date_format', Object.keys(DATE_FORMATS) as DateFormatName[]);
  const decimalMark = choice('decimal_mark', ['.', ','] as const);
  for (const key of ['name', 'description'] as const) if (json[key] !== undefined && typeof json[key] !== 'string') bad(`/${key}`, `expected a string, got ${describe(json[key])}`);
  if (problems.length > 0) return { problems };
  return { map: { name: typeof json.name === 'string' ? json.name : name, columns, values, constants, rows, dateFormat, decimalMark } };
}
