// The report for people in a terminal: a summary, then each list's section (its columns from
// the list's schema), cut at the limit with "N more".
import Table from 'cli-table3';
import { TimeZone } from '../model/time.js';
import { BARE_TABLE, periodText, shown, summaryCounts, writingFor, type Writing } from './cells.js';
import type { Report } from '../report/report.js';
import * as lists from '../report/schema.js';
import { cellOf, columnOf, type ListSchema } from '../report/schema.js';
import type { RenderContext, Renderer } from './context.js';
import { visible } from './visible.js';


function* renderTable(report: Report, ctx: RenderContext): Generator<string> {
  const zone = TimeZone.of(report.timezone);
  if (zone === null) throw new Error(`unknown time zone ${report.timezone}`);
  const writing = writingFor(ctx.locale, zone, visible);
  const { num, money, t } = writing;
  const { style } = ctx;
  const s = report.summary;
  const i = report.input;

  const period = periodText(report, writing);
  let out = style.heading(t('wa-audit: ruleset {0}, times in {1}, period: {2}', report.ruleset, report.timezone, period)) + '\n';
  const counts = lists.INPUT_COUNTS.filter((c) => c.field !== 'rows' && c.field !== 'rejected').map((c) => `${num(i[c.field])} ${t(c.label)}`);
  const rejected = `${num(i.rejected)} ${t('rejected')}`;
  out += t('Input: {0} file(s), {1} rows: {2}, {3}', num(i.files.length), num(i.rows), counts.join(', '), i.rejected > 0 ? style.bad(rejected) : rejected) + '\n';
  if (i.contactMerges !== null) out += t('Brazilian ninth digit: {0} number(s) read with it added', num(i.contactMerges.length)) + '\n';
  if (i.businessJoined > 0) out += t("No business named: {0} message(s) counted as the log's one business's", num(i.businessJoined)) + '\n';
  out += '\n';

  const summary = new Table({ ...BARE_TABLE, colAligns: ['left', 'right'] });
  for (const f of summaryCounts(report)) {
    const n = s[f.field];
    const shown = f.field === 'violations' ? (n > 0 ? style.bad(num(n)) : style.good('0')) : f.field === 'unclassified' && n > 0 ? style.bad(num(n)) : num(n);
    summary.push([f.label.startsWith('  ') ? `  ${t(f.label.trim())}` : t(f.label), shown]);
  }
  for (const [currency, amount] of Object.entries(s.amounts)) summary.push([t('Amount ({0})', currency), money(amount, currency)]);
  out += summary.toString() + '\n';
  yield out;

  yield section(lists.SESSIONS, report.sessions, s.sessions, ctx, writing);
  if (report.templates !== null) yield section(lists.TEMPLATES, report.templates, s.templatesCharged, ctx, writing);
  else yield section(lists.MESSAGES, report.messages, s.messagesCharged, ctx, writing);
  yield section(lists.TOTALS, report.totals, report.totals.length, ctx, writing);
  yield section(lists.VIOLATIONS, report.violations, s.violations, ctx, writing);
  const p = report.provider;
  if (p !== null) {
    const tally = (o: Readonly<Record<string, number>>): string =>
      Object.entries(o)
        .map(([k, n]) => `${visible(k)} ${num(n)}`)
        .join(', ') || t('none');
    yield (
      '\n' +
      style.heading(t('Provider facts ({0} messages)', num(p.messages))) +
      Object.entries(p.businessNumbers)
        .map(([id, display]) => `\n  ${t('business {0} is {1}', visible(id), visible(display))}`)
        .join('') +
      `\n  ${t('pricing types')}: ${tally(p.pricingTypes)}\n  ${t('categories')}: ${tally(p.pricingCategories)}\n  ${t('error codes')}: ${tally(p.errorCodes)}\n`
    );
    yield section(lists.DISAGREEMENT_LIST, p.disagreements, p.disagreements.length, ctx, writing);
    yield section(lists.UNCLASSIFIED, p.unclassified, p.unclassified.length, ctx, writing);
  }
  if (report.rejected.length > 0) yield section(lists.REJECTED, report.rejected, report.rejected.length, ctx, writing);
}

/**
 * One list, cut at the limit; `total` counts every row the section is about (the report may
 * hold only the first rows).
 */
function section<R extends object>(
  schema: ListSchema,
  rows: { readonly length: number; at(i: number): R | undefined; [Symbol.iterator](): Iterator<R> },
  total: number,
  ctx: RenderContext,
  w: Writing,
): string {
  const { title, columns } = schema.table;
  let out = '\n' + ctx.style.heading(`${w.t(title)} (${w.num(total)})`) + '\n';
  if (total === 0) return out + ctx.style.dim(`  ${w.t('none')}`) + '\n';
  const keep = schema.table.rows as ((row: R) => boolean) | undefined;
  const kept = keep === undefined ? rows : [...rows].filter(keep);
  const cells = columns.map((c) => {
    const make = c.cell as ((row: R) => string) | undefined;
    if (make !== undefined) return (row: R) => visible(make(row));
    const column = columnOf(schema, c.key as string);
    return c.finding ? (row: R) => ctx.style.bad(shown(cellOf(row, column), column.type, w, row)) : (row: R) => shown(cellOf(row, column), column.type, w, row);
  });
  const table = new Table({
    head: columns.map((c) => ctx.style.heading(w.t(c.label))),
    ...BARE_TABLE,
    colAligns: columns.map((c) => {
      const type = c.key === undefined ? 'text' : columnOf(schema, c.key).type;
      return type === 'count' || type === 'int' || type === 'amount?' ? 'right' : 'left';
    }),
  });
  const n = Math.min(kept.length, ctx.limit);
  for (let k = 0; k < n; k++) {
    const row = kept.at(k) as R;
    table.push(cells.map((cell) => cell(row)));
  }
  out += table.toString() + '\n';
  if (total > n) {
    out += ctx.style.dim(`  ${w.t('... {0} more (--limit N shows more; --format json lists all)', w.num(total - n))}`) + '\n';
  }
  return out;
}

export const TABLE_RENDERER: Renderer = {
  render: renderTable,
  // The table shows the first rows of each list: the report keeps no more.
  rowsNeeded: (ctx) => ctx.limit,
};
