// Reconciliation of summaries and Meta's analytics (reconcile.md, "Summary and analytics"): no
// per-unit verdicts, but per bucket (the time a line covers x class x pricing x market x
// business) the replay's units counted by their instant and summed, against the lines' counts
// and amounts. A line dated outside the period is a finding of its own (`outside_period`).
// Pure: the invoice is read elsewhere; the replay's units come in.
import type { BucketKey, InvoiceBucketLine, InvoicePlace } from '../model/invoice.js';
import { type Amount, AmountTally, amountText, roundHalfEven, zero } from '../model/money.js';
import type { BucketCheck, Finding, ReplayedUnit } from './reconcile.js';

/** A bucket reconciled: expected against invoiced counts and amounts. */
export interface BucketResult extends BucketKey, BucketCheck {
  /** The invoice lines summed into it. */
  readonly places: readonly InvoicePlace[];
  /** The replay's units counted in it (their ids). */
  readonly units: readonly string[];
}

/** Whether a unit is of a market a line names: an ISO country code, or a market's name. */
export type MarketTest = (unit: ReplayedUnit, market: string) => boolean;

interface Tally extends BucketKey {
  invoicedCount: number;
  invoiced: Amount | null;
  invoicedCurrency: string | null;
  scale: number;
  readonly places: InvoicePlace[];
  readonly units: ReplayedUnit[];
}

/** The bucket a unit is counted in: its pricing, and its class (free entry points are one class). */
const pricingOf = (u: ReplayedUnit): string => (u.charged ? 'charged' : (u.freeReason ?? 'free'));
const classOf = (u: ReplayedUnit): string => (pricingOf(u) === 'free_entry_point' ? 'free_entry_point' : (u.chargeClass ?? u.category ?? 'unknown'));

/**
 * Buckets of the invoice's lines, with the replay's units in the period counted into them.
 * Units go to the first line's bucket (in invoice order) that covers their instant, class,
 * pricing, market and business; a unit no line covers makes a bucket of its own (its month in
 * `monthOf`, its country and business when the invoice gives markets and businesses), so what
 * was never invoiced shows. Free units are counted only for the free reasons the invoice names.
 */
export function matchBuckets(
  lines: readonly InvoiceBucketLine[],
  units: readonly ReplayedUnit[],
  inPeriod: (t: number) => boolean,
  marketIs: MarketTest,
  monthOf: (t: number) => { from: number; to: number },
): { buckets: BucketResult[]; findings: Finding[] } {
  const findings: Finding[] = [];
  const tallies: Tally[] = [];
  const byKey = new Map<string, Tally>();
  const keyOf = (b: BucketKey): string =>
    [b.from, b.to, b.chargeClass, b.pricing, b.market, b.business].join('\u0000');
  const tallyFor = (b: BucketKey): Tally => {
    const key = keyOf(b);
    let t = byKey.get(key);
    if (t === undefined) {
      t = { ...b, invoicedCount: 0, invoiced: null, invoicedCurrency: null, scale: 0, places: [], units: [] };
      byKey.set(key, t);
      tallies.push(t);
    }
    return t;
  };
  for (const l of lines) {
    if (!inPeriod(l.from)) {
      findings.push({
        verdict: 'outside_period',
        reason: null,
        file: l.file,
        line: l.line,
        message: null,
        business: l.business,
        contact: null,
        at: l.from,
        expectedClass: null,
        invoicedClass: l.chargeClass,
        expectedAmount: null,
        invoicedAmount: l.amount === null ? null : amountText(l.amount),
        expectedCurrency: null,
        invoicedCurrency: l.currency,
        difference: null,
      });
      continue;
    }
    const t = tallyFor({ from: l.from, to: l.to, chargeClass: l.chargeClass, pricing: l.pricing, market: l.market, business: l.business });
    t.invoicedCount += l.count;
    if (l.amount !== null) {
      t.invoiced = (t.invoiced ?? zero()).plus(l.amount);
      t.invoicedCurrency ??= l.currency;
    }
    t.scale = Math.max(t.scale, l.scale);
    t.places.push(l.pointer === undefined ? { file: l.file, line: l.line } : { file: l.file, line: l.line, pointer: l.pointer });
  }
  const invoiced = [...tallies];
  const pricings = new Set(['charged', ...lines.map((l) => l.pricing)]);
  const givesMarket = lines.some((l) => l.market !== null);
  const givesBusiness = lines.some((l) => l.business !== null);
  const scale = lines.reduce((s, l) => Math.max(s, l.scale), 0);
  for (const u of units) {
    if (!inPeriod(u.sentAt) || !pricings.has(pricingOf(u))) continue;
    const cls = classOf(u);
    const home = invoiced.find(
      (t) =>
        u.sentAt >= t.from &&
        u.sentAt < t.to &&
        t.chargeClass === cls &&
        t.pricing === pricingOf(u) &&
        (t.market === null || marketIs(u, t.market)) &&
        (t.business === null || t.business === u.business),
    );
    if (home !== undefined) {
      home.units.push(u);
      continue;
    }
    const range = invoiced.find((t) => u.sentAt >= t.from && u.sentAt < t.to) ?? monthOf(u.sentAt);
    const own = tallyFor({ from: range.from, to: range.to, chargeClass: cls, pricing: pricingOf(u), market: givesMarket ? u.market : null, business: givesBusiness ? u.business : null });
    own.scale = scale;
    own.units.push(u);
  }
  const buckets = tallies.map((t): BucketResult => {
    const priced = t.units.every((u) => u.amount !== null);
    const sum = new AmountTally();
    for (const u of t.units) sum.add('', u.amount);
    const expected = priced ? roundHalfEven(sum.sums().get('') ?? zero(), t.scale) : null;
    const expectedCurrency = t.units.find((u) => u.currency !== null)?.currency ?? null;
    const sameCurrency = t.invoicedCurrency === expectedCurrency || t.units.length === 0 || t.invoiced === null;
    return {
      from: t.from,
      to: t.to,
      chargeClass: t.chargeClass,
      pricing: t.pricing,
      market: t.market,
      business: t.business,
      expectedCount: t.units.length,
      invoicedCount: t.invoicedCount,
      expectedAmount: expected === null ? null : amountText(expected),
      invoicedAmount: t.invoiced === null ? null : amountText(t.invoiced),
      expectedCurrency: t.units.length === 0 ? null : expectedCurrency,
      invoicedCurrency: t.invoicedCurrency,
      difference: expected !== null && sameCurrency && (t.invoiced !== null || t.places.length === 0) ? amountText((t.invoiced ?? zero()).minus(expected)) : null,
      places: t.places,
      units: t.units.map((u) => u.id),
    };
  });
  buckets.sort((a, b) => a.from - b.from || (a.chargeClass < b.chargeClass ? -1 : a.chargeClass > b.chargeClass ? 1 : 0) || cmpNull(a.pricing, b.pricing) || cmpNull(a.market, b.market) || cmpNull(a.business, b.business));
  return { buckets, findings };
}

const cmpNull = (a: string | null, b: string | null): number => (a === b ? 0 : a === null ? -1 : b === null ? 1 : a < b ? -1 : 1);

/** Whether a bucket's invoiced side differs from its expected side (count, amount or currency). */
export function bucketDiffers(b: BucketResult): boolean {
  if (b.expectedCount !== b.invoicedCount) return true;
  if (b.invoicedAmount === null || b.expectedAmount === null) return false;
  return b.difference === null || b.difference !== '0';
}
