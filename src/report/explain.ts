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
  /** Why, as a phrase of the catalogue; instants in it are written by the renderer. */
  readonly why: Phrase;
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

/**
 * A reason in words, as a catalogue key with its arguments (text, or reasons of their own), so
 * that each format writes it in its language (`render/messages.ts`); `{t:MS}` arguments are
 * instants the renderer writes in the report's zone. JSON writes the English.
 */
export interface Phrase {
  readonly key: string;
  readonly args: readonly (string | Phrase)[];
}

const say = (key: string, ...args: (string | Phrase)[]): Phrase => ({ key, args });
/** `{t:MS}`: an instant the renderer writes in the report's zone. */
const at = (ms: number): string => `{t:${ms}}`;

/** What a session or conversation is called in a sentence. */
function named(c: SessionDecision): Phrase {
  if (c.category === null) return say(c.initiator === 'business' ? 'the business-initiated session opened by {0}' : 'the customer-initiated session opened by {0}', c.opener.id);
  if (c.category === 'free_entry_point') return say('the free entry point window opened by {0}', c.opener.id);
  return say('the {0} conversation opened by {1}', c.category.replace(/_/g, ' '), c.opener.id);
}

function whyOf(v: MessageVerdict, csw: number | null, lastInbound: number | null): { decision: string; why: Phrase; until: number | null } {
  const m = v.message;
  const c = v.conversation;
  const opened = c !== null && c.opener === m;
  const window = csw === null ? say('the customer window is closed') : say('the customer window is open until {0}', at(csw));
  const free = (why: Phrase, until: number | null): { decision: string; why: Phrase; until: number | null } => ({ decision: 'free', why, until });
  if (v.charged) {
    const cls = v.chargeClass as string;
    if (opened) {
      const what = c.category === null ? say('a business-initiated session') : say('a {0} conversation', c.category.replace(/_/g, ' '));
      return { decision: 'charged', why: say('charged ({0}): no session or conversation covered it and {1}, so it opens {2} until {3}', cls, window, what, at(c.expiresAt)), until: c.expiresAt };
    }
    if (cls === 'service') return { decision: 'charged', why: say("charged (service): a service message beyond the business number's free ones this month ({0})", v.regime), until: null };
    const inside = csw !== null && cls === 'utility' ? say(' (inside the customer window: charged from 2026-10-01)') : csw !== null ? say(' (charged inside the customer window too)') : say(' ({0})', window);
    return { decision: 'charged', why: say('charged ({0}): {1} charges each delivered {0} template{2}', cls, v.regime, inside), until: null };
  }
  const cover = c as SessionDecision;
  switch (v.freeReason) {
    case 'failed':
      return { decision: 'failed', why: say('failed: never delivered, so never charged; it opens nothing'), until: null };
    case 'not_delivered':
      return { decision: 'not_delivered', why: say("not charged: status '{0}' says it left without a confirmed delivery", m.status ?? ''), until: null };
    case 'unclassified':
      return { decision: 'unclassified', why: say('not replayed: the export does not say whether it is a template (a --map type rule settles it)'), until: null };
    case 'violation':
      return {
        decision: 'violation',
        why: say('violation: free-form while {0}{1}; not charged', window, lastInbound === null ? say(' (the contact never wrote)') : say(' (the contact last wrote at {0})', at(lastInbound))),
        until: null,
      };
    case 'inside_session':
    case 'inside_conversation':
      return free(say('free: inside {0}, open until {1}', named(cover), at(cover.expiresAt)), cover.expiresAt);
    case 'customer_initiated':
      return free(say('free: it answers the customer ({0}) and opens a customer-initiated session until {1}', window, at(cover.expiresAt)), cover.expiresAt);
    case 'inside_csw':
      return free(say('free: {0} ({1})', window, v.regime), csw);
    case 'free_entry_point':
      return c !== null ? free(say('free: inside {0}, open until {1}', named(c), at(c.expiresAt)), c.expiresAt) : free(say('free: inside a free entry point window (72 hours from the answer to an ad)'), null);
    case 'free_tier':
      return free(say("free: within the month's free tier ({0}){1}", v.regime, opened ? say('; opens {0} until {1}', named(c), at(c.expiresAt)) : say('')), opened ? c.expiresAt : null);
    case 'free_service':
      return free(say('free: service conversations are free from 2024-11-01; opens {0} until {1}', named(cover), at(cover.expiresAt)), cover.expiresAt);
    default:
      return free(say('free ({0})', v.freeReason ?? ''), null);
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
      const until = at(m.ts + windowMs);
      const why = failed
        ? say('the customer wrote, but the message failed: it moves nothing')
        : say('the customer writes: the customer window is open until {0}{1}', until, m.entryPoint ? say('; it came from an ad, so an answer before {0} opens a free entry point window', until) : say(''));
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
