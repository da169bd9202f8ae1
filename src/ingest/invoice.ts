// An itemised-by-message invoice (reconcile.md, "Invoice inputs"): a CSV with a message id
// column (`message_id`, `id`, `sid`, `wamid`), and optionally a date, a charge class, an amount
// and a currency, headers matched like a log's. (Business and contact columns come with the
// matching of lines without ids.) Classes are read through
// the invoice synonyms (Meta's upper-case words, Portuguese, pricing types); money cells through
// `invoice-money.ts`, their decimal mark settled per file. Lines that are not message charges
// (taxes, fees, credits) are kept apart as other charges, never matched. A line that cannot be
// read is rejected with its file, line and reason: none is dropped in silence.
import { InputError } from '../model/errors.js';
import type { Amount } from '../model/money.js';
import { parseTimestamp, type TimeZone } from '../model/time.js';
import { normaliseAddress, templateCategoryOf } from '../model/vocabulary.js';
import { csvRecords } from './csv.js';
import { headerKey } from './fields.js';
import { amountWith, type DecimalMark, moneyCell, settleMark } from './invoice-money.js';
import type { InvoiceLine, InvoiceRejection, OtherCharge } from '../model/invoice.js';

export type { InvoiceRejection, OtherCharge } from '../model/invoice.js';

const COLUMNS: Readonly<Record<string, readonly string[]>> = {
  id: ['message_id', 'messageid', 'id', 'sid', 'wamid', 'id_mensagem'],
  at: ['date', 'timestamp', 'sent_at', 'date_created', 'opened_at', 'start', 'data', 'data_envio', 'inicio'],
  business: ['business', 'from', 'empresa', 'remetente'],
  contact: ['contact', 'to', 'recipient', 'contato', 'destinatario', 'telefone'],
  class: ['category', 'pricing_category', 'charge_class', 'class', 'type', 'categoria', 'tipo'],
  amount: ['amount', 'price', 'cost', 'valor', 'preco'],
  currency: ['currency', 'price_unit', 'moeda'],
};

/**
 * Invoice class words (folded) beyond the template categories (which `templateCategoryOf`
 * reads, synonyms included) -> the replay's charge class; `charged` for Meta's `REGULAR`.
 */
const CLASS_WORDS: ReadonlyMap<string, string> = new Map([
  ['service', 'service'],
  ['servico', 'service'],
  ['businessinitiated', 'business_initiated'],
  ['userinitiated', 'user_initiated'],
  ['session', 'session'],
  ['sessao', 'session'],
  ['regular', 'charged'],
]);

/** The charge class an invoice's class cell names; undefined when it names none. */
function classOf(word: string): string | undefined {
  const category = templateCategoryOf(word);
  return category !== 'unknown' ? category : CLASS_WORDS.get(word);
}

/** Words of lines that are not message charges (taxes, fees, credits, exchange adjustments). */
const OTHER_CHARGES = /^(iss|pis|cofins|iof|tax|taxes|imposto|impostos|fee|fees|tarifa|platform_fee|credit|credito|discount|desconto|exchange|cambio)/;

export interface ItemisedInvoice {
  /** Itemised by message (a message id column) or by conversation or session (a contact and a time). */
  readonly kind: 'message' | 'conversation';
  readonly lines: readonly InvoiceLine[];
  readonly other: readonly OtherCharge[];
  readonly rejected: readonly InvoiceRejection[];
  readonly mark: DecimalMark | null;
}

export interface InvoiceOptions {
  readonly zone: TimeZone;
  /** `--decimal-comma` / `--decimal-point`; null: settled by the file. */
  readonly mark: DecimalMark | null;
  /** The currency of amounts written without one (`--currency`). */
  readonly currency: string | null;
}

export function readItemisedInvoice(file: string, text: string, options: InvoiceOptions): ItemisedInvoice {
  const records = csvRecords(file, text);
  const header = records.shift();
  if (header === undefined) throw new InputError('an empty invoice', file, 1);
  const keys = header.fields.map(headerKey);
  const col = (name: string): number => keys.findIndex((k) => COLUMNS[name].some((c) => headerKey(c) === k));
  const c = { id: col('id'), at: col('at'), business: col('business'), contact: col('contact'), cls: col('class'), amount: col('amount'), currency: col('currency') };
  const kind = c.id >= 0 ? 'message' : 'conversation';
  if (c.id < 0 && (c.contact < 0 || c.at < 0)) {
    throw new InputError(`not an itemised invoice: no message id column (${COLUMNS.id.join(', ')}), nor a contact and a time (${COLUMNS.contact.join(', ')}; ${COLUMNS.at.join(', ')})`, file, header.line);
  }
  const cell = (fields: string[], i: number): string => (i < 0 ? '' : (fields[i] ?? '').trim());
  const rows = records.filter((r) => !r.fields.every((f) => f.trim() === ''));
  // The decimal mark: the option, else every money cell of the file.
  let mark = options.mark;
  if (mark === null && c.amount >= 0) {
    const numbers = rows.map((r) => moneyCell(cell(r.fields, c.amount))?.number).filter((n): n is string => n !== undefined);
    const settled = settleMark(numbers);
    if (settled === 'conflict') throw new InputError('its amounts are written with both decimal marks; pass --decimal-comma or --decimal-point', file, header.line);
    if (settled === null && numbers.some((n) => /[.,]/.test(n))) {
      throw new InputError("its amounts read as well with a decimal comma as with a decimal point (such as '1,234'); pass --decimal-comma or --decimal-point", file, header.line);
    }
    mark = settled ?? '.';
  }
  const lines: InvoiceLine[] = [];
  const other: OtherCharge[] = [];
  const rejected: InvoiceRejection[] = [];
  let scale = 0;
  for (const { fields, line } of rows) {
    if (fields.length !== header.fields.length) {
      rejected.push({ file, line, reason: `has ${fields.length} fields, the header has ${header.fields.length}` });
      continue;
    }
    const rawAmount = cell(fields, c.amount);
    const money = rawAmount === '' ? null : moneyCell(rawAmount);
    if (rawAmount !== '' && money === null) {
      rejected.push({ file, line, reason: `amount '${rawAmount}' is not money` });
      continue;
    }
    const amount = money === null ? null : amountWith(money, mark ?? '.');
    if (money !== null && amount === null) {
      rejected.push({ file, line, reason: `amount '${rawAmount}' cannot be read with the decimal ${mark === ',' ? 'comma' : 'point'}` });
      continue;
    }
    if (amount !== null) scale = Math.max(scale, amount.decimalPlaces());
    const currency = cell(fields, c.currency).toUpperCase() || money?.currency || options.currency;
    const classWord = headerKey(cell(fields, c.cls));
    if (OTHER_CHARGES.test(classWord)) {
      other.push({ file, line, label: cell(fields, c.cls), amount, currency });
      continue;
    }
    const chargeClass = classWord === '' ? null : classOf(classWord);
    if (chargeClass === undefined) {
      rejected.push({ file, line, reason: `charge class '${cell(fields, c.cls)}' is none of the invoice words (marketing, utility, authentication, service, session, ...)` });
      continue;
    }
    const rawAt = cell(fields, c.at);
    let at: number | null = null;
    if (rawAt !== '') {
      const r = parseTimestamp(rawAt, options.zone);
      if (!r.ok) {
        rejected.push({ file, line, reason: `bad date '${rawAt}'` });
        continue;
      }
      at = r.ms;
    }
    const id = cell(fields, c.id);
    const business = cell(fields, c.business);
    const contact = cell(fields, c.contact);
    lines.push({
      file,
      line,
      id: id === '' ? null : id,
      business: business === '' ? null : normaliseAddress(business),
      contact: contact === '' ? null : normaliseAddress(contact),
      at,
      chargeClass: chargeClass === 'charged' ? null : chargeClass,
      amount,
      currency: currency ?? null,
      scale: 0,
    });
  }
  // Every line compares at the file's scale (its largest).
  return { kind, lines: lines.map((l) => ({ ...l, scale })), other, rejected, mark };
}
