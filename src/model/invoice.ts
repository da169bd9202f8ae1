// An invoice as reconciliation reads it (reconcile.md): its lines, each with its file and line.
import type { Amount } from './money.js';

/** One line of an itemised invoice, as read (class folded, money exact). */
export interface InvoiceLine {
  readonly file: string;
  readonly line: number;
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

/** A line that is not a message charge (a tax, a fee, a credit): listed and summed, never matched. */
export interface OtherCharge {
  readonly file: string;
  readonly line: number;
  readonly label: string;
  readonly amount: Amount | null;
  readonly currency: string | null;
}

export interface InvoiceRejection {
  readonly file: string;
  readonly line: number;
  readonly reason: string;
}
