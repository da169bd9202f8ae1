// Meta's own pricing regimes (pricing.md; the facts, with their dates, in meta-rulesets.md):
// `meta-cbp-2022` (conversations by initiator), `meta-cbp-2023` (by category), `meta-pmp-2025`
// (per delivered template), `meta-2026-10` (per delivered template and service message), and
// `meta`, which replays each message under the regime in force at its instant in the account's
// zone. One replay of a key serves all five: the regime is chosen per message, and a
// conversation keeps covering messages by the rules of the regime that opened it.
//
// Monthly free tiers cross keys (the account's first 1,000 conversations or service messages),
// so they are the account-level stage's (`settleTiers` in ruleset.ts): a first replay of a key
// lists each unit a tier may free (`tierUnits`); the replay with the freed units makes them
// `free_tier`.
import { isFailed, type Message } from '../../model/message.js';
import { monthIndex, startOfDate, type TimeZone } from '../../model/time.js';
import { isNotDeliveredStatus, type TemplateCategory, templateCategoryOf } from '../../model/vocabulary.js';
import type {
  ChargeClass,
  ConversationCategory,
  FreeReason,
  KeyOutcome,
  MessageVerdict,
  Regime,
  Ruleset,
  SessionDecision,
  TierUnit,
  FreedUnits,
  ViolationDecision,
} from '../ruleset.js';
import { unitKey } from '../ruleset.js';

const HOUR = 3_600_000;
const W = 24 * HOUR;
const FEP_WINDOW = 72 * HOUR;
/** Meta's monthly free conversations (CBP) and service conversations (2023-06..2024-10). */
const CBP_FREE_TIER = 1000;

export const META_RULESETS = ['meta-cbp-2022', 'meta-cbp-2023', 'meta-pmp-2025', 'meta-2026-10', 'meta'] as const;
export type MetaRulesetName = (typeof META_RULESETS)[number];
/** The regimes of `meta`, each from its date (meta-rulesets.md). */
const META_REGIMES: readonly Regime[] = ['meta-cbp-2022', 'meta-cbp-2023', 'meta-pmp-2025', 'meta-2026-10'];

export interface MetaOptions {
  /** The account's zone (`--tz`): regimes switch, and months start, at 00:00 there. */
  readonly zone: TimeZone;
  /** `--service-free-tier`: free service messages per business number and month under `meta-2026-10`. */
  readonly serviceFreeTier: number;
}

/** The instants (in the account's zone) at which Meta's rules changed. */
interface Switches {
  readonly cbp2023: number;
  readonly serviceFreeTierEnds: number;
  readonly pmp2025: number;
  readonly meta202610: number;
}

function switchesIn(zone: TimeZone): Switches {
  return {
    cbp2023: startOfDate(2023, 6, 1, zone),
    serviceFreeTierEnds: startOfDate(2024, 11, 1, zone),
    pmp2025: startOfDate(2025, 7, 1, zone),
    meta202610: startOfDate(2026, 10, 1, zone),
  };
}

/** The regime of `meta` at an instant (before 2023-06-01 it is `meta-cbp-2022`, with a warning before 2022-02-01). */
function regimeAt(t: number, s: Switches): Regime {
  if (t < s.cbp2023) return 'meta-cbp-2022';
  if (t < s.pmp2025) return 'meta-cbp-2023';
  if (t < s.meta202610) return 'meta-pmp-2025';
  return 'meta-2026-10';
}

const isCbp = (r: Regime): boolean => r === 'meta-cbp-2022' || r === 'meta-cbp-2023';

/** A conversation (CBP) or FEP window as the key replay keeps it while it is open. */
interface Open {
  readonly decision: Conversation;
  readonly regime: Regime;
  readonly category: ConversationCategory;
}

type Conversation = { -readonly [K in keyof SessionDecision]: SessionDecision[K] };
type Verdict = { -readonly [K in keyof MessageVerdict]: MessageVerdict[K] };

export function metaRuleset(name: MetaRulesetName, options: MetaOptions): Ruleset {
  const switches = switchesIn(options.zone);
  const fixed: Regime | null = name === 'meta' ? null : name;
  const regimeOf = fixed === null ? (t: number): Regime => regimeAt(t, switches) : (): Regime => fixed;
  const month = (t: number): number => monthIndex(t, options.zone);

  function replayKey(messages: readonly Message[], freed?: FreedUnits): KeyOutcome {
    const sessions: Conversation[] = [];
    const tierUnits: TierUnit[] = [];
    const violations: ViolationDecision[] = [];
    const verdicts: Verdict[] = [];
    /** Open conversations (and, under CBP, FEP windows), oldest first. */
    let open: Open[] = [];
    let lastInbound: number | null = null;
    let lastEntryPoint: number | null = null;
    let fep: { readonly until: number; readonly conversation: Conversation | null } | null = null;

    const verdict = (m: Message, regime: Regime, charged: ChargeClass | null, freeReason: FreeReason | null, conversation: Conversation | null): Verdict => {
      const v: Verdict = { message: m, regime, charged: charged !== null, chargeClass: charged, freeReason, conversation };
      verdicts.push(v);
      return v;
    };
    /**
     * A unit a monthly tier counts: without `freed` (the first replay) it is listed for the
     * account stage and stays charged; with it, it is free when the stage freed it.
     */
    const tierUnit = (m: Message, regime: Regime, cls: ChargeClass, pool: string, size: number, c: Conversation | null): void => {
      if (freed === undefined) {
        tierUnits.push({ ts: m.ts, business: m.business, contact: m.contact, id: m.id, pool, size });
        verdict(m, regime, cls, null, c);
      } else if (freed.has(unitKey(m.business, m.contact, m.id))) {
        verdict(m, regime, null, 'free_tier', c);
        if (c !== null) {
          c.charged = false;
          c.chargedMessage = null;
          c.freeReason = 'free_tier';
        }
      } else {
        verdict(m, regime, cls, null, c);
      }
    };
    const openConversation = (m: Message, regime: Regime, category: ConversationCategory, cswOpen: boolean, charged: boolean, freeReason: FreeReason | null): Conversation => {
      const c: Conversation = {
        opener: m,
        initiator: cswOpen ? 'customer' : 'business',
        openedAt: m.ts,
        expiresAt: m.ts + (category === 'free_entry_point' ? FEP_WINDOW : W),
        charged,
        chargedMessage: charged ? m : null,
        repliedAt: null,
        category,
        freeReason,
      };
      sessions.push(c);
      open.push({ decision: c, regime, category });
      return c;
    };

    for (const m of messages) {
      const t = m.ts;
      open = open.filter((o) => t < o.decision.expiresAt);
      if (fep !== null && t >= fep.until) fep = null;

      if (m.direction === 'inbound') {
        if (isFailed(m)) continue;
        lastInbound = t;
        if (m.entryPoint) lastEntryPoint = t;
        for (const o of open) {
          const c = o.decision;
          if (c.initiator === 'business' && c.repliedAt === null && o.category !== 'free_entry_point') c.repliedAt = t;
        }
        continue;
      }

      const regime = regimeOf(t);
      if (m.kind === 'unknown') {
        verdict(m, regime, null, 'unclassified', null);
        continue;
      }
      const cswOpen = lastInbound !== null && t < lastInbound + W;
      const freeForm = m.kind === 'free_form';
      const violating = freeForm && !cswOpen;
      if (violating) {
        violations.push({ message: m, rule: lastInbound === null ? 'no_inbound' : 'window_expired', lastInboundAt: lastInbound, session: null });
      }
      // 1. Not delivered; 2. a violation.
      if (isFailed(m)) {
        verdict(m, regime, null, 'failed', null);
        continue;
      }
      // Only a status of class `other` (neither a delivery nor a failure) can say "not delivered".
      if (m.statusClass === 'other' && isNotDeliveredStatus(m.status as string)) {
        verdict(m, regime, null, 'not_delivered', null);
        continue;
      }
      if (violating) {
        verdict(m, regime, null, 'violation', null);
        continue;
      }
      // 3. Free entry point: inside an FEP window, or opening one within 24 h of an entry point.
      if (fep !== null) {
        verdict(m, regime, null, 'free_entry_point', fep.conversation);
        continue;
      }
      if (lastEntryPoint !== null && t < lastEntryPoint + W) {
        let conversation: Conversation | null = null;
        if (isCbp(regime)) {
          // Opening it closes every other open conversation of the key: they cover nothing from t on.
          open = [];
          conversation = openConversation(m, regime, 'free_entry_point', cswOpen, false, 'free_entry_point');
        }
        fep = { until: t + FEP_WINDOW, conversation };
        verdict(m, regime, null, 'free_entry_point', conversation);
        continue;
      }
      // A conversation still open covers what the rules of the regime that opened it let it cover.
      const category: TemplateCategory | null = freeForm ? null : templateCategoryOf(m.category ?? '');
      const covering = open.find((o) => covers(o, category));
      if (covering !== undefined) {
        verdict(m, regime, null, 'inside_conversation', covering.decision);
        continue;
      }
      // 4. The regime's own rule.
      if (regime === 'meta-cbp-2022') {
        const cat: ConversationCategory = cswOpen ? 'user_initiated' : 'business_initiated';
        tierUnit(m, regime, cat, `cbp:${month(t)}`, CBP_FREE_TIER, openConversation(m, regime, cat, cswOpen, true, null));
      } else if (regime === 'meta-cbp-2023') {
        if (category !== null) {
          const c = openConversation(m, regime, category, cswOpen, true, null);
          verdict(m, regime, category, null, c);
        } else if (t >= switches.serviceFreeTierEnds) {
          const c = openConversation(m, regime, 'service', cswOpen, false, 'free_service');
          verdict(m, regime, null, 'free_service', c);
        } else {
          const c = openConversation(m, regime, 'service', cswOpen, true, null);
          if (t >= switches.cbp2023) tierUnit(m, regime, 'service', `service:${month(t)}`, CBP_FREE_TIER, c);
          else verdict(m, regime, 'service', null, c);
        }
      } else if (regime === 'meta-pmp-2025') {
        if (category === null || (category === 'utility' && cswOpen)) verdict(m, regime, null, 'inside_csw', null);
        else verdict(m, regime, category, null, null);
      } else if (category !== null) {
        verdict(m, regime, category, null, null);
      } else if (options.serviceFreeTier > 0) {
        tierUnit(m, regime, 'service', `number:${month(t)}:${m.business}`, options.serviceFreeTier, null);
      } else {
        verdict(m, regime, 'service', null, null);
      }
    }

    const first = messages[0];
    const charged = verdicts.filter((v) => v.charged);
    return { business: first.business, contact: first.contact, sessions, templates: [], violations, messages: verdicts, charged, tierUnits };
  }

  /** Whether [from, to] meets a span in which a tier counts units (see `tierUnit` below). */
  function tiersBetween(from: number, to: number): boolean {
    const meets = (a: number, b: number): boolean => from < b && to >= a;
    const service = options.serviceFreeTier > 0;
    switch (name) {
      case 'meta-cbp-2022':
        return true;
      case 'meta-cbp-2023':
        return meets(switches.cbp2023, switches.serviceFreeTierEnds);
      case 'meta-pmp-2025':
        return false;
      case 'meta-2026-10':
        return service;
      case 'meta':
        return meets(-Infinity, switches.serviceFreeTierEnds) || (service && meets(switches.meta202610, Infinity));
    }
  }

  return {
    name,
    description: DESCRIPTIONS[name],
    tiersBetween,
    windowMs: W,
    keysIndependent: false,
    listsTemplates: false,
    regimes: fixed === null ? META_REGIMES : [fixed],
    serviceFreeTier: options.serviceFreeTier,
    replayKey,
  };
}

/** Whether an open conversation covers a message of this template category (null: free-form). */
function covers(o: Open, category: TemplateCategory | null): boolean {
  if (o.category === 'free_entry_point') return false;
  // Conversations by initiator cover every business message; by category, a free-form message
  // or a template of their own category.
  if (o.regime === 'meta-cbp-2022') return true;
  return category === null || o.category === category;
}

const DESCRIPTIONS: Readonly<Record<MetaRulesetName, string>> = {
  'meta-cbp-2022': "Meta's conversations by initiator (2022-02-01 to 2023-05-31)",
  'meta-cbp-2023': "Meta's conversations by category (2023-06-01 to 2025-06-30)",
  'meta-pmp-2025': "Meta's pricing per delivered template (2025-07-01 to 2026-09-30)",
  'meta-2026-10': "Meta's pricing per delivered template and service message (from 2026-10-01)",
  meta: "Each message under Meta's regime in force at its instant in --tz",
};
