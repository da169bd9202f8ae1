// The findings of matching, summed as they come (reconcile.md, "Output"): the count and amounts
// of each verdict, the expected and invoiced totals per currency, the itemised lines per month
// and class (the table's first section), whether they go beyond `--tolerance`, and the findings
// a format shows: every one for JSON, the first `keep` of each verdict for the table. A finding
// is made as an object only when it is kept: an invoice of a million lines is summed, not held.
import { amountBeyond, type BucketCheck, bucketsBeyond, expectedAmount, expectedUnit, type FindingSink, findingOf, type Finding, invoicedAmount, type ReplayedUnit, type Tolerance, type Verdict, VERDICTS } from '../engine/reconcile.js';
import type { BucketResult } from '../engine/reconcile-buckets.js';
import type { InvoiceLine } from '../model/invoice.js';
import { type Amount, AmountMemo, AmountTally, amountText, zero } from '../model/money.js';
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

/** One run of findings alike in everything the sums read: summed once, `n` times. */
interface Run {
  readonly verdict: Verdict;
  readonly month: { readonly from: number; readonly to: number };
  readonly expectedClass: string | null;
  readonly invoicedClass: string | null;
  readonly expected: string | null;
  readonly invoiced: string | null;
  readonly expectedCurrency: string | null;
  readonly invoicedCurrency: string | null;
  n: number;
}

const NO_MONTH = { from: 0, to: 0 };

export class FindingTally {
  readonly #counts = new Map<Verdict, number>(VERDICTS.map((v) => [v, 0]));
  readonly #byVerdict = new Map<Verdict, { invoiced: AmountTally; expected: AmountTally }>(VERDICTS.map((v) => [v, { invoiced: new AmountTally(), expected: new AmountTally() }]));
  readonly #expected = new AmountTally();
  readonly #invoiced = new AmountTally();
  /** Findings of counts (every verdict but `matched` and `amount_differs`), for the count tolerance. */
  #countFindings = 0;
  /** An amount difference beyond the amount tolerance was seen. */
  #amountsBeyond = false;
  #run: Run | null = null;
  readonly #memo = new AmountMemo();
  readonly #months: { from: number; to: number }[] = [];
  readonly #monthClass = new Map<string, MonthClass>();
  readonly #kept = new Map<Verdict, Finding[]>(VERDICTS.map((v) => [v, []]));
  #lastMonth: { from: number; to: number } | null = null;

  /**
   * `keep`: how many findings of each verdict to keep (null: all); `matched` ones only with
   * `all`. `scale`: the invoice's, for the units no line claims. `monthOf`: a month in the zone.
   */
  constructor(
    private readonly options: { keep: number | null; all: boolean; scale: number | null; tolerance: Tolerance; monthOf: (t: number) => { from: number; to: number } },
  ) {}

  /** The sink matching sends its verdicts to. */
  readonly sink: FindingSink = (verdict, l, u, claims) => {
    const expected = expectedUnit(u, claims);
    const expectedText = expectedAmount(expected, l, this.options.scale, this.#memo);
    const invoicedText = invoicedAmount(l, this.#memo);
    this.#sum(verdict, u?.sentAt ?? l?.at ?? null, expected?.chargeClass ?? null, l?.chargeClass ?? null, expectedText, invoicedText, expected?.currency ?? null, l?.currency ?? null);
    if (verdict === 'amount_differs' && amountBeyond(this.#make(verdict, l, u, claims), this.options.tolerance)) this.#amountsBeyond = true;
    this.#keep(verdict, l, u, claims);
  };

  /** A finding made elsewhere (a summary line outside the period). */
  addFinding(f: Finding): void {
    this.#sum(f.verdict, f.at, f.expectedClass, f.invoicedClass, f.expectedAmount, f.invoicedAmount, f.expectedCurrency, f.invoicedCurrency);
    if (amountBeyond(f, this.options.tolerance)) this.#amountsBeyond = true;
    this.#keepMade(f);
  }

  #make(verdict: Verdict, l: InvoiceLine | null, u: ReplayedUnit | undefined, claims: boolean): Finding {
    return findingOf(verdict, l, u, claims, this.options.scale, this.#memo);
  }

  /**
   * Sums a finding. Invoices come in runs of lines alike (one month, class, price, verdict):
   * a run is summed once, with its length, when the next line differs.
   */
  #sum(verdict: Verdict, at: number | null, expectedClass: string | null, invoicedClass: string | null, expected: string | null, invoiced: string | null, expectedCurrency: string | null, invoicedCurrency: string | null): void {
    const month = this.#month(at);
    const r = this.#run;
    if (
      r !== null &&
      r.verdict === verdict &&
      r.month === month &&
      r.expectedClass === expectedClass &&
      r.invoicedClass === invoicedClass &&
      r.expected === expected &&
      r.invoiced === invoiced &&
      r.expectedCurrency === expectedCurrency &&
      r.invoicedCurrency === invoicedCurrency
    ) {
      r.n++;
      return;
    }
    this.#flush();
    this.#run = { verdict, month, expectedClass, invoicedClass, expected, invoiced, expectedCurrency, invoicedCurrency, n: 1 };
  }

  #flush(): void {
    const r = this.#run;
    if (r === null) return;
    this.#run = null;
    const { verdict, n } = r;
    this.#counts.set(verdict, (this.#counts.get(verdict) as number) + n);
    if (verdict !== 'matched' && verdict !== 'amount_differs') this.#countFindings += n;
    const v = this.#byVerdict.get(verdict) as { invoiced: AmountTally; expected: AmountTally };
    v.invoiced.add(r.invoicedCurrency, r.invoiced, n);
    v.expected.add(r.expectedCurrency, r.expected, n);
    // What the rules say should be paid: every unit's expected amount, once (a duplicate line
    // claims no second unit; a line dated outside the period keeps its unit's when the unit is
    // in it); what was billed: every line in the period.
    const billed = verdict !== 'outside_period' && verdict !== 'expected_not_billed';
    if (verdict !== 'duplicate_line') this.#expected.add(r.expectedCurrency, r.expected, n);
    if (billed) this.#invoiced.add(r.invoicedCurrency, r.invoiced, n);
    // Per month and class: the expected side under the expected class, the invoiced side under
    // the invoice's. (Its lines are the findings: a bucket of itemised lines names none of them.)
    if (r.expectedClass !== null && verdict !== 'duplicate_line') this.#count(this.#side(r.month, r.expectedClass, r.expectedCurrency).expected, r.expected, n);
    if (billed) this.#count(this.#side(r.month, r.invoicedClass ?? r.expectedClass ?? 'unknown', r.invoicedCurrency).invoiced, r.invoiced, n);
  }

  /** The sums so far: each verdict's count and amounts, the expected and invoiced totals, the findings of counts. */
  sums(): { counts: ReadonlyMap<Verdict, number>; byVerdict: ReadonlyMap<Verdict, { invoiced: AmountTally; expected: AmountTally }>; expected: AmountTally; invoiced: AmountTally; countFindings: number } {
    this.#flush();
    return { counts: this.#counts, byVerdict: this.#byVerdict, expected: this.#expected, invoiced: this.#invoiced, countFindings: this.#countFindings };
  }

  /**
   * Whether the findings, and the buckets of summaries and analytics, go beyond `--tolerance`
   * (the exit code of `--fail-on differences`; verdicts never change): more findings of counts
   * than the count tolerance, an amount difference beyond the amount tolerance, or a bucket
   * whose count or amount differs beyond them.
   */
  beyondTolerance(buckets: readonly BucketCheck[]): boolean {
    const { tolerance } = this.options;
    return this.sums().countFindings > tolerance.count || this.#amountsBeyond || bucketsBeyond(buckets, tolerance);
  }

  #count(s: Side, amount: string | null, n: number): void {
    s.count += n;
    if (amount === null) return;
    s.priced += n;
    s.amounts.add('', amount, n);
  }

  /** The month (in the zone) of an instant: the few months of an invoice, each found once, the last first. */
  #month(at: number | null): { from: number; to: number } {
    if (at === null) return NO_MONTH;
    const last = this.#lastMonth;
    if (last !== null && at >= last.from && at < last.to) return last;
    let m = this.#months.find((x) => at >= x.from && at < x.to);
    if (m === undefined) this.#months.push((m = this.options.monthOf(at)));
    this.#lastMonth = m;
    return m;
  }

  #side(range: { from: number; to: number }, chargeClass: string, currency: string | null): MonthClass {
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
      // Compared with the last kept without making anything: its message id only on a tie.
      const last = kept[kept.length - 1];
      const d = (u?.sentAt ?? l?.at ?? -Infinity) - (last.at ?? -Infinity) || cmp(l?.file ?? '', last.file ?? '') || (l?.line ?? 0) - (last.line ?? 0);
      if (d > 0 || (d === 0 && cmp(u?.id ?? l?.id ?? '', last.message ?? '') >= 0)) return;
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
    this.#flush();
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
          difference: bothPriced && t.currency !== null ? amountText((invoiced ?? zero()).minus(expected ?? zero())) : null,
          places: [],
          units: [],
        };
      })
      .sort((a, b) => a.from - b.from || cmp(a.chargeClass, b.chargeClass) || cmp(a.expectedCurrency ?? a.invoicedCurrency ?? '', b.expectedCurrency ?? b.invoicedCurrency ?? ''));
  }
}
