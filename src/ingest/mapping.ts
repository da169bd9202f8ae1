// Mapping files (`--map FILE`, `--preset NAME`): how an export's columns become canonical
// fields. They rename columns (or join several, such as a date and a time column), pick the
// contact and business columns by direction, map values, set constants and derive `type`.
// A mapping is validated as a whole: every problem is listed with its path in the file.
import type { MappingProblem } from '../model/errors.js';
import { DATE_FORMATS, type DateFormatName } from '../model/time.js';
import { fold } from '../model/vocabulary.js';
import { FIELD_NAMES, type FieldName } from './fields.js';

export const ADAPTERS = ['meta-webhook'] as const;
export type AdapterName = (typeof ADAPTERS)[number];

export interface TypeRule {
  readonly column: string;
  /** The column has a non-empty value. */
  readonly present?: boolean;
  /** The column's value matches this regular expression. */
  readonly matches?: RegExp;
  /** The column's value equals this (case and accents ignored). */
  readonly equals?: string;
  /** The `type` the row gets when the rule matches: `template`, `text`, `unknown`, ... */
  readonly type: string;
}

export interface Mapping {
  readonly names: readonly string[];
  readonly columns: Readonly<Partial<Record<FieldName, readonly string[]>>>;
  readonly byDirection: Readonly<Partial<Record<'contact' | 'business', { inbound: string; outbound: string }>>>;
  /** Field -> folded source value -> canonical value. */
  readonly values: Readonly<Partial<Record<FieldName, ReadonlyMap<string, string>>>>;
  readonly constants: Readonly<Partial<Record<FieldName, string>>>;
  readonly typeRules: readonly TypeRule[];
  readonly typeDefault: string | null;
  readonly dateFormat: DateFormatName | null;
  readonly adapter: AdapterName | null;
}

export const EMPTY_MAPPING: Mapping = {
  names: [],
  columns: {},
  byDirection: {},
  values: {},
  constants: {},
  typeRules: [],
  typeDefault: null,
  dateFormat: null,
  adapter: null,
};


const KEYS = [
  'name',
  'description',
  'header',
  'columns',
  'by_direction',
  'values',
  'constants',
  'type_rules',
  'type_default',
  'date_format',
  'adapter',
] as const;

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const describe = (v: unknown): string => (v === null ? 'null' : Array.isArray(v) ? 'a list' : `${typeof v} ${JSON.stringify(v)}`);

/** Reads a mapping from parsed JSON; returns the problems when there are any. */
export function parseMapping(json: unknown, name: string): { mapping: Mapping } | { problems: MappingProblem[] } {
  const problems: MappingProblem[] = [];
  const bad = (path: string, message: string): void => {
    problems.push({ path, message });
  };
  if (!isObject(json)) return { problems: [{ path: '/', message: `expected an object, got ${describe(json)}` }] };

  for (const key of Object.keys(json)) {
    if (!(KEYS as readonly string[]).includes(key)) bad(`/${key}`, `unknown key; expected one of ${KEYS.join(', ')}`);
  }
  const field = (path: string, key: string): FieldName | null => {
    if ((FIELD_NAMES as readonly string[]).includes(key)) return key as FieldName;
    bad(path, `unknown field '${key}'; expected one of ${FIELD_NAMES.join(', ')}`);
    return null;
  };
  const objectAt = (key: string): Record<string, unknown> => {
    const v = json[key];
    if (v === undefined) return {};
    if (isObject(v)) return v;
    bad(`/${key}`, `expected an object, got ${describe(v)}`);
    return {};
  };
  const stringAt = (path: string, v: unknown): string | null => {
    if (typeof v === 'string' && v.trim() !== '') return v;
    bad(path, `expected a non-empty string, got ${describe(v)}`);
    return null;
  };

  const columns: Partial<Record<FieldName, readonly string[]>> = {};
  for (const [k, v] of Object.entries(objectAt('columns'))) {
    const f = field(`/columns/${k}`, k);
    const list = typeof v === 'string' ? [v] : Array.isArray(v) && v.length > 0 ? v : null;
    if (list === null || !list.every((c) => typeof c === 'string' && c.trim() !== '')) {
      bad(`/columns/${k}`, `expected a column name or a non-empty list of them, got ${describe(v)}`);
    } else if (f) columns[f] = list as string[];
  }

  const byDirection: Partial<Record<'contact' | 'business', { inbound: string; outbound: string }>> = {};
  for (const [k, v] of Object.entries(objectAt('by_direction'))) {
    if (k !== 'contact' && k !== 'business') {
      bad(`/by_direction/${k}`, 'only contact and business can be chosen by direction');
      continue;
    }
    if (!isObject(v)) {
      bad(`/by_direction/${k}`, `expected {"inbound": COLUMN, "outbound": COLUMN}, got ${describe(v)}`);
      continue;
    }
    const inbound = stringAt(`/by_direction/${k}/inbound`, v.inbound);
    const outbound = stringAt(`/by_direction/${k}/outbound`, v.outbound);
    if (inbound && outbound) byDirection[k] = { inbound, outbound };
  }

  const values: Partial<Record<FieldName, ReadonlyMap<string, string>>> = {};
  for (const [k, v] of Object.entries(objectAt('values'))) {
    const f = field(`/values/${k}`, k);
    if (!isObject(v)) {
      bad(`/values/${k}`, `expected an object of source value -> canonical value, got ${describe(v)}`);
      continue;
    }
    const map = new Map<string, string>();
    for (const [from, to] of Object.entries(v)) {
      const t = stringAt(`/values/${k}/${from}`, to);
      if (t !== null) map.set(fold(from), t);
    }
    if (f) values[f] = map;
  }

  const constants: Partial<Record<FieldName, string>> = {};
  for (const [k, v] of Object.entries(objectAt('constants'))) {
    const f = field(`/constants/${k}`, k);
    const s = stringAt(`/constants/${k}`, v);
    if (f && s !== null) constants[f] = s;
  }

  const typeRules: TypeRule[] = [];
  const rules = json.type_rules;
  if (rules !== undefined && !Array.isArray(rules)) bad('/type_rules', `expected a list of rules, got ${describe(rules)}`);
  (Array.isArray(rules) ? rules : []).forEach((r: unknown, i: number) => {
    const path = `/type_rules/${i}`;
    if (!isObject(r)) {
      bad(path, `expected {"column": ..., "matches" | "equals" | "present": ..., "type": ...}, got ${describe(r)}`);
      return;
    }
    const column = stringAt(`${path}/column`, r.column);
    const type = stringAt(`${path}/type`, r.type);
    const tests = ['present', 'matches', 'equals'].filter((t) => r[t] !== undefined);
    if (tests.length !== 1) bad(path, 'give exactly one of present, matches, equals');
    let matches: RegExp | undefined;
    if (r.matches !== undefined) {
      const m = stringAt(`${path}/matches`, r.matches);
      if (m !== null) {
        try {
          matches = new RegExp(m);
        } catch (err) {
          bad(`${path}/matches`, `not a regular expression: ${(err as Error).message}`);
        }
      }
    }
    if (r.present !== undefined && r.present !== true) bad(`${path}/present`, 'expected true');
    const equals = r.equals === undefined ? undefined : (stringAt(`${path}/equals`, r.equals) ?? undefined);
    if (column && type) {
      typeRules.push({ column, type, present: r.present === true ? true : undefined, matches, equals });
    }
  });

  const typeDefault = json.type_default === undefined ? null : stringAt('/type_default', json.type_default);
  let dateFormat: DateFormatName | null = null;
  if (json.date_format !== undefined) {
    if (typeof json.date_format === 'string' && json.date_format in DATE_FORMATS) {
      dateFormat = json.date_format as DateFormatName;
    } else {
      bad('/date_format', `expected one of ${Object.keys(DATE_FORMATS).join(', ')}, got ${describe(json.date_format)}`);
    }
  }
  let adapter: AdapterName | null = null;
  if (json.adapter !== undefined) {
    if ((ADAPTERS as readonly unknown[]).includes(json.adapter)) adapter = json.adapter as AdapterName;
    else bad('/adapter', `expected one of ${ADAPTERS.join(', ')}, got ${describe(json.adapter)}`);
  }
  for (const key of ['name', 'description', 'header'] as const) {
    if (json[key] !== undefined && typeof json[key] !== 'string') bad(`/${key}`, `expected a string, got ${describe(json[key])}`);
  }

  if (problems.length > 0) return { problems };
  return {
    mapping: { names: [name], columns, byDirection, values, constants, typeRules, typeDefault, dateFormat, adapter },
  };
}

/** `over` applied on top of `base`: its entries win, its type rules are tried first. */
export function layer(base: Mapping, over: Mapping): Mapping {
  const values: Partial<Record<FieldName, ReadonlyMap<string, string>>> = { ...base.values };
  for (const [k, m] of Object.entries(over.values) as [FieldName, ReadonlyMap<string, string>][]) {
    values[k] = new Map([...(base.values[k] ?? []), ...m]);
  }
  return {
    names: [...base.names, ...over.names],
    columns: { ...base.columns, ...over.columns },
    byDirection: { ...base.byDirection, ...over.byDirection },
    values,
    constants: { ...base.constants, ...over.constants },
    typeRules: [...over.typeRules, ...base.typeRules],
    typeDefault: over.typeDefault ?? base.typeDefault,
    dateFormat: over.dateFormat ?? base.dateFormat,
    adapter: over.adapter ?? base.adapter,
  };
}
