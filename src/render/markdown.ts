// The report as Markdown (`--format md`), sized for a pull-request comment or a CI job summary:
// the summary, the totals by class (with money when priced), and the first `--limit` rows of
// each list of findings, with a line saying how many more.
//
// Values from the input are inert there: each is written as a code span (no HTML, no link, no
// autolink, no `@mention` or `#123` reference is made from inside one), its control characters
// escaped as the terminal's are (`visible`), line breaks as `\n`, and `|` escaped so that it
// cannot end a table cell.
import { type Amount, amountText, parseAmount, sum } from '../model/money.js';
import { TimeZone } from '../model/time.js';
import type { Report } from '../report/report.js';
import * as lists from '../report/schema.js';
import { cellOf, columnOf, type ListSchema } from '../report/schema.js';
import { periodText, shown, summaryCounts, writingFor, type Writing } from './cells.js';
import type { RenderContext, Renderer } from './context.js';
import { visible } from './visible.js';

/** Input text as an inert code span for a GFM table cell. */
export function inert(text: string): string {
  if (text === '') return '';
  const safe = visible(text).replace(/\|/g, '\\|');
  // A fence longer than any run of backticks inside; spaced when the text starts or ends with one.
  const longest = Math.max(0, ...(safe.match(/`+/g) ?? []).map((r) => r.length));
  const fence = '`'.repeat(longest + 1);
  const pad = safe.startsWith('`') || safe.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${safe}${pad}${fence}`;
}

function* renderMarkdown(report: Report, ctx: RenderContext): Generator<string> {
  const zone = TimeZone.of(report.timezone);
  if (zone === null) throw new Error(`unknown time zone ${report.timezone}`);
  const w = writingFor(ctx.locale, zone, inert);
  const s = report.summary;
  const { t } = w;
  const period = periodText(report, w);
  const i = report.input;
  let out = `## wa-audit: ruleset ${report.ruleset}\n\n`;
  out += t('Times in {0}, period: {1}. Input: {2} file(s), {3} rows, {4} messages, {5} rejected.', inert(report.timezone), period, w.num(i.files.length), w.num(i.rows), w.num(i.messages), w.num(i.rejected)) + '\n\n';
  out += `| ${t('Summary')} | |\n|---|---:|\n`;
  for (const f of summaryCounts(report)) {
    // A sub-count (indented in the table's summary) is marked as such.
    out += `| ${f.label.startsWith('  ') ? `↳ ${t(f.label.trim())}` : t(f.label)} | ${w.num(s[f.field])} |\n`;
  }
  for (const [currency, amount] of Object.entries(s.amounts)) out += `| ${t('Amount ({0})', currency)} | ${w.money(amount, currency)} |\n`;
  for (const warning of report.warnings) out += `\n> ${inert(warning)}`;
  yield out + (report.warnings.length > 0 ? '\n' : '');

  yield byClass(report, w);
  yield section(lists.VIOLATIONS, [...report.violations], s.violations, ctx, w);
  if (report.templates !== null) yield section(lists.TEMPLATES, [...report.templates], s.templatesCharged, ctx, w);
  else yield section(lists.MESSAGES, [...report.messages], s.messagesCharged, ctx, w);
  if (report.provider !== null && report.provider.disagreements.length > 0) {
    yield section(lists.DISAGREEMENT_LIST, report.provider.disagreements, report.provider.disagreements.length, ctx, w);
  }
  if (report.rejected.length > 0) yield section(lists.REJECTED, report.rejected, report.rejected.length, ctx, w);
}

/** Charged units by class (and currency when priced), over every month, business and market. */
function byClass(report: Report, w: Writing): string {
  const rows = new Map<string, { cls: string; currency: string | null; charged: number; unpriced: number; amounts: string[] }>();
  for (const t of report.totals) {
    const key = `${t.chargeClass} ${t.currency}`;
    const r = rows.get(key) ?? { cls: t.chargeClass, currency: t.currency, charged: 0, unpriced: 0, amounts: [] };
    r.charged += t.charged;
    r.unpriced += t.unpriced;
    if (t.amount !== null) r.amounts.push(t.amount);
    rows.set(key, r);
  }
  const { t } = w;
  let out = `\n### ${t('Charged by class')}\n\n`;
  if (rows.size === 0) return out + t('None.') + '\n';
  const priced = report.rates !== null;
  out += priced
    ? `| ${t('Class')} | ${t('Charged')} | ${t('Amount')} | ${t('Unpriced')} |\n|---|---:|---:|---:|\n`
    : `| ${t('Class')} | ${t('Charged')} |\n|---|---:|\n`;
  for (const r of rows.values()) {
    if (!priced) {
      out += `| ${r.cls} | ${w.num(r.charged)} |\n`;
      continue;
    }
    // The class's amount in its currency is the report's totals summed: one row per currency.
    const amount = r.currency === null ? '-' : w.money(sumText(r.amounts), r.currency);
    out += `| ${r.cls} | ${w.num(r.charged)} | ${amount} | ${w.num(r.unpriced)} |\n`;
  }
  return out;
}

/** Decimal strings summed exactly (the totals' amounts of one class and currency). */
function sumText(amounts: readonly string[]): string {
  return amountText(sum(amounts.map((a) => parseAmount(a) as Amount)));
}

/** The first rows of a list, with its table columns, and how many more there are. */
function section(schema: ListSchema, rows: readonly object[], total: number, ctx: RenderContext, w: Writing): string {
  const { title, columns } = schema.table;
  let out = `\n### ${w.t(title)} (${w.num(total)})\n\n`;
  if (total === 0) return out + w.t('None.') + '\n';
  const keep = schema.table.rows as ((row: object) => boolean) | undefined;
  const kept = keep === undefined ? rows : rows.filter(keep);
  out += `| ${columns.map((c) => w.t(c.label)).join(' | ')} |\n|${columns.map(() => '---').join('|')}|\n`;
  const n = Math.min(kept.length, ctx.limit);
  for (let k = 0; k < n; k++) {
    const row = kept[k];
    const cells = columns.map((c) => {
      const make = c.cell as ((r: object) => string) | undefined;
      if (make !== undefined) return inert(make(row));
      const column = columnOf(schema, c.key as string);
      return shown(cellOf(row, column), column.type, w, row);
    });
    out += `| ${cells.join(' | ')} |\n`;
  }
  if (total > n) out += `\n${w.t('... {0} more (--limit N shows more; --format json lists all)', w.num(total - n))}\n`;
  return out;
}

export const MARKDOWN_RENDERER: Renderer = {
  render: renderMarkdown,
  rowsNeeded: (ctx) => ctx.limit,
};
