// The provider section of the report: what the provider's own export says about billing (Meta
// pricing and conversation facts, error codes), the messages whose kind it does not tell, and
// the messages where its verdict and the replay's disagree.
import type { KeyOutcome, TemplateDecision, ViolationDecision } from '../engine/ruleset.js';
import { isFailed, type Message } from '../model/message.js';
import { sortByTimeThenKey } from './order.js';

/** Provider errors that mean "free-form message outside the customer window". */
export const REENGAGEMENT_ERRORS: Readonly<Record<string, string>> = {
  '131047': 'Meta 131047 re-engagement message',
  '63016': 'Twilio 63016 outside the allowed window',
};

export const DISAGREEMENTS = ['delivered_violation', 'refused_allowed', 'charged_free', 'free_charged'] as const;
export type Disagreement = (typeof DISAGREEMENTS)[number];

export interface UnclassifiedRow {
  readonly id: string;
  readonly business: string;
  readonly contact: string;
  readonly sentAt: number;
  readonly status: string | null;
  readonly errors: readonly string[];
}

export interface DisagreementRow {
  readonly id: string;
  readonly business: string;
  readonly contact: string;
  readonly sentAt: number;
  readonly kind: Disagreement;
  /** What the replay decided, in words. */
  readonly replay: string;
  /** What the provider's export says, in words. */
  readonly provider: string;
}

export interface ProviderSection {
  /** Business phone-number ids -> display numbers, sorted by id. */
  readonly businessNumbers: Readonly<Record<string, string>>;
  /** Messages that carry provider facts. */
  readonly messages: number;
  readonly pricingTypes: Readonly<Record<string, number>>;
  readonly pricingCategories: Readonly<Record<string, number>>;
  readonly errorCodes: Readonly<Record<string, number>>;
  readonly unclassified: readonly UnclassifiedRow[];
  readonly disagreements: readonly DisagreementRow[];
}

function count(into: Map<string, number>, key: string | null): void {
  if (key !== null) into.set(key, (into.get(key) ?? 0) + 1);
}

function sorted(m: Map<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const k of [...m.keys()].sort()) out[k] = m.get(k) as number;
  return out;
}

const delivered = (m: Message): boolean => m.statusClass === 'delivered' || m.statusClass === 'read';

/**
 * Collects the provider section a key at a time. `inPeriod` and `show` are the report's period
 * filter and address masking.
 */
export class ProviderSectionBuilder {
  private withFacts = 0;
  private readonly types = new Map<string, number>();
  private readonly categories = new Map<string, number>();
  private readonly errors = new Map<string, number>();
  private readonly unclassified: UnclassifiedRow[] = [];
  private readonly disagreements: DisagreementRow[] = [];
  private relevant = false;

  constructor(
    private readonly inPeriod: (t: number) => boolean,
    private readonly show: (address: string) => string,
  ) {}

  addKey(messages: readonly Message[], outcome: KeyOutcome): void {
    const { show, disagreements } = this;
    let templates: Map<Message, TemplateDecision> | null = null;
    let violations: Map<Message, ViolationDecision> | null = null;
    for (const m of messages) {
      if (m.provider === null && m.kind !== 'unknown') continue;
      this.relevant = true;
      if (!this.inPeriod(m.ts)) continue;
      const row = { id: m.id, business: show(m.business), contact: show(m.contact), sentAt: m.ts };
      const f = m.provider;
      if (m.direction === 'outbound' && m.kind === 'unknown') {
        this.unclassified.push({ ...row, status: m.status, errors: f?.errors ?? [] });
      }
      if (f === null) continue;
      this.withFacts++;
      count(this.types, f.pricingType);
      count(this.categories, f.pricingCategory);
      for (const e of f.errors) count(this.errors, e);
      if (m.direction !== 'outbound') continue;

      templates ??= new Map(outcome.templates.map((t) => [t.message, t]));
      violations ??= new Map(outcome.violations.map((v) => [v.message, v]));
      const v = violations.get(m);
      const reengagement = f.errors.find((e) => REENGAGEMENT_ERRORS[e] !== undefined);
      if (v !== undefined && delivered(m)) {
        disagreements.push({
          ...row,
          kind: 'delivered_violation',
          replay: `violation ${v.rule}`,
          provider: `delivered (status ${m.status})`,
        });
      } else if (v === undefined && m.kind === 'free_form' && reengagement !== undefined) {
        disagreements.push({
          ...row,
          kind: 'refused_allowed',
          replay: 'allowed',
          provider: `refused: ${REENGAGEMENT_ERRORS[reengagement]}`,
        });
      }
      const t = templates.get(m);
      if (t === undefined || isFailed(m)) continue;
      const billable = f.billable ?? (f.pricingType === null ? null : f.pricingType === 'regular');
      if (billable === null) continue;
      const said = f.pricingType ?? (f.billable ? 'billable' : 'not billable');
      if (t.charged && !billable) {
        disagreements.push({ ...row, kind: 'charged_free', replay: `charged (${t.reason})`, provider: `free (${said})` });
      } else if (!t.charged && billable) {
        disagreements.push({ ...row, kind: 'free_charged', replay: `free (${t.reason})`, provider: `charged (${said})` });
      }
    }
  }

  /** Null when no message of the keys seen carries provider facts or is of unknown kind. */
  section(businessNumbers: ReadonlyMap<string, string>): ProviderSection | null {
    if (!this.relevant) return null;
    const { show, unclassified, disagreements } = this;
    sortByTimeThenKey(unclassified, (r) => r.sentAt);
    sortByTimeThenKey(disagreements, (r) => r.sentAt);
    const numbers: Record<string, string> = {};
    for (const id of [...businessNumbers.keys()].sort()) numbers[show(id)] = show(businessNumbers.get(id) as string);
    return {
      businessNumbers: numbers,
      messages: this.withFacts,
      pricingTypes: sorted(this.types),
      pricingCategories: sorted(this.categories),
      errorCodes: sorted(this.errors),
      unclassified,
      disagreements,
    };
  }
}
