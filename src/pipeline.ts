// The whole audit in one breath: readLog -> replay -> buildReport, then a renderer. The CLI
// wires these stages to options and streams; tests and other programs call them directly.
import { replayLog } from './engine/replay.js';
import type { KeyOutcome, Ruleset } from './engine/ruleset.js';
import type { Message } from './model/message.js';
import { readLog, type InputSource, type ReadOptions } from './ingest/read.js';
import type { Log } from './model/log.js';
import type { TimeZone } from './model/time.js';
import { runFingerprint } from './model/fingerprint.js';
import { shardLog, type Shard } from './model/shard.js';
import { ReportBuilder, type Report, type ReportOptions } from './report/report.js';

export { readLog, fileSource, textSource, type InputSource, type ReadOptions } from './ingest/read.js';
export { RENDERERS, type Format, type RenderContext } from './render/index.js';

/** Replays a log through a ruleset and builds the report. Pure. */
export function auditLog(log: Log, ruleset: Ruleset, options: ReportOptions, onKey?: KeyObserver): Report {
  const report = new ReportBuilder(log, ruleset, options);
  replayLog(log, ruleset, (messages, outcome) => {
    report.addKey(messages, outcome);
    onKey?.(messages, outcome);
  });
  return report.build();
}

/** Sees each key's messages and final outcome as the audit replays them (`wa-audit explain`). */
export type KeyObserver = (messages: readonly Message[], outcome: KeyOutcome) => void;

export interface AuditOptions extends ReadOptions, Omit<ReportOptions, 'timezone' | 'shard'> {
  readonly ruleset: Ruleset;
  /** `--input-tz`: the zone of wall times in the input when not `zone` (the account's and the report's). */
  readonly inputZone?: TimeZone | null;
  /** A digest of the rate card's and markets table's bytes, for a shard's fingerprint. */
  readonly pricingDigest?: string | null;
  /** Sees every key as it is replayed. */
  readonly onKey?: KeyObserver;
  /** Called once the log is read, before the replay (which keeps one core busy): `reconcile` reads the invoice on the other meanwhile. */
  readonly onRead?: () => void;
  /** Audit only this shard's contacts (`--shard I/N`). */
  readonly shard?: Shard | null;
}

export interface Audit {
  /** The whole log as read (its rejections and contact merges are for diagnostics too). */
  readonly log: Log;
  readonly report: Report;
}

/**
 * Every option that changes a decision of the audit, for a shard's fingerprint: two shard
 * reports merge only when these (and the inputs' bytes) are equal. An option added to the
 * audit that changes what is read, replayed, priced or reported belongs here.
 */
function decisionOptions(options: AuditOptions): Record<string, unknown> {
  return {
    ruleset: options.ruleset.name,
    zone: options.zone.name,
    dayOrder: options.dayOrder,
    encoding: options.encoding ?? null,
    mapping: options.mapping ?? null,
    ninthDigit: options.ninthDigit ?? false,
    from: options.from,
    to: options.to,
    redact: options.redact,
    inputZone: options.inputZone?.name ?? null,
    pricing: options.pricingDigest ?? null,
    defaultCountry: options.defaultCountry ?? null,
  };
}

/** The audit of `wa-audit audit`: read the sources, replay them, build the report. */
export async function audit(sources: readonly InputSource[], options: AuditOptions): Promise<Audit> {
  const part = options.shard ?? null;
  const digests: string[] = [];
  const read = { ...options, zone: options.inputZone ?? options.zone };
  const log = await readLog(sources, part === null ? read : { ...read, onDigest: (i, hex) => (digests[i] = hex) });
  options.onRead?.();
  const shard = part === null ? null : { ...part, fingerprint: runFingerprint(digests, decisionOptions(options)) };
  const report = auditLog(shard === null ? log : shardLog(log, shard), options.ruleset, {
    timezone: options.zone.name,
    from: options.from,
    to: options.to,
    redact: options.redact,
    shard,
    listLimit: options.listLimit,
    version: options.version,
    defaultCountry: options.defaultCountry,
    warnings: options.warnings,
    rates: options.rates,
    markets: options.markets,
  }, options.onKey);
  return { log, report };
}
