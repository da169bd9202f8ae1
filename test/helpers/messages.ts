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

/** Messages in the order listed: that order is the input order (`seq`). */
export function messages(events: readonly Ev[], business = '551140000001'): Message[] {
  return events.map((e, i) => {
    const status = e.status ?? null;
    return {
      id: e.id ?? `m${i + 1}`,
      business,
      contact: e.contact ?? '5511987650001',
      ts: at(e.hours),
      direction: e.kind === 'in' ? 'inbound' : 'outbound',
      kind: e.kind === 'tpl' ? 'template' : 'free_form',
      status,
      statusClass: statusClassOf(status),
      templateName: e.kind === 'tpl' ? 'promo' : null,
      category: null,
      seq: i,
      position: -1,
      duplicates: 0,
      file: 'inline',
      line: i + 2,
      provider: null,
      entryPoint: false,
    };
  });
}
