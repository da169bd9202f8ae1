// The canonical message: what every ingest adapter produces and the engine consumes.
// No I/O here; only types and the small value vocabularies they rest on.

export const DIRECTIONS = ['inbound', 'outbound'] as const;
export type Direction = (typeof DIRECTIONS)[number];

/**
 * Delivery-status classes, lowest rank first. When rows of one message id are merged, the
 * status of the row with the highest class wins (formats.md: read or played > delivered or
 * received > a failure > any other status > none).
 */
export const STATUS_CLASSES = ['none', 'other', 'failure', 'delivered', 'read'] as const;
export type StatusClass = (typeof STATUS_CLASSES)[number];

/**
 * What kind of outbound message: sent from an approved template, free-form (text, media,
 * interactive, ...), or `unknown` when the export does not say (a Meta status that failed
 * before pricing, say). Unknown messages are counted and listed, never guessed: rulesets do
 * not replay them.
 */
export const MESSAGE_KINDS = ['template', 'free_form', 'unknown'] as const;
export type MessageKind = (typeof MESSAGE_KINDS)[number];

/** The provider's own billing facts about a message, when the export carries them. */
export interface ProviderFacts {
  /** Meta `pricing.type` (regular, free_customer_service, free_entry_point, ...). */
  pricingType: string | null;
  /** Meta `pricing.category` (marketing, utility, authentication, service, ...). */
  pricingCategory: string | null;
  /** Meta `pricing.billable` (deprecated by Meta, kept when present). */
  billable: boolean | null;
  pricingModel: string | null;
  conversationId: string | null;
  conversationOrigin: string | null;
  /** The inbound message came from an ad or a Page call-to-action (Meta `referral`). */
  referral: boolean | null;
  /** Provider error codes (Meta `errors[].code`, Twilio `ErrorCode`), in order of appearance. */
  errors: string[];
  /**
   * The message's kind (template or not) is known only from this pricing object's category
   * (a per-message-pricing status webhook and nothing else): the cross-check then has nothing
   * independent to compare that object with (pricing.md, "What the replay sees").
   */
  kindFromPricing: boolean;
}

export interface Message {
  /** Message id; `FILE:LINE` (base name) when the row had none. */
  id: string;
  business: string;
  contact: string;
  /** Epoch milliseconds. */
  ts: number;
  readonly direction: Direction;
  /** Template, free-form or unknown; inbound messages are free-form. */
  kind: MessageKind;
  /** Merged status, lower-cased; null when no row carried one. */
  status: string | null;
  statusClass: StatusClass;
  /** Template name and category: the first row of the id that carries one. */
  templateName: string | null;
  category: string | null;
  /** Position of the message's first row in the whole input; breaks replay ties. */
  readonly seq: number;
  /** Where the message is in its log's store (`store.ts`); -1 for a message held in none. */
  readonly position: number;
  /** Rows merged into this message after its first (status rows sharing its id). */
  duplicates: number;
  /** Where the message's first row is: the file as named on the command line, its line. */
  file: string;
  readonly line: number;
  /** The provider's billing facts, merged over the message's rows; null when none. */
  provider: ProviderFacts | null;
  /** An inbound message from a Click-to-WhatsApp ad or a Page call-to-action (any of its rows says so). */
  readonly entryPoint: boolean;
}

export function isFailed(m: Message): boolean {
  return m.statusClass === 'failure';
}

/** Why a row was rejected; one fixture each in fixtures/errors/. */
export const REJECTION_CODES = [
  'bad_quoting',
  'field_count',
  'missing_field',
  'unknown_direction',
  'bad_timestamp',
  'conflicting_row',
  'invalid_json',
  'truncated_json',
  'not_an_object',
  'bad_value',
  'bad_encoding',
] as const;
export type RejectionCode = (typeof REJECTION_CODES)[number];

export interface Rejection {
  readonly file: string;
  /** 1-based physical line where the record starts (the header is line 1). */
  readonly line: number;
  /** JSON pointer of the rejected element, for JSON input; null otherwise. */
  readonly pointer: string | null;
  readonly code: RejectionCode;
  readonly reason: string;
  /** The raw value that failed (cut to 200 characters); null when a value is missing. */
  readonly value: string | null;
}

export function clip(value: string): string {
  return value.length > 200 ? value.slice(0, 199) + '…' : value;
}

export interface ContactMergeInfo {
  /** The number as written, without the ninth digit. */
  readonly from: string;
  /** The number it was read as. */
  readonly to: string;
  /** Rows that carried the old form. */
  readonly rows: number;
  /** Whether the nine-digit form also appears in the log: two forms of one person merged. */
  readonly bothForms: boolean;
}
