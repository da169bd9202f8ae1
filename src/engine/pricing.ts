// Money for charged units (pricing.md, "Rate cards and money"): the rate-card row that applies to
// each unit, and the monthly volume tiers, which cross keys and so belong to the account-level
// stage. Every amount is an exact decimal; a unit no row prices is unpriced, with its reason,
// never priced at zero.
import type { Amount } from '../model/money.js';
import { byTimeThenKey } from '../model/order.js';
import type { ChargeClass, RateCard, RateRow } from '../model/rates.js';
import { marketKey, OTHER_MARKET } from '../model/markets.js';

/** A charged unit: a message under per-message pricing, a conversation or session otherwise. */
export interface ChargedUnit {
  readonly instant: number;
  readonly business: string;
  readonly contact: string;
  readonly id: string;
  readonly chargeClass: ChargeClass;
  /** The contact's ISO country, or null when none was found. */
  readonly country: string | null;
  /** The country's market name at the unit's instant (`Brazil`, `Rest of Latin America`, `Other`); null with no country. */
  readonly market: string | null;
  /** Whether volume tiers apply (utility and authentication under the per-message regimes). */
  readonly tiered: boolean;
  /** The calendar month of the instant in the account's zone (`monthIndex`). */
  readonly month: number;
}

export type UnpricedReason = 'no_rate' | 'no_market';

export type Price =
  | { readonly amount: Amount; readonly currency: string; readonly row: RateRow }
  | { readonly unpriced: UnpricedReason };

/**
 * The rows of the group that prices a unit: those of its ISO code if one is in force at its
 * instant, else those of its market name, else those of `Other`. Each of them only while in
 * force: for each tier, the row with the latest `valid_from` at or before the instant.
 */
function applicableRows(card: RateCard, country: string | null, market: string | null, instant: number): RateRow[] {
  const groups: ((r: RateRow) => boolean)[] = [];
  if (country !== null) groups.push((r) => r.isCountry && r.market === country);
  if (market !== null) {
    const key = marketKey(market);
    groups.push((r) => !r.isCountry && marketKey(r.market) === key);
  }
  const other = marketKey(OTHER_MARKET);
  groups.push((r) => !r.isCountry && marketKey(r.market) === other);
  for (const inGroup of groups) {
    const byTier = new Map<number, RateRow>();
    for (const r of card.rows) {
      if (!inGroup(r) || r.validFrom > instant) continue;
      const had = byTier.get(r.tierFrom);
      if (had === undefined || r.validFrom > had.validFrom) byTier.set(r.tierFrom, r);
    }
    if (byTier.size > 0) return [...byTier.values()].sort((a, b) => a.tierFrom - b.tierFrom);
  }
  return [];
}

/**
 * The applicable rows of each unit, looked up once per country, market and span between two
 * `valid_from` dates of the card (the rows in force change only at those dates).
 */
function rowsOfUnits(card: RateCard, units: readonly ChargedUnit[]): RateRow[][] {
  const dates = [...new Set(card.rows.map((r) => r.validFrom))].sort((a, b) => a - b);
  const span = (t: number): number => {
    let lo = 0;
    let hi = dates.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (dates[mid] <= t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const cache = new Map<string, RateRow[]>();
  return units.map((u) => {
    const s = span(u.instant);
    const key = `${u.country}\u0000${u.market}\u0000${s}`;
    let rows = cache.get(key);
    if (rows === undefined) {
      rows = s === 0 ? [] : applicableRows(card, u.country, u.market, dates[s - 1]);
      cache.set(key, rows);
    }
    return rows;
  });
}

/** The row that prices the unit, given its number `n` (1-based) among its month's tiered units. */
function rowFor(rows: readonly RateRow[], unit: ChargedUnit, n: number): RateRow | undefined {
  if (!unit.tiered) return rows.find((r) => r.tierFrom === 0);
  let chosen: RateRow | undefined;
  for (const r of rows) if (r.tierFrom < n) chosen = r;
  return chosen;
}

/**
 * Prices every unit (in any order; the result is in the same order). Tiered units are numbered
 * 1, 2, ... per month, class and pricing market (the ISO code when ISO rows price the country,
 * else the market name) in instant order (ties: business, contact, id): marginal tiers.
 */
export function priceUnits(units: readonly ChargedUnit[], card: RateCard): Price[] {
  const rows = rowsOfUnits(card, units);
  const ordinal = new Array<number>(units.length).fill(0);
  const tiered: number[] = [];
  for (let i = 0; i < units.length; i++) if (units[i].tiered && rows[i].length > 0) tiered.push(i);
  const order = byTimeThenKey((u: ChargedUnit) => u.instant);
  const instant = Float64Array.from(units, (u) => u.instant);
  tiered.sort((a, b) => instant[a] - instant[b] || order(units[a], units[b]));
  const counts = new Map<string, number>();
  for (const i of tiered) {
    const u = units[i];
    const pricingMarket = rows[i][0].market;
    const pool = `${u.month}\u0000${u.chargeClass}\u0000${pricingMarket}`;
    const n = (counts.get(pool) ?? 0) + 1;
    counts.set(pool, n);
    ordinal[i] = n;
  }
  return units.map((u, i): Price => {
    if (u.country === null && u.market === null) return { unpriced: 'no_market' };
    const row = rowFor(rows[i], u, ordinal[i]);
    const amount = row?.prices.get(u.chargeClass);
    return row === undefined || amount === undefined ? { unpriced: 'no_rate' } : { amount, currency: row.currency, row };
  });
}

