// The findings of matching, summed as they come (reconcile.md, "Output"): the count and amounts
// of each verdict, the expected and invoiced totals per currency, the itemised lines per month
// and class (the table's first section), whether they go beyond `--tolerance`, and the findings
// a format shows: every one for JSON, the first `keep` of each verdict for the table. A finding
// is made as an object only when it is kept: an invoice of a million lines is summed, not held.
import { amountBeyond, type FindingSink, findingOf, type Finding, type ReplayedUnit, type Tolerance, type Verdict, VERDICTS } from '../engine/reconcile.js';
import type { BucketResult } from '../engine/reconcile-buckets.js';
import type { InvoiceLine } from '../model/invoice.js';
import { type Amount, AmountMemo, AmountTally, amountText, ZERO } from '../model/money.js';
import { cmp } from '../model/order.js';

interface Side {
  count: number;
  priced: number;
  readonly amounts: AmountTally;
}

interface MonthClass {
  readonly from: number;
  readonly to: number;
  readonly chargeClass: string;
  readonly currency: string | null;
  readonly expected: Side;
  readonly invoiced: Side;
}

const VERDICT_RANK: ReadonlyMap<string, number> = new Map(VERDICTS.map((v, i) => [v, i]));

/** Findings in the spec's order of verdicts, then by instant, then where the invoice has them, then by message. */
export function byVerdictThenTime(a: Finding, b: Finding): number {
  return (VERDICT_RANK.get(a.verdict) as number) - (VERDICT_RANK.get(b.verdict) as number) || byTime(a, b);
}

const byTime = (a: Pick<Finding, 'at' | 'file' | 'line' | 'message'>, b: Pick<Finding, 'at' | 'file' | 'line' | 'message'>): number =>
  (a.at ?? -Infinity) - (b.at ?? -Infinity) || cmp(a.file ?? '', b.file ?? '') || (a.line ?? 0) - (b.line ?? 0) || cmp(a.message ?? '', b.message ?? '');

export class FindingTally {
  readonly counts = new Map<Verdict, number>(VERDICTS.map((v) => [v, 0]));
  readonly byVerdict = new Map<Verdict, { invoiced: AmountTally; expected: AmountTally }>(VERDICTS.map((v) => [v, { invoiced: new AmountTally(), expected: new AmountTally() }]));
  readonly expected = new AmountTally();
  readonly invoiced = new AmountTally();
  /** Findings of counts (every verdict but `matched` and `amount_differs`), for the count tolerance. */
  countFindings = 0;
  /** An amount difference beyond the amount tolerance was seen. */
  amountsBeyond = false;
  readonly #memo = new AmountMemo();
  readonly #months: { from: number; to: number }[] = [];
  readonly #monthClass = new Map<string, MonthClass>();
  readonly #kept = new Map<Verdict, Finding[]>(VERDICTS.map((v) => [v, []]));
  #last: MonthClass | null = null;

  /**
   * `keep`: how many findings of each verdict to keep (null: all); `matched` ones only with
   * `all`. `scale`: the invoice's, for the units no line claims. `monthOf`: a month in the zone.
   */
  constructor(
    private readonly options: { keep: number | null; all: boolean; scale: number | null; tolerance: Tolerance; monthOf: (t: number) => { from: number; to: number } },
  ) {}

  /** The sink matching sends its verdicts to. */
  readonly sink: FindingSink = (verdict, l, u, claims) => {
    const expected = u !== undefined && u.charged && claims ? u : undefined;
    const places = l?.scale ?? this.options.scale;
    const amount = expected?.amount ?? null;
    const expectedAmount = amount === null || places === null ? amount : this.#memo.round(amount, places);
    const invoicedAmount = l === null || l.amount === null ? null : this.#memo.text(l.amount);
    this.#sum(verdict, u?.sentAt ?? l?.at ?? null, expected?.chargeClass ?? null, l?.chargeClass ?? null, expectedAmount, invoicedAmount, expected?.currency ?? null, l?.currency ?? null);
    if (verdict === 'amount_differs' && amountBeyond(this.#make(verdict, l, u, claims), this.options.tolerance)) this.amountsBeyond = true;
    this.#keep(verdict, l, u, claims);
  };

  /** A finding made elsewhere (a summary line outside the period). */
  addFinding(f: Finding): void {
    this.#sum(f.verdict, f.at, f.expectedClass, f.invoicedClass, f.expectedAmount, f.invoicedAmount, f.expectedCurrency, f.invoicedCurrency);
    if (amountBeyond(f, this.options.tolerance)) this.amountsBeyond = true;
    this.#keepMade(f);
  }

  #make(verdict: Verdict, l: InvoiceLine | null, u: ReplayedUnit | undefined, claims: boolean): Finding {
    return findingOf(verdict, l, u, claims, this.options.scale, this.#memo);
  }

  #sum(verdict: Verdict, at: number | null, expectedClass: string | null, invoicedClass: string | null, expected: string | null, invoiced: string | null, expectedCurrency: string | null, invoicedCurrency: string | null): void {
    this.counts.set(verdict, (this.counts.get(verdict) as number) + 1);
    if (verdict !== 'matched' && verdict !== 'amount_differs') this.countFindings++;
    const v = this.byVerdict.get(verdict) as { invoiced: AmountTally; expected: AmountTally };
    v.invoiced.add(invoicedCurrency, invoiced);
    v.expected.add(expectedCurrency, expected);
    // What the rules say should be paid: every unit's expected amount, once (a duplicate line
    // claims no second unit; a line dated outside the period keeps its unit's when the unit is
    // in it); what was billed: every line in the period.
    const billed = verdict !== 'outside_period' && verdict !== 'expected_not_billed';
    if (verdict !== 'duplicate_line') this.expected.add(expectedCurrency, expected);
    if (billed) this.invoiced.add(invoicedCurrency, invoiced);
    // Per month and class: the expected side under the expected class, the invoiced side under the invoice's.
    if (expectedClass !== null && verdict !== 'duplicate_line') this.#count(this.#side(at, expectedClass, expectedCurrency).expected, expected);
    // (Its lines are the findings: a bucket of itemised lines names none of them.)
    if (billed) this.#count(this.#side(at, invoicedClass ?? expectedClass ?? 'unknown', invoicedCurrency).invoiced, invoiced);
  }

  #count(s: Side, amount: string | null): void {
    s.count++;
    if (amount === null) return;
    s.priced++;
    s.amounts.add('', amount);
  }

  #side(at: number | null, chargeClass: string, currency: string | null): MonthClass {
    // Lines come in runs of one month, class and currency: the last one found first.
    const last = this.#last;
    if (last !== null && at !== null && at >= last.from && at < last.to && last.chargeClass === chargeClass && last.currency === currency) return last;
    this.#last = this.#sideOf(at, chargeClass, currency);
    return this.#last;
  }

  #sideOf(at: number | null, chargeClass: string, currency: string | null): MonthClass {
    let range = { from: 0, to: 0 };
    if (at !== null) {
      // The few months of an invoice, each found once.
      const known = this.#months.find((x) => at >= x.from && at < x.to);
      range = known ?? this.options.monthOf(at);
      if (known === undefined) this.#months.push(range);
    }
    const key = `${range.from}\u0000${chargeClass}\u0000${currency}`;
    let t = this.#monthClass.get(key);
    if (t === undefined) {
      const empty = (): Side => ({ count: 0, priced: 0, amounts: new AmountTally() });
      t = { ...range, chargeClass, currency, expected: empty(), invoiced: empty() };
      this.#monthClass.set(key, t);
    }
    return t;
  }

  /** Keeps a finding when the format shows it: made only then. */
  #keep(verdict: Verdict, l: InvoiceLine | null, u: ReplayedUnit | undefined, claims: boolean): void {
    if (verdict === 'matched' && !this.options.all) return;
    const kept = this.#kept.get(verdict) as Finding[];
    const { keep } = this.options;
    if (keep !== null && kept.length >= keep) {
      const last = kept[kept.length - 1];
      const at = u?.sentAt ?? l?.at ?? null;
      if (byTime({ at, file: l?.file ?? null, line: l?.line ?? null, message: u?.id ?? l?.id ?? null }, last) >= 0) return;
    }
    this.#keepMade(this.#make(verdict, l, u, claims));
  }

  #keepMade(f: Finding): void {
    if (f.verdict === 'matched' && !this.options.all) return;
    const kept = this.#kept.get(f.verdict) as Finding[];
    const { keep } = this.options;
    if (keep === null) {
      kept.push(f);
      return;
    }
    // Sorted insertion into the first `keep`.
    let i = kept.length;
    while (i > 0 && byTime(f, kept[i - 1]) < 0) i--;
    if (i >= keep) return;
    kept.splice(i, 0, f);
    if (kept.length > keep) kept.pop();
  }

  /** The findings kept, in the spec's order of verdicts, then by time. */
  lines(): Finding[] {
    return VERDICTS.flatMap((v) => [...(this.#kept.get(v) as Finding[])].sort(byTime));
  }

  /** The itemised lines per month and class, as buckets (expected against invoiced). */
  buckets(): BucketResult[] {
    const total = (s: Side): Amount | null => (s.priced === 0 ? null : (s.amounts.sums().get('') as Amount));
    return [...this.#monthClass.values()]
      .map((t): BucketResult => {
        const expected = total(t.expected);
        const invoiced = total(t.invoiced);
        const bothPriced = (expected !== null || t.expected.count === 0) && (invoiced !== null || t.invoiced.count === 0);
        return {
          from: t.from,
          to: t.to,
          chargeClass: t.chargeClass,
          pricing: 'charged',
          market: null,
          business: null,
          expectedCount: t.expected.count,
          invoicedCount: t.invoiced.count,
          expectedAmount: expected === null ? null : amountText(expected),
          invoicedAmount: invoiced === null ? null : amountText(invoiced),
          expectedCurrency: t.expected.count === 0 ? null : t.currency,
          invoicedCurrency: t.invoiced.count === 0 ? null : t.currency,
          difference: bothPriced && t.currency !== null ? amountText((invoiced ?? ZERO).minus(expected ?? ZERO)) : null,
          places: [],
          units: [],
        };
      })
      .sort((a, b) => a.from - b.from || cmp(a.chargeClass, b.chargeClass) || cmp(a.expectedCurrency ?? a.invoicedCurrency ?? '', b.expectedCurrency ?? b.invoicedCurrency ?? ''));
  }
}
