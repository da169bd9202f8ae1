// `wa-audit explain LOG... --contact NUMBER [--business NUMBER] [--at INSTANT]`: one key's
// timeline, from the same replay and priced report the audit makes.
import type { KeyOutcome } from '../engine/ruleset.js';
import { UsageError } from '../model/errors.js';
import type { Message } from '../model/message.js';
import { parseBound } from '../model/time.js';
import { normaliseAddress } from '../model/vocabulary.js';
import { explainKey, type KeyTimeline, type Priced } from '../report/explain.js';
import { maskAddress } from '../report/report.js';
import { explainJson, explainText } from '../render/explain.js';
import { auditFiles, parseOptions } from './audit.js';
import { EXIT, renderContext, str, writeText } from './output.js';

export async function runExplain(files: readonly string[], raw: Record<string, unknown>): Promise<number> {
  const contactText = str(raw.contact);
  if (contactText === null) throw new UsageError('explain needs --contact NUMBER: the contact whose timeline to show');
  const format = str(raw.format) ?? 'table';
  if (format !== 'table' && format !== 'json') throw new UsageError(`--format: explain writes table or json, not '${format}'`);
  const options = parseOptions({ ...raw, format: 'json' });
  const contact = normaliseAddress(contactText);
  const businessText = str(raw.business);
  const business = businessText === null ? null : normaliseAddress(businessText);
  const atText = str(raw.at);
  let until: number | null = null;
  if (atText !== null) {
    const r = parseBound(atText, options.zone);
    if (!r.ok) throw new UsageError(`--at: ${r.reason}; use an ISO 8601 instant or yyyy-MM-dd`);
    until = r.ms;
  }
  const found: { messages: readonly Message[]; outcome: KeyOutcome }[] = [];
  const result = await auditFiles(files, options, {
    listLimit: null,
    onKey: (messages, outcome) => {
      if (outcome.contact === contact && (business === null || outcome.business === business)) found.push({ messages, outcome });
    },
  });
  if (result === null) return EXIT.usage;
  if (found.length === 0) {
    throw new UsageError(`no messages with contact ${contactText}${businessText === null ? '' : ` and business ${businessText}`} in the log; write the number as the log does (digits, with the country code)`);
  }
  const { report } = result;
  // Keys in business order (the replay may hand them over in another).
  found.sort((a, b) => (a.outcome.business < b.outcome.business ? -1 : a.outcome.business > b.outcome.business ? 1 : 0));
  // The prices of the keys' charged messages, from the priced report.
  const charged = new Set(found.flatMap((f) => f.outcome.messages.filter((v) => v.charged).map((v) => v.message.id)));
  const prices = new Map<string, Priced>();
  if (report.rates !== null) for (const row of report.messages) if (charged.has(row.id)) prices.set(row.id, row);
  const show = options.redact ? maskAddress : (a: string): string => a;
  const timelines: KeyTimeline[] = found.map((f) => {
    const t = explainKey(f.messages, f.outcome, report.windowHours * 3_600_000, (id) => prices.get(id));
    // --at: the timeline up to that instant, the message asked about last.
    return { business: show(t.business), contact: show(t.contact), steps: until === null ? t.steps : t.steps.filter((s) => s.at <= (until as number)) };
  });
  const text =
    format === 'json'
      ? explainJson(timelines, report.ruleset, report.timezone)
      : explainText(timelines, report.ruleset, report.timezone, options.locale, renderContext({ ...options, format: 'table' }).style);
  await writeText(text, options.out);
  return EXIT.ok;
}
