// The reconcile report as JSON (`reconcile_version` 1) and as a table an accountant reads:
// invoiced against expected per currency, the count of each verdict, then the lines that
// differ grouped by verdict with the replay's reason, then the other charges.
import Table from 'cli-table3';
import { amountText } from '../model/money.js';
import { formatInstant, TimeZone } from '../model/time.js';
import type { ReconcileReport } from '../report/reconcile.js';
import { VERDICTS } from '../engine/reconcile.js';
import { writingFor } from './cells.js';
import type { Style } from './context.js';
import { visible } from './visible.js';

export function reconcileJson(r: ReconcileReport): string {
  const zone = TimeZone.of(r.timezone) as TimeZone;
  const iso = (t: number | null): string | null => (t === null ? null : formatInstant(t, zone));
  return (
    JSON.stringify(
      {
        reconcile_version: r.reconcileVersion,
        ruleset: r.ruleset,
        timezone: r.timezone,
        period: { from: iso(r.period.from), to: iso(r.period.to) },
        invoice: r.invoice,
        summary: { verdicts: r.verdicts, expected: r.expected, invoiced: r.invoiced, difference: r.difference },
        lines: r.lines.map((f) => ({
          verdict: f.verdict,
          reason: f.reason,
          file: f.file,
          line: f.line,
          message: f.message,
          expected_class: f.expectedClass,
          invoiced_class: f.invoicedClass,
          expected_amount: f.expectedAmount,
          invoiced_amount: f.invoicedAmount,
          expected_currency: f.expectedCurrency,
          invoiced_currency: f.invoicedCurrency,
          difference: f.difference,
        })),
        other_charges: r.otherCharges.map((o) => ({ file: o.file, line: o.line, label: o.label, amount: o.amount === null ? null : amountText(o.amount), currency: o.currency })),
        rejected: r.rejected,
      },
      null,
      2,
    ) + '\n'
  );
}

export function reconcileText(r: ReconcileReport, locale: string, style: Style): string {
  const zone = TimeZone.of(r.timezone) as TimeZone;
  const w = writingFor(locale, zone, visible);
  const money = (amount: string | undefined, currency: string): string => (amount === undefined ? '-' : w.money(amount, currency));
  let out = style.heading(`wa-audit reconcile: ruleset ${r.ruleset}, times in ${r.timezone}, invoice ${r.invoice.files.map(visible).join(', ')} (${w.num(r.invoice.lines)} lines, ${w.num(r.invoice.rejected)} rejected)`) + '\n\n';
  for (const currency of new Set([...Object.keys(r.expected), ...Object.keys(r.invoiced)])) {
    const d = r.difference[currency];
    const over = d === undefined || d === '0' ? 'no difference' : d.startsWith('-') ? `${money(d.slice(1), currency)} under` : `${money(d, currency)} over`;
    out += `${currency}: invoiced ${money(r.invoiced[currency], currency)}, expected ${money(r.expected[currency], currency)}: ${over}\n`;
  }
  const counts = new Table({ style: { head: [], border: [] }, chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' }, colAligns: ['left', 'right'] });
  for (const v of VERDICTS) counts.push([v, w.num(r.verdicts[v].count)]);
  out += '\n' + counts.toString() + '\n';
  for (const v of VERDICTS) {
    const lines = r.lines.filter((f) => f.verdict === v);
    if (lines.length === 0 || v === 'matched') continue;
    const t = new Table({
      head: ['Where', 'Message', 'Expected', 'Invoiced', 'Why'].map((h) => style.heading(h)),
      style: { head: [], border: [] },
      chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' },
    });
    for (const f of lines) {
      const side = (cls: string | null, amount: string | null, currency: string | null): string =>
        `${cls ?? '-'}${amount !== null && currency !== null ? ` ${w.money(amount, currency)}` : ''}`;
      t.push([
        f.file === null ? '-' : `${visible(f.file)}:${f.line}`,
        f.message === null ? '-' : visible(f.message),
        side(f.expectedClass, f.expectedAmount, f.expectedCurrency),
        side(f.invoicedClass, f.invoicedAmount, f.invoicedCurrency),
        f.reason ?? (f.difference !== null && f.difference !== '0' ? `difference ${f.difference}` : ''),
      ]);
    }
    out += `\n${style.heading(`${v} (${w.num(lines.length)})`)}\n${t.toString()}\n`;
  }
  if (r.otherCharges.length > 0) {
    out += `\n${style.heading(`Other charges, not matched (${w.num(r.otherCharges.length)})`)}\n`;
    for (const o of r.otherCharges) out += `  ${visible(o.file)}:${o.line}: ${visible(o.label)} ${o.amount === null || o.currency === null ? '' : w.money(amountText(o.amount), o.currency)}\n`;
  }
  for (const j of r.rejected) out += `rejected ${visible(j.file)}:${j.line}: ${visible(j.reason)}\n`;
  return out;
}
