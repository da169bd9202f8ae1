// The report's `totals` (pricing.md, "Report"): charged units summed by month, business, market,
// charge class and currency, with their exact amounts; and the summary's `amounts` per currency,
// which are the totals' sums. The report builder adds units one at a time; `merge` adds shards'
// rows. Amounts of different currencies are never added together.
import { type Amount, amountText, parseAmount, zero } from '../model/money.js';
import { cmp } from '../model/order.js';
import type { TotalRow } from './schema.js';

interface Tally {
  month: string;
  business: string;
  market: string | null;
  chargeClass: string;
  currency: string | null;
  charged: number;
  amount: Amount | null;
  unpriced: number;
}

const nullsFirst = (a: string | null, b: string | null): number => (a === b ? 0 : a === null ? -1 : b === null ? 1 : cmp(a, b));

/** How many tallies `add` looks through before the map: a log's few businesses and months. */
const RECENT = 8;

export class Totals {
  private readonly tallies = new Map<string, Tally>();
  /**
   * The tallies `add` went to last, most recent first: consecutive units mostly share month,
   * business, market and class (a key's, and keys of a few businesses in turn), and five
   * comparisons cost less than building the map's key.
   */
  private readonly recent: Tally[] = [];

  /**
   * `charged` units of one month (`yyyy-MM`), business, market and class: priced at `amount` in
   * `currency`, or (currency null) `unpriced` of them not priced by a given card, or counted
   * with no card at all (`amount` null, `unpriced` 0).
   */
  add(month: string, business: string, market: string | null, chargeClass: string, currency: string | null, charged: number, amount: Amount | null, unpriced: number): void {
    const recent = this.recent;
    let had: Tally | undefined;
    let at = 0;
    for (; at < recent.length; at++) {
      const t = recent[at];
      if (t.month === month && t.business === business && t.market === market && t.chargeClass === chargeClass && t.currency === currency) {
        had = t;
        break;
      }
    }
    if (had === undefined) {
      const key = `${month}\u0000${business}\u0000${market}\u0000${chargeClass}\u0000${currency}`;
      had = this.tallies.get(key);
      if (had === undefined) {
        had = { month, business, market, chargeClass, currency, charged: 0, amount: null, unpriced: 0 };
        this.tallies.set(key, had);
      }
      if (recent.length === RECENT) at = RECENT - 1;
      else recent.push(had);
    }
    // Moved to the front.
    for (; at > 0; at--) recent[at] = recent[at - 1];
    recent[0] = had;
    had.charged += charged;
    had.unpriced += unpriced;
    if (amount !== null) had.amount = (had.amount ?? zero()).plus(amount);
  }

  /** A totals row as a report (a shard's) writes it. */
  addRow(t: TotalRow): void {
    const amount = t.amount === null ? null : parseAmount(t.amount);
    this.add(t.month, t.business, t.market, t.chargeClass, t.currency, t.charged, amount, t.unpriced);
  }

  /** The rows, sorted by month, business, market, class, currency (nulls first). */
  rows(): TotalRow[] {
    return [...this.tallies.values()]
      .map((t) => ({ ...t, amount: t.amount === null ? null : amountText(t.amount) }))
      .sort(
        (a, b) =>
          cmp(a.month, b.month) || cmp(a.business, b.business) || nullsFirst(a.market, b.market) || cmp(a.chargeClass, b.chargeClass) || nullsFirst(a.currency, b.currency),
      );
  }
}

/** The summary's `amounts`: every priced unit's amount summed per currency, currencies in order. */
export function amountsOf(rows: readonly TotalRow[]): Record<string, string> {
  const sums = new Map<string, Amount>();
  for (const t of rows) {
    if (t.currency === null || t.amount === null) continue;
    sums.set(t.currency, (sums.get(t.currency) ?? zero()).plus(parseAmount(t.amount) as Amount));
  }
  const out: Record<string, string> = {};
  for (const c of [...sums.keys()].sort(cmp)) out[c] = amountText(sums.get(c) as Amount);
  return out;
}

const UNPRICED_LEAD = 'the rate card priced no row for ';

/**
 * The warning of a rate-card gap (pricing.md, `warnings`), made from the totals so that `merge`
 * makes the same one from the shards' totals: unpriced units by month, market and class.
 */
export function unpricedWarning(rows: readonly TotalRow[]): string | null {
  const gaps = rows.filter((t) => t.unpriced > 0);
  if (gaps.length === 0) return null;
  const n = gaps.reduce((k, t) => k + t.unpriced, 0);
  const groups = new Map<string, number>();
  for (const t of gaps) {
    const g = `${t.month} ${t.market ?? 'no market (no_market)'} ${t.chargeClass}`;
    groups.set(g, (groups.get(g) ?? 0) + t.unpriced);
  }
  const shown = [...groups].slice(0, 5).map(([g, k]) => `${g}: ${k}`);
  const more = groups.size - shown.length;
  return `${UNPRICED_LEAD}${n} charged unit(s), left unpriced (messages' unpriced_reason says why): ${shown.join('; ')}${more > 0 ? `; and ${more} more` : ''}`;
}

/** Whether a warning is `unpricedWarning`'s (a merge makes it again from the merged totals). */
export function isUnpricedWarning(w: string): boolean {
  return w.startsWith(UNPRICED_LEAD);
}
