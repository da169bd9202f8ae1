// `wa-audit merge`: shard reports (JSON, report_version 1) back into typed reports, then one
// report: the one the whole log gives, byte for byte once rendered. Shards split by contact,
// so every list is the union of the shards' lists and every count their sum.
import { InputError } from '../model/errors.js';
import { REJECTION_CODES, type ContactMergeInfo, type Rejection } from '../model/message.js';
import { INITIATORS, TEMPLATE_REASONS, VIOLATION_RULES } from '../engine/ruleset.js';
import { parseTimestamp, TimeZone } from '../model/time.js';
import type { Shard } from '../model/shard.js';
import { inTimeOrder } from './order.js';
import { DISAGREEMENTS, type DisagreementRow, type ProviderSection, type UnclassifiedRow } from './provider.js';
import { ArrayRows } from './rows.js';
import { REPORT_VERSION, type Report, type SessionRow, type Summary, type TemplateRow, type ViolationRow } from './report.js';

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

  /** The id, business and contact every report row starts with. */
  keyed(o: Json, path: string): { id: string; business: string; contact: string } {
    return {
      id: this.str(o.id, `${path}.id`),
      business: this.str(o.business, `${path}.business`),
      contact: this.str(o.contact, `${path}.contact`),
    };
  }

  counts(v: unknown, path: string): Record<string, number> {
    const o = this.obj(v, path);
    const out: Record<string, number> = {};
    for (const [k, n] of Object.entries(o)) out[k] = this.num(n, `${path}.${k}`);
    return out;
  }
}

/** A report as `--format json` wrote it, read back into its typed form. */
export function reportFromJson(value: unknown, file: string): Report {
  const r = new Reader(file, TimeZone.of('UTC') as TimeZone);
  const j = r.obj(value, 'the report');
  if (j.report_version !== REPORT_VERSION) r.fail('report_version', String(REPORT_VERSION));
  const period = r.obj(j.period, 'period');
  const input = r.obj(j.input, 'input');
  const s = r.obj(j.summary, 'summary');
  const shard = j.shard === undefined ? null : r.obj(j.shard, 'shard');
  const summary: Summary = {
    sessions: r.num(s.sessions, 'summary.sessions'),
    businessInitiated: r.num(s.business_initiated, 'summary.business_initiated'),
    customerInitiated: r.num(s.customer_initiated, 'summary.customer_initiated'),
    templates: r.num(s.templates, 'summary.templates'),
    templatesCharged: r.num(s.templates_charged, 'summary.templates_charged'),
    templatesFree: r.num(s.templates_free, 'summary.templates_free'),
    templatesFailed: r.num(s.templates_failed, 'summary.templates_failed'),
    violations: r.num(s.violations, 'summary.violations'),
  };
  const sessions = r.arr(j.sessions, 'sessions').map((v, i): SessionRow => {
    const o = r.obj(v, `sessions[${i}]`);
    const p = `sessions[${i}]`;
    return {
      ...r.keyed(o, p),
      initiator: r.oneOf(o.initiator, `${p}.initiator`, INITIATORS),
      openedAt: r.time(o.opened_at, `${p}.opened_at`),
      expiresAt: r.time(o.expires_at, `${p}.expires_at`),
      openedByType: r.oneOf(o.opened_by_type, `${p}.opened_by_type`, ['template', 'free_form'] as const),
      charged: r.bool(o.charged, `${p}.charged`),
      chargedMessage: r.strOrNull(o.charged_message, `${p}.charged_message`),
      repliedAt: r.timeOrNull(o.replied_at, `${p}.replied_at`),
      inbound: r.num(o.inbound, `${p}.inbound`),
      outbound: r.num(o.outbound, `${p}.outbound`),
    };
  });
  const templates = r.arr(j.templates, 'templates').map((v, i): TemplateRow => {
    const o = r.obj(v, `templates[${i}]`);
    const p = `templates[${i}]`;
    return {
      ...r.keyed(o, p),
      sentAt: r.time(o.sent_at, `${p}.sent_at`),
      status: r.strOrNull(o.status, `${p}.status`),
      template: r.strOrNull(o.template, `${p}.template`),
      category: r.strOrNull(o.category, `${p}.category`),
      session: r.strOrNull(o.session, `${p}.session`),
      charged: r.bool(o.charged, `${p}.charged`),
      reason: r.oneOf(o.reason, `${p}.reason`, TEMPLATE_REASONS),
    };
  });
  const violations = r.arr(j.violations, 'violations').map((v, i): ViolationRow => {
    const o = r.obj(v, `violations[${i}]`);
    const p = `violations[${i}]`;
    return {
      ...r.keyed(o, p),
      sentAt: r.time(o.sent_at, `${p}.sent_at`),
      status: r.strOrNull(o.status, `${p}.status`),
      rule: r.oneOf(o.rule, `${p}.rule`, VIOLATION_RULES),
      lastInboundAt: r.timeOrNull(o.last_inbound_at, `${p}.last_inbound_at`),
      session: r.strOrNull(o.session, `${p}.session`),
    };
  });
  const rejected = r.arr(j.rejected, 'rejected').map((v, i): Rejection => {
    const o = r.obj(v, `rejected[${i}]`);
    const p = `rejected[${i}]`;
    return {
      file: r.str(o.file, `${p}.file`),
      line: r.num(o.line, `${p}.line`),
      pointer: r.strOrNull(o.pointer, `${p}.pointer`),
      code: r.oneOf(o.code, `${p}.code`, REJECTION_CODES),
      reason: r.str(o.reason, `${p}.reason`),
      value: r.strOrNull(o.value, `${p}.value`),
    };
  });
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
    ruleset: r.str(j.ruleset, 'ruleset'),
    windowHours: r.num(j.window_hours, 'window_hours'),
    timezone: r.str(j.timezone, 'timezone'),
    period: { from: r.timeOrNull(period.from, 'period.from'), to: r.timeOrNull(period.to, 'period.to') },
    shard: shard === null ? null : { index: r.num(shard.index, 'shard.index'), count: r.num(shard.count, 'shard.count') },
    input: {
      files: r.arr(input.files, 'input.files').map((f, i) => r.str(f, `input.files[${i}]`)),
      rows: r.num(input.rows, 'input.rows'),
      messages: r.num(input.messages, 'input.messages'),
      rejected: r.num(input.rejected, 'input.rejected'),
      duplicates: r.num(input.duplicates, 'input.duplicates'),
      contactMerges: merges,
    },
    summary,
    listLimit: null,
    sessions: new ArrayRows(sessions),
    templates: new ArrayRows(templates),
    violations: new ArrayRows(violations),
    rejected,
    provider: j.provider === undefined ? null : providerFromJson(r, r.obj(j.provider, 'provider')),
  };
}

function providerFromJson(r: Reader, p: Json): ProviderSection {
  const numbers: Record<string, string> = {};
  for (const [k, v] of Object.entries(r.obj(p.business_numbers, 'provider.business_numbers'))) {
    numbers[k] = r.str(v, `provider.business_numbers.${k}`);
  }
  return {
    businessNumbers: numbers,
    messages: r.num(p.messages, 'provider.messages'),
    pricingTypes: r.counts(p.pricing_types, 'provider.pricing_types'),
    pricingCategories: r.counts(p.pricing_categories, 'provider.pricing_categories'),
    errorCodes: r.counts(p.error_codes, 'provider.error_codes'),
    unclassified: r.arr(p.unclassified, 'provider.unclassified').map((v, i): UnclassifiedRow => {
      const p2 = `provider.unclassified[${i}]`;
      const o = r.obj(v, p2);
      return {
        ...r.keyed(o, p2),
        sentAt: r.time(o.sent_at, `${p2}.sent_at`),
        status: r.strOrNull(o.status, `${p2}.status`),
        errors: r.arr(o.errors, `${p2}.errors`).map((e) => r.str(e, `${p2}.errors[]`)),
      };
    }),
    disagreements: r.arr(p.disagreements, 'provider.disagreements').map((v, i): DisagreementRow => {
      const p2 = `provider.disagreements[${i}]`;
      const o = r.obj(v, p2);
      return {
        ...r.keyed(o, p2),
        sentAt: r.time(o.sent_at, `${p2}.sent_at`),
        kind: r.oneOf(o.kind, `${p2}.kind`, DISAGREEMENTS),
        replay: r.str(o.replay, `${p2}.replay`),
        provider: r.str(o.provider, `${p2}.provider`),
      };
    }),
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
    JSON.stringify([r.ruleset, r.windowHours, r.timezone, r.period, r.input.files, r.input.contactMerges === null]);
  for (const { file, report } of reports) {
    const s: Shard | null = report.shard;
    if (s === null) throw new InputError('not a shard report (it has no "shard")', file);
    if (s.count !== count) throw new InputError(`shard ${s.index}/${s.count}, but ${first.file} is of ${count} shards`, file);
    if (seen.has(s.index)) throw new InputError(`shard ${s.index}/${s.count} again (also ${seen.get(s.index)})`, file);
    if (same(report) !== same(first.report)) {
      throw new InputError(`not a shard of the same run as ${first.file} (ruleset, zone, period, files or options differ)`, file);
    }
    seen.set(s.index, file);
  }
  const missing = Array.from({ length: count }, (_, i) => i + 1).filter((i) => !seen.has(i));
  if (missing.length > 0) {
    throw new InputError(`shard(s) ${missing.map((i) => `${i}/${count}`).join(', ')} missing; merge needs all ${count}`, first.file);
  }

  const all = reports.map((r) => r.report);
  const sum = (f: (r: Report) => number): number => all.reduce((n, r) => n + f(r), 0);
  const fileOrder = new Map(first.report.input.files.map((f, i) => [f, i]));
  const providers = all.map((r) => r.provider).filter((p): p is ProviderSection => p !== null);
  let provider: ProviderSection | null = null;
  if (providers.length > 0) {
    const numbers: Record<string, string> = {};
    const types: Record<string, number> = {};
    const categories: Record<string, number> = {};
    const errors: Record<string, number> = {};
    for (const p of providers) {
      Object.assign(numbers, p.businessNumbers);
      addCounts(types, p.pricingTypes);
      addCounts(categories, p.pricingCategories);
      addCounts(errors, p.errorCodes);
    }
    provider = {
      businessNumbers: sortedKeys(numbers),
      messages: providers.reduce((n, p) => n + p.messages, 0),
      pricingTypes: sortedKeys(types),
      pricingCategories: sortedKeys(categories),
      errorCodes: sortedKeys(errors),
      unclassified: inTimeOrder(providers.flatMap((p) => p.unclassified), (r) => r.sentAt),
      disagreements: inTimeOrder(providers.flatMap((p) => p.disagreements), (r) => r.sentAt),
    };
  }
  const merges = first.report.input.contactMerges === null ? null : all.flatMap((r) => r.input.contactMerges ?? []);
  merges?.sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0));
  return {
    ...first.report,
    shard: null,
    input: {
      files: first.report.input.files,
      rows: sum((r) => r.input.rows),
      messages: sum((r) => r.input.messages),
      rejected: sum((r) => r.input.rejected),
      duplicates: sum((r) => r.input.duplicates),
      contactMerges: merges,
    },
    summary: {
      sessions: sum((r) => r.summary.sessions),
      businessInitiated: sum((r) => r.summary.businessInitiated),
      customerInitiated: sum((r) => r.summary.customerInitiated),
      templates: sum((r) => r.summary.templates),
      templatesCharged: sum((r) => r.summary.templatesCharged),
      templatesFree: sum((r) => r.summary.templatesFree),
      templatesFailed: sum((r) => r.summary.templatesFailed),
      violations: sum((r) => r.summary.violations),
    },
    listLimit: null,
    sessions: new ArrayRows(inTimeOrder(all.flatMap((r) => [...r.sessions]), (r) => r.openedAt)),
    templates: new ArrayRows(inTimeOrder(all.flatMap((r) => [...r.templates]), (r) => r.sentAt)),
    violations: new ArrayRows(inTimeOrder(all.flatMap((r) => [...r.violations]), (r) => r.sentAt)),
    rejected: all
      .flatMap((r) => r.rejected)
      .sort((a, b) => (fileOrder.get(a.file) ?? 0) - (fileOrder.get(b.file) ?? 0) || a.line - b.line),
    provider,
  };
}
