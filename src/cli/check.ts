// `wa-audit check LOG...`: the audit as a CI step. Silent and exit 0 when the log has none of the
// findings `--fail-on` names (default: violations and rejected rows) and, with `--expect FILE`,
// its summary equals the kept one; otherwise a short list of what failed, and exit 1. With
// `--format` (junit, github, json, ...) the report is written in that format as `audit` writes
// it, and the exit code is the same.
import { readFile } from 'node:fs/promises';
import { describeSystemError, InputError } from '../model/errors.js';
import type { Report } from '../report/report.js';
import { SUMMARY } from '../report/schema.js';
import { maskNumbersIn } from '../report/report.js';
import { auditFiles, parseOptions } from './audit.js';
import { EXIT, exitCodeOf, rowsNeeded, str, writeReport, writeText } from './output.js';
import { visible } from '../render/visible.js';

/** Findings spelled out a kind before the rest are counted. */
const SHOWN = 5;

export async function runCheck(files: readonly string[], raw: Record<string, unknown>): Promise<number> {
  const explicitFormat = str(raw.format) !== null;
  const options = parseOptions({ ...raw, failOn: str(raw.failOn) ?? 'violations,rejected', format: str(raw.format) ?? 'json' });
  const expectFile = str(raw.expect);
  const expected = expectFile === null ? null : await readExpectation(expectFile);
  const result = await auditFiles(files, options, { listLimit: explicitFormat ? rowsNeeded(options) : SHOWN });
  if (result === null) return EXIT.usage;
  const { report } = result;
  const differences = expected === null ? [] : summaryDifferences(expected, report, expectFile as string);
  const failed = exitCodeOf(report, options.failOn) !== EXIT.ok || differences.length > 0;
  if (explicitFormat) {
    await writeReport(report, options);
  } else if (failed) {
    const hide = options.redact ? maskNumbersIn : (t: string): string => t;
    await writeText(findings(report, options.failOn, differences, hide), options.out);
  }
  return failed ? EXIT.findings : EXIT.ok;
}

async function readExpectation(file: string): Promise<Record<string, unknown>> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(file, 'utf8'));
  } catch (err) {
    throw new InputError(`--expect: cannot read a JSON summary: ${describeSystemError(err)}`, file);
  }
  // A kept summary, or a whole JSON report whose summary is kept.
  const o = json !== null && typeof json === 'object' && !Array.isArray(json) ? (json as Record<string, unknown>) : null;
  const summary = o !== null && typeof o.summary === 'object' && o.summary !== null ? (o.summary as Record<string, unknown>) : o;
  if (summary === null) throw new InputError('--expect: expected a JSON object of summary counts (or a JSON report)', file);
  return summary;
}

/** `name: expected X, got Y` for every count the kept summary names that differs. */
function summaryDifferences(expected: Record<string, unknown>, report: Report, file: string): string[] {
  const out: string[] = [];
  for (const key of Object.keys(expected)) {
    const field = SUMMARY.find((f) => f.key === key);
    if (key === 'amounts') {
      const got = JSON.stringify(report.summary.amounts);
      if (JSON.stringify(expected.amounts) !== got) out.push(`amounts: expected ${JSON.stringify(expected.amounts)}, got ${got}`);
      continue;
    }
    if (field === undefined) throw new InputError(`--expect: '${visible(key)}' is not a count of the summary (${SUMMARY.map((f) => f.key).join(', ')})`, file);
    const got = report.summary[field.field];
    if (expected[key] !== got) out.push(`${key}: expected ${JSON.stringify(expected[key])}, got ${got}`);
  }
  return out;
}

function findings(report: Report, failOn: readonly string[], differences: readonly string[], hide: (t: string) => string): string {
  const lines: string[] = [];
  const s = report.summary;
  if (failOn.includes('violations') && s.violations > 0) {
    lines.push(`${s.violations} violation(s):`);
    for (const v of [...report.violations].slice(0, SHOWN)) lines.push(`  ${v.file}:${v.line}: ${visible(hide(v.id))} to ${hide(v.contact)}: ${v.rule}`);
    if (s.violations > SHOWN) lines.push(`  ... and ${s.violations - SHOWN} more`);
  }
  if (failOn.includes('rejected') && report.input.rejected > 0) {
    lines.push(`${report.input.rejected} rejected row(s):`);
    for (const r of report.rejected.slice(0, SHOWN)) lines.push(`  ${r.file}:${r.line}: ${visible(hide(r.reason))}`);
    if (report.input.rejected > SHOWN) lines.push(`  ... and ${report.input.rejected - SHOWN} more`);
  }
  if (failOn.includes('unclassified') && s.unclassified > 0) lines.push(`${s.unclassified} unclassified message(s)`);
  if (failOn.includes('unpriced') && s.unpriced > 0) lines.push(`${s.unpriced} unpriced charged unit(s)`);
  if (differences.length > 0) lines.push('summary differs from --expect:', ...differences.map((d) => `  ${d}`));
  return lines.join('\n') + '\n';
}
