// The report as CSV: one file per list (`--format csv --out DIR`) or one list on standard output
// (`--section NAME`), each list's columns from its schema, in the JSON report's names and
// values. Plain CSV is for programs: `,`, LF line ends, instants in ISO 8601 as in the JSON
// report, decimals with a point; it never changes with the locale. `--excel` writes what Excel
// opens cleanly in Brazil: UTF-8 with a BOM, `;`, CRLF, wall times, a decimal comma.
//
// Spreadsheet safety (OWASP, "CSV injection"): a text cell that begins with `=`, `+`, `-`, `@`,
// tab, CR, LF or NUL is prefixed with `'`, so that no spreadsheet reads it as a formula. Every
// text cell is treated so (the contract's own words never begin with those characters); counts,
// instants and amounts wa-audit computes stay numbers. Quoting is RFC 4180's.
import { formatInstant, formatWall, TimeZone } from '../model/time.js';
import type { Report } from '../report/report.js';
import * as lists from '../report/schema.js';
import type { CellType, ListSchema } from '../report/schema.js';
import type { RenderContext, Renderer } from './context.js';
import { messagesFor } from './messages.js';

/** How one CSV dialect writes cells and lines. */
export interface Dialect {
  readonly delimiter: string;
  readonly eol: string;
  readonly bom: string;
  readonly when: (t: number) => string;
  readonly decimal: (text: string) => string;
  /** A column's header: its JSON name, or (`--excel`) as the locale's catalogue writes it. */
  readonly header: (key: string) => string;
}

/** A list of the report, by the name `--section` takes and its file's name. */
export interface ReportList {
  readonly name: string;
  readonly schema: ListSchema;
  readonly rows: Iterable<object>;
}

/** Every list the report has, in the order the files are written. */
export function reportLists(report: Report): ReportList[] {
  const out: ReportList[] = [
    { name: 'sessions', schema: lists.SESSIONS, rows: report.sessions },
    ...(report.templates === null ? [] : [{ name: 'templates', schema: lists.TEMPLATES, rows: report.templates }]),
    { name: 'violations', schema: lists.VIOLATIONS, rows: report.violations },
    { name: 'messages', schema: lists.MESSAGES, rows: report.messages },
    { name: 'totals', schema: lists.TOTALS, rows: report.totals },
    { name: 'rejected', schema: lists.REJECTED, rows: report.rejected },
  ];
  if (report.provider !== null) {
    out.push(
      { name: 'provider-unclassified', schema: lists.UNCLASSIFIED, rows: report.provider.unclassified },
      { name: 'provider-disagreements', schema: lists.DISAGREEMENT_LIST, rows: report.provider.disagreements },
    );
  }
  return out;
}

/** The names `--section` takes (every list a report may have). */
export const SECTIONS = ['sessions', 'templates', 'violations', 'messages', 'totals', 'rejected', 'provider-unclassified', 'provider-disagreements'] as const;

const FORMULA_START = /^[=+\-@\t\r\n\0]/;
const NEEDS_QUOTES = /[",;\r\n]/;

/** A text cell, neutralised for spreadsheets and quoted when it must be (RFC 4180). */
export function textCell(value: string): string {
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(safe) || safe !== safe.trim() ? `"${safe.replace(/"/g, '""')}"` : safe;
}

function cell(value: unknown, type: CellType, d: Dialect): string {
  if (value === null || value === undefined) return '';
  switch (type) {
    case 'instant':
    case 'instant?':
      return d.when(value as number);
    case 'count':
    case 'int':
      return String(value);
    case 'bool':
      return value ? 'true' : 'false';
    case 'amount?':
      return d.decimal(value as string);
    case 'texts':
      return textCell((value as readonly string[]).join(' '));
    default:
      return textCell(value as string);
  }
}

/** One list as CSV text, in chunks of rows. */
export function* listCsv(list: ReportList, d: Dialect): Generator<string> {
  const columns = list.schema.columns;
  let out = d.bom + columns.map((c) => d.header(c.key)).join(d.delimiter) + d.eol;
  let n = 0;
  for (const row of list.rows) {
    const r = row as Record<string, unknown>;
    let line = '';
    for (let i = 0; i < columns.length; i++) {
      if (i > 0) line += d.delimiter;
      line += cell(r[columns[i].field], columns[i].type, d);
    }
    out += line + d.eol;
    if (++n % 4096 === 0) {
      yield out;
      out = '';
    }
  }
  yield out;
}

export function dialectOf(report: Report, ctx: RenderContext): Dialect {
  return dialectIn(report.timezone, ctx);
}

/** The dialect of `--excel` (or plain CSV) for a report in this zone. */
export function dialectIn(timezone: string, ctx: RenderContext): Dialect {
  const zone = TimeZone.of(timezone);
  if (zone === null) throw new Error(`unknown time zone ${timezone}`);
  return ctx.excel
    ? { delimiter: ';', eol: '\r\n', bom: '\uFEFF', when: (t) => formatWall(t, zone), decimal: (x) => x.replace('.', ','), header: messagesFor(ctx.locale) }
    : { delimiter: ',', eol: '\n', bom: '', when: (t) => formatInstant(t, zone), decimal: (x) => x, header: (k) => k };
}

export const CSV_RENDERER: Renderer = {
  // One list (`--section`); the CLI writes every list to a folder through `files`.
  *render(report: Report, ctx: RenderContext): Generator<string> {
    const name = ctx.section;
    const list = reportLists(report).find((l) => l.name === name);
    if (list === undefined) throw new Error(`the report has no list ${String(name)}`);
    yield* listCsv(list, dialectOf(report, ctx));
  },
  files(report: Report, ctx: RenderContext): { name: string; chunks: Iterable<string> }[] {
    const d = dialectOf(report, ctx);
    return reportLists(report).map((l) => ({ name: `${l.name}.csv`, chunks: listCsv(l, d) }));
  },
  rowsNeeded: () => null,
};
