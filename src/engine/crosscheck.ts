// The provider cross-check: where a provider's own verdict on a message (Meta's pricing object,
// a refusal error code) and the replay's disagree. These are billing judgements, made here
// beside the replay; the report only lists them.
import { isFailed, type Message } from '../model/message.js';
import type { KeyOutcome, TemplateDecision, ViolationDecision } from './ruleset.js';

/** Provider errors that mean "free-form message outside the customer window". */
export const REENGAGEMENT_ERRORS: Readonly<Record<string, string>> = {
  '131047': 'Meta 131047 re-engagement message',
  '63016': 'Twilio 63016 outside the allowed window',
};

export const DISAGREEMENTS = ['delivered_violation', 'refused_allowed', 'charged_free', 'free_charged'] as const;
export type Disagreement = (typeof DISAGREEMENTS)[number];

export interface DisagreementDecision {
  readonly message: Message;
  readonly kind: Disagreement;
  /** What the replay decided, in words. */
  readonly replay: string;
  /** What the provider's export says, in words. */
  readonly provider: string;
}

const delivered = (m: Message): boolean => m.statusClass === 'delivered' || m.statusClass === 'read';

/** Every outbound message of one key whose provider facts disagree with the key's outcome. */
export function crossCheck(messages: readonly Message[], outcome: KeyOutcome): DisagreementDecision[] {
  const found: DisagreementDecision[] = [];
  let templates: Map<Message, TemplateDecision> | null = null;
  let violations: Map<Message, ViolationDecision> | null = null;
  for (const m of messages) {
    const f = m.provider;
    if (f === null || m.direction !== 'outbound') continue;
    templates ??= new Map(outcome.templates.map((t) => [t.message, t]));
    violations ??= new Map(outcome.violations.map((v) => [v.message, v]));
    const v = violations.get(m);
    const reengagement = f.errors.find((e) => REENGAGEMENT_ERRORS[e] !== undefined);
    if (v !== undefined && delivered(m)) {
      found.push({ message: m, kind: 'delivered_violation', replay: `violation ${v.rule}`, provider: `delivered (status ${m.status})` });
    } else if (v === undefined && m.kind === 'free_form' && reengagement !== undefined) {
      found.push({ message: m, kind: 'refused_allowed', replay: 'allowed', provider: `refused: ${REENGAGEMENT_ERRORS[reengagement]}` });
    }
    const t = templates.get(m);
    if (t === undefined || isFailed(m)) continue;
    const billable = f.billable ?? (f.pricingType === null ? null : f.pricingType === 'regular');
    if (billable === null) continue;
    const said = f.pricingType ?? (f.billable ? 'billable' : 'not billable');
    if (t.charged && !billable) {
      found.push({ message: m, kind: 'charged_free', replay: `charged (${t.reason})`, provider: `free (${said})` });
    } else if (!t.charged && billable) {
      found.push({ message: m, kind: 'free_charged', replay: `free (${t.reason})`, provider: `charged (${said})` });
    }
  }
  return found;
}
