// `wa-audit merge`: shard reports (JSON, report_version 1) back into typed reports, then one
// report: the one the whole log gives, byte for byte once rendered. Shards split by contact,
// so every list is the union of the shards' lists and every count their sum.
import { InputError } from '../model/errors.js';
import type { ContactMergeInfo } from '../model/message.js';
import { parseTimestamp, TimeZone } from '../model/time.js';
import type { ShardOfRun } from '../model/shard.js';
import { inTimeOrder } from './order.js';
import { PROVIDER_TALLIES, type ProviderSection } from './provider.js';
import { ArrayRows } from './rows.js';
import { REPORT_VERSION, type Report } from './report.js';
import { amountsOf, isUnpricedWarning, Totals, unpricedWarning } from './totals.js';
import { parseAmount } from '../model/money.js';
import {
  type Cells,
  type CellType,
  type CountField,
  type CountsOf,
  DISAGREEMENT_LIST,
  INPUT_COUNTS,
  MESSAGES,
  TOTALS,
  type TotalRow,
  type ListSchema,
  REJECTED,
  type RowOf,
  SESSIONS,
  SUMMARY,
  TEMPLATES,
  UNCLASSIFIED,
  VIOLATIONS,
} from './schema.js';

type Json = Record<string, unknown>;

class Reader {
  constructor(
    private readonly file: string,
    private readonly utc: TimeZone,
  ) {}

  fail(path: string, expected: string): never {
    throw new InputError(`not a wa-audit JSON report: ${path} should be ${expected}`, this.file);
  }

  obj(v: unknown, path: string): Json {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) this.fail(path, 'an object');
    return v as Json;
  }

  arr(v: unknown, path: string): unknown[] {
    if (!Array.isArray(v)) this.fail(path, 'a list');
    return v;
  }

  str(v: unknown, path: string): string {
    if (typeof v !== 'string') this.fail(path, 'a string');
    return v;
  }

  strOrNull(v: unknown, path: string): string | null {
    return v === null ? null : this.str(v, path);
  }

  num(v: unknown, path: string): number {
    if (typeof v !== 'number' || !Number.isFinite(v)) this.fail(path, 'a number');
    return v;
  }

  bool(v: unknown, path: string): boolean {
    if (typeof v !== 'boolean') this.fail(path, 'true or false');
    return v;
  }

  time(v: unknown, path: string): number {
    const r = parseTimestamp(this.str(v, path), this.utc);
    if (!r.ok) this.fail(path, 'an ISO 8601 instant');
    return r.ms;
  }

  timeOrNull(v: unknown, path: string): number | null {
    return v === null ? null : this.time(v, path);
  }

  oneOf<T extends string>(v: unknown, path: string, allowed: readonly T[]): T {
    if (typeof v !== 'string' || !(allowed as readonly string[]).includes(v)) this.fail(path, `one of ${allowed.join(', ')}`);
    return v as T;
  }

  /** A list, each row read by the list's column schema. */
  list<Cs extends Cells>(v: unknown, path: string, schema: ListSchema<Cs>): RowOf<Cs>[] {
    return this.arr(v, path).map((item, i) => {
      const p = `${path}[${i}]`;
      const o = this.obj(item, p);
      const row: Record<string, unknown> = {};
      for (const c of schema.columns) row[c.field] = this.cell(c.type, o[c.key], `${p}.${c.key}`);
      return row as RowOf<Cs>;
    });
  }

  /** One cell, by its column's type. */
  cell(type: CellType, x: unknown, at: string): unknown {
    if (typeof type !== 'string') return this.oneOf(x, at, type);
    if (type === 'texts') return this.arr(x, at).map((t, k) => this.str(t, `${at}[${k}]`));
    const read = CELL_READERS[type];
    return read(this, x, at);
  }

  /** Counts by their schema, from an object that names them in JSON. */
  countsOf<Fs extends readonly CountField[]>(fields: Fs, o: Json, path: string): CountsOf<Fs> {
    const out: Record<string, number> = {};
    for (const f of fields) out[f.field] = this.num(o[f.key], `${path}.${f.key}`);
    return out as CountsOf<Fs>;
  }

  /** Amounts by currency, each a decimal string. */
  amounts(v: unknown, path: string): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [k, a] of Object.entries(this.obj(v, path))) {
      if (!/^[A-Z]{3}$/.test(k)) this.fail(`${path}`, 'an object keyed by ISO 4217 currency codes');
      const text = this.str(a, `${path}.${k}`);
      if (parseAmount(text) === null) this.fail(`${path}.${k}`, 'a decimal amount such as "12.5"');
      out[k] = text;
    }
    return out;
  }

  counts(v: unknown, path: string): Record<string, number> {
    const o = this.obj(v, path);
    const out: Record<string, number> = {};
    for (const [k, n] of Object.entries(o)) out[k] = this.num(n, `${path}.${k}`);
    return out;
  }
}

/** How each scalar cell type is read. */
const CELL_READERS: Readonly<Record<Exclude<CellType, 'texts' | readonly string[]>, (r: Reader, x: unknown, at: string) => unknown>> = {
  text: (r, x, at) => r.str(x, at),
  'text?': (r, x, at) => r.strOrNull(x, at),
  'amount?': (r, x, at) => {
    const text = r.strOrNull(x, at);
    if (text !== null && parseAmount(text) === null) r.fail(at, 'a decimal amount such as "0.0625", or null');
    return text;
  },
  instant: (r, x, at) => r.time(x, at),
  'instant?': (r, x, at) => r.timeOrNull(x, at),
  bool: (r, x, at) => r.bool(x, at),
  count: (r, x, at) => r.num(x, at),
  int: (r, x, at) => r.num(x, at),
};

/** A report as `--format json` wrote it, read back into its typed form. */
export function reportFromJson(value: unknown, file: string): Report {
  const r = new Reader(file, TimeZone.of('UTC') as TimeZone);
  const j = r.obj(value, 'the report');
  if (j.report_version !== REPORT_VERSION) r.fail('report_version', String(REPORT_VERSION));
  const period = r.obj(j.period, 'period');
  const input = r.obj(j.input, 'input');
  const shard = j.shard === undefined ? null : r.obj(j.shard, 'shard');
  const merges =
    input.contact_merges === undefined
      ? null
      : r.arr(input.contact_merges, 'input.contact_merges').map((v, i): ContactMergeInfo => {
          const o = r.obj(v, `input.contact_merges[${i}]`);
          return {
            from: r.str(o.from, 'from'),
            to: r.str(o.to, 'to'),
            rows: r.num(o.rows, 'rows'),
            bothForms: r.bool(o.both_forms, 'both_forms'),
          };
        });
  return {
    reportVersion: REPORT_VERSION,
    tool: { name: r.str(r.obj(j.tool, 'tool').name, 'tool.name'), version: r.strOrNull(r.obj(j.tool, 'tool').version, 'tool.version') },
    ruleset: r.str(j.ruleset, 'ruleset'),
    windowHours: r.num(j.window_hours, 'window_hours'),
    timezone: r.str(j.timezone, 'timezone'),
    period: { from: r.timeOrNull(period.from, 'period.from'), to: r.timeOrNull(period.to, 'period.to') },
    shard:
      shard === null
        ? null
        : {
            index: r.num(shard.index, 'shard.index'),
            count: r.num(shard.count, 'shard.count'),
            fingerprint: shard.fingerprint === undefined ? '' : r.str(shard.fingerprint, 'shard.fingerprint'),
          },
    input: {
      files: r.arr(input.files, 'input.files').map((f, i) => r.str(f, `input.files[${i}]`)),
      ...r.countsOf(INPUT_COUNTS, input, 'input'),
      contactMerges: merges,
      businessJoined: input.no_business_joined === undefined ? 0 : r.num(input.no_business_joined, 'input.no_business_joined'),
    },
    summary: { ...r.countsOf(SUMMARY, r.obj(j.summary, 'summary'), 'summary'), amounts: r.amounts(r.obj(j.summary, 'summary').amounts, 'summary.amounts') },
    rates: j.rates === null || j.rates === undefined ? null : r.arr(j.rates, 'rates').map((v, i) => {
      const o = r.obj(v, `rates[${i}]`);
      return { file: r.str(o.file, `rates[${i}].file`), validFrom: r.arr(o.valid_from, `rates[${i}].valid_from`).map((d, k) => r.str(d, `rates[${i}].valid_from[${k}]`)) };
    }),
    markets: j.markets === null || j.markets === undefined ? null : (() => {
      const o = r.obj(j.markets, 'markets');
      return { file: r.str(o.file, 'markets.file'), source: r.strOrNull(o.source, 'markets.source'), date: r.strOrNull(o.date, 'markets.date') };
    })(),
    warnings: r.arr(j.warnings, 'warnings').map((w, i) => r.str(w, `warnings[${i}]`)),
    listLimit: null,
    sessions: new ArrayRows(r.list(j.sessions, 'sessions', SESSIONS)),
    templates: j.templates === undefined ? null : new ArrayRows(r.list(j.templates, 'templates', TEMPLATES)),
    violations: new ArrayRows(r.list(j.violations, 'violations', VIOLATIONS)),
    messages: new ArrayRows(r.list(j.messages, 'messages', MESSAGES)),
    totals: r.list(j.totals, 'totals', TOTALS),
    rejected: r.list(j.rejected, 'rejected', REJECTED),
    provider: j.provider === undefined ? null : providerFromJson(r, r.obj(j.provider, 'provider')),
  };
}

function providerFromJson(r: Reader, p: Json): ProviderSection {
  const numbers: Record<string, string> = {};
  for (const [k, v] of Object.entries(r.obj(p.business_numbers, 'provider.business_numbers'))) {
    numbers[k] = r.str(v, `provider.business_numbers.${k}`);
  }
  const tallies = Object.fromEntries(PROVIDER_TALLIES.map(([key, field]) => [field, r.counts(p[key], `provider.${key}`)]));
  return {
    businessNumbers: numbers,
    messages: r.num(p.messages, 'provider.messages'),
    pricingTypes: tallies.pricingTypes,
    pricingCategories: tallies.pricingCategories,
    errorCodes: tallies.errorCodes,
    unclassified: r.list(p.unclassified, 'provider.unclassified', UNCLASSIFIED),
    disagreements: r.list(p.disagreements, 'provider.disagreements', DISAGREEMENT_LIST),
  };
}

function addCounts(into: Record<string, number>, more: Readonly<Record<string, number>>): void {
  for (const [k, n] of Object.entries(more)) into[k] = (into[k] ?? 0) + n;
}

function sortedKeys<T>(o: Record<string, T>): Record<string, T> {
  const out: Record<string, T> = {};
  for (const k of Object.keys(o).sort()) out[k] = o[k];
  return out;
}

/** Shards' totals rows of one month, business, market, class and currency summed, amounts exactly. */
function mergedTotals(rows: readonly TotalRow[]): TotalRow[] {
  const totals = new Totals();
  for (const t of rows) totals.addRow(t);
  return totals.rows();
}

/** Each count of `fields` summed over `parts`. */
function sums<Fs extends readonly CountField[]>(fields: Fs, parts: readonly object[]): CountsOf<Fs> {
  const out: Record<string, number> = {};
  for (const f of fields) out[f.field] = parts.reduce((n, p) => n + (p as Record<string, number>)[f.field], 0);
  return out as CountsOf<Fs>;
}

/**
 * One report from the reports of shards 1..N of one log. Refuses reports that are not the N
 * shards of one run (another ruleset, zone, period or file list; a shard missing or twice).
 */
export function mergeReports(reports: readonly { file: string; report: Report }[]): Report {
  const first = reports[0];
  const count = first.report.shard?.count;
  if (count === undefined) throw new InputError('not a shard report (it has no "shard"); merge takes the reports of --shard runs', first.file);
  const seen = new Map<number, string>();
  const same = (r: Report): string =>
    JSON.stringify([r.ruleset, r.windowHours, r.timezone, r.period, r.input.files, r.input.contactMerges === null, r.input.businessJoined]);
  for (const { file, report } of reports) {
    const s: ShardOfRun | null = report.shard;
    if (s === null) throw new InputError('not a shard report (it has no "shard")', file);
    if (s.count !== count) throw new InputError(`shard ${s.index}/${s.count}, but ${first.file} is of ${count} shards`, file);
    if (seen.has(s.index)) throw new InputError(`shard ${s.index}/${s.count} again (also ${seen.get(s.index)})`, file);
    if (s.fingerprint === '') {
      throw new InputError('a shard report without a fingerprint (made by an older wa-audit): run the shards again', file);
    }
    if (same(report) !== same(first.report)) {
      throw new InputError(`not a shard of the same run as ${first.file} (ruleset, zone, period, files or options differ)`, file);
    }
    if (s.fingerprint !== (first.report.shard as ShardOfRun).fingerprint) {
      throw new InputError(
        `not a shard of the same run as ${first.file}: the contents of the input files, or an option that changes a decision (encoding, mapping, date format, --br-ninth-digit, --redact), differ`,
        file,
      );
    }
    seen.set(s.index, file);
  }
  const missing = Array.from({ length: count }, (_, i) => i + 1).filter((i) => !seen.has(i));
  if (missing.length > 0) {
    throw new InputError(`shard(s) ${missing.map((i) => `${i}/${count}`).join(', ')} missing; merge needs all ${count}`, first.file);
  }

  const all = reports.map((r) => r.report);
  const fileOrder = new Map(first.report.input.files.map((f, i) => [f, i]));
  const providers = all.map((r) => r.provider).filter((p): p is ProviderSection => p !== null);
  let provider: ProviderSection | null = null;
  if (providers.length > 0) {
    const numbers: Record<string, string> = {};
    const tallies: Record<string, Record<string, number>> = {};
    for (const p of providers) {
      Object.assign(numbers, p.businessNumbers);
      for (const [, field] of PROVIDER_TALLIES) addCounts((tallies[field] ??= {}), p[field]);
    }
    provider = {
      businessNumbers: sortedKeys(numbers),
      messages: providers.reduce((n, p) => n + p.messages, 0),
      pricingTypes: sortedKeys(tallies.pricingTypes),
      pricingCategories: sortedKeys(tallies.pricingCategories),
      errorCodes: sortedKeys(tallies.errorCodes),
      unclassified: inTimeOrder(providers.flatMap((p) => p.unclassified), (r) => r.sentAt),
      disagreements: inTimeOrder(providers.flatMap((p) => p.disagreements), (r) => r.sentAt),
    };
  }
  const merges = first.report.input.contactMerges === null ? null : all.flatMap((r) => r.input.contactMerges ?? []);
  merges?.sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0));
  const totals = mergedTotals(all.flatMap((r) => r.totals));
  return {
    ...first.report,
    shard: null,
    input: {
      files: first.report.input.files,
      ...sums(INPUT_COUNTS, all.map((r) => r.input)),
      contactMerges: merges,
      // Every shard reads the whole log, so each names the same count.
      businessJoined: first.report.input.businessJoined,
    },
    summary: { ...sums(SUMMARY, all.map((r) => r.summary)), amounts: amountsOf(totals) },
    // Each shard read the whole log; a warning said by any of them is the run's, once. The
    // rate-card gap is said again from the merged totals.
    warnings: [...new Set(all.flatMap((r) => r.warnings).filter((w) => !isUnpricedWarning(w))), ...[unpricedWarning(totals)].filter((w): w is string => w !== null)],
    listLimit: null,
    sessions: new ArrayRows(inTimeOrder(all.flatMap((r) => [...r.sessions]), (r) => r.openedAt)),
    templates: first.report.templates === null ? null : new ArrayRows(inTimeOrder(all.flatMap((r) => [...(r.templates ?? [])]), (r) => r.sentAt)),
    violations: new ArrayRows(inTimeOrder(all.flatMap((r) => [...r.violations]), (r) => r.sentAt)),
    messages: new ArrayRows(inTimeOrder(all.flatMap((r) => [...r.messages]), (r) => r.sentAt)),
    totals,
    rejected: all
      .flatMap((r) => r.rejected)
      .sort((a, b) => (fileOrder.get(a.file) ?? 0) - (fileOrder.get(b.file) ?? 0) || a.line - b.line),
    provider,
  };
}
