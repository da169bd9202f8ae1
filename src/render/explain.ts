// `wa-audit explain` for people (a line per message: time, direction, message, status, and the
// decision with its reason and price) and as JSON (`explain_version` 1, the same steps).
import Table from 'cli-table3';
import { formatInstant, TimeZone } from '../model/time.js';
import type { KeyTimeline } from '../report/explain.js';
import { writingFor } from './cells.js';
import type { Style } from './context.js';
import { visible } from './visible.js';

/** `{t:MS}` placeholders in a step's reason, written by `when`. */
const withTimes = (why: string, when: (t: number) => string): string => why.replace(/\{t:(-?\d+)\}/g, (_, ms: string) => when(Number(ms)));

export function explainText(timelines: readonly KeyTimeline[], ruleset: string, timezone: string, locale: string, style: Style): string {
  const zone = TimeZone.of(timezone) as TimeZone;
  const w = writingFor(locale, zone, visible);
  let out = '';
  for (const t of timelines) {
    out += style.heading(`Business ${visible(t.business)}, contact ${visible(t.contact)}: ruleset ${ruleset}, times in ${timezone}`) + '\n';
    const table = new Table({
      head: ['Time', 'Dir', 'Message', 'Status', 'Decision'].map((h) => style.heading(h)),
      style: { head: [], border: [] },
      colWidths: [null, null, null, null, 72] as unknown as number[],
      wordWrap: true,
      chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' },
    });
    for (const s of t.steps) {
      const what = s.direction === 'inbound' ? 'message' : s.type === 'template' ? `template ${s.template === null ? '?' : visible(s.template)}${s.category === null ? '' : ` (${visible(s.category)})`}` : s.type === 'free_form' ? 'free-form' : s.type;
      const price = s.amount !== null && s.currency !== null ? `; price ${w.money(s.amount, s.currency)}` : s.unpricedReason !== null ? `; unpriced (${s.unpricedReason})` : '';
      const why = withTimes(s.why, (ms) => w.when(ms)) + price;
      table.push([
        w.when(s.at),
        s.direction === 'inbound' ? 'in' : 'out',
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
      why: withTimes(s.why, iso),
      until: s.until === null ? null : iso(s.until),
      amount: s.amount,
      currency: s.currency,
      unpriced_reason: s.unpricedReason,
    })),
  }));
  return JSON.stringify({ explain_version: 1, ruleset, timezone, keys }, null, 2) + '\n';
}
