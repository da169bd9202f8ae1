// The words of invoices (reconcile.md, "Invoice inputs"): the columns' header synonyms, charge
// classes (Meta's upper-case values, Portuguese, pricing types) folded to the replay's classes,
// pricing types to the replay's free reasons, and the words of lines that are not message
// charges. Shared by the CSV and the analytics readers.
import { startOfDate, type TimeZone } from '../model/time.js';
import { templateCategoryOf } from '../model/vocabulary.js';
import { headerKey } from './fields.js';
import type { InvoiceField, InvoiceMap } from './invoice-map.js';
import type { DecimalMark } from './invoice-money.js';
import type { DayOrder } from '../model/time.js';

/** Header synonyms of each invoice field (matched like a log's headers: case, accents, separators ignored). */
export const INVOICE_COLUMNS: Readonly<Record<InvoiceField, readonly string[]>> = {
  message_id: ['message_id', 'messageid', 'id', 'sid', 'wamid', 'id_mensagem'],
  date: ['date', 'timestamp', 'sent_at', 'date_created', 'opened_at', 'start', 'start_date', 'period', 'month', 'data', 'data_envio', 'inicio', 'periodo', 'mes', 'competencia'],
  end: ['end', 'end_date', 'fim', 'data_fim'],
  business: ['business', 'from', 'phone_number', 'empresa', 'remetente'],
  contact: ['contact', 'to', 'recipient', 'contato', 'destinatario', 'telefone'],
  charge_class: ['category', 'pricing_category', 'conversation_category', 'charge_class', 'class', 'type', 'categoria', 'tipo'],
  pricing_type: ['pricing_type', 'conversation_type', 'tipo_cobranca'],
  market: ['market', 'country', 'mercado', 'pais'],
  count: ['quantity', 'volume', 'count', 'qty', 'conversations', 'messages', 'sessions', 'quantidade', 'conversas', 'mensagens', 'sessoes'],
  amount: ['amount', 'price', 'cost', 'total', 'valor', 'preco'],
  currency: ['currency', 'price_unit', 'moeda'],
};

/** Count headers that count conversations or sessions rather than messages. */
export const CONVERSATION_COUNTS: ReadonlySet<string> = new Set(['conversations', 'sessions', 'conversas', 'sessoes', 'conversation'].map(headerKey));

/** Invoice class words beyond the template categories (which `templateCategoryOf` reads). */
const CLASS_WORDS: ReadonlyMap<string, string> = new Map([
  ['service', 'service'],
  ['servico', 'service'],
  ['businessinitiated', 'business_initiated'],
  ['userinitiated', 'user_initiated'],
  ['session', 'session'],
  ['sessao', 'session'],
  ['referralconversion', 'free_entry_point'],
  ['freeentrypoint', 'free_entry_point'],
  ['regular', 'charged'],
]);

/**
 * The charge class an invoice's class cell names (`charged` for Meta's `REGULAR`, which names
 * none); undefined when it names none of the invoice words.
 */
export function classOf(cell: string): string | undefined {
  const word = headerKey(cell);
  const category = templateCategoryOf(word);
  return category !== 'unknown' ? category : CLASS_WORDS.get(word);
}

export const CLASS_HINT = 'none of the invoice words (marketing, utility, authentication, service, session, ...)';

/** Words of lines that are not message charges (taxes, fees, credits, exchange adjustments). */
const OTHER_CHARGES = /^(iss|pis|cofins|iof|tax|taxes|imposto|impostos|fee|fees|tarifa|platformfee|credit|credito|discount|desconto|exchange|cambio)/;

export const isOtherCharge = (cell: string): boolean => OTHER_CHARGES.test(headerKey(cell));

export const PRICING_HINT = 'none of REGULAR, FREE_CUSTOMER_SERVICE, FREE_ENTRY_POINT, FREE_TIER';

/**
 * A bucket line's class and pricing: a free entry point is one class and one pricing on both
 * sides (reconcile.md), so a line that names it by either (`FREE_ENTRY_POINT`,
 * `REFERRAL_CONVERSION`) is both.
 */
export function foldEntryPoint(chargeClass: string, pricing: string): { chargeClass: string; pricing: string } {
  return chargeClass === 'free_entry_point' || pricing === 'free_entry_point' ? { chargeClass: 'free_entry_point', pricing: 'free_entry_point' } : { chargeClass, pricing };
}

/**
 * A pricing type as the replay's pricing of a unit: `charged`, or the free reason it stands for
 * (reconcile.md): `FREE_CUSTOMER_SERVICE` is `inside_csw` before 2026-10-01 and `free_tier`
 * from then on (midnight in the account's zone); undefined for a word it does not know.
 */
export function pricingOf(cell: string, at: number, zone: TimeZone): string | undefined {
  const word = headerKey(cell);
  if (word === '' || word === 'regular' || word === 'charged' || word === 'cobrado') return 'charged';
  if (word === 'freecustomerservice') return at < startOfDate(2026, 10, 1, zone) ? 'inside_csw' : 'free_tier';
  if (word === 'freeentrypoint') return 'free_entry_point';
  if (word === 'freetier') return 'free_tier';
  return undefined;
}

export interface InvoiceOptions {
  readonly zone: TimeZone;
  /** `--decimal-comma` / `--decimal-point`; null: the map's, else settled by the file. */
  readonly mark: DecimalMark | null;
  /** The currency of amounts written without one (`--currency`, else the card's one currency). */
  readonly currency: string | null;
  /** `--date-format`; null: the map's, else settled by the file. */
  readonly dayOrder: DayOrder | null;
  readonly map: InvoiceMap | null;
  /** The compared period: what a summary line without dates covers. */
  readonly period: { readonly from: number; readonly to: number } | null;
}

