// Ruleset `robbu`: the BSP policy of rules.md, replayed step by step as "The replay" there says.
// One session at a time per key; a template that opens a session while the customer window is
// closed is its only charge ("send 10, pay 1"); customer-initiated sessions are free.
import { isFailed, type Message } from '../../model/message.js';
import type {
  FreeReason,
  KeyOutcome,
  MessageVerdict,
  Ruleset,
  SessionDecision,
  TemplateDecision,
  ViolationDecision,
  ViolationRule,
} from '../ruleset.js';

const W = 86_400_000;

type OpenSession = { -readonly [K in keyof SessionDecision]: SessionDecision[K] };

function replayKey(messages: readonly Message[]): KeyOutcome {
  const sessions: OpenSession[] = [];
  const templates: TemplateDecision[] = [];
  const violations: ViolationDecision[] = [];
  const verdicts: MessageVerdict[] = [];
  let session: OpenSession | null = null;
  let lastInbound: number | null = null;

  const open = (m: Message, initiator: OpenSession['initiator'], charged: boolean): OpenSession => {
    const s: OpenSession = {
      opener: m,
      initiator,
      openedAt: m.ts,
      expiresAt: m.ts + W,
      charged,
      chargedMessage: charged ? m : null,
      repliedAt: null,
      category: null,
      freeReason: null,
    };
    sessions.push(s);
    return s;
  };

  for (const m of messages) {
    const t = m.ts;
    // 1. Expire.
    if (session !== null && t >= session.expiresAt) session = null;
    const failed = isFailed(m);

    // 2. Inbound (a failed inbound message moves nothing).
    if (m.direction === 'inbound') {
      if (failed) continue;
      lastInbound = t;
      if (session !== null && session.initiator === 'business' && session.repliedAt === null) {
        session.repliedAt = t;
      }
      continue;
    }

    // An outbound message of unknown kind cannot be replayed without a guess; it is listed.
    if (m.kind === 'unknown') {
      verdicts.push(free(m, 'unclassified', null));
      continue;
    }

    const windowOpen = lastInbound !== null && t < lastInbound + W;

    // 3. Outbound template.
    if (m.kind === 'template') {
      if (failed) {
        templates.push({ message: m, session: null, charged: false, reason: 'failed' });
        verdicts.push(free(m, 'failed', null));
      } else if (session !== null) {
        templates.push({ message: m, session, charged: false, reason: 'inside_session' });
        verdicts.push(free(m, 'inside_session', session));
      } else if (windowOpen) {
        session = open(m, 'customer', false);
        templates.push({ message: m, session, charged: false, reason: 'customer_initiated' });
        verdicts.push(free(m, 'customer_initiated', session));
      } else {
        session = open(m, 'business', true);
        templates.push({ message: m, session, charged: true, reason: 'opened_session' });
        verdicts.push({ message: m, regime: 'robbu', charged: true, chargeClass: 'session', freeReason: null, conversation: session });
      }
      continue;
    }

    // 4. Outbound free-form.
    const allowed =
      session !== null ? session.initiator === 'customer' || session.repliedAt !== null : windowOpen;
    if (!allowed) {
      const rule: ViolationRule =
        session !== null ? 'awaiting_reply' : lastInbound === null ? 'no_inbound' : 'window_expired';
      violations.push({ message: m, rule, lastInboundAt: lastInbound, session });
      verdicts.push(free(m, failed ? 'failed' : 'violation', null));
    } else if (failed) {
      verdicts.push(free(m, 'failed', null));
    } else if (session === null) {
      session = open(m, 'customer', false);
      verdicts.push(free(m, 'customer_initiated', session));
    } else {
      verdicts.push(free(m, 'inside_session', session));
    }
  }

  const first = messages[0];
  return { business: first.business, contact: first.contact, sessions, templates, violations, messages: verdicts };
}

/** A message robbu does not charge, and why (pricing.md: a free-form message is never charged). */
function free(message: Message, freeReason: FreeReason, conversation: SessionDecision | null): MessageVerdict {
  return { message, regime: 'robbu', charged: false, chargeClass: null, freeReason, conversation };
}

export const robbu: Ruleset = {
  name: 'robbu',
  description: "The BSP help page's 24-hour session policy (rules.md); the default",
  windowMs: W,
  keysIndependent: true,
  replayKey,
  // Every charge of this policy is decided within one key.
  settleAccount: (outcomes) => outcomes,
};
