// `wa-audit audit FILES...`: options in, report out, exit code back.
import { DEFAULT_RULESET, rulesetFor } from '../engine/rulesets/index.js';
import { bytesSource, fileSource, type InputSource } from '../ingest/read.js';
import { buildMapping } from '../ingest/presets.js';
import type { Encoding } from '../ingest/encoding.js';
import { UsageError } from '../model/errors.js';
import type { ContactMergeInfo, Rejection } from '../model/message.js';
import { DATE_FORMATS, dateStartAt, parseBound, TimeZone, type DateFormatName } from '../model/time.js';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { checkMarketNames, readRateCard } from '../ingest/rates.js';
import { readMarkets } from '../ingest/markets.js';
import type { MarketsTable } from '../model/markets.js';
import type { RateCard } from '../model/rates.js';
import { audit, type KeyObserver } from '../pipeline.js';
import type { Report } from '../report/report.js';
import { maskNumbersIn } from '../report/report.js';
import { parseShard, type Shard } from '../model/shard.js';
import { checkOutNotInput, DEFAULTS, say, EXIT, exitCodeOf, FAIL_ON, parseOutputOptions, rowsNeeded, str, VERSION, writeReport, type FailOn, type OutputOptions } from './output.js';
import { Progress } from './progress.js';

export const AUDIT_HELP = `
Exit codes:
  0  ran; no finding that --fail-on names
  1  ran; findings that --fail-on names (violations, rejected rows, unclassified messages,
     charged units the rate card could not price)
  2  usage error, unreadable or unusable input, or a rejected row under --strict

Examples:
  wa-audit audit fixtures/sample.csv
  wa-audit audit export.csv --tz America/Sao_Paulo --locale pt-BR
  wa-audit audit logs/*.ndjson --format json --out report.json --fail-on violations
  wa-audit audit export.csv --ruleset meta --tz America/Sao_Paulo --rates rates/meta-usd-2026-10.csv
`;

export interface AuditCommandOptions extends OutputOptions {
  readonly zone: TimeZone;
  readonly from: number | null;
  readonly to: number | null;
  readonly dateFormat: DateFormatName | null;
  readonly encoding: Encoding | null;
  readonly ruleset: string;
  readonly strict: boolean;
  readonly failOn: readonly FailOn[];
  readonly redact: boolean;
  readonly preset: string | null;
  readonly maps: readonly string[];
  readonly ninthDigit: boolean;
  readonly shard: Shard | null;
  readonly serviceFreeTier: number;
  /** Whether `--tz` was given (a Meta ruleset without it warns that months are taken in UTC). */
  readonly tzGiven: boolean;
  readonly defaultCountry: string | null;
  /** `--input-tz`: the zone of the input's wall times; null: `--tz`. */
  readonly inputZone: TimeZone | null;
  readonly rates: readonly string[];
  readonly ratesFrom: string | null;
  readonly markets: string | null;
}

export function parseOptions(raw: Record<string, unknown>): AuditCommandOptions {
  const tzName = str(raw.tz) ?? DEFAULTS.tz;
  const zone = TimeZone.parse(tzName, () => Intl.DateTimeFormat().resolvedOptions().timeZone);
  if (typeof zone === 'string') throw new UsageError(`--tz: ${zone}`);
  const inputTz = str(raw.inputTz);
  const inputZone = inputTz === null ? null : TimeZone.parse(inputTz, () => Intl.DateTimeFormat().resolvedOptions().timeZone);
  if (typeof inputZone === 'string') throw new UsageError(`--input-tz: ${inputZone}`);
  const rates = Array.isArray(raw.rates) ? raw.rates.filter((m): m is string => typeof m === 'string') : [];
  const ratesFrom = str(raw.ratesFrom);
  if (ratesFrom !== null && Number.isNaN(dateStartAt(ratesFrom, zone))) throw new UsageError(`--rates-from: expected a date yyyy-MM-dd; got '${ratesFrom}'`);
  if (ratesFrom !== null && rates.length === 0) throw new UsageError('--rates-from dates a Meta rates file: give the file with --rates');
  const markets = str(raw.markets);
  if (markets !== null && rates.length === 0) throw new UsageError('--markets names the markets a rate card prices: give the card with --rates');
  const bound = (name: 'from' | 'to'): number | null => {
    const v = str(raw[name]);
    if (v === null) return null;
    const r = parseBound(v, zone);
    if (!r.ok) throw new UsageError(`--${name}: ${r.reason}; use yyyy-MM-dd or an ISO 8601 instant`);
    return r.ms;
  };
  const from = bound('from');
  const to = bound('to');
  if (from !== null && to !== null && from >= to) {
    throw new UsageError('--from must be before --to (the period is half-open: --to is excluded)');
  }
  const failOn: FailOn[] = [];
  for (const part of (str(raw.failOn) ?? '').split(',')) {
    const p = part.trim();
    if (p === '') continue;
    if (!(FAIL_ON as readonly string[]).includes(p)) {
      throw new UsageError(`--fail-on: unknown finding '${p}'; choose from ${FAIL_ON.join(', ')}`);
    }
    failOn.push(p as FailOn);
  }
  if (str(raw.failOn) !== null && failOn.length === 0) {
    throw new UsageError(`--fail-on: name at least one finding: ${FAIL_ON.join(', ')} (comma-separated)`);
  }
  const output = parseOutputOptions(raw, DEFAULTS.format.audit);
  return {
    ...output,
    zone,
    from,
    to,
    dateFormat: (str(raw.dateFormat) as DateFormatName | null) ?? null,
    encoding: (str(raw.encoding) as Encoding | null) ?? null,
    ruleset: str(raw.ruleset) ?? DEFAULT_RULESET,
    strict: raw.strict === true,
    failOn,
    redact: raw.redact === true,
    preset: str(raw.preset),
    maps: Array.isArray(raw.map) ? raw.map.filter((m): m is string => typeof m === 'string') : [],
    ninthDigit: raw.brNinthDigit === true,
    shard: shardOption(str(raw.shard)),
    tzGiven: str(raw.tz) !== null,
    defaultCountry: countryCode(str(raw.defaultCountry)),
    inputZone,
    rates,
    ratesFrom,
    markets,
    serviceFreeTier: countOption('--service-free-tier', str(raw.serviceFreeTier) ?? DEFAULTS.serviceFreeTier),
  };
}

function countryCode(text: string | null): string | null {
  if (text === null) return null;
  if (!/^[A-Za-z]{2}$/.test(text.trim())) throw new UsageError(`--default-country: expected an ISO 3166 country code such as BR; got '${text}'`);
  return text.trim().toUpperCase();
}

function countOption(name: string, text: string): number {
  if (!/^\d{1,9}$/.test(text.trim())) throw new UsageError(`${name}: expected a whole number such as 1000; got '${text}'`);
  return Number(text.trim());
}

function shardOption(text: string | null): Shard | null {
  if (text === null) return null;
  const shard = parseShard(text);
  if (shard === null) throw new UsageError(`--shard: expected I/N with 1 <= I <= N, such as 2/4; got '${text}'`);
  return shard;
}

/** Standard input, kept in memory so that it can be decoded a second time if need be. */
async function stdinSource(): Promise<InputSource> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return bytesSource('-', Buffer.concat(chunks));
}

export async function runAudit(files: readonly string[], rawOptions: Record<string, unknown>): Promise<number> {
  const options = parseOptions(rawOptions);
  const result = await auditFiles(files, options, { listLimit: rowsNeeded(options) });
  if (result === null) return EXIT.usage;
  await writeReport(result.report, options);
  return exitCodeOf(result.report, options.failOn);
}

/**
 * The audit of the command line: the files read with the options, replayed, the report built;
 * the diagnostics said on stderr. Null when `--strict` refuses the rejected rows.
 */
export async function auditFiles(
  files: readonly string[],
  options: AuditCommandOptions,
  extra: { readonly listLimit: number | null; readonly onKey?: KeyObserver; readonly keepIds?: boolean; readonly onRead?: () => void },
): Promise<{ readonly report: Report; readonly markets: MarketsTable | null } | null> {
  if (files.filter((f) => f === '-').length > 1) throw new UsageError("'-' (standard input) can be read only once");
  checkOutNotInput(options.out, files);
  const ruleset = rulesetFor(options.ruleset, { zone: options.zone, serviceFreeTier: options.serviceFreeTier });
  if (ruleset === null) throw new UsageError(`unknown ruleset '${options.ruleset}'`);
  if (options.shard !== null && !ruleset.keysIndependent) {
    throw new UsageError(`--shard: ruleset ${ruleset.name} prices across contacts, so its log cannot be split`);
  }

  const mapping = buildMapping(options.preset, options.maps);
  const progress = new Progress(process.stderr);
  const pricing = await loadPricing(options);
  const sources = await Promise.all(files.map((f) => (f === '-' ? stdinSource() : fileSource(f))));
  const { log, report } = await audit(sources, {
    zone: options.zone,
    inputZone: options.inputZone,
    rates: pricing?.card ?? null,
    markets: pricing?.markets ?? null,
    pricingDigest: pricing?.digest ?? null,
    dayOrder: options.dateFormat === null ? null : DATE_FORMATS[options.dateFormat],
    mapping,
    encoding: options.encoding,
    ninthDigit: options.ninthDigit,
    // A knob for measuring and for tests: WA_AUDIT_THREADS=1 or 2 (the default decides by size).
    threads: process.env.WA_AUDIT_THREADS === '1' ? 1 : process.env.WA_AUDIT_THREADS === '2' ? 2 : 'auto',
    onBytes: (file, bytes) => progress.update(file, bytes),
    onNotice: (file, message) => {
      progress.done();
      say(`${file}: ${message}`);
    },
    ruleset,
    from: options.from,
    to: options.to,
    redact: options.redact,
    shard: options.shard,
    listLimit: extra.listLimit,
    onKey: extra.onKey,
    keepIds: extra.keepIds,
    onRead: extra.onRead,
    version: VERSION,
    defaultCountry: options.defaultCountry,
    warnings:
      !ruleset.keysIndependent && !options.tzGiven
        ? [`no --tz: ruleset ${ruleset.name} takes months and regime switches at 00:00 UTC; pass the account's zone, such as --tz America/Sao_Paulo`]
        : [],
  });
  progress.done();
  // Diagnostics are masked like the report: stderr ends up in CI logs too.
  const hide = options.redact ? maskNumbersIn : (text: string): string => text;
  if (log.contactMerges !== null && log.contactMerges.length > 0) summariseMerges(log.contactMerges, hide);
  const join = log.businessJoin;
  if (join.joined > 0) {
    say(`${join.joined} message(s) name no business; the log names one, so they are counted as its messages`);
  }
  if (join.keysWithout > 0) {
    say(`${join.keysWithout} contact(s) have messages that name no business, in a log that names several: they are audited under business '-'; a column or --map constant for the business settles it`);
  }
  const unclassified = report.summary.unclassified;
  if (unclassified > 0) {
    say(
      `${unclassified} outbound message(s) are unclassified: the export does not say whether they are templates, so they are not replayed (neither charged nor checked); ` +
        'a --map file with a type column or type_rules classifies them (for Twilio, see fixtures/providers/twilio-templates.json)',
    );
  }
  if (log.rejected.length > 0) {
    summariseRejections(log.rejected, options.strict, hide);
    if (options.strict) return null;
  }
  return { report, markets: pricing?.markets ?? null };
}

/** The shipped country-to-market table. */
const SHIPPED_MARKETS = new URL('../../markets/meta-markets.csv', import.meta.url);

/**
 * `--rates` (one card from every file), `--rates-from` and the markets table (`--markets` or
 * the shipped one), with a digest of their bytes for a shard's fingerprint; null without a card.
 */
async function loadPricing(options: AuditCommandOptions): Promise<{ card: RateCard; markets: MarketsTable; digest: string } | null> {
  if (options.rates.length === 0) return null;
  const hash = createHash('sha256');
  const text = async (file: string | URL, option: string): Promise<string> => {
    try {
      const bytes = await readFile(file);
      hash.update(bytes);
      return bytes.toString('utf8');
    } catch (err) {
      throw new UsageError(`${option} ${String(file)}: cannot read it (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
    }
  };
  const marketsFile = options.markets ?? fileURLToPath(SHIPPED_MARKETS);
  const markets = readMarkets(options.markets ?? 'markets/meta-markets.csv', await text(marketsFile, '--markets'), options.zone);
  const cards: RateCard[] = [];
  for (const file of options.rates) cards.push(readRateCard(file, await text(file, '--rates'), { zone: options.zone, ratesFrom: options.ratesFrom }));
  const card: RateCard = { rows: cards.flatMap((c) => c.rows), files: cards.flatMap((c) => c.files) };
  checkMarketNames(card, markets);
  return { card, markets, digest: hash.digest('hex') };
}

/** How many rejected rows are spelled out on stderr before the rest is counted. */
const REJECTIONS_SHOWN = 5;

function summariseMerges(merges: readonly ContactMergeInfo[], hide: (text: string) => string): void {
  const both = merges.filter((m) => m.bothForms).length;
  const shown = merges.slice(0, REJECTIONS_SHOWN).map((m) => hide(`${m.from} -> ${m.to}`));
  const more = merges.length - shown.length;
  say(
    `--br-ninth-digit: ${merges.length} number(s) read with the ninth digit (${both} also written with it): ` +
      `${shown.join(', ')}${more > 0 ? `, and ${more} more` : ''}; the JSON report lists them all`,
  );
}

function summariseRejections(rejected: readonly Rejection[], strict: boolean, hide: (text: string) => string): void {
  const shown = rejected.slice(0, REJECTIONS_SHOWN);
  const lines = shown.map((r) => `${r.file}:${r.line}: ${r.pointer ? `at ${r.pointer}: ` : ''}${hide(r.reason)}`);
  const more = rejected.length - shown.length;
  const then = strict ? '--strict: no report written' : 'the report lists them all';
  say(...lines, `${rejected.length} row(s) rejected${more > 0 ? ` (${more} more not shown here)` : ''}; ${then}`);
}
