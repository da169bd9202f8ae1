// `wa-audit explain` for people (a line per message: time, direction, message, status, and the
// decision with its reason and price) and as JSON (`explain_version` 1, the same steps).
import Table from 'cli-table3';
import { formatInstant, TimeZone } from '../model/time.js';
import type { KeyTimeline, Phrase } from '../report/explain.js';
import { messagesFor, type Translate } from './messages.js';
import { BARE_TABLE, writingFor } from './cells.js';
import type { Style } from './context.js';
import { visible } from './visible.js';

/** A reason in the catalogue's words, its `{t:MS}` instants written by `when`. */
function reason(why: Phrase, t: Translate, when: (ms: number) => string): string {
  const words = (p: Phrase): string => t(p.key, ...p.args.map((a) => (typeof a === 'string' ? a : words(a))));
  return words(why).replace(/\{t:(-?\d+)\}/g, (_, ms: string) => when(Number(ms)));
}

export function explainText(timelines: readonly KeyTimeline[], ruleset: string, timezone: string, locale: string, style: Style): string {
  const zone = TimeZone.of(timezone) as TimeZone;
  const w = writingFor(locale, zone, visible);
  let out = '';
  for (const t of timelines) {
    out += style.heading(w.t('Business {0}, contact {1}: ruleset {2}, times in {3}', visible(t.business), visible(t.contact), ruleset, timezone)) + '\n';
    const table = new Table({
      head: ['Time', 'Dir', 'Message', 'Status', 'Decision'].map((h) => style.heading(w.t(h))),
      ...BARE_TABLE,
      colWidths: [null, null, null, null, 72] as unknown as number[],
      wordWrap: true,
    });
    for (const s of t.steps) {
      const what =
        s.direction === 'inbound'
          ? w.t('message')
          : s.type === 'template'
            ? `${w.t('template')} ${s.template === null ? '?' : visible(s.template)}${s.category === null ? '' : ` (${visible(s.category)})`}`
            : s.type === 'free_form'
              ? w.t('free-form')
              : s.type;
      const price = s.amount !== null && s.currency !== null ? w.t('; price {0}', w.money(s.amount, s.currency)) : s.unpricedReason !== null ? w.t('; unpriced ({0})', s.unpricedReason) : '';
      const why = reason(s.why, w.t, (ms) => w.when(ms)) + price;
      table.push([
        w.when(s.at),
        w.t(s.direction === 'inbound' ? 'in' : 'out'),
        `${visible(s.id)}: ${what}`,
        s.status === null ? '-' : visible(s.status),
        s.decision === 'violation' ? style.bad(why) : s.decision === 'charged' ? style.heading(why) : why,
      ]);
    }
    out += table.toString() + '\n';
  }
  return out;
}

export function explainJson(timelines: readonly KeyTimeline[], ruleset: string, timezone: string): string {
  const zone = TimeZone.of(timezone) as TimeZone;
  const iso = (ms: number): string => formatInstant(ms, zone);
  const keys = timelines.map((t) => ({
    business: t.business,
    contact: t.contact,
    steps: t.steps.map((s) => ({
      id: s.id,
      at: iso(s.at),
      direction: s.direction,
      type: s.type,
      status: s.status,
      template: s.template,
      category: s.category,
      regime: s.regime,
      decision: s.decision,
      charge_class: s.chargeClass,
      free_reason: s.freeReason,
      why: reason(s.why, messagesFor('en'), iso),
      until: s.until === null ? null : iso(s.until),
      amount: s.amount,
      currency: s.currency,
      unpriced_reason: s.unpricedReason,
    })),
  }));
  return JSON.stringify({ explain_version: 1, ruleset, timezone, keys }, null, 2) + '\n';
}
