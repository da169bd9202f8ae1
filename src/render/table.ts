// The report for people in a terminal: a summary, then sessions, charged templates and
// violations, each list cut at the limit with "N more".
import Table from 'cli-table3';
import { formatWall, TimeZone } from '../model/time.js';
import type { Report, TemplateRow } from '../report/report.js';
import type { Rows } from '../report/rows.js';
import type { RenderContext } from './context.js';

// No colours of cli-table3's own (styling comes from the context) and no line between rows.
const BARE = { head: [] as string[], border: [] as string[] };
const COMPACT = { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' };

export function* renderTable(report: Report, ctx: RenderContext): Generator<string> {
  const zone = TimeZone.of(report.timezone);
  if (zone === null) throw new Error(`unknown time zone ${report.timezone}`);
  const nf = new Intl.NumberFormat(ctx.locale);
  const num = (n: number): string => nf.format(n);
  const when = (t: number | null): string => (t === null ? '-' : formatWall(t, zone));
  const { style } = ctx;
  const s = report.summary;
  const i = report.input;

  const period =
    report.period.from === null && report.period.to === null
      ? 'whole log'
      : `${when(report.period.from)} to ${when(report.period.to)} (end excluded)`;
  let out = style.heading(`wa-audit: ruleset ${report.ruleset}, times in ${report.timezone}, period: ${period}`) + '\n';
  out +=
    `Input: ${num(i.files.length)} file(s), ${num(i.rows)} rows: ${num(i.messages)} messages, ` +
    `${num(i.duplicates)} duplicates merged, ${i.rejected > 0 ? style.bad(num(i.rejected) + ' rejected') : '0 rejected'}\n`;
  if (i.contactMerges !== null) {
    out += `Brazilian ninth digit: ${num(i.contactMerges.length)} number(s) read with it added\n`;
  }
  out += '\n';

  const summary = new Table({ style: BARE, chars: COMPACT, colAligns: ['left', 'right'] });
  summary.push(
    ['Sessions', num(s.sessions)],
    ['  business-initiated (charged)', num(s.businessInitiated)],
    ['  customer-initiated (free)', num(s.customerInitiated)],
    ['Templates', num(s.templates)],
    ['  charged', num(s.templatesCharged)],
    ['  free', num(s.templatesFree)],
    ['  failed (not charged)', num(s.templatesFailed)],
    ['Violations', s.violations > 0 ? style.bad(num(s.violations)) : style.good('0')],
  );
  out += summary.toString() + '\n';
  yield out;

  yield section(
    'Sessions',
    ['Opened', 'Business', 'Contact', 'Initiator', 'Charged', 'Opened by', 'Replied', 'In', 'Out'],
    report.sessions,
    s.sessions,
    (r) => [
      when(r.openedAt),
      r.business,
      r.contact,
      r.initiator,
      r.charged ? 'yes' : 'no',
      r.id,
      when(r.repliedAt),
      num(r.inbound),
      num(r.outbound),
    ],
    ctx,
    num,
    [7, 8],
  );
  yield section<TemplateRow>(
    'Charged templates',
    ['Sent', 'Business', 'Contact', 'Template', 'Category', 'Message'],
    [...report.templates].filter((t) => t.charged),
    s.templatesCharged,
    (r) => [when(r.sentAt), r.business, r.contact, r.template ?? '-', r.category ?? '-', r.id],
    ctx,
    num,
  );
  yield section(
    'Violations',
    ['Sent', 'Business', 'Contact', 'Rule', 'Last inbound', 'Status', 'Message'],
    report.violations,
    s.violations,
    (r) => [
      when(r.sentAt),
      r.business,
      r.contact,
      style.bad(r.rule),
      when(r.lastInboundAt),
      r.status ?? '-',
      r.id,
    ],
    ctx,
    num,
  );
  const p = report.provider;
  if (p !== null) {
    const counts = (o: Readonly<Record<string, number>>): string =>
      Object.entries(o)
        .map(([k, n]) => `${k} ${num(n)}`)
        .join(', ') || 'none';
    yield (
      '\n' +
      style.heading(`Provider facts (${num(p.messages)} messages)`) +
      Object.entries(p.businessNumbers)
        .map(([id, display]) => `\n  business ${id} is ${display}`)
        .join('') +
      `\n  pricing types: ${counts(p.pricingTypes)}\n  categories: ${counts(p.pricingCategories)}\n  error codes: ${counts(p.errorCodes)}\n`
    );
    yield section(
      'Disagreements with the provider',
      ['Sent', 'Business', 'Contact', 'Replay', 'Provider', 'Message'],
      p.disagreements,
      p.disagreements.length,
      (r) => [when(r.sentAt), r.business, r.contact, r.replay, r.provider, r.id],
      ctx,
      num,
    );
    yield section(
      'Unclassified (kind unknown: not replayed)',
      ['Sent', 'Business', 'Contact', 'Status', 'Errors', 'Message'],
      p.unclassified,
      p.unclassified.length,
      (r) => [when(r.sentAt), r.business, r.contact, r.status ?? '-', r.errors.join(' ') || '-', r.id],
      ctx,
      num,
    );
  }
  if (report.rejected.length > 0) {
    yield section(
      'Rejected rows',
      ['File', 'Line', 'Reason'],
      report.rejected,
      report.rejected.length,
      (r) => [r.file, String(r.line), r.pointer ? `${r.pointer}: ${r.reason}` : r.reason],
      ctx,
      num,
      [1],
    );
  }
}

/** A list, cut at the limit; `total` counts every row (the report may hold only the first). */
function section<T>(
  title: string,
  head: string[],
  rows: Rows<T> | readonly T[],
  total: number,
  cells: (row: T) => string[],
  ctx: RenderContext,
  num: (n: number) => string,
  numericColumns: readonly number[] = [],
): string {
  let out = '\n' + ctx.style.heading(`${title} (${num(total)})`) + '\n';
  if (total === 0) return out + ctx.style.dim('  none') + '\n';
  const table = new Table({
    head: head.map((h) => ctx.style.heading(h)),
    style: BARE,
    chars: COMPACT,
    colAligns: head.map((_, i) => (numericColumns.includes(i) ? 'right' : 'left')),
  });
  const shown = Math.min(rows.length, ctx.limit);
  for (let k = 0; k < shown; k++) table.push(cells(rows.at(k) as T));
  out += table.toString() + '\n';
  if (total > shown) {
    out += ctx.style.dim(`  ... ${num(total - shown)} more (--limit N shows more; --format json lists all)`) + '\n';
  }
  return out;
}
