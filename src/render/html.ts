// The report as one self-contained HTML page (`--format html --out report.html`): no network,
// no CDN, nothing fetched; it opens offline and as an e-mail attachment. Summary figures, charts
// drawn here as inline SVG (per day: sessions or charged messages by class, money when priced,
// violations by rule; the contacts with the most charges), and the lists, searchable and
// sortable in the page by a few lines of script of its own. Every value from the input is
// escaped for HTML; the lists are capped at `HTML_ROWS` rows each, with a note (the charts count
// every row).
import { type Amount, amountText, parseAmount, shareOf, zero } from '../model/money.js';
import { calendarDay, TimeZone } from '../model/time.js';
import type { Report } from '../report/report.js';
import * as lists from '../report/schema.js';
import { cellOf, columnOf, type ListSchema } from '../report/schema.js';
import { periodText, shown, summaryCounts, writingFor, type Writing } from './cells.js';
import type { RenderContext, Renderer } from './context.js';
import { escapeMarkup } from './visible.js';

/** Rows of each list written into the page; the rest are counted in a note. */
export const HTML_ROWS = 2000;

/** Text for HTML element content and attribute values. */
export const escapeHtml = escapeMarkup;

/** A chart's series: per day (or category), the bar's height as a share of the tallest, and its figure. */
interface Series {
  readonly name: string;
  readonly values: ReadonlyMap<string, { readonly share: number; readonly figure: string }>;
}

const COLOURS = ['#2f6db5', '#d9822b', '#3c9a5f', '#b5443c', '#7d5ba6', '#8c6d3f', '#c75d9c', '#5f8c8c', '#999933'];

/**
 * A bar chart as inline SVG: one bar per category and day (grouped), its height to scale, a
 * `<title>` per bar with its figure. Every bar is a `rect` with `class="bar"`.
 */
function barChart(id: string, title: string, days: readonly string[], series: readonly Series[], top: string): string {
  const width = 760;
  const height = 220;
  const left = 48;
  const bottom = 30;
  const slot = days.length === 0 ? 0 : (width - left - 10) / days.length;
  const bar = series.length === 0 ? 0 : Math.max(1, (slot * 0.8) / series.length);
  let bars = '';
  days.forEach((day, d) => {
    series.forEach((s, k) => {
      const v = s.values.get(day);
      if (v === undefined || v.share === 0) return;
      const h = (height - bottom - 10) * v.share;
      const x = left + d * slot + slot * 0.1 + k * bar;
      bars += `<rect class="bar" x="${x.toFixed(1)}" y="${(height - bottom - h).toFixed(1)}" width="${bar.toFixed(1)}" height="${h.toFixed(1)}" fill="${COLOURS[k % COLOURS.length]}"><title>${escapeHtml(`${day} ${s.name}: ${v.figure}`)}</title></rect>`;
    });
  });
  const labels = days
    .map((day, d) => (days.length <= 16 || d % Math.ceil(days.length / 16) === 0 ? `<text x="${(left + d * slot + slot / 2).toFixed(1)}" y="${height - 10}" text-anchor="middle">${escapeHtml(/^\d{4}-\d{2}-\d{2}$/.test(day) ? day.slice(5) : day)}</text>` : ''))
    .join('');
  const legend = series.map((s, k) => `<span class="key"><i style="background:${COLOURS[k % COLOURS.length]}"></i>${escapeHtml(s.name)}</span>`).join(' ');
  return (
    `<figure id="${id}"><figcaption>${escapeHtml(title)}</figcaption>` +
    `<svg viewBox="0 0 ${width} ${height}" width="100%" role="img" aria-label="${escapeHtml(title)}">` +
    `<line x1="${left}" y1="${height - bottom}" x2="${width - 5}" y2="${height - bottom}" stroke="#888"/>` +
    `<text x="${left - 6}" y="16" text-anchor="end">${escapeHtml(top)}</text>${bars}${labels}</svg>` +
    `<div class="legend">${legend || '<em>none</em>'}</div></figure>`
  );
}

/** Counts by day and by a category, from rows, as chart series (and the tallest count). */
function countsByDay<R>(rows: Iterable<R>, day: (r: R) => string | null, category: (r: R) => string | null, num: (n: number) => string): { days: string[]; series: Series[]; top: string } {
  const days = new Set<string>();
  const by = new Map<string, Map<string, number>>();
  for (const r of rows) {
    const d = day(r);
    const c = category(r);
    if (d === null || c === null) continue;
    days.add(d);
    let m = by.get(c);
    if (m === undefined) by.set(c, (m = new Map()));
    m.set(d, (m.get(d) ?? 0) + 1);
  }
  const max = Math.max(1, ...[...by.values()].flatMap((m) => [...m.values()]));
  const series = [...by]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, m]) => ({ name, values: new Map([...m].map(([d, n]) => [d, { share: n / max, figure: num(n) }])) }));
  return { days: [...days].sort(), series, top: num(max) };
}

function table(schema: ListSchema, rows: Iterable<object>, total: number, w: Writing): string {
  const { title, columns } = schema.table;
  const keep = schema.table.rows as ((row: object) => boolean) | undefined;
  let body = '';
  let n = 0;
  for (const row of rows) {
    if (keep !== undefined && !keep(row)) continue;
    if (n >= HTML_ROWS) break;
    n++;
    const cells = columns.map((c) => {
      const make = c.cell as ((r: object) => string) | undefined;
      if (make !== undefined) return `<td>${escapeHtml(make(row))}</td>`;
      const column = columnOf(schema, c.key as string);
      const value = cellOf(row, column);
      const sortKey = typeof value === 'number' ? ` data-sort="${value}"` : '';
      return `<td${sortKey}>${shown(value, column.type, w, row)}</td>`;
    });
    body += `<tr>${cells.join('')}</tr>\n`;
  }
  const more = total > n ? `<p class="note">${escapeHtml(w.t('... {0} more (--limit N shows more; --format json lists all)', w.num(total - n)))}</p>` : '';
  const head = columns.map((c) => `<th>${escapeHtml(w.t(c.label))}</th>`).join('');
  return (
    `<section class="list" id="list-${schema.name}"><h2>${escapeHtml(w.t(title))} (${w.num(total)})</h2>` +
    (n === 0 ? `<p>${escapeHtml(w.t('None.'))}</p>` : `<input type="search" class="filter" placeholder="filter" aria-label="filter ${escapeHtml(title)}"><table><thead><tr>${head}</tr></thead><tbody>\n${body}</tbody></table>${more}`) +
    '</section>'
  );
}

const SCRIPT = `
document.querySelectorAll('section.list').forEach(function (section) {
  var table = section.querySelector('table');
  if (!table) return;
  var body = table.tBodies[0];
  var filter = section.querySelector('input.filter');
  filter.addEventListener('input', function () {
    var q = filter.value.toLowerCase();
    Array.prototype.forEach.call(body.rows, function (row) {
      row.hidden = q !== '' && row.textContent.toLowerCase().indexOf(q) < 0;
    });
  });
  Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, col) {
    th.addEventListener('click', function () {
      var asc = th.getAttribute('aria-sort') !== 'ascending';
      Array.prototype.forEach.call(table.tHead.rows[0].cells, function (h) { h.removeAttribute('aria-sort'); });
      th.setAttribute('aria-sort', asc ? 'ascending' : 'descending');
      var rows = Array.prototype.slice.call(body.rows);
      rows.sort(function (a, b) {
        var x = a.cells[col], y = b.cells[col];
        var nx = x.getAttribute('data-sort'), ny = y.getAttribute('data-sort');
        var c = nx !== null && ny !== null ? Number(nx) - Number(ny) : x.textContent.localeCompare(y.textContent);
        return asc ? c : -c;
      });
      rows.forEach(function (r) { body.appendChild(r); });
    });
  });
});
`;

const STYLE = `
body{font:14px/1.4 system-ui,sans-serif;margin:24px;color:#222}
h1{font-size:20px}h2{font-size:16px;margin-top:28px}
.figures{display:flex;flex-wrap:wrap;gap:12px}.figures div{border:1px solid #ddd;border-radius:6px;padding:8px 12px}
.figures b{display:block;font-size:18px}
figure{margin:16px 0}figcaption{font-weight:600}svg text{font-size:10px;fill:#555}
.legend .key{margin-right:12px}.legend i{display:inline-block;width:10px;height:10px;margin-right:4px}
table{border-collapse:collapse;margin-top:6px}th,td{border-bottom:1px solid #eee;padding:3px 8px;text-align:left;white-space:nowrap}
th{cursor:pointer;background:#f6f6f6}th[aria-sort=ascending]::after{content:' \\25B2'}th[aria-sort=descending]::after{content:' \\25BC'}
.note{color:#777}input.filter{margin-top:4px}
`;

function* renderHtml(report: Report, ctx: RenderContext): Generator<string> {
  const zone = TimeZone.of(report.timezone);
  if (zone === null) throw new Error(`unknown time zone ${report.timezone}`);
  const w = writingFor(ctx.locale, zone, escapeHtml);
  const { t } = w;
  const s = report.summary;
  const day = (ms: number): string => calendarDay(ms, zone);
  const lang = /^pt\b/i.test(ctx.locale) ? 'pt-BR' : 'en';
  let out =
    `<!DOCTYPE html>\n<html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">` +
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">` +
    `<title>wa-audit: ${escapeHtml(report.ruleset)}</title><style>${STYLE}</style></head><body>\n`;
  const period = periodText(report, w);
  out += `<h1>${escapeHtml(t('wa-audit: ruleset {0}, times in {1}, period: {2}', report.ruleset, report.timezone, period))}</h1>\n<div class="figures">`;
  for (const f of summaryCounts(report)) {
    out += `<div><b>${w.num(s[f.field])}</b>${escapeHtml(t(f.label.trim()))}</div>`;
  }
  for (const [currency, amount] of Object.entries(s.amounts)) out += `<div><b>${escapeHtml(w.money(amount, currency))}</b>${escapeHtml(t('Amount ({0})', currency))}</div>`;
  out += '</div>\n';
  yield out;

  // Charts over every row of the report (the lists below may be capped).
  const charged = [...report.messages].filter((m) => m.charged);
  const units = countsByDay(charged, (m) => day(m.sentAt), (m) => m.chargeClass, w.num);
  let charts = barChart('chart-charged', `${t('Charged messages')} / ${t('Class')}`, units.days, units.series, units.top);
  if (report.rates !== null) {
    // Money by day and currency, summed exactly; a bar's height is its share of the tallest.
    const by = new Map<string, Map<string, Amount>>();
    for (const m of charged) {
      if (m.amount === null || m.currency === null) continue;
      let perDay = by.get(m.currency);
      if (perDay === undefined) by.set(m.currency, (perDay = new Map()));
      const d = day(m.sentAt);
      perDay.set(d, (perDay.get(d) ?? zero()).plus(parseAmount(m.amount) as Amount));
    }
    const all = [...by.values()].flatMap((m) => [...m.values()]);
    const tallest = all.reduce((x, y) => (y.greaterThan(x) ? y : x), zero());
    const series: Series[] = [...by].sort(([a], [b]) => (a < b ? -1 : 1)).map(([currency, perDay]) => ({
      name: currency,
      values: new Map([...perDay].map(([d, a]) => [d, { share: shareOf(a, tallest), figure: w.money(amountText(a), currency) }])),
    }));
    const moneyDays = [...new Set([...by.values()].flatMap((m) => [...m.keys()]))].sort();
    charts += barChart('chart-money', t('Amount ({0})', [...by.keys()].join(', ')), moneyDays, series, by.size === 1 ? w.money(amountText(tallest), [...by.keys()][0]) : amountText(tallest));
  }
  const violations = countsByDay(report.violations, (v) => day(v.sentAt), (v) => v.rule, w.num);
  charts += barChart('chart-violations', `${t('Violations')} / ${t('Rule')}`, violations.days, violations.series, violations.top);
  // The ten contacts with the most charged messages.
  const perContact = new Map<string, number>();
  for (const m of charged) perContact.set(m.contact, (perContact.get(m.contact) ?? 0) + 1);
  const top = [...perContact].sort(([a, x], [b, y]) => y - x || (a < b ? -1 : a > b ? 1 : 0)).slice(0, 10);
  const most = Math.max(1, ...top.map(([, n]) => n));
  charts += barChart('chart-contacts', `${t('Contact')} / ${t('Charged')}`, top.map(([c]) => c), [{ name: t('Charged'), values: new Map(top.map(([c, n]) => [c, { share: n / most, figure: w.num(n) }])) }], w.num(most));
  yield charts + '\n';

  yield table(lists.VIOLATIONS, report.violations, s.violations, w) + '\n';
  if (report.templates !== null) yield table(lists.TEMPLATES, report.templates, s.templatesCharged, w) + '\n';
  yield table(lists.MESSAGES, report.messages, s.messagesCharged, w) + '\n';
  yield table(lists.SESSIONS, report.sessions, s.sessions, w) + '\n';
  yield table(lists.TOTALS, report.totals, report.totals.length, w) + '\n';
  if (report.provider !== null) yield table(lists.DISAGREEMENT_LIST, report.provider.disagreements, report.provider.disagreements.length, w) + '\n';
  yield table(lists.REJECTED, report.rejected, report.rejected.length, w) + '\n';
  yield `<script>${SCRIPT}</script>\n</body></html>\n`;
}

export const HTML_RENDERER: Renderer = {
  render: renderHtml,
  // The charts count every row: the report keeps them all.
  rowsNeeded: () => null,
};

