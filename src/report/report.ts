// The report, built once as typed data from the log and the replay. Renderers only format it.
// Field for field it is the JSON contract of formats.md (report_version 1); instants stay epoch
// milliseconds here and are written in the report's zone by the renderers.
import type { ContactMergeInfo, Log, Message, Rejection } from '../model/message.js';
import type { Shard } from '../model/shard.js';
import { isFailed } from '../model/message.js';
import type { Replay } from '../engine/replay.js';
import type { Initiator, KeyOutcome, Ruleset, SessionDecision, TemplateReason, ViolationRule } from '../engine/ruleset.js';
import { byTimeThenKey, inTimeOrder, sortByTimeThenKey } from './order.js';
import { ProviderFacts, type ProviderSection } from './provider.js';

export const REPORT_VERSION = 1;

export interface SessionRow {
  readonly id: string;
  readonly business: string;
  readonly contact: string;
  readonly initiator: Initiator;
  readonly openedAt: number;
  readonly expiresAt: number;
  readonly openedByType: 'template' | 'free_form';
  readonly charged: boolean;
  readonly chargedMessage: string | null;
  readonly repliedAt: number | null;
  readonly inbound: number;
  readonly outbound: number;
}

export interface TemplateRow {
  readonly id: string;
  readonly business: string;
  readonly contact: string;
  readonly sentAt: number;
  readonly status: string | null;
  readonly template: string | null;
  readonly category: string | null;
  readonly session: string | null;
  readonly charged: boolean;
  readonly reason: TemplateReason;
}

export interface ViolationRow {
  readonly id: string;
  readonly business: string;
  readonly contact: string;
  readonly sentAt: number;
  readonly status: string | null;
  readonly rule: ViolationRule;
  readonly lastInboundAt: number | null;
  readonly session: string | null;
}

export interface Summary {
  readonly sessions: number;
  readonly businessInitiated: number;
  readonly customerInitiated: number;
  readonly templates: number;
  readonly templatesCharged: number;
  readonly templatesFree: number;
  readonly templatesFailed: number;
  readonly violations: number;
}

export interface Report {
  readonly reportVersion: typeof REPORT_VERSION;
  readonly ruleset: string;
  readonly windowHours: number;
  readonly timezone: string;
  readonly period: { readonly from: number | null; readonly to: number | null };
  /** The shard this report covers (`--shard I/N`); null for a whole log. */
  readonly shard: Shard | null;
  readonly input: {
    readonly files: readonly string[];
    readonly rows: number;
    readonly messages: number;
    readonly rejected: number;
    readonly duplicates: number;
    /** `--br-ninth-digit`: every number read with the ninth digit added; null without it. */
    readonly contactMerges: readonly ContactMergeInfo[] | null;
  };
  readonly summary: Summary;
  /**
   * Null: the lists below are complete. N: the report was built for an output that shows no
   * more than N rows a list (the table), and each list holds only its first N rows (templates:
   * the first N, and the first N charged); the summary still counts every row.
   */
  readonly listLimit: number | null;
  readonly sessions: readonly SessionRow[];
  readonly templates: readonly TemplateRow[];
  readonly violations: readonly ViolationRow[];
  readonly rejected: readonly Rejection[];
  /** The provider's own billing facts and where they disagree with the replay; null when none. */
  readonly provider: ProviderSection | null;
}

export interface ReportOptions {
  readonly timezone: string;
  /** Half-open reporting period; the replay always used the whole log. */
  readonly from: number | null;
  readonly to: number | null;
  /** Mask the middle digits of phone numbers (`--redact`). */
  readonly redact?: boolean;
  /** The shard the log was cut to, recorded in the report for `wa-audit merge`. */
  readonly shard?: Shard | null;
  /** Keep only the first N rows of each list (`Report.listLimit`); all when absent or null. */
  readonly listLimit?: number | null;
}

/** Rows of one report list as they are found, a key at a time. */
interface RowList<T> {
  /** Whether a row of time `t` may be kept (so that it is worth making). */
  wants(t: number): boolean;
  add(row: T): void;
  /** The kept rows in the report's order. */
  rows(): T[];
}

class AllRows<T extends SessionRow | TemplateRow | ViolationRow> implements RowList<T> {
  private readonly list: T[] = [];
  constructor(private readonly time: (r: T) => number) {}
  wants(): boolean {
    return true;
  }
  add(row: T): void {
    this.list.push(row);
  }
  rows(): T[] {
    sortByTimeThenKey(this.list, this.time);
    return this.list;
  }
}

/** The first `n` rows in the report's order, kept sorted as rows arrive. */
class FirstRows<T extends SessionRow | TemplateRow | ViolationRow> implements RowList<T> {
  private readonly list: T[] = [];
  private readonly order: (a: T, b: T) => number;
  constructor(
    private readonly n: number,
    private readonly time: (r: T) => number,
  ) {
    this.order = byTimeThenKey(time);
  }
  wants(t: number): boolean {
    return this.list.length < this.n || (this.n > 0 && t <= this.time(this.list[this.list.length - 1]));
  }
  add(row: T): void {
    if (!this.wants(this.time(row))) return;
    let lo = 0;
    let hi = this.list.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.order(this.list[mid], row) <= 0) lo = mid + 1;
      else hi = mid;
    }
    this.list.splice(lo, 0, row);
    if (this.list.length > this.n) this.list.pop();
  }
  rows(): T[] {
    return this.list;
  }
}

const openedAt = (r: SessionRow): number => r.openedAt;
const sentAt = (r: TemplateRow | ViolationRow): number => r.sentAt;

function rowList<T extends SessionRow | TemplateRow | ViolationRow>(limit: number | null, time: (r: T) => number): RowList<T> {
  return limit === null ? new AllRows(time) : new FirstRows(limit, time);
}

/** `5511987654321` -> `5511*****4321`: enough to tell contacts apart, not to call them. */
export function maskAddress(value: string): string {
  if (!/^\d{8,}$/.test(value)) return value;
  return value.slice(0, 4) + '*'.repeat(value.length - 8) + value.slice(-4);
}

/** Every run of 8 or more digits in free text (a rejected row's raw value) masked. */
export function maskNumbersIn(text: string): string {
  return text.replace(/\d{8,}/g, maskAddress);
}

/** Index of the first message at or after t (messages in time order). */
function lowerBound(messages: readonly Message[], t: number): number {
  let lo = 0;
  let hi = messages.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (messages[mid].ts < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

const same = (v: string): string => v;

function sessionRow(
  s: SessionDecision,
  keyMessages: readonly Message[],
  show: (address: string) => string,
): SessionRow {
  // formats.md: delivered messages of the key with opened_at <= t < expires_at, by time alone.
  let inbound = 0;
  let outbound = 0;
  for (let i = lowerBound(keyMessages, s.openedAt); i < keyMessages.length; i++) {
    const m = keyMessages[i];
    if (m.ts >= s.expiresAt) break;
    if (isFailed(m)) continue;
    if (m.direction === 'inbound') inbound++;
    else outbound++;
  }
  return {
    id: s.opener.id,
    business: show(s.opener.business),
    contact: show(s.opener.contact),
    initiator: s.initiator,
    openedAt: s.openedAt,
    expiresAt: s.expiresAt,
    openedByType: s.opener.kind === 'template' ? 'template' : 'free_form',
    charged: s.charged,
    chargedMessage: s.chargedMessage?.id ?? null,
    repliedAt: s.repliedAt,
    inbound,
    outbound,
  };
}

/**
 * Builds the report a key at a time, as the replay hands over each key's messages and outcome
 * (`replayLog`), so that no key's messages outlive its turn; `build` sorts and counts once.
 */
export class ReportBuilder {
  private readonly sessions: RowList<SessionRow>;
  private readonly templates: RowList<TemplateRow>;
  /** With a list limit, the first charged templates too (the table lists those). */
  private readonly charged: RowList<TemplateRow> | null;
  private readonly violations: RowList<ViolationRow>;
  private readonly show: (address: string) => string;
  private readonly provider: ProviderFacts | null;
  private readonly counts = { sessions: 0, businessInitiated: 0, templates: 0, charged: 0, failed: 0, violations: 0 };

  constructor(
    private readonly log: Log,
    private readonly ruleset: Ruleset,
    private readonly options: ReportOptions,
  ) {
    const limit = options.listLimit ?? null;
    this.sessions = rowList<SessionRow>(limit, openedAt);
    this.templates = rowList<TemplateRow>(limit, sentAt);
    this.charged = limit === null ? null : rowList<TemplateRow>(limit, sentAt);
    this.violations = rowList<ViolationRow>(limit, sentAt);
    this.show = options.redact ? maskAddress : same;
    this.provider = log.store.hasProviderFacts() ? new ProviderFacts((t) => this.inPeriod(t), this.show) : null;
  }

  private inPeriod(t: number): boolean {
    const { from, to } = this.options;
    return (from === null || t >= from) && (to === null || t < to);
  }

  /** One key's messages, in replay order, and what the ruleset decided for them. */
  addKey(keyMessages: readonly Message[], outcome: KeyOutcome): void {
    const { show, sessions, templates, charged, violations, counts } = this;
    for (const s of outcome.sessions) {
      if (!this.inPeriod(s.openedAt)) continue;
      counts.sessions++;
      if (s.initiator === 'business') counts.businessInitiated++;
      if (sessions.wants(s.openedAt)) sessions.add(sessionRow(s, keyMessages, show));
    }
    for (const t of outcome.templates) {
      const m = t.message;
      if (!this.inPeriod(m.ts)) continue;
      counts.templates++;
      if (t.charged) counts.charged++;
      else if (t.reason === 'failed') counts.failed++;
      const all = templates.wants(m.ts);
      const listed = t.charged && charged !== null && charged.wants(m.ts);
      if (!all && !listed) continue;
      const row: TemplateRow = {
        id: m.id,
        business: show(m.business),
        contact: show(m.contact),
        sentAt: m.ts,
        status: m.status,
        template: m.templateName,
        category: m.category,
        session: t.session?.opener.id ?? null,
        charged: t.charged,
        reason: t.reason,
      };
      if (all) templates.add(row);
      if (listed) charged.add(row);
    }
    for (const v of outcome.violations) {
      const m = v.message;
      if (!this.inPeriod(m.ts)) continue;
      counts.violations++;
      if (!violations.wants(m.ts)) continue;
      violations.add({
        id: m.id,
        business: show(m.business),
        contact: show(m.contact),
        sentAt: m.ts,
        status: m.status,
        rule: v.rule,
        lastInboundAt: v.lastInboundAt,
        session: v.session?.opener.id ?? null,
      });
    }
    this.provider?.addKey(keyMessages, outcome);
  }

  build(): Report {
    const { log, options, counts } = this;
    const { from, to } = options;
    const sessions = this.sessions.rows();
    let templates = this.templates.rows();
    if (this.charged !== null) {
      // Both cuts of the templates, as one list in the report's order.
      const seen = new Set(templates);
      templates = inTimeOrder([...templates, ...this.charged.rows().filter((t) => !seen.has(t))], sentAt);
    }
    const violations = this.violations.rows();

    return {
      reportVersion: REPORT_VERSION,
      ruleset: this.ruleset.name,
      windowHours: this.ruleset.windowMs / 3_600_000,
      timezone: options.timezone,
      period: { from, to },
      shard: options.shard ?? null,
      input: {
        files: log.files,
        rows: log.rows,
        messages: log.messageCount,
        rejected: log.rejected.length,
        duplicates: log.duplicates,
        contactMerges:
          log.contactMerges === null || !options.redact
            ? log.contactMerges
            : log.contactMerges.map((m) => ({ ...m, from: maskAddress(m.from), to: maskAddress(m.to) })),
      },
      summary: {
        sessions: counts.sessions,
        businessInitiated: counts.businessInitiated,
        customerInitiated: counts.sessions - counts.businessInitiated,
        templates: counts.templates,
        templatesCharged: counts.charged,
        templatesFree: counts.templates - counts.charged - counts.failed,
        templatesFailed: counts.failed,
        violations: counts.violations,
      },
      listLimit: options.listLimit ?? null,
      sessions,
      templates,
      violations,
      rejected: options.redact
        ? log.rejected.map((r) => ({
            ...r,
            reason: maskNumbersIn(r.reason),
            value: r.value === null ? null : maskNumbersIn(r.value),
          }))
        : log.rejected,
      provider: this.provider?.section(log.businessNumbers) ?? null,
    };
  }
}

/** The report of a replay made by `replay` (messages given as objects). */
export function buildReport(log: Log, result: Replay, options: ReportOptions): Report {
  const builder = new ReportBuilder(log, result.ruleset, options);
  result.outcomes.forEach((outcome, k) => builder.addKey(result.keys[k].messages, outcome));
  return builder.build();
}
