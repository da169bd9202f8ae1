// `wa-audit reconcile LOG... --invoice FILE...`: the audit's replay (with --rates for money)
// held against an itemised-by-message invoice, line by line and in total (reconcile.md). Work
// in progress: summaries, analytics and conversation-itemised invoices come next.
import { readFile } from 'node:fs/promises';
import { matchByMessage, matchByWindow, type ReplayedMessage, type ReplayedUnit } from '../engine/reconcile.js';
import { readItemisedInvoice } from '../ingest/invoice.js';
import { describeSystemError, InputError, UsageError } from '../model/errors.js';
import type { InvoiceLine, InvoiceRejection, OtherCharge } from '../model/invoice.js';
import { parseAmount } from '../model/money.js';
import { startOfDate } from '../model/time.js';
import { reconcileReport } from '../report/reconcile.js';
import { reconcileJson, reconcileText } from '../render/reconcile.js';
import { auditFiles, parseOptions } from './audit.js';
import { EXIT, renderContext, str, writeText } from './output.js';

export async function runReconcile(files: readonly string[], raw: Record<string, unknown>): Promise<number> {
  const invoices = Array.isArray(raw.invoice) ? raw.invoice.filter((f): f is string => typeof f === 'string') : [];
  if (invoices.length === 0) throw new UsageError('reconcile needs --invoice FILE: the invoice to hold against the log');
  const format = str(raw.format) ?? 'table';
  if (format !== 'table' && format !== 'json') throw new UsageError(`--format: reconcile writes table or json, not '${format}'`);
  const period = str(raw.period);
  const failOn = str(raw.failOn);
  if (failOn !== null && failOn !== 'differences') throw new UsageError(`--fail-on: reconcile fails on 'differences'; got '${failOn}'`);
  const options = parseOptions({ ...raw, format: 'json', from: undefined, to: undefined, failOn: undefined });
  let from = options.from;
  let to = options.to;
  if (period !== null) {
    const m = /^(\d{4})-(\d{2})$/.exec(period);
    if (m === null) throw new UsageError(`--period: expected a month such as 2025-03; got '${period}'`);
    const [y, mo] = [Number(m[1]), Number(m[2])];
    from = startOfDate(y, mo, 1, options.zone);
    to = startOfDate(mo === 12 ? y + 1 : y, mo === 12 ? 1 : mo + 1, 1, options.zone);
  } else {
    const bounds = parseOptions({ ...raw, format: 'json', failOn: undefined });
    from = bounds.from;
    to = bounds.to;
  }
  const mark = raw.decimalComma === true ? ',' : raw.decimalPoint === true ? '.' : null;
  const given = str(raw.currency);
  // The replay covers the whole log; the comparison, the period.
  const result = await auditFiles(files, options, { listLimit: null });
  if (result === null) return EXIT.usage;
  const { report } = result;
  // Amounts written without a currency are in --currency, else the card's one currency.
  const cardCurrencies = Object.keys(report.summary.amounts);
  const currency = given ?? (cardCurrencies.length === 1 ? cardCurrencies[0] : null);
  const messages = new Map<string, ReplayedMessage>();
  for (const m of report.messages) {
    messages.set(m.id, { id: m.id, at: m.sentAt, charged: m.charged, chargeClass: m.chargeClass, freeReason: m.freeReason, amount: m.amount === null ? null : parseAmount(m.amount), currency: m.currency });
  }
  const kinds = new Set<string>();
  const lines: InvoiceLine[] = [];
  const other: OtherCharge[] = [];
  const rejected: InvoiceRejection[] = [];
  for (const file of invoices) {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (err) {
      throw new InputError(`cannot read: ${describeSystemError(err)}`, file);
    }
    const inv = readItemisedInvoice(file, text, { zone: options.zone, mark, currency });
    kinds.add(inv.kind);
    lines.push(...inv.lines);
    other.push(...inv.other);
    rejected.push(...inv.rejected);
  }
  const inPeriod = (t: number): boolean => (from === null || t >= from) && (to === null || t < to);
  if (kinds.size > 1) throw new UsageError('the invoice files mix lines by message with lines by conversation or session; reconcile them in two runs');
  let findings;
  if (kinds.has('conversation')) {
    // The replay's sessions or conversations, each with its opening message's class, money and reason.
    const units: ReplayedUnit[] = [...report.sessions].map((s) => {
      const opener = messages.get(s.id);
      return { id: s.id, business: s.business, contact: s.contact, at: s.openedAt, charged: s.charged, chargeClass: opener?.chargeClass ?? null, freeReason: s.freeReason ?? opener?.freeReason ?? null, amount: opener?.amount ?? null, currency: opener?.currency ?? null };
    });
    findings = matchByWindow(lines, units, windowOf(str(raw.matchWindow)), inPeriod);
  } else {
    findings = matchByMessage(lines, messages, inPeriod);
  }
  const r = reconcileReport(findings, { ruleset: report.ruleset, timezone: report.timezone, from, to, files: invoices, lines: lines.length + other.length + rejected.length }, other, rejected, raw.all === true);
  const text = format === 'json' ? reconcileJson(r) : reconcileText(r, options.locale, renderContext({ ...options, format: 'table' }).style);
  await writeText(text, options.out);
  const differs = findings.some((f) => f.verdict !== 'matched');
  return failOn === 'differences' && differs ? EXIT.findings : EXIT.ok;
}

/** `--match-window`: `5m` (the default), `90s`, `2h`. */
function windowOf(text: string | null): number {
  if (text === null) return 5 * 60_000;
  const m = /^(\d+)\s*(s|m|h)$/.exec(text.trim());
  if (m === null) throw new UsageError(`--match-window: expected a duration such as 5m, 90s or 2h; got '${text}'`);
  return Number(m[1]) * (m[2] === 's' ? 1000 : m[2] === 'm' ? 60_000 : 3_600_000);
}
