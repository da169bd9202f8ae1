// `wa-audit reconcile LOG... --invoice FILE...`: the audit's replay (with --rates for money)
// held against an invoice, line by line and in total (reconcile.md): itemised lines matched by
// message id or by contact and time, summaries and Meta's analytics compared per bucket.
import { statSync } from 'node:fs';
import { type BucketResult, matchBuckets } from '../engine/reconcile-buckets.js';
import { matchByMessage, matchByWindow, NO_TOLERANCE, scaleOf, type Tolerance } from '../engine/reconcile.js';
import { readInvoice } from '../ingest/invoice.js';
import { readInvoiceInWorker } from '../ingest/invoice-worker.js';
import { parseInvoiceMap, type InvoiceMap } from '../ingest/invoice-map.js';
import { MappingError, UsageError } from '../model/errors.js';
import type { InvoiceFile } from '../model/invoice.js';
import { marketKey, marketOf, type MarketsTable } from '../model/markets.js';
import { type Amount, parseAmount } from '../model/money.js';
import { DATE_FORMATS, monthIndex, monthRange, parseMonth } from '../model/time.js';
import { messageIndex, type ReconcileReport, reconcileReport, replayUnits } from '../report/reconcile.js';
import { FindingTally } from '../report/reconcile-tally.js';
import { PLAIN } from '../render/context.js';
import { FORMATS, isFormat } from '../render/index.js';
import { reconcileJson, reconcileText } from '../render/reconcile.js';
import { RECONCILE_SECTIONS, reconcileCsv, reconcileGithub, reconcileHtml, reconcileJunit, reconcileMarkdown } from '../render/reconcile-formats.js';
import { auditFiles, parseOptions } from './audit.js';
import { EXIT, readInput, renderContext, str, writeFiles, writeOut } from './output.js';


export async function runReconcile(files: readonly string[], raw: Record<string, unknown>): Promise<number> {
  const invoices = Array.isArray(raw.invoice) ? raw.invoice.filter((f): f is string => typeof f === 'string') : [];
  if (invoices.length === 0) throw new UsageError('reconcile needs --invoice FILE: the invoice to hold against the log');
  const format = str(raw.format) ?? 'table';
  if (!isFormat(format)) throw new UsageError(`--format: reconcile writes ${FORMATS.join(' or ')}, not '${format}'`);
  const failOn = str(raw.failOn);
  if (failOn !== null && failOn !== 'differences') throw new UsageError(`--fail-on: reconcile fails on 'differences'; got '${failOn}'`);
  const section = str(raw.section);
  if (section !== null && !(RECONCILE_SECTIONS as readonly string[]).includes(section)) throw new UsageError(`--section: one of ${RECONCILE_SECTIONS.join(', ')}; got '${section}'`);
  if ((section !== null || raw.excel === true) && format !== 'csv') throw new UsageError('--section and --excel are for --format csv');
  const tolerance = toleranceOf(Array.isArray(raw.tolerance) ? (raw.tolerance as string[]) : []);
  const window = windowOf(str(raw.matchWindow));
  // The replay is never redacted: the invoice's numbers are matched to it; the output is. It
  // and its report cover the whole log; the comparison, the period.
  const parsed = parseOptions({ ...raw, format: 'json', failOn: undefined, redact: false, section: undefined, excel: undefined });
  const options = { ...parsed, from: null, to: null };
  const period = periodOf(str(raw.period), parsed);
  const map = await invoiceMap(str(raw.invoiceMap));
  const invoiceOptions = {
    zone: options.zone,
    mark: raw.decimalComma === true ? ',' : raw.decimalPoint === true ? '.' : null,
    dayOrder: options.dateFormat === null ? null : DATE_FORMATS[options.dateFormat],
    map,
    period: period.from !== null && period.to !== null ? { from: period.from, to: period.to } : null,
  } as const;
  // A large CSV invoice is read on the other core while the log is replayed.
  const readers = new Map<string, ReturnType<typeof readInvoiceInWorker>>();
  const onRead = (): void => {
    for (const file of invoices.filter(readsInWorker)) readers.set(file, readInvoiceInWorker({ ...invoiceOptions, file, zone: options.zone.name }));
  };
  const result = await auditFiles(files, options, { listLimit: null, keepIds: true, onRead });
  if (result === null) {
    await Promise.allSettled([...readers.values()].map((r) => r.read(null)));
    return EXIT.usage;
  }
  const { report, markets } = result;
  // Amounts written without a currency are in --currency, else the card's one currency.
  const cardCurrencies = Object.keys(report.summary.amounts);
  const currency = str(raw.currency)?.toUpperCase() ?? (cardCurrencies.length === 1 ? cardCurrencies[0] : null);
  const read: InvoiceFile[] = [];
  for (const file of invoices) {
    const there = await readers.get(file)?.read(currency);
    read.push(there !== undefined && there !== 'json' ? there : readInvoice(file, await readInput(file), { ...invoiceOptions, currency }));
  }
  const inPeriod = (t: number): boolean => (period.from === null || t >= period.from) && (period.to === null || t < period.to);
  const byMessage = read.filter((f) => f.kind === 'message').flatMap((f) => f.lines);
  const byWindow = read.filter((f) => f.kind === 'conversation').flatMap((f) => f.lines);
  const bucketFiles = read.filter((f) => f.buckets.length > 0);
  if ([byMessage, byWindow, bucketFiles].filter((x) => x.length > 0).length > 1) {
    throw new UsageError('the invoice files mix lines by message, lines by conversation or session, and summaries or analytics: reconcile each kind in its own run');
  }
  const zone = options.zone;
  const monthOf = (t: number): { from: number; to: number } => {
    const i = monthIndex(t, zone);
    return monthRange(Math.floor(i / 12), (i % 12) + 1, zone);
  };
  // The formats for people show the first --limit findings of each verdict; the others, every one.
  const tally = new FindingTally({ keep: ['table', 'md', 'html'].includes(format) ? options.limit : null, all: raw.all === true, scale: scaleOf([...byMessage, ...byWindow]), tolerance, monthOf });
  if (byMessage.length > 0) matchByMessage(byMessage, messageIndex(report), inPeriod, tally.sink);
  if (byWindow.length > 0) matchByWindow(byWindow, replayUnits(report, 'conversations'), window, inPeriod, tally.sink);
  let buckets: BucketResult[] = [];
  if (bucketFiles.length > 0) {
    const counts = bucketFiles.some((f) => f.counts === 'conversations') ? 'conversations' : 'messages';
    const matched = matchBuckets(bucketFiles.flatMap((f) => f.buckets), replayUnits(report, counts), inPeriod, marketTest(markets), monthOf);
    buckets = matched.buckets;
    for (const f of matched.findings) tally.addFinding(f);
  }
  const r = reconcileReport(tally, buckets, { ruleset: report.ruleset, timezone: report.timezone, from: period.from, to: period.to }, read, { detail: raw.detail === true });
  await writeReconcile(r, format, options, { redact: raw.redact === true, section, excel: raw.excel === true });
  return failOn === 'differences' && tally.beyondTolerance(buckets) ? EXIT.findings : EXIT.ok;
}

/** The report in its format, to --out (a folder for CSV without --section) or standard output. */
async function writeReconcile(r: ReconcileReport, format: string, options: ReturnType<typeof parseOptions>, how: { redact: boolean; section: string | null; excel: boolean }): Promise<void> {
  const { redact, section } = how;
  const ctx = { ...renderContext({ ...options, format: 'table' }), section, excel: how.excel };
  const text = (): string => reconcileText(r, options.locale, ctx.style, redact, options.limit);
  if (format === 'csv' && section === null && options.out !== null) return writeFiles(options.out, reconcileCsv.files(r, ctx, redact));
  const chunks: Iterable<string> =
    format === 'json'
      ? reconcileJson(r, redact)
      : format === 'csv'
        ? reconcileCsv.render(r, ctx, redact)
        : format === 'md'
          ? reconcileMarkdown(r, ctx)
          : format === 'html'
            ? reconcileHtml(r, reconcileText(r, options.locale, PLAIN, redact, options.limit))
            : format === 'junit'
              ? reconcileJunit(r, redact)
              : format === 'github'
                ? reconcileGithub(r, redact)
                : [text()];
  await writeOut(chunks, options.out);
}

/**
 * Whether an invoice file is read on another thread: a CSV (not JSON) of 8 MiB or more; any CSV
 * with WA_AUDIT_THREADS=2, none with WA_AUDIT_THREADS=1 (the knobs the log's reading has).
 */
function readsInWorker(file: string): boolean {
  const threads = process.env.WA_AUDIT_THREADS;
  if (threads === '1' || file === '-' || /\.(json|ndjson)$/i.test(file)) return false;
  try {
    return threads === '2' || statSync(file).size >= 8 * 1024 * 1024;
  } catch {
    return false; // read on this thread, which says why it cannot be
  }
}

/** `--period yyyy-MM` (midnights in --tz), else `--from`/`--to`. */
function periodOf(period: string | null, options: ReturnType<typeof parseOptions>): { from: number | null; to: number | null } {
  if (period === null) return { from: options.from, to: options.to };
  if (options.from !== null || options.to !== null) throw new UsageError('--period and --from/--to both name the period: give one');
  const month = parseMonth(period, options.zone);
  if (month === null) throw new UsageError(`--period: expected a month such as 2025-03; got '${period}'`);
  return month;
}

async function invoiceMap(file: string | null): Promise<InvoiceMap | null> {
  if (file === null) return null;
  let json: unknown;
  try {
    json = JSON.parse(await readInput(file));
  } catch (err) {
    if (err instanceof SyntaxError) throw new UsageError(`--invoice-map ${file}: not JSON: ${err.message}`);
    throw err;
  }
  const r = parseInvoiceMap(json, file);
  if ('problems' in r) throw new MappingError(file, r.problems);
  return r.map;
}

/** An invoice's market against a unit: an ISO code against its country, a name against its market (the card's markets table). */
function marketTest(markets: MarketsTable | null): (u: { market: string | null; sentAt: number }, market: string) => boolean {
  return (u, market) => {
    if (/^[A-Za-z]{2}$/.test(market)) return u.market === market.toUpperCase();
    if (markets === null) throw new UsageError(`the invoice names the market '${market}': markets are read through the rate card's table, so give --rates`);
    return u.market !== null && marketKey(marketOf(markets, u.market, u.sentAt)) === marketKey(market);
  };
}

/** `--tolerance`: `N` (counts), `AMOUNT CUR` (amounts in that currency), `P%` (of the expected amount); repeatable. */
export function toleranceOf(values: readonly string[]): Tolerance {
  if (values.length === 0) return NO_TOLERANCE;
  let count = 0;
  let percent: Amount | null = null;
  const amounts = new Map<string, Amount>();
  for (const v of values) {
    const t = v.trim();
    const money = /^(\d+(?:\.\d+)?)\s*([A-Za-z]{3})$/.exec(t);
    const share = /^(\d+(?:\.\d+)?)\s*%$/.exec(t);
    if (/^\d+$/.test(t)) count = Number(t);
    else if (money !== null) amounts.set(money[2].toUpperCase(), parseAmount(money[1]) as Amount);
    else if (share !== null) percent = parseAmount(share[1]);
    else throw new UsageError(`--tolerance: expected a count (2), an amount and currency ('0.05 BRL') or a share of the expected amount (1%); got '${v}'`);
  }
  return { count, amounts, percent };
}

/** `--match-window`: `5m` (the default), `90s`, `2h`. */
function windowOf(text: string | null): number {
  if (text === null) return 5 * 60_000;
  const m = /^(\d+)\s*(s|m|h)$/.exec(text.trim());
  if (m === null) throw new UsageError(`--match-window: expected a duration such as 5m, 90s or 2h; got '${text}'`);
  return Number(m[1]) * (m[2] === 's' ? 1000 : m[2] === 'm' ? 60_000 : 3_600_000);
}
