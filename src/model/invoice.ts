// An invoice as reconciliation reads it (reconcile.md): itemised lines (by message, or by
// conversation or session) or bucket lines (summaries and Meta's analytics), each with its file
// and line; the lines that are not message charges; the lines that cannot be read.
import type { Amount } from './money.js';

/** Where a line was read: its file and line (and, in a JSON file, its JSON pointer). */
export interface InvoicePlace {
  readonly file: string;
  readonly line: number;
  readonly pointer?: string;
}

/** One line of an itemised invoice, as read (class folded, money exact). */
export interface InvoiceLine extends InvoicePlace {
  readonly id: string | null;
  /** The business and contact the line names (invoices itemised by conversation or session). */
  readonly business?: string | null;
  readonly contact?: string | null;
  readonly at: number | null;
  readonly chargeClass: string | null;
  readonly amount: Amount | null;
  readonly currency: string | null;
  /** Decimal places the invoice file writes amounts with (its largest scale). */
  readonly scale: number;
}

/** What a summary's line, an analytics data point and a reconciled bucket are about. */
export interface BucketKey {
  readonly from: number;
  readonly to: number;
  readonly chargeClass: string;
  /** `charged`, or the replay's free reason counted (`inside_csw`, `free_tier`, ...). */
  readonly pricing: string;
  /** An ISO country code or a market name, as the line gives it. */
  readonly market: string | null;
  readonly business: string | null;
}

/**
 * One line of a summary or a data point of Meta's analytics: `count` units of one class (and
 * market, and business, when given) in [from, to), charged or free for a reason.
 */
export interface InvoiceBucketLine extends InvoicePlace, BucketKey {
  readonly count: number;
  readonly amount: Amount | null;
  readonly currency: string | null;
  readonly scale: number;
}

/** A line that is not a message charge (a tax, a fee, a credit): listed and summed, never matched. */
export interface OtherCharge extends InvoicePlace {
  readonly label: string;
  readonly amount: Amount | null;
  readonly currency: string | null;
}

export interface InvoiceRejection extends InvoicePlace {
  readonly reason: string;
}

/** The kinds of invoice (reconcile.md, "Invoice inputs"), told apart by their columns or shape. */
export const INVOICE_KINDS = ['message', 'conversation', 'summary', 'pricing_analytics', 'conversation_analytics'] as const;
export type InvoiceKind = (typeof INVOICE_KINDS)[number];

/** What was settled about an invoice file while reading it (the report states it). */
export interface InvoiceFacts {
  readonly file: string;
  readonly kind: InvoiceKind;
  /** The decimal mark its money was read with (null: no amounts, or JSON numbers). */
  readonly decimalMark: '.' | ',' | null;
  /** Its charges were written as negative numbers, and were read as positive. */
  readonly negativeCharges: boolean;
  /** Lines its mapping's `rows` left unread (roll-up rows of a usage export). */
  readonly skipped: number;
  /** What its bucket lines count: messages, or conversations and sessions (free units differ). */
  readonly counts: 'messages' | 'conversations';
}

/** One invoice file as read. */
export interface InvoiceFile extends InvoiceFacts {
  /** Itemised lines (kinds `message`, `conversation`). */
  readonly lines: readonly InvoiceLine[];
  /** Bucket lines (summaries, analytics). */
  readonly buckets: readonly InvoiceBucketLine[];
  /** Taxes, fees and credits: listed, never matched. */
  readonly other: readonly OtherCharge[];
  /** Lines that could not be read, each with its reason. */
  readonly rejected: readonly InvoiceRejection[];
}
