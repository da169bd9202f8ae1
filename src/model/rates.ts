// A rate card as wa-audit holds it (pricing.md, "Rate cards and money"): rows of prices by
// market and date, one column per charge class, optionally tiered. Read by `ingest/rates.ts`,
// applied by `engine/pricing.ts`.
import type { Amount } from './money.js';
import { TEMPLATE_CATEGORIES } from './vocabulary.js';

/** What a charged unit is charged as: the rate card's price columns. */
export const CHARGE_CLASSES = [...TEMPLATE_CATEGORIES, 'service', 'business_initiated', 'user_initiated', 'session'] as const;
export type ChargeClass = (typeof CHARGE_CLASSES)[number];

/** Classes priced by monthly volume tiers under the per-message regimes (pricing.md, "Volume tiers"). */
export const TIERED_CLASSES: readonly ChargeClass[] = ['utility', 'authentication', 'authentication_international'];

export interface RateRow {
  /** The instant the row applies from: its date's 00:00 in the account's zone. */
  readonly validFrom: number;
  /** An ISO 3166-1 alpha-2 code (upper case), or a market name as Meta writes it (`Brazil`, `Other`). */
  readonly market: string;
  /** Whether `market` is an ISO country code (such a row beats its market's row). */
  readonly isCountry: boolean;
  /** ISO 4217. */
  readonly currency: string;
  /** Charged messages of the month before this row's tier (0: the first tier). */
  readonly tierFrom: number;
  /** The price of each class the row prices; a class it leaves empty (or `n/a`) has none. */
  readonly prices: ReadonlyMap<ChargeClass, Amount>;
  /** Where the row was read: `file:line`. */
  readonly source: string;
}

export interface RateCard {
  readonly rows: readonly RateRow[];
  /** Each file read, with the `valid_from` dates found in it. */
  readonly files: readonly { readonly file: string; readonly validFrom: readonly string[] }[];
}
