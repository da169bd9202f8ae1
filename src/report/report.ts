// The report, built once as typed data from the log and the replay. Renderers only format it.
// Field for field it is the JSON contract of formats.md (report_version 1); instants stay epoch
// milliseconds here and are written in the report's zone by the renderers.
import type { ContactMergeInfo, Log, Message, Rejection } from '../model/message.js';
import type { Shard } from '../model/shard.js';
import { isFailed } from '../model/message.js';
import type { Replay } from '../engine/replay.js';
import type { Initiator, SessionDecision, TemplateReason, ViolationRule } from '../engine/ruleset.js';
import { sortByTimeThenKey } from './order.js';
import { providerSection, type ProviderSection } from './provider.js';

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

export function buildReport(log: Log, result: Replay, options: ReportOptions): Report {
  const { from, to } = options;
  const inPeriod = (t: number): boolean => (from === null || t >= from) && (to === null || t < to);
  const show = options.redact ? maskAddress : same;
  const sessions: SessionRow[] = [];
  const templates: TemplateRow[] = [];
  const violations: ViolationRow[] = [];

  result.outcomes.forEach((outcome, k) => {
    const keyMessages = result.keys[k].messages;
    for (const s of outcome.sessions) {
      if (inPeriod(s.openedAt)) sessions.push(sessionRow(s, keyMessages, show));
    }
    for (const t of outcome.templates) {
      const m = t.message;
      if (!inPeriod(m.ts)) continue;
      templates.push({
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
      });
    }
    for (const v of outcome.violations) {
      const m = v.message;
      if (!inPeriod(m.ts)) continue;
      violations.push({
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
  });

  sortByTimeThenKey(sessions, (r) => r.openedAt);
  sortByTimeThenKey(templates, (r) => r.sentAt);
  sortByTimeThenKey(violations, (r) => r.sentAt);

  let businessInitiated = 0;
  for (const s of sessions) if (s.initiator === 'business') businessInitiated++;
  let charged = 0;
  let failed = 0;
  for (const t of templates) {
    if (t.charged) charged++;
    else if (t.reason === 'failed') failed++;
  }

  return {
    reportVersion: REPORT_VERSION,
    ruleset: result.ruleset.name,
    windowHours: result.ruleset.windowMs / 3_600_000,
    timezone: options.timezone,
    period: { from, to },
    shard: options.shard ?? null,
    input: {
      files: log.files,
      rows: log.rows,
      messages: log.messages.length,
      rejected: log.rejected.length,
      duplicates: log.duplicates,
      contactMerges:
        log.contactMerges === null || !options.redact
          ? log.contactMerges
          : log.contactMerges.map((m) => ({ ...m, from: maskAddress(m.from), to: maskAddress(m.to) })),
    },
    summary: {
      sessions: sessions.length,
      businessInitiated,
      customerInitiated: sessions.length - businessInitiated,
      templates: templates.length,
      templatesCharged: charged,
      templatesFree: templates.length - charged - failed,
      templatesFailed: failed,
      violations: violations.length,
    },
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
    provider: providerSection(log.businessNumbers, result, inPeriod, show),
  };
}
