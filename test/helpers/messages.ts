// Builds canonical messages for engine tests from the notation of rules.md's worked examples:
// times in hours from a fixed start, `in`, `tpl` (template) and `text` (free-form).
import type { Message } from '../../src/model/message.js';
import { statusClassOf } from '../../src/model/vocabulary.js';

export const T0 = Date.UTC(2025, 2, 1, 0, 0, 0);
export const H = 3_600_000;
export const at = (hours: number): number => T0 + Math.round(hours * H);

export type Kind = 'in' | 'tpl' | 'text';

export interface Ev {
  readonly kind: Kind;
  readonly hours: number;
  readonly status?: string;
  readonly contact?: string;
  readonly id?: string;
}

export const ev = (kind: Kind, hours: number, extra: Partial<Ev> = {}): Ev => ({ kind, hours, ...extra });

/** What a test says of one message in the examples' notation; the rest is the same for all. */
export interface InlineMessage {
  readonly kind: Kind;
  readonly ts: number;
  readonly business: string;
  readonly contact: string;
  readonly id?: string;
  readonly status?: string;
  readonly template: string;
  readonly category?: string;
  readonly entryPoint?: boolean;
}

/** Message `i` of a list written in a test (its index is its input order, `seq`). */
export function inlineMessage(e: InlineMessage, i: number): Message {
  const status = e.status ?? null;
  return {
    id: e.id ?? `m${i + 1}`,
    business: e.business,
    contact: e.contact,
    ts: e.ts,
    direction: e.kind === 'in' ? 'inbound' : 'outbound',
    kind: e.kind === 'tpl' ? 'template' : 'free_form',
    status,
    statusClass: statusClassOf(status),
    templateName: e.kind === 'tpl' ? e.template : null,
    category: e.category ?? null,
    seq: i,
    position: -1,
    duplicates: 0,
    file: 'inline',
    line: i + 2,
    provider: null,
    entryPoint: e.entryPoint ?? false,
  };
}

/** Messages in the order listed: that order is the input order (`seq`). */
export function messages(events: readonly Ev[], business = '551140000001'): Message[] {
  return events.map((e, i) =>
    inlineMessage({ ...e, ts: at(e.hours), business, contact: e.contact ?? '5511987650001', template: 'promo' }, i),
  );
}
