// What a ruleset is, and the decisions it makes. A new billing policy is one new module that
// implements `Ruleset`, plus its worked examples as tests.
import { byTimeThenKey } from '../model/order.js';
import type { Message } from '../model/message.js';
import { TEMPLATE_CATEGORIES } from '../model/vocabulary.js';

export const INITIATORS = ['business', 'customer'] as const;
export type Initiator = (typeof INITIATORS)[number];

export const TEMPLATE_REASONS = ['opened_session', 'inside_session', 'customer_initiated', 'failed'] as const;
export type TemplateReason = (typeof TEMPLATE_REASONS)[number];

export const VIOLATION_RULES = ['awaiting_reply', 'no_inbound', 'window_expired'] as const;
export type ViolationRule = (typeof VIOLATION_RULES)[number];

/** The regimes a message can be replayed under (pricing.md): robbu's, and Meta's by period. */
export const REGIMES = ['robbu', 'meta-cbp-2022', 'meta-cbp-2023', 'meta-pmp-2025', 'meta-2026-10'] as const;
export type Regime = (typeof REGIMES)[number];

export { CHARGE_CLASSES, type ChargeClass } from '../model/rates.js';
import type { ChargeClass } from '../model/rates.js';

/** Why an outbound message is not charged (pricing.md, report version 2, `free_reason`). */
export const FREE_REASONS = [
  'failed',
  'not_delivered',
  'violation',
  'unclassified',
  'free_entry_point',
  'inside_csw',
  'inside_conversation',
  'free_tier',
  'free_service',
  'inside_session',
  'customer_initiated',
] as const;
export type FreeReason = (typeof FREE_REASONS)[number];

/** A conversation's category under the CBP regimes (robbu's sessions have none). */
export const CONVERSATION_CATEGORIES = ['business_initiated', 'user_initiated', ...TEMPLATE_CATEGORIES, 'service', 'free_entry_point'] as const;
export type ConversationCategory = (typeof CONVERSATION_CATEGORIES)[number];

export interface SessionDecision {
  /** The message that opened the session; its id is the session's id. */
  readonly opener: Message;
  readonly initiator: Initiator;
  readonly openedAt: number;
  readonly expiresAt: number;
  readonly charged: boolean;
  /** The template the session's charge is attributed to. */
  readonly chargedMessage: Message | null;
  /** First inbound message inside a business-initiated session; null otherwise. */
  readonly repliedAt: number | null;
  /** The conversation's category under CBP; null for robbu's sessions. */
  readonly category: ConversationCategory | null;
  /** Why a conversation is not charged (`free_tier`, `free_service`, `free_entry_point`); null when charged. */
  readonly freeReason: FreeReason | null;
}

/**
 * The verdict on one outbound message: exactly one of `charged` (with its class) and a
 * `freeReason`. `conversation` is the session or conversation that covers it or that it opened.
 */
export interface MessageVerdict {
  readonly message: Message;
  readonly regime: Regime;
  readonly charged: boolean;
  readonly chargeClass: ChargeClass | null;
  readonly freeReason: FreeReason | null;
  readonly conversation: SessionDecision | null;
}

export interface TemplateDecision {
  readonly message: Message;
  readonly session: SessionDecision | null;
  readonly charged: boolean;
  readonly reason: TemplateReason;
}

export interface ViolationDecision {
  readonly message: Message;
  readonly rule: ViolationRule;
  readonly lastInboundAt: number | null;
  /** The session open when the message was sent, if any. */
  readonly session: SessionDecision | null;
}

/** Everything a ruleset decided for one key (business, contact). */
export interface KeyOutcome {
  readonly business: string;
  readonly contact: string;
  readonly sessions: readonly SessionDecision[];
  readonly templates: readonly TemplateDecision[];
  readonly violations: readonly ViolationDecision[];
  /** Every outbound message of the key, in replay order, with its verdict. */
  readonly messages: readonly MessageVerdict[];
  /**
   * The key's units that a monthly free tier of the account counts (charged in this outcome
   * until the account stage says which of them the tier frees); absent when none.
   */
  readonly tierUnits?: readonly TierUnit[];
  /**
   * The charged verdicts of `messages` (the same objects, in the same order): what a report
   * that lists no free message reads, without every message's verdict made.
   */
  readonly charged: readonly MessageVerdict[];
}

/** A unit a monthly free tier counts: the message that carries it, and the tier's pool and size. */
export interface TierUnit {
  readonly ts: number;
  readonly business: string;
  readonly contact: string;
  readonly id: string;
  /** The tier it counts in (a month's conversations, a business number's service messages...). */
  readonly pool: string;
  /** How many units of the pool the tier frees. */
  readonly size: number;
}

/** Which units the account's free tiers freed, by `unitKey`. */
export type FreedUnits = ReadonlySet<string>;

/** A unit's key among the freed ones: its message's business, contact and id. */
export function unitKey(business: string, contact: string, id: string): string {
  return `${business}\u0000${contact}\u0000${id}`;
}

export interface Ruleset {
  readonly name: string;
  readonly description: string;
  /** The session window, in milliseconds. */
  readonly windowMs: number;
  /**
   * True when no key's outcome depends on another's (no tier units), so that a log can be
   * audited in shards by contact and the shard reports merged (`--shard`, `wa-audit merge`).
   */
  readonly keysIndependent: boolean;
  /**
   * Whether the report lists templates with their v1 reasons (`templates`): robbu's sessions
   * decide them; under Meta's rulesets `messages` says more, and the list is absent.
   */
  readonly listsTemplates: boolean;
  /** The regimes its verdicts may name (`MessageVerdict.regime`). */
  readonly regimes: readonly Regime[];
  /** `meta-2026-10`'s free service messages per business number and month, where the ruleset has them. */
  readonly serviceFreeTier?: number;
  /**
   * Replays one key's messages, given in replay order (rules.md: time, inbound before outbound,
   * then input order). Pure: no I/O, no clock.
   */
  replayKey(messages: readonly Message[], freed?: FreedUnits): KeyOutcome;
  /**
   * Whether a monthly free tier across keys may count a message sent between `from` and `to`
   * (inclusive): when not, the account stage has nothing to settle and each key is replayed
   * once. Absent: never (keys independent).
   */
  tiersBetween?(from: number, to: number): boolean;
}

/**
 * The account-level stage of the monthly free tiers, which cross keys (pricing.md): in each
 * pool, the first `size` units in instant order (ties: business, contact, id) are free. The
 * engine replays every key once to gather its `tierUnits`, settles them here, and replays each
 * key again with the freed units (`replayKey(messages, freed)`), so that no key's messages
 * outlive its turn (volume tiers, the other cross-key stage, price units in `pricing.ts`).
 */
export function settleTiers(units: Iterable<TierUnit>): FreedUnits {
  const pools = new Map<string, TierUnit[]>();
  for (const u of units) {
    let pool = pools.get(u.pool);
    if (pool === undefined) pools.set(u.pool, (pool = []));
    pool.push(u);
  }
  const freed = new Set<string>();
  for (const pool of pools.values()) {
    const size = pool[0].size;
    if (pool.length > size) pool.sort(UNIT_ORDER);
    for (const u of pool.slice(0, size)) freed.add(unitKey(u.business, u.contact, u.id));
  }
  return freed;
}

const UNIT_ORDER = byTimeThenKey((u: TierUnit) => u.ts);
