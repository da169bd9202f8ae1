// `wa-audit explain`: one key's timeline, a step per message in replay order, with what the
// replay decided and why, in words that answer "why was this template charged?". Built from the
// key's messages and the ruleset's outcome (the same replay the audit makes, the account's free
// tiers settled); the price of a charged message comes from the audit's priced report.
import type { KeyOutcome, MessageVerdict, SessionDecision } from '../engine/ruleset.js';
import { isFailed, type Message } from '../model/message.js';

export interface ExplainStep {
  readonly id: string;
  readonly at: number;
  readonly direction: 'inbound' | 'outbound';
  readonly type: string;
  readonly status: string | null;
  readonly template: string | null;
  readonly category: string | null;
  /** The regime the message was replayed under (outbound), null for inbound. */
  readonly regime: string | null;
  /** `inbound`, `charged`, `free`, `violation`, `failed`, `not_delivered` or `unclassified`. */
  readonly decision: string;
  readonly chargeClass: string | null;
  readonly freeReason: string | null;
  /** Why, in a sentence; instants in it are written by the renderer (`{t:MS}` placeholders). */
  readonly why: string;
  /** The session, conversation or window the step opened or fell in, until when; null for none. */
  readonly until: number | null;
  readonly amount: string | null;
  readonly currency: string | null;
  readonly unpricedReason: string | null;
}

export interface KeyTimeline {
  readonly business: string;
  readonly contact: string;
  readonly steps: readonly ExplainStep[];
}

export interface Priced {
  readonly amount: string | null;
  readonly currency: string | null;
  readonly unpricedReason: string | null;
}

/** `{t:MS}`: an instant the renderer writes in the report's zone. */
const at = (ms: number): string => `{t:${ms}}`;

/** What a session or conversation is called in a sentence. */
function named(c: SessionDecision): string {
  if (c.category === null) return `the ${c.initiator}-initiated session opened by ${c.opener.id}`;
  if (c.category === 'free_entry_point') return `the free entry point window opened by ${c.opener.id}`;
  return `the ${c.category.replace(/_/g, ' ')} conversation opened by ${c.opener.id}`;
}

function whyOf(v: MessageVerdict, csw: number | null, lastInbound: number | null): { decision: string; why: string; until: number | null } {
  const m = v.message;
  const c = v.conversation;
  const opened = c !== null && c.opener === m;
  const window = csw === null ? 'the customer window is closed' : `the customer window is open until ${at(csw)}`;
  if (v.charged) {
    if (opened) {
      const what = c.category === null ? `a business-initiated session` : `a ${c.category.replace(/_/g, ' ')} conversation`;
      return { decision: 'charged', why: `charged (${v.chargeClass}): no session or conversation covered it and ${window}, so it opens ${what} until ${at(c.expiresAt)}`, until: c.expiresAt };
    }
    if (v.chargeClass === 'service') return { decision: 'charged', why: `charged (service): a service message beyond the business number's free ones this month (${v.regime})`, until: null };
    const inside = csw !== null && v.chargeClass === 'utility' ? ' (inside the customer window: charged from 2026-10-01)' : csw !== null ? ' (charged inside the customer window too)' : ` (${window})`;
    return { decision: 'charged', why: `charged (${v.chargeClass}): ${v.regime} charges each delivered ${v.chargeClass} template${inside}`, until: null };
  }
  switch (v.freeReason) {
    case 'failed':
      return { decision: 'failed', why: 'failed: never delivered, so never charged; it opens nothing', until: null };
    case 'not_delivered':
      return { decision: 'not_delivered', why: `not charged: status '${m.status}' says it left without a confirmed delivery`, until: null };
    case 'unclassified':
      return { decision: 'unclassified', why: 'not replayed: the export does not say whether it is a template (a --map type rule settles it)', until: null };
    case 'violation':
      return {
        decision: 'violation',
        why: `violation: free-form while ${window}${lastInbound === null ? ' (the contact never wrote)' : ` (the contact last wrote at ${at(lastInbound)})`}; not charged`,
        until: null,
      };
    case 'inside_session':
      return { decision: 'free', why: `free: inside ${named(c as SessionDecision)}, open until ${at((c as SessionDecision).expiresAt)}`, until: (c as SessionDecision).expiresAt };
    case 'customer_initiated':
      return { decision: 'free', why: `free: it answers the customer (${window}) and opens a customer-initiated session until ${at((c as SessionDecision).expiresAt)}`, until: (c as SessionDecision).expiresAt };
    case 'inside_conversation':
      return { decision: 'free', why: `free: inside ${named(c as SessionDecision)}, open until ${at((c as SessionDecision).expiresAt)}`, until: (c as SessionDecision).expiresAt };
    case 'inside_csw':
      return { decision: 'free', why: `free: ${window} (${v.regime})`, until: csw };
    case 'free_entry_point':
      return c !== null
        ? { decision: 'free', why: `free: inside ${named(c)}, open until ${at(c.expiresAt)}`, until: c.expiresAt }
        : { decision: 'free', why: 'free: inside a free entry point window (72 hours from the answer to an ad)', until: null };
    case 'free_tier':
      return { decision: 'free', why: `free: within the month's free tier (${v.regime})${opened ? `; opens ${named(c)} until ${at(c.expiresAt)}` : ''}`, until: opened ? c.expiresAt : null };
    case 'free_service':
      return { decision: 'free', why: `free: service conversations are free from 2024-11-01; opens ${named(c as SessionDecision)} until ${at((c as SessionDecision).expiresAt)}`, until: (c as SessionDecision).expiresAt };
    default:
      return { decision: 'free', why: `free (${v.freeReason})`, until: null };
  }
}

/**
 * The steps of one key: every message in replay order, the customer window followed as the
 * replay follows it (24 hours from the latest inbound message that did not fail).
 */
export function explainKey(messages: readonly Message[], outcome: KeyOutcome, windowMs: number, priced: (id: string) => Priced | undefined): KeyTimeline {
  const verdicts = new Map(outcome.messages.map((v) => [v.message, v]));
  let lastInbound: number | null = null;
  const steps: ExplainStep[] = [];
  for (const m of messages) {
    const base = { id: m.id, at: m.ts, direction: m.direction, type: m.kind, status: m.status, template: m.templateName, category: m.category };
    if (m.direction === 'inbound') {
      const failed = isFailed(m);
      if (!failed) lastInbound = m.ts;
      const why = failed
        ? 'the customer wrote, but the message failed: it moves nothing'
        : `the customer writes: the customer window is open until ${at(m.ts + windowMs)}${m.entryPoint ? `; it came from an ad, so an answer before ${at(m.ts + windowMs)} opens a free entry point window` : ''}`;
      steps.push({ ...base, regime: null, decision: 'inbound', chargeClass: null, freeReason: null, why, until: failed ? null : m.ts + windowMs, amount: null, currency: null, unpricedReason: null });
      continue;
    }
    const v = verdicts.get(m);
    if (v === undefined) continue;
    const csw = lastInbound !== null && m.ts < lastInbound + windowMs ? lastInbound + windowMs : null;
    const { decision, why, until } = whyOf(v, csw, lastInbound);
    const price = v.charged ? priced(m.id) : undefined;
    steps.push({
      ...base,
      regime: v.regime,
      decision,
      chargeClass: v.chargeClass,
      freeReason: v.freeReason,
      why,
      until,
      amount: price?.amount ?? null,
      currency: price?.currency ?? null,
      unpricedReason: price?.unpricedReason ?? null,
    });
  }
  return { business: outcome.business, contact: outcome.contact, steps };
}
