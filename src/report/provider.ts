// The provider section of the report: what the provider's own export says about billing (Meta
// pricing and conversation facts, error codes), the messages whose kind it does not tell, and
// the messages where its verdict and the replay's disagree (judged by the engine's cross-check).
import { crossCheck } from '../engine/crosscheck.js';
import type { KeyOutcome } from '../engine/ruleset.js';
import type { Message } from '../model/message.js';
import { sortByTimeThenKey } from './order.js';
import type { DisagreementRow, UnclassifiedRow } from './schema.js';

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

/** The provider section's tallies by name, in the order the JSON report writes them. */
export const PROVIDER_TALLIES = [
  ['pricing_types', 'pricingTypes'],
  ['pricing_categories', 'pricingCategories'],
  ['error_codes', 'errorCodes'],
] as const;

function count(into: Map<string, number>, key: string | null): void {
  if (key !== null) into.set(key, (into.get(key) ?? 0) + 1);
}

function sorted(m: Map<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const k of [...m.keys()].sort()) out[k] = m.get(k) as number;
  return out;
}

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
    const { show } = this;
    const keyed = (m: Message) => ({ id: m.id, business: show(m.business), contact: show(m.contact), sentAt: m.ts });
    let facts = false;
    for (const m of messages) {
      if (m.provider === null && m.kind !== 'unknown') continue;
      this.relevant = true;
      if (!this.inPeriod(m.ts)) continue;
      const f = m.provider;
      if (m.direction === 'outbound' && m.kind === 'unknown') {
        this.unclassified.push({ ...keyed(m), status: m.status, errors: f?.errors ?? [] });
      }
      if (f === null) continue;
      facts = true;
      this.withFacts++;
      count(this.types, f.pricingType);
      count(this.categories, f.pricingCategory);
      for (const e of f.errors) count(this.errors, e);
    }
    if (!facts) return;
    for (const d of crossCheck(messages, outcome)) {
      if (!this.inPeriod(d.message.ts)) continue;
      const f = d.message.provider;
      this.disagreements.push({
        ...keyed(d.message),
        kind: d.kind,
        replay: d.replay,
        provider: d.provider,
        regime: d.verdict?.regime ?? null,
        freeReason: d.verdict?.freeReason ?? null,
        chargeClass: d.verdict?.chargeClass ?? null,
        pricingType: f?.pricingType ?? null,
        pricingCategory: f?.pricingCategory ?? null,
      });
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
