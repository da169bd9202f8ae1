// A plan: for one header (CSV) or one set of keys (JSON objects), where each canonical field
// comes from. Built once per header, then applied to every row without looking names up again.
import { fold, directionOf } from '../model/vocabulary.js';
import { fieldOf, FIELD_NAMES, headerKey, REQUIRED_FIELDS, synonymsOf, type ColumnMap, type FieldName } from './fields.js';
import type { Mapping, TypeRule } from './mapping.js';
import { problem, type RawRow, type RowProblem } from './rows.js';
import { JsonNumber, stringifyJson } from './json-value.js';

export interface Plan {
  /** The header position each field is read from alone; -1 when none (or several joined). */
  readonly columns: ColumnMap;
  /** One value per header position; a RawRow, or the problem that rejects the row. */
  toRaw(values: ArrayLike<unknown>): RawRow | RowProblem;
}

interface CompiledRule {
  readonly index: number;
  readonly rule: TypeRule;
}

export type PlanResult =
  | { readonly plan: Plan }
  | { readonly error: string; readonly kind: 'missing' | 'clash' };

/**
 * `lenient` (JSON objects, whose keys vary): a field without a source is simply absent, and the
 * row check reports it; otherwise (a CSV header) a required field without a column is an error
 * for the whole file.
 */
export function compilePlan(mapping: Mapping, headers: readonly string[], lenient: boolean): PlanResult {
  const byKey = new Map<string, number>();
  headers.forEach((h, i) => {
    const k = headerKey(h);
    if (!byKey.has(k)) byKey.set(k, i);
  });
  const from = mapping.names.length > 0 ? ` (mapping ${mapping.names.join(' + ')})` : '';
  const errors: string[] = [];
  // A named column that is missing is an error only where a required field needs it: an
  // export without, say, Twilio's ErrorCode column simply has no error codes.
  const indexOf = (column: string, purpose: string, required: boolean): number => {
    const i = byKey.get(headerKey(column));
    if (i === undefined) {
      if (!lenient && required) errors.push(`no column '${column}' for ${purpose}${from}`);
      return -1;
    }
    return i;
  };

  const sources: Partial<Record<FieldName, number[]>> = {};
  const claimed = new Set<number>();
  for (const [f, cols] of Object.entries(mapping.columns) as [FieldName, readonly string[]][]) {
    const idx = cols.map((c) => indexOf(c, f, REQUIRED_FIELDS.includes(f))).filter((i) => i >= 0);
    if (idx.length > 0) sources[f] = idx;
    idx.forEach((i) => claimed.add(i));
  }
  const byDirection: Partial<Record<'contact' | 'business', { inbound: number; outbound: number }>> = {};
  for (const [f, d] of Object.entries(mapping.byDirection) as ['contact' | 'business', { inbound: string; outbound: string }][]) {
    const inbound = indexOf(d.inbound, `${f} of inbound rows`, f === 'contact');
    const outbound = indexOf(d.outbound, `${f} of outbound rows`, f === 'contact');
    byDirection[f] = { inbound, outbound };
    claimed.add(inbound).add(outbound);
  }
  const rules: CompiledRule[] = mapping.typeRules.map((rule) => ({ index: indexOf(rule.column, 'a type rule', false), rule }));

  // Fields the mapping does not name come from the canonical headers and their synonyms.
  const clashes: string[] = [];
  headers.forEach((h, i) => {
    if (claimed.has(i)) return;
    const f = fieldOf(h);
    if (f === null || mapping.columns[f] || byDirection[f as 'contact'] || mapping.constants[f] !== undefined) return;
    const seen = sources[f];
    if (seen) clashes.push(`columns '${headers[seen[0]]}' and '${h}' both read as ${f}; remove or rename one, or name the one to use with --map`);
    else sources[f] = [i];
  });
  if (clashes.length > 0) return { error: clashes[0], kind: 'clash' };

  const derivesType = rules.length > 0 || mapping.typeDefault !== null;
  if (!lenient) {
    for (const f of REQUIRED_FIELDS) {
      const has =
        sources[f] !== undefined ||
        mapping.constants[f] !== undefined ||
        ((f === 'contact' || f === 'business') && byDirection[f] !== undefined) ||
        (f === 'type' && derivesType);
      if (!has && !errors.some((e) => e.includes(` for ${f}`))) {
        errors.push(`no column for ${f} (looked for a header named ${synonymsOf(f).join(', ')})`);
      }
    }
  }
  if (errors.length > 0) return { error: errors[0], kind: 'missing' };

  const fields = FIELD_NAMES.filter((f) => sources[f] !== undefined).map((f) => [f, sources[f] as number[]] as const);
  const constants = Object.entries(mapping.constants) as [FieldName, string][];
  const values = mapping.values;
  const header = headers;

  // One RawRow for every row of this plan: the row check reads it at once and keeps nothing.
  const raw: RawRow = {};
  const clear = (): void => {
    for (const f of FIELD_NAMES) raw[f] = undefined;
  };
  return {
    plan: {
      columns: Object.fromEntries(
        FIELD_NAMES.map((f) => [f, sources[f]?.length === 1 ? (sources[f] as number[])[0] : -1]),
      ) as ColumnMap,
      toRaw(row) {
        clear();
        for (const [f, idx] of fields) {
          let v: string | undefined;
          if (idx.length === 1) {
            const r = text(row[idx[0]]);
            if (r === null) return problem('bad_value', `'${header[idx[0]]}' is not a string or a number`, stringifyJson(row[idx[0]]));
            v = r;
          } else {
            const parts: string[] = [];
            for (const i of idx) {
              const r = text(row[i]);
              if (r === null) return problem('bad_value', `'${header[i]}' is not a string or a number`, stringifyJson(row[i]));
              if (r !== undefined && r.trim() !== '') parts.push(r.trim());
            }
            v = parts.length > 0 ? parts.join(' ') : undefined;
          }
          const mapped = v === undefined ? undefined : values[f]?.get(fold(v));
          raw[f] = mapped ?? v;
        }
        for (const [f, v] of constants) raw[f] = v;
        if (byDirection.contact || byDirection.business) {
          const dir = raw.direction === undefined ? null : directionOf(raw.direction);
          if (dir !== null) {
            for (const f of ['contact', 'business'] as const) {
              const d = byDirection[f];
              if (d === undefined || mapping.constants[f] !== undefined) continue;
              const r = text(row[d[dir]]);
              raw[f] = r === null ? undefined : r;
            }
          }
        }
        if (derivesType) {
          let type: string | undefined;
          for (const { index, rule } of rules) {
            const r = index < 0 ? undefined : text(row[index]);
            const v = typeof r === 'string' ? r.trim() : '';
            if (
              (rule.present && v !== '') ||
              (rule.matches !== undefined && v !== '' && rule.matches.test(v)) ||
              (rule.equals !== undefined && fold(v) === fold(rule.equals))
            ) {
              type = rule.type;
              break;
            }
          }
          raw.type = type ?? raw.type ?? mapping.typeDefault ?? undefined;
        }
        return raw;
      },
    },
  };
}

/** A cell as text: undefined when absent, null when it is not a value (a nested object). */
function text(v: unknown): string | undefined | null {
  if (typeof v === 'string') return v;
  if (v instanceof JsonNumber) return v.text;
  if (v === undefined || v === null || typeof v === 'boolean') return undefined;
  return null;
}

export function isProblem(r: RawRow | RowProblem): r is RowProblem {
  return 'ok' in r;
}
