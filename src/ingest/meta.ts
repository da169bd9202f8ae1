// Meta Cloud API webhook dumps: bodies with `object: "whatsapp_business_account"`, whose
// `entry[].changes[].value` holds inbound `messages[]` and outbound `statuses[]`. Each becomes a
// canonical row; the statuses of one message id then merge like any rows sharing an id (sent
// time = earliest status; delivered if any of delivered, read, played; failed only if never
// delivered). The provider's pricing and conversation facts ride along on the row.
import type { ProviderFacts } from '../model/message.js';
import { emptyFacts, problem, type RawRow, type RowProblem } from './rows.js';
import { JsonNumber, jsonObject, stringifyJson } from './json-value.js';

export const WEBHOOK_OBJECT = 'whatsapp_business_account';

export function isWebhookBody(v: unknown): boolean {
  return typeof v === 'object' && v !== null && (v as Record<string, unknown>).object === WEBHOOK_OBJECT;
}

/** 2025-07-02T00:00Z in Unix seconds: per-message pricing was in force in every zone by then. */
const PMP_EVERYWHERE = 1_751_414_400;

/**
 * Whether a status's `pricing.category` is the message's own (per-message pricing) rather than
 * the category of the conversation that covered it (conversation-based pricing): said by
 * `pricing_model`, else by the status's time (unknown around the 2025-07-01 switch).
 */
function categoryIsMessages(facts: ProviderFacts, timestamp: string | undefined): boolean {
  if (facts.pricingModel !== null) return facts.pricingModel.toUpperCase() === 'PMP';
  const seconds = timestamp === undefined ? NaN : Number(timestamp);
  return Number.isFinite(seconds) && seconds >= PMP_EVERYWHERE;
}

/**
 * The kind a per-message `pricing.category` says (a template's category, or `service` for a
 * free-form message); `unknown` otherwise: a conversation's category names no message's kind.
 */
function kindOfCategory(category: string | null): 'template' | 'text' | 'unknown' {
  if (category === null) return 'unknown';
  const c = category.toLowerCase().replace(/-/g, '_');
  if (c.startsWith('marketing') || c.startsWith('utility') || c.startsWith('authentication')) return 'template';
  return c === 'service' ? 'text' : 'unknown';
}

type Obj = Record<string, unknown>;
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
/** A value as text; a number as it was written (a phone-number id is never rounded). */
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : v instanceof JsonNumber ? v.text : undefined);

export interface WebhookSink {
  row(raw: RawRow, pointer: string): void;
  /** A business phone-number id and the number people know it by. */
  businessNumber(id: string, display: string): void;
  reject(p: RowProblem, pointer: string): void;
}

/** Emits the rows of one webhook body; `base` is the body's own JSON pointer ('' or '/3'). */
export function webhookRows(body: unknown, base: string, sink: WebhookSink): void {
  const b = jsonObject(body);
  if (b === null || b.object !== WEBHOOK_OBJECT) {
    sink.reject(problem('not_an_object', `not a webhook body (no "object": "${WEBHOOK_OBJECT}")`, clipJson(body)), base || '/');
    return;
  }
  list(b.entry).forEach((entry, e) => {
    list(jsonObject(entry)?.changes).forEach((change, c) => {
      const at = `${base}/entry/${e}/changes/${c}/value`;
      const value = jsonObject(jsonObject(change)?.value);
      if (value === null) return;
      const meta = jsonObject(value.metadata);
      const business = str(meta?.phone_number_id) ?? str(meta?.display_phone_number);
      const display = str(meta?.display_phone_number);
      if (business !== undefined && display !== undefined && business !== display) sink.businessNumber(business, display);
      list(value.messages).forEach((m, i) => {
        const msg = jsonObject(m);
        const pointer = `${at}/messages/${i}`;
        if (msg === null) return sink.reject(problem('not_an_object', 'a message that is not an object', clipJson(m)), pointer);
        const facts = emptyFacts();
        facts.referral = msg.referral !== undefined;
        sink.row(
          {
            id: str(msg.id),
            timestamp: str(msg.timestamp),
            business,
            contact: str(msg.from) ?? str(msg.from_user_id) ?? str(msg.user_id),
            direction: 'inbound',
            type: str(msg.type) ?? 'unknown',
            provider: facts,
          },
          pointer,
        );
      });
      list(value.statuses).forEach((s, i) => {
        const st = jsonObject(s);
        const pointer = `${at}/statuses/${i}`;
        if (st === null) return sink.reject(problem('not_an_object', 'a status that is not an object', clipJson(s)), pointer);
        const facts = factsOf(st);
        const own = categoryIsMessages(facts, str(st.timestamp));
        const type = own ? kindOfCategory(facts.pricingCategory) : 'unknown';
        facts.kindFromPricing = type !== 'unknown';
        sink.row(
          {
            id: str(st.id),
            timestamp: str(st.timestamp),
            business,
            contact: str(st.recipient_id) ?? str(st.recipient_user_id) ?? str(st.user_id),
            direction: 'outbound',
            type,
            status: str(st.status),
            category: own ? (facts.pricingCategory ?? undefined) : undefined,
            provider: facts,
          },
          pointer,
        );
      });
    });
  });
}

function factsOf(st: Obj): ProviderFacts {
  const facts = emptyFacts();
  const pricing = jsonObject(st.pricing);
  if (pricing) {
    facts.pricingType = str(pricing.type) ?? null;
    facts.pricingCategory = str(pricing.category)?.toLowerCase() ?? null;
    facts.billable = typeof pricing.billable === 'boolean' ? pricing.billable : null;
    facts.pricingModel = str(pricing.pricing_model) ?? null;
  }
  const conv = jsonObject(st.conversation);
  if (conv) {
    facts.conversationId = str(conv.id) ?? null;
    facts.conversationOrigin = str(jsonObject(conv.origin)?.type) ?? null;
  }
  for (const e of list(st.errors)) {
    const code = str(jsonObject(e)?.code);
    if (code !== undefined) facts.errors.push(code);
  }
  return facts;
}

function clipJson(v: unknown): string {
  const s = stringifyJson(v);
  return s.length > 200 ? s.slice(0, 199) + '…' : s;
}
