// The words exports use for directions, message types and statuses, in English and Portuguese,
// and how addresses are normalised. One list each; help text and docs are derived from them.
import type { Direction, StatusClass } from './message.js';

/** Lower-case, accents stripped, surrounding space trimmed. */
export function fold(value: string): string {
  const t = value.trim().toLowerCase();
  // Fast path: plain ASCII needs no Unicode normalisation.
  for (let i = 0; i < t.length; i++) {
    if (t.charCodeAt(i) > 127) return t.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
  }
  return t;
}

export const DIRECTION_WORDS: Readonly<Record<Direction, readonly string[]>> = {
  inbound: ['inbound', 'in', 'incoming', 'received', 'mo', 'recebida', 'recebido', 'entrada'],
  outbound: [
    'outbound',
    'out',
    'outgoing',
    'sent',
    'mt',
    'enviada',
    'enviado',
    'saida',
    'outbound-api',
    'outbound-reply',
  ],
};

/** word -> class, from class -> words. */
function byWord<K extends string>(lists: Readonly<Partial<Record<K, readonly string[]>>>): ReadonlyMap<string, K> {
  const map = new Map<string, K>();
  for (const [k, words] of Object.entries(lists) as [K, readonly string[]][]) {
    for (const w of words) map.set(w, k);
  }
  return map;
}

const DIRECTION_BY_WORD = byWord<Direction>(DIRECTION_WORDS);

/**
 * Remembers the answers for the few distinct values an export uses, so that a million rows
 * fold a handful of strings; past `limit` distinct values it stops remembering.
 */
export function memo<T>(f: (value: string) => T, limit = 256): (value: string) => T {
  const seen = new Map<string, T>();
  return (value) => {
    let r = seen.get(value);
    if (r === undefined) {
      r = f(value);
      if (seen.size < limit) seen.set(value, r);
    }
    return r;
  };
}

export const directionOf: (value: string) => Direction | null = memo((value) => DIRECTION_BY_WORD.get(fold(value)) ?? null);

/** `type` values that mean an approved template; every other value is free-form. */
export const TEMPLATE_WORDS = ['template', 'hsm'] as const;

/** Status words by class; a status not listed is of class `other` (it counts as sent). */
export const STATUS_WORDS: Readonly<Record<Exclude<StatusClass, 'none' | 'other'>, readonly string[]>> = {
  read: ['read', 'played', 'lida', 'lido', 'visualizada', 'visualizado'],
  delivered: ['delivered', 'received', 'entregue', 'recebida', 'recebido'],
  failure: [
    'failed',
    'undelivered',
    'rejected',
    'error',
    'falha',
    'falhou',
    'erro',
    'rejeitada',
    'rejeitado',
    'nao entregue',
    'nao_entregue',
  ],
};

const STATUS_CLASS_BY_WORD = byWord<StatusClass>(STATUS_WORDS);

const statusClassOfWord = memo((status: string): StatusClass => STATUS_CLASS_BY_WORD.get(fold(status)) ?? 'other');

export function statusClassOf(status: string | null): StatusClass {
  return status === null ? 'none' : statusClassOfWord(status);
}

/**
 * The value of a phone number written as digits only, without a leading zero, at most 15 long
 * (E.164), read from `text[start, end)`; -1 for anything else. Used to index contacts by
 * number, which is exact for such strings.
 */
export function phoneValueAt(text: string, start: number, end: number): number {
  const n = end - start;
  if (n === 0 || n > 15 || text.charCodeAt(start) === 48) return -1;
  let v = 0;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}

/**
 * Phone numbers are compared after dropping a `whatsapp:` prefix, `+`, spaces, dots, dashes and
 * parentheses. A value that is not a phone number once those are gone (a business-scoped user
 * id, a phone-number id with letters) is kept as written, less the prefix.
 */
export function normaliseAddress(value: string): string {
  let s = value.trim();
  if (s.length >= 9 && s.slice(0, 9).toLowerCase() === 'whatsapp:') s = s.slice(9).trim();
  let plain = s.length > 0;
  for (let i = 0; i < s.length && plain; i++) {
    const c = s.charCodeAt(i);
    plain = c >= 48 && c <= 57;
  }
  if (plain) return s;
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) out += s[i];
    else if (c !== 43 && c !== 32 && c !== 46 && c !== 45 && c !== 40 && c !== 41 && c !== 9) return s;
  }
  return out === '' ? s : out;
}

/** `entry_point` values that mean yes (pricing.md, "Entry point"); anything else means no. */
const ENTRY_POINT_WORDS = new Set(['true', '1', 'yes', 'sim', 'y', 's', 'ad', 'ctwa']);

export function isEntryPointValue(value: string | undefined): boolean {
  return value !== undefined && ENTRY_POINT_WORDS.has(value.trim().toLowerCase());
}

/**
 * Statuses that say a message left without confirmed delivery (pricing.md, "Delivery"): under
 * Meta's rules such a message is not delivered, so it is not charged and opens nothing.
 */
export const NOT_DELIVERED_WORDS = [
  'sent',
  'accepted',
  'queued',
  'sending',
  'pending',
  'enqueued',
  'scheduled',
  'canceled',
  'cancelled',
  'enviada',
  'pendente',
  'agendada',
  'na fila',
  'cancelada',
] as const;

const NOT_DELIVERED = new Set<string>(NOT_DELIVERED_WORDS);

/** Whether a status (any case, accents) says the message was not delivered. */
export const isNotDeliveredStatus = memo((status: string): boolean => NOT_DELIVERED.has(fold(status)));

/** Template categories under Meta's pricing; anything else (or none) is `unknown`. */
export const TEMPLATE_CATEGORIES = ['marketing', 'utility', 'authentication', 'authentication_international', 'unknown'] as const;
export type TemplateCategory = (typeof TEMPLATE_CATEGORIES)[number];

/** Category words, folded like header names (case, accents, `-`, `_` and spaces dropped). */
const CATEGORY_BY_WORD = new Map<string, TemplateCategory>([
  ['marketing', 'marketing'],
  ['marketinglite', 'marketing'],
  ['utility', 'utility'],
  ['utilidade', 'utility'],
  ['authentication', 'authentication'],
  ['autenticacao', 'authentication'],
  ['authenticationinternational', 'authentication_international'],
  ['autenticacaointernacional', 'authentication_international'],
]);

/** A template's category as Meta prices it (pricing.md, "Category"). */
export const templateCategoryOf = memo((category: string): TemplateCategory => CATEGORY_BY_WORD.get(fold(category).replace(/[-_\s]/g, '')) ?? 'unknown');
