// The provider cross-check: where a provider's own verdict on a message (Meta's pricing object,
// a refusal error code) and the replay's disagree. These are billing judgements, made here
// beside the replay; the report only lists them.
import { isFailed, type Message } from '../model/message.js';
import type { KeyOutcome, MessageVerdict, ViolationDecision } from './ruleset.js';

/** Provider errors that mean "free-form message outside the customer window". */
export const REENGAGEMENT_ERRORS: Readonly<Record<string, string>> = {
  '131047': 'Meta 131047 re-engagement message',
  '63016': 'Twilio 63016 outside the allowed window',
};

export const DISAGREEMENTS = ['delivered_violation', 'refused_allowed', 'charged_free', 'free_charged', 'free_reason', 'category'] as const;
export type Disagreement = (typeof DISAGREEMENTS)[number];

export interface DisagreementDecision {
  readonly message: Message;
  readonly kind: Disagreement;
  /** What the replay decided, in words. */
  readonly replay: string;
  /** What the provider's export says, in words. */
  readonly provider: string;
  /** The replay's verdict on the message (null when it has none: an unclassified message). */
  readonly verdict: MessageVerdict | null;
}

const delivered = (m: Message): boolean => m.statusClass === 'delivered' || m.statusClass === 'read';

/** Meta's `pricing.category` as a charge class (`marketing_lite` is marketing; `-` and `_` alike). */
function classOfCategory(category: string): string {
  const c = category.toLowerCase().replace(/-/g, '_');
  return c.startsWith('marketing') ? 'marketing' : c;
}

/**
 * The free reason of the replay that a free `pricing.type` stands for under the regime in force
 * (meta-rulesets.md, "Status webhook verdicts"): `free_customer_service` meant a utility
 * template or free-form message inside the CSW until 2026-09-30, and a service message within
 * the number's free tier from 2026-10-01. Null: the type says only "free" here.
 */
function freeReasonOf(pricingType: string, regime: string): string | null {
  if (pricingType === 'free_entry_point') return regime === 'robbu' ? null : 'free_entry_point';
  if (pricingType === 'free_customer_service') return regime === 'meta-pmp-2025' ? 'inside_csw' : regime === 'meta-2026-10' ? 'free_tier' : null;
  return null;
}

const words = (v: MessageVerdict): string => (v.charged ? `charged (${v.chargeClass})` : `free (${v.freeReason})`);

/**
 * Every outbound message of one key whose provider facts disagree with the key's outcome. The
 * billing verdict is compared with the pricing object only when the message's kind came from
 * elsewhere (a log, a map): a kind read from that very object would compare it with itself.
 */
export function crossCheck(messages: readonly Message[], outcome: KeyOutcome): DisagreementDecision[] {
  const found: DisagreementDecision[] = [];
  let verdicts: Map<Message, MessageVerdict> | null = null;
  let violations: Map<Message, ViolationDecision> | null = null;
  for (const m of messages) {
    const f = m.provider;
    if (f === null || m.direction !== 'outbound') continue;
    verdicts ??= new Map(outcome.messages.map((v) => [v.message, v]));
    violations ??= new Map(outcome.violations.map((v) => [v.message, v]));
    const verdict = verdicts.get(m) ?? null;
    const v = violations.get(m);
    const reengagement = f.errors.find((e) => REENGAGEMENT_ERRORS[e] !== undefined);
    if (v !== undefined && delivered(m)) {
      found.push({ message: m, kind: 'delivered_violation', replay: `violation ${v.rule}`, provider: `delivered (status ${m.status})`, verdict });
    } else if (v === undefined && m.kind === 'free_form' && reengagement !== undefined) {
      found.push({ message: m, kind: 'refused_allowed', replay: 'allowed', provider: `refused: ${REENGAGEMENT_ERRORS[reengagement]}`, verdict });
    }
    if (verdict === null || f.kindFromPricing || isFailed(m) || verdict.freeReason === 'violation') continue;
    const billable = f.billable ?? (f.pricingType === null ? null : f.pricingType === 'regular');
    if (billable === null) continue;
    const said = f.pricingType ?? (f.billable ? 'billable' : 'not billable');
    const pricedAs = f.pricingCategory === null ? said : `${said}, ${f.pricingCategory}`;
    if (verdict.charged && !billable) {
      found.push({ message: m, kind: 'charged_free', replay: words(verdict), provider: `free (${pricedAs})`, verdict });
    } else if (!verdict.charged && billable) {
      found.push({ message: m, kind: 'free_charged', replay: words(verdict), provider: `charged (${pricedAs})`, verdict });
    } else if (!verdict.charged && f.pricingType !== null) {
      const reason = freeReasonOf(f.pricingType, verdict.regime);
      if (reason !== null && reason !== verdict.freeReason) {
        found.push({ message: m, kind: 'free_reason', replay: words(verdict), provider: `free (${pricedAs})`, verdict });
      }
    } else if (verdict.charged && f.pricingCategory !== null && (verdict.regime === 'meta-pmp-2025' || verdict.regime === 'meta-2026-10')) {
      if (classOfCategory(f.pricingCategory) !== verdict.chargeClass) {
        found.push({ message: m, kind: 'category', replay: words(verdict), provider: `charged (${pricedAs})`, verdict });
      }
    }
  }
  return found;
}
