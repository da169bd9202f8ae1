// How formats for people write a report's cells: numbers and money in the locale, instants as
// wall times in the report's zone, text from the input through the format's own escaping (the
// table's `visible`, Markdown's inert code spans). One place for the table and Markdown.
import { type Amount, formatMoney, parseAmount } from '../model/money.js';
import { formatWall, type TimeZone } from '../model/time.js';
import type { Report } from '../report/report.js';
import { SUMMARY, type ListSchema } from '../report/schema.js';
import { messagesFor, type Translate } from './messages.js';

export interface Writing {
  readonly num: (n: number) => string;
  readonly when: (t: number | null) => string;
  /** An exact decimal amount in its currency, rounded to the minor unit in the locale's money style. */
  readonly money: (amount: string, currency: string) => string;
  /** An exact decimal amount with every decimal it has (at least the minor unit's): an invoice's amounts, compared to the last digit. */
  readonly exactMoney: (amount: string, currency: string, places?: number) => string;
  /** Text from the input (or the contract's words), made safe for the format. */
  readonly text: (s: string) => string;
  /** The locale's catalogue (`messages.ts`). */
  readonly t: Translate;
}

export function writingFor(locale: string, zone: TimeZone, text: (s: string) => string): Writing {
  const nf = new Intl.NumberFormat(locale);
  // Dates as the locale writes them: day first (dd/MM/yyyy) in Portuguese, ISO order otherwise.
  const dayFirst = /^pt\b/i.test(locale);
  return {
    num: (n) => nf.format(n),
    when: (t) => (t === null ? '-' : dayFirst ? formatWall(t, zone).replace(/^(\d{4})-(\d{2})-(\d{2})/, '$3/$2/$1') : formatWall(t, zone)),
    money: (amount, currency) => formatMoney(parseAmount(amount) as Amount, currency, locale),
    exactMoney: (amount, currency, places = 0) => {
      const a = parseAmount(amount) as Amount;
      return formatMoney(a, currency, locale, Math.max(places, a.decimalPlaces()));
    },
    text,
    t: messagesFor(locale),
  };
}

/** A cell as people read it, by the column's type (money in the row's currency). */
export function shown(value: unknown, type: ListSchema['columns'][number]['type'], w: Writing, row: object): string {
  switch (type) {
    case 'amount?': {
      const r = row as { currency?: string | null; unpricedReason?: string | null; unpriced?: number };
      if (value !== null && r.currency) return w.money(value as string, r.currency);
      return r.unpricedReason ? `${w.t('unpriced')} (${r.unpricedReason})` : r.unpriced ? w.t('unpriced') : '-';
    }
    case 'instant':
    case 'instant?':
      return w.when(value as number | null);
    case 'bool':
      return w.t(value ? 'yes' : 'no');
    case 'count':
      return w.num(value as number);
    case 'int':
      return String(value);
    case 'texts':
      return w.text((value as readonly string[]).join(' ')) || '-';
    default:
      return value === null ? '-' : w.text(value as string);
  }
}

/** The report's period in words: the whole log, or from .. to (end excluded). */
export function periodText(report: Report, w: Writing): string {
  const { from, to } = report.period;
  return from === null && to === null ? w.t('whole log') : w.t('{0} to {1} (end excluded)', w.when(from), w.when(to));
}

const TEMPLATE_COUNTS: ReadonlySet<string> = new Set(['templates', 'templatesCharged', 'templatesFree', 'templatesFailed']);

/** The summary's counts a format shows: under a ruleset that lists no templates (Meta's), not the template counts. */
export function summaryCounts(report: Report): readonly (typeof SUMMARY)[number][] {
  return report.templates === null ? SUMMARY.filter((f) => !TEMPLATE_COUNTS.has(f.field)) : SUMMARY;
}

/** cli-table3 without colours or borders of its own (styling comes from the context) and no line between rows. */
export const BARE_TABLE = { style: { head: [] as string[], border: [] as string[] }, chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' } };
