// The report, built once as typed data from the log and the replay. Renderers only format it.
// Field for field it is the JSON contract of formats.md (report_version 1); instants stay epoch
// milliseconds here and are written in the report's zone by the renderers.
import type { ContactMergeInfo, Message, Rejection } from '../model/message.js';
import type { Log } from '../model/log.js';
import type { ShardOfRun } from '../model/shard.js';
import type { KeyOutcome, MessageVerdict, Ruleset, SessionDecision, TemplateDecision, ViolationDecision } from '../engine/ruleset.js';
import {
  type CountryAt,
  FirstCharged,
  FirstOf,
  FirstTemplates,
  type ListSink,
  type MessageSink,
  VerdictColumns,
  SessionColumns,
  sessionRow,
  TemplateColumns,
  ViolationColumns,
  violationRow,
} from './lists.js';
import { ProviderSectionBuilder, type ProviderSection } from './provider.js';
import type { Rows } from './rows.js';
import type { InputCounts, MessageRow, SessionRow, Summary, TemplateRow, TotalRow, ViolationRow } from './schema.js';
import { monthIndex, Months, monthText, startOfDate, TimeZone } from '../model/time.js';
import { amountText } from '../model/money.js';
import { countryOf, marketOf, type MarketsTable } from '../model/markets.js';
import type { RateCard } from '../model/rates.js';
import { TIERED_CLASSES, type ChargeClass } from '../model/rates.js';
import { priceUnits, type ChargedUnit, type Price } from '../engine/pricing.js';
import { amountsOf, Totals, unpricedWarning } from './totals.js';

export type { MessageRow, SessionRow, Summary, TemplateRow, TotalRow, ViolationRow } from './schema.js';

export const REPORT_VERSION = 2;

export interface Report {
  readonly reportVersion: typeof REPORT_VERSION;
  /** The program that wrote the report: `wa-audit` and its version (null when not told). */
  readonly tool: { readonly name: string; readonly version: string | null };
  readonly ruleset: string;
  readonly windowHours: number;
  readonly timezone: string;
  readonly period: { readonly from: number | null; readonly to: number | null };
  /** The shard this report covers (`--shard I/N`) and its run's fingerprint; null for a whole log. */
  readonly shard: ShardOfRun | null;
  readonly input: InputCounts & {
    readonly files: readonly string[];
    /** `--br-ninth-digit`: every number read with the ninth digit added; null without it. */
    readonly contactMerges: readonly ContactMergeInfo[] | null;
    /** Messages of the log that named no business, counted as its one business's (formats.md). */
    readonly businessJoined: number;
  };
  /** The counts, and `amounts`: the priced units' total per currency (decimal strings; `{}` without a card). */
  readonly summary: Summary & { readonly amounts: Readonly<Record<string, string>> };
  /** With `--rates`: each rate card file read, with the `valid_from` dates found in it; else null. */
  readonly rates: readonly { readonly file: string; readonly validFrom: readonly string[] }[] | null;
  /** With `--rates`: the markets table that named each country's market (its file, source and date); else null. */
  readonly markets: { readonly file: string; readonly source: string | null; readonly date: string | null } | null;
  /** Conditions that do not stop the audit but bear on its figures (pricing.md, `warnings`). */
  readonly warnings: readonly string[];
  /**
   * Null: the lists below are complete. N: the report was built for an output that shows no
   * more than N rows a list (the table), and each list holds only its first N rows (templates:
   * the first N, and the first N charged); the summary still counts every row.
   */
  readonly listLimit: number | null;
  readonly sessions: Rows<SessionRow>;
  /** Null when the ruleset lists no templates (the Meta rulesets: `messages` says more). */
  readonly templates: Rows<TemplateRow> | null;
  readonly violations: Rows<ViolationRow>;
  /** Every outbound message in the period, with its verdict. */
  readonly messages: Rows<MessageRow>;
  /** Charged units by month, business, market, class and currency (pricing.md, `totals`). */
  readonly totals: readonly TotalRow[];
  readonly rejected: readonly Rejection[];
  /** The provider's own billing facts and where they disagree with the replay; null when none. */
  readonly provider: ProviderSection | null;
}

export interface ReportOptions {
  readonly timezone: string;
  /** Half-open reporting period; the replay always used the whole log. */
  readonly from: number | null;
  readonly to: number | null;
  /** Mask the middle digits of phone numbers (`--redact`). */
  readonly redact?: boolean;
  /** The shard the log was cut to, recorded in the report for `wa-audit merge`. */
  readonly shard?: ShardOfRun | null;
  /** Keep only the first N rows of each list (`Report.listLimit`); all when absent or null. */
  readonly listLimit?: number | null;
  /** `--default-country`: the country of contacts written without a country code. */
  readonly defaultCountry?: string | null;
  /** The program's version, for `tool`. */
  readonly version?: string | null;
  /** `--rates`: the card that prices charged units; none: no amounts. */
  readonly rates?: RateCard | null;
  /** The country-to-market table the card's market names are read through (with `rates`). */
  readonly markets?: MarketsTable | null;
  /** Warnings the caller knows of (a Meta ruleset run without an explicit `--tz`). */
  readonly warnings?: readonly string[];
}

/** `5511987654321` -> `5511*****4321`: enough to tell contacts apart, not to call them. */
export function maskAddress(value: string): string {
  if (!/^\d{8,}$/.test(value)) return value;
  return value.slice(0, 4) + '*'.repeat(value.length - 8) + value.slice(-4);
}

/** Every run of 8 or more digits in free text (a rejected row's raw value) masked. */
export function maskNumbersIn(text: string): string {
  return text.replace(/\d{8,}/g, maskAddress);
}

const same = (v: string): string => v;

/**
 * Builds the report a key at a time, as the replay hands over each key's messages and outcome
 * (`replayLog`), so that no key's messages outlive its turn; `build` sorts and counts once.
 */
export class ReportBuilder {
  private readonly sessions: ListSink<SessionDecision, SessionRow>;
  private readonly templates: ListSink<TemplateDecision, TemplateRow>;
  private readonly violations: ListSink<ViolationDecision, ViolationRow>;
  private readonly messages: MessageSink<unknown>;
  /** Every charged unit (in the period, and with a card also outside it: tiers count from each month's start). */
  private readonly units: ChargedUnit[] = [];
  /** Per unit: its message's row when the report holds one. */
  private readonly unitRows: unknown[] = [];
  /** The totals: counted as units arrive without a card, summed from the priced units with one. */
  private readonly totals = new Totals();
  private readonly zone: TimeZone;
  private readonly show: (address: string) => string;
  /** Each key's country once looked up: a slot for every key of the store (an array without holes stays fast). */
  private readonly keyCountries: (string | null | undefined)[];
  /** The country of a stored message's contact, looked up once a key. */
  private readonly countryAt: CountryAt = (position) => {
    const { store } = this.log;
    const k = store.key[position];
    let c = this.keyCountries[k];
    if (c === undefined) this.keyCountries[k] = c = this.countryOf(store.keys.contact[k]);
    return c;
  };
  /** A contact's country (ISO code), national numbers read in `--default-country`; null when none is found. */
  private countryOf(contact: string): string | null {
    return countryOf(contact, this.options.defaultCountry ?? null);
  }
  /** Instants' months and their texts, remembered (a log's units are of a few days and months). */
  private readonly months: Months;
  /**
   * Whether every verdict is read, or only the charged ones: every one when the messages list
   * shows free messages too, or when the warnings read verdicts (`notice`: a ruleset that names a
   * Meta regime). Robbu's table then makes no verdict for a free message.
   */
  private readonly everyVerdict: boolean;
  /** Statuses read as delivered under Meta's rules though in neither list, with their counts. */
  private readonly unlisted = new Map<string, number>();
  private firstInstant = Infinity;
  private serviceMessages = 0;
  private beforeMeta = 0;
  /** 2022-02-01 in the report's zone: Meta's conversation-based pricing began then (meta-rulesets.md). */
  private readonly metaBegins: number;
  private readonly provider: ProviderSectionBuilder | null;
  private readonly counts = {
    sessions: 0,
    businessInitiated: 0,
    conversationsCharged: 0,
    templates: 0,
    charged: 0,
    failed: 0,
    violations: 0,
    messages: 0,
    messagesCharged: 0,
  };

  constructor(
    private readonly log: Log,
    private readonly ruleset: Ruleset,
    private readonly options: ReportOptions,
  ) {
    const show = options.redact ? maskAddress : same;
    this.show = show;
    this.keyCountries = new Array<string | null | undefined>(log.store.keys.count).fill(undefined);
    const zone = TimeZone.parse(options.timezone, () => undefined);
    if (typeof zone === 'string') throw new Error(`the report's zone: ${zone}`);
    this.zone = zone;
    this.months = new Months(zone);
    this.metaBegins = startOfDate(2022, 2, 1, zone);
    const limit = options.listLimit ?? null;
    if (limit === null) {
      const src = { store: log.store, show };
      this.sessions = new SessionColumns(src);
      this.templates = new TemplateColumns(src);
      this.violations = new ViolationColumns(src);
    } else {
      this.sessions = new FirstOf(limit, (r: SessionRow) => r.openedAt, (s) => s.openedAt, (s, km) => sessionRow(s, km, show));
      this.templates = new FirstTemplates(limit, show);
      this.violations = new FirstOf(limit, (r: ViolationRow) => r.sentAt, (v) => v.message.ts, (v) => violationRow(v, show));
    }
    this.messages = (
      limit === null ? new VerdictColumns({ store: log.store, show }, this.countryAt) : new FirstCharged(limit, show, this.countryAt)
    ) as MessageSink<unknown>;
    this.everyVerdict = this.messages.listsFree || ruleset.regimes.some((r) => r !== 'robbu');
    this.provider = log.store.hasProviderFacts() ? new ProviderSectionBuilder((t) => this.inPeriod(t), show) : null;
  }

  private inPeriod(t: number): boolean {
    const { from, to } = this.options;
    return (from === null || t >= from) && (to === null || t < to);
  }

  /** One key's messages, in replay order, and what the ruleset decided for them. */
  addKey(keyMessages: readonly Message[], outcome: KeyOutcome): void {
    const { counts } = this;
    for (const s of outcome.sessions) {
      if (!this.inPeriod(s.openedAt)) continue;
      counts.sessions++;
      if (s.initiator === 'business') counts.businessInitiated++;
      if (s.charged) counts.conversationsCharged++;
      this.sessions.add(s, keyMessages);
    }
    for (const t of outcome.templates) {
      if (!this.inPeriod(t.message.ts)) continue;
      counts.templates++;
      if (t.charged) counts.charged++;
      else if (t.reason === 'failed') counts.failed++;
      this.templates.add(t, keyMessages);
    }
    for (const v of outcome.violations) {
      if (!this.inPeriod(v.message.ts)) continue;
      counts.violations++;
      this.violations.add(v, keyMessages);
    }
    // Replay order is time order: a key's first message is its earliest.
    if (keyMessages.length > 0 && keyMessages[0].ts < this.firstInstant) this.firstInstant = keyMessages[0].ts;
    // Every outbound message has a verdict: counted here when only the charged ones are read.
    const every = this.everyVerdict;
    if (!every) counts.messages += this.outboundInPeriod(keyMessages);
    const card = this.options.rates ?? null;
    const markets = this.options.markets ?? null;
    // A key's messages share its business and contact: its country and the business as shown
    // are looked up at its first charged unit, once, from the message in hand (the store's
    // per-key arrays are a cache miss each in a large log).
    let country: string | null | undefined;
    let business = '';
    for (const v of every ? outcome.messages : outcome.charged) {
      this.notice(v);
      const inPeriod = this.inPeriod(v.message.ts);
      if (inPeriod && every) counts.messages++;
      // (The table's sink keeps the first N charged messages only: it lists no others.)
      const row = inPeriod ? this.messages.add(v, keyMessages) : undefined;
      if (!v.charged || (!inPeriod && card === null)) continue;
      if (inPeriod) counts.messagesCharged++;
      const m = v.message;
      const cls = v.chargeClass as ChargeClass;
      if (country === undefined) {
        country = this.countryOf(m.contact);
        business = this.show(m.business);
      }
      const month = this.months.of(m.ts);
      // Without a card a unit is only counted: straight into the totals.
      if (card === null) {
        this.totals.add(this.months.text(month), business, country, cls, null, 1, null, 0);
        continue;
      }
      this.units.push({
        instant: m.ts,
        business: m.business,
        contact: m.contact,
        id: m.id,
        chargeClass: cls,
        country,
        market: country === null || markets === null ? null : marketOf(markets, country, m.ts),
        tiered: (v.regime === 'meta-pmp-2025' || v.regime === 'meta-2026-10') && TIERED_CLASSES.includes(cls),
        month,
      });
      this.unitRows.push(row);
    }
    this.provider?.addKey(keyMessages, outcome);
  }

  /** How many of a key's messages are outbound and in the period. */
  private outboundInPeriod(keyMessages: readonly Message[]): number {
    let n = 0;
    const { from, to } = this.options;
    if (from === null && to === null) {
      for (const m of keyMessages) if (m.direction === 'outbound') n++;
    } else {
      for (const m of keyMessages) if (m.direction === 'outbound' && this.inPeriod(m.ts)) n++;
    }
    return n;
  }

  /** What the warnings need to know of a verdict. */
  private notice(v: MessageVerdict): void {
    if (v.regime === 'robbu') return;
    const m = v.message;
    if (m.statusClass === 'other' && v.freeReason !== 'not_delivered' && m.status !== null) {
      this.unlisted.set(m.status, (this.unlisted.get(m.status) ?? 0) + 1);
    }
    if (v.regime === 'meta-2026-10' && m.kind === 'free_form' && (v.charged || v.freeReason === 'free_tier')) this.serviceMessages++;
    if (m.ts < this.metaBegins) this.beforeMeta++;
  }

  private warningsOf(): string[] {
    const out = [...(this.options.warnings ?? [])];
    const { ruleset } = this;
    if (this.beforeMeta > 0) {
      out.push(`${this.beforeMeta} message(s) are from before 2022-02-01, when Meta's conversation-based pricing began; they are replayed as meta-cbp-2022`);
    }
    for (const [status, n] of [...this.unlisted].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      out.push(`status '${status}' (${n} message(s)) is neither a delivery nor a known non-delivery; read as delivered`);
    }
    if (this.serviceMessages > 0 && ruleset.serviceFreeTier !== undefined) {
      out.push(
        ruleset.serviceFreeTier > 0
          ? `meta-2026-10: each business number's first ${ruleset.serviceFreeTier} service messages a month are free (--service-free-tier); Meta's pages disagree on this allowance (see the README)`
          : 'meta-2026-10: no free service messages (--service-free-tier 0)',
      );
    }
    if (!ruleset.keysIndependent && Number.isFinite(this.firstInstant)) {
      const month = monthIndex(this.firstInstant, this.zone);
      const start = startOfDate(Math.floor(month / 12), (month % 12) + 1, 1, this.zone);
      if (this.firstInstant >= start + 86_400_000) {
        out.push(`the log starts after the first day of ${monthText(month)}: that month's free tiers are counted from its first message and may be too generous`);
      }
    }
    return out;
  }

  /**
   * With a card: prices every charged unit (the volume tiers cross keys: this is the account's
   * stage), writes each in-period message's amount, and sums the totals. Without one the
   * totals were counted as the units came.
   */
  private priceAndTotal(): { totals: ReturnType<Totals['rows']>; unpriced: number } {
    const card = this.options.rates ?? null;
    const { totals } = this;
    if (card === null) return { totals: totals.rows(), unpriced: 0 };
    const prices: readonly Price[] = priceUnits(this.units, card);
    let unpriced = 0;
    this.units.forEach((u, i) => {
      if (!this.inPeriod(u.instant)) return;
      const month = this.months.text(u.month);
      const business = this.show(u.business);
      const price = prices[i];
      const row = this.unitRows[i];
      if ('unpriced' in price) {
        unpriced++;
        if (row !== undefined) this.messages.price(row, { amount: null, currency: null, unpricedReason: price.unpriced });
        return totals.add(month, business, u.country, u.chargeClass, null, 1, null, 1);
      }
      if (row !== undefined) this.messages.price(row, { amount: amountText(price.amount), currency: price.currency, unpricedReason: null });
      totals.add(month, business, u.country, u.chargeClass, price.currency, 1, price.amount, 0);
    });
    return { totals: totals.rows(), unpriced };
  }

  build(): Report {
    const { log, options, counts } = this;
    const { from, to } = options;
    const sessions = this.sessions.rows();
    const templates = this.ruleset.listsTemplates ? this.templates.rows() : null;
    const violations = this.violations.rows();
    const { totals, unpriced } = this.priceAndTotal();
    const messages = this.messages.rows();
    const provider = this.provider?.section(log.businessNumbers) ?? null;

    return {
      reportVersion: REPORT_VERSION,
      tool: { name: 'wa-audit', version: options.version ?? null },
      ruleset: this.ruleset.name,
      windowHours: this.ruleset.windowMs / 3_600_000,
      timezone: options.timezone,
      period: { from, to },
      shard: options.shard ?? null,
      input: {
        files: log.files,
        rows: log.rows,
        messages: log.messageCount,
        rejected: log.rejected.length,
        duplicates: log.duplicates,
        businessJoined: log.businessJoin.joined,
        contactMerges:
          log.contactMerges === null || !options.redact
            ? log.contactMerges
            : log.contactMerges.map((m) => ({ ...m, from: maskAddress(m.from), to: maskAddress(m.to) })),
      },
      summary: {
        sessions: counts.sessions,
        businessInitiated: counts.businessInitiated,
        customerInitiated: counts.sessions - counts.businessInitiated,
        templates: counts.templates,
        templatesCharged: counts.charged,
        templatesFree: counts.templates - counts.charged - counts.failed,
        templatesFailed: counts.failed,
        violations: counts.violations,
        unclassified: provider?.unclassified.length ?? 0,
        messages: counts.messages,
        messagesCharged: counts.messagesCharged,
        conversationsCharged: counts.conversationsCharged,
        unpriced,
        amounts: amountsOf(totals),
      },
      rates: options.rates?.files ?? null,
      markets:
        options.rates != null && options.markets != null ? { file: options.markets.file, source: options.markets.source, date: options.markets.date } : null,
      warnings: [...this.warningsOf(), ...[unpricedWarning(totals)].filter((w): w is string => w !== null)],
      listLimit: options.listLimit ?? null,
      sessions,
      templates,
      violations,
      messages,
      totals,
      rejected: options.redact
        ? log.rejected.map((r) => ({
            ...r,
            reason: maskNumbersIn(r.reason),
            value: r.value === null ? null : maskNumbersIn(r.value),
          }))
        : log.rejected,
      provider,
    };
  }
}
