// The reconcile report in the audit's other formats. `csv`: its lists (lines, buckets, other
// charges, rejected lines) as the audit writes its own (`csv.ts`: formulas neutralised, RFC
// 4180, `--excel`). `md`: the per-period table, the first lines of each verdict and the totals,
// input values inert. `github`: an annotation at the invoice line of each differing line (ten
// of each verdict, then a notice). `junit`: a test case per verdict, failing when it has lines.
// `html`: one self-contained page of the table's sections, every value escaped.
import { bucketDiffers } from '../engine/reconcile-buckets.js';
import { type Finding, VERDICTS } from '../engine/reconcile.js';
import { amountText } from '../model/money.js';
import { TimeZone } from '../model/time.js';
import type { ReconcileReport } from '../report/reconcile.js';
import { RECONCILE_BUCKETS, RECONCILE_LINES, RECONCILE_OTHER, RECONCILE_REJECTED } from '../report/reconcile-schema.js';
import { maskAddress } from '../report/report.js';
import { writingFor } from './cells.js';
import { bucketPhrase } from './reconcile.js';
import { ANNOTATIONS_PER_KIND, commandData, commandProperty } from './ci.js';
import type { RenderContext } from './context.js';
import { dialectIn, listCsv, type ReportList } from './csv.js';
import { inert } from './markdown.js';
import { escapeMarkup } from './visible.js';

/** The names `--section` takes. */
export const RECONCILE_SECTIONS = ['lines', 'buckets', 'other-charges', 'rejected'] as const;

/** The report's lists, phone numbers masked with `redact`. */
export function reconcileLists(r: ReconcileReport, redact: boolean): ReportList[] {
  const party = (s: string | null): string | null => (s === null || !redact ? s : maskAddress(s));
  return [
    { name: 'lines', schema: RECONCILE_LINES, rows: r.lines.map((f) => ({ ...f, business: party(f.business), contact: party(f.contact) })) },
    { name: 'buckets', schema: RECONCILE_BUCKETS, rows: r.buckets.map((b) => ({ ...b, business: party(b.business) })) },
    { name: 'other-charges', schema: RECONCILE_OTHER, rows: r.otherCharges.map((o) => ({ ...o, amount: o.amount === null ? null : amountText(o.amount) })) },
    { name: 'rejected', schema: RECONCILE_REJECTED, rows: r.rejected },
  ];
}

/** One list as CSV (`--section`, or `lines` by default), or every list as a file each (`files`). */
export const reconcileCsv = {
  *render(r: ReconcileReport, ctx: RenderContext, redact: boolean): Generator<string> {
    const list = reconcileLists(r, redact).find((l) => l.name === (ctx.section ?? 'lines'));
    if (list === undefined) throw new Error(`the reconcile report has no list ${String(ctx.section)}`);
    yield* listCsv(list, dialectIn(r.timezone, ctx));
  },
  files(r: ReconcileReport, ctx: RenderContext, redact: boolean): { name: string; chunks: Iterable<string> }[] {
    const d = dialectIn(r.timezone, ctx);
    return reconcileLists(r, redact).map((l) => ({ name: `${l.name}.csv`, chunks: listCsv(l, d) }));
  },
};

/** Where a finding is, and what it is, in a line of text. */
function findingText(f: Finding, redact: boolean): string {
  const who = f.contact === null ? '' : ` (${redact ? maskAddress(f.contact) : f.contact})`;
  const why = f.reason !== null ? `: ${f.reason}` : f.difference !== null && f.difference !== '0' ? `: difference ${f.difference}` : '';
  return `${f.verdict}: ${f.message ?? '-'}${who}${why}`;
}

export function* reconcileMarkdown(r: ReconcileReport, ctx: RenderContext): Generator<string> {
  const zone = TimeZone.of(r.timezone) as TimeZone;
  const w = writingFor(ctx.locale, zone, inert);
  const { t } = w;
  const money = (a: string | null, c: string | null): string => (a === null || c === null ? '-' : w.exactMoney(a, c));
  let out = `## wa-audit reconcile: ${inert(r.ruleset)}, ${r.invoice.files.map((f) => inert(f.file)).join(', ')}\n\n`;
  if (r.buckets.length > 0) {
    out += `| ${[t('Period'), t('Class'), t('Pricing'), t('Invoiced against expected')].join(' | ')} |\n|---|---|---|---|\n`;
    for (const b of r.buckets) {
      const phrase = bucketPhrase(w, (a, c) => w.exactMoney(a, c), b);
      out += `| ${w.when(b.from).slice(0, 10)} | ${inert(b.chargeClass)} | ${inert(b.pricing)} | ${bucketDiffers(b) ? `**${phrase}**` : phrase} |\n`;
    }
  }
  for (const v of VERDICTS) {
    const lines = r.lines.filter((f) => f.verdict === v).slice(0, ctx.limit);
    const total = r.summary.verdicts[v].count;
    if (lines.length === 0) continue;
    out += `\n### ${t(v)} (${w.num(total)})\n\n| ${t('Where')} | ${t('Message')} | ${t('Expected')} | ${t('Invoiced')} | ${t('Why')} |\n|---|---|---|---|---|\n`;
    for (const f of lines) {
      const where = f.file === null ? '-' : `${inert(f.file)}:${f.line}`;
      const why = f.reason !== null ? t(`reason:${f.reason}`) : f.difference !== null && f.difference !== '0' ? t('difference {0}', f.difference) : '';
      out += `| ${where} | ${f.message === null ? '-' : inert(f.message)} | ${money(f.expectedAmount, f.expectedCurrency)} | ${money(f.invoicedAmount, f.invoicedCurrency)} | ${why} |\n`;
    }
    if (total > lines.length) out += `\n${t('... {0} more (--limit N shows more; --format json lists all)', w.num(total - lines.length))}\n`;
  }
  out += `\n**${t('Totals per currency')}**\n\n`;
  for (const c of new Set([...Object.keys(r.summary.expected), ...Object.keys(r.summary.invoiced)])) {
    out += `- ${c}: ${t('invoiced {0}, expected {1}', money(r.summary.invoiced[c] ?? null, c), money(r.summary.expected[c] ?? null, c))}\n`;
  }
  for (const warning of r.warnings) out += `\n> ${t(warning)}\n`;
  yield out.replace(/\n*$/, '\n');
}

export function* reconcileGithub(r: ReconcileReport, redact: boolean): Generator<string> {
  let out = '';
  let more = 0;
  for (const v of VERDICTS) {
    if (v === 'matched') continue;
    const lines = r.lines.filter((f) => f.verdict === v);
    for (const f of lines.slice(0, ANNOTATIONS_PER_KIND)) {
      const at = f.file === null ? '' : ` file=${commandProperty(f.file)},line=${f.line},`;
      out += `::warning${at === '' ? ' ' : at}title=${commandProperty(`reconcile: ${v}`)}::${commandData(findingText(f, redact))}\n`;
    }
    more += r.summary.verdicts[v].count - Math.min(lines.length, ANNOTATIONS_PER_KIND);
  }
  for (const j of r.rejected.slice(0, ANNOTATIONS_PER_KIND)) out += `::error file=${commandProperty(j.file)},line=${j.line},title=${commandProperty('rejected invoice line')}::${commandData(j.reason)}\n`;
  more += Math.max(0, r.rejected.length - ANNOTATIONS_PER_KIND);
  const buckets = r.buckets.filter(bucketDiffers).length;
  if (more > 0 || buckets > 0) out += `::notice title=wa-audit reconcile::${commandData(`${more} more finding(s) not annotated and ${buckets} bucket(s) that differ; the JSON report lists them all`)}\n`;
  yield out;
}

export function* reconcileJunit(r: ReconcileReport, redact: boolean): Generator<string> {
  const xml = escapeMarkup;
  const cases = VERDICTS.filter((v) => v !== 'matched');
  const failing = cases.filter((v) => r.summary.verdicts[v].count > 0);
  const differing = r.buckets.filter(bucketDiffers);
  let out = `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="wa-audit reconcile ${xml(r.ruleset)}" tests="${cases.length + 1}" failures="${failing.length + (differing.length > 0 ? 1 : 0)}">\n`;
  out += `  <testsuite name="reconcile" tests="${cases.length + 1}" failures="${failing.length + (differing.length > 0 ? 1 : 0)}">\n`;
  for (const v of cases) {
    const n = r.summary.verdicts[v].count;
    const head = `    <testcase classname="reconcile" name="${v}"`;
    const listed = r.lines.filter((f) => f.verdict === v).map((f) => `${f.file === null ? '-' : `${f.file}:${f.line}`} ${findingText(f, redact)}`);
    out += n === 0 ? `${head}/>\n` : `${head}>\n      <failure type="${v}" message="${n} line(s)">${xml(listed.join('\n'))}</failure>\n    </testcase>\n`;
  }
  const head = '    <testcase classname="reconcile" name="buckets"';
  out +=
    differing.length === 0
      ? `${head}/>\n`
      : `${head}>\n      <failure type="bucket" message="${differing.length} bucket(s) differ">${xml(differing.map((b) => `${b.chargeClass} ${b.pricing}: invoiced ${b.invoicedCount}, expected ${b.expectedCount}`).join('\n'))}</failure>\n    </testcase>\n`;
  yield `${out}  </testsuite>\n</testsuites>\n`;
}

/** One self-contained page: the table's sections as HTML tables, every value escaped, no script, no fetch. */
export function* reconcileHtml(r: ReconcileReport, text: string): Generator<string> {
  const e = escapeMarkup;
  yield `<!DOCTYPE html>\n<html><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'"><title>wa-audit reconcile: ${e(r.ruleset)}</title><style>body{font-family:system-ui,sans-serif;margin:2em}pre{font-size:13px;line-height:1.35}</style></head><body>\n<h1>wa-audit reconcile</h1>\n<pre>${e(text)}</pre>\n</body></html>\n`;
}
