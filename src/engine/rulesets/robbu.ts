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
  TemplateReason,
  ViolationDecision,
  ViolationRule,
} from '../ruleset.js';

const W = 86_400_000;

type OpenSession = { -readonly [K in keyof SessionDecision]: SessionDecision[K] };

function replayKey(messages: readonly Message[]): KeyOutcome {
  const sessions: OpenSession[] = [];
  const templates: TemplateDecision[] = [];
  const violations: ViolationDecision[] = [];
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
    if (m.kind === 'unknown') continue;

    const windowOpen = lastInbound !== null && t < lastInbound + W;

    // 3. Outbound template.
    if (m.kind === 'template') {
      if (failed) {
        templates.push({ message: m, session: null, charged: false, reason: 'failed' });
      } else if (session !== null) {
        templates.push({ message: m, session, charged: false, reason: 'inside_session' });
      } else if (windowOpen) {
        session = open(m, 'customer', false);
        templates.push({ message: m, session, charged: false, reason: 'customer_initiated' });
      } else {
        session = open(m, 'business', true);
        templates.push({ message: m, session, charged: true, reason: 'opened_session' });
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
    } else if (session === null && !failed) {
      session = open(m, 'customer', false);
    }
  }

  const first = messages[0];
  return new RobbuOutcome(messages, first.business, first.contact, sessions, templates, violations);
}

const NONE: readonly MessageVerdict[] = Object.freeze([]);

/**
 * A key's decisions; the verdicts (`messages`, `charged`) are derived from them only when a
 * report asks for them, so that an audit that only counts allocates nothing a message, and one
 * that lists only charged messages (the table) nothing a free one.
 */
class RobbuOutcome implements KeyOutcome {
  private verdicts: MessageVerdict[] | null = null;
  private chargedVerdicts: readonly MessageVerdict[] | null = null;

  constructor(
    private readonly replayed: readonly Message[],
    readonly business: string,
    readonly contact: string,
    readonly sessions: readonly SessionDecision[],
    readonly templates: readonly TemplateDecision[],
    readonly violations: readonly ViolationDecision[],
  ) {}

  get messages(): readonly MessageVerdict[] {
    this.verdicts ??= verdictsOf(this.replayed, this.sessions, this.templates, this.violations, this.charged);
    return this.verdicts;
  }

  /** A charged template's verdict: robbu charges nothing else (pricing.md). */
  get charged(): readonly MessageVerdict[] {
    if (this.chargedVerdicts === null) {
      // A key without a charged template shares one empty list.
      let out: MessageVerdict[] | null = null;
      for (const d of this.templates) {
        if (d.charged) (out ??= []).push({ message: d.message, regime: 'robbu', charged: true, chargeClass: 'session', freeReason: null, conversation: d.session });
      }
      this.chargedVerdicts = out ?? NONE;
    }
    return this.chargedVerdicts;
  }
}

/**
 * Each outbound message's verdict, from the decisions of the replay above (all in replay
 * order): a template's is its own decision's; a free-form message is never charged (pricing.md).
 */
function verdictsOf(
  messages: readonly Message[],
  sessions: readonly SessionDecision[],
  templates: readonly TemplateDecision[],
  violations: readonly ViolationDecision[],
  charged: readonly MessageVerdict[],
): MessageVerdict[] {
  const out: MessageVerdict[] = [];
  let s = 0;
  let t = 0;
  let v = 0;
  let c = 0;
  let current: SessionDecision | null = null;
  for (const m of messages) {
    if (current !== null && m.ts >= current.expiresAt) current = null;
    const opened = s < sessions.length && sessions[s].opener === m;
    if (opened) current = sessions[s++];
    if (m.direction === 'inbound') continue;
    if (m.kind === 'unknown') {
      out.push(free(m, 'unclassified', null));
    } else if (m.kind === 'template') {
      const d = templates[t++];
      if (d.charged) out.push(charged[c++]);
      else out.push(free(m, d.reason as Exclude<TemplateReason, 'opened_session'>, d.session));
    } else if (v < violations.length && violations[v].message === m) {
      v++;
      out.push(free(m, isFailed(m) ? 'failed' : 'violation', null));
    } else if (isFailed(m)) {
      out.push(free(m, 'failed', null));
    } else {
      out.push(free(m, opened ? 'customer_initiated' : 'inside_session', current));
    }
  }
  return out;
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
  listsTemplates: true,
  regimes: ['robbu'],
  replayKey,
  // Every charge of this policy is decided within one key.
};
