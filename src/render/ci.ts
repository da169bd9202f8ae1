// The report for CI servers.
//
// `junit`: JUnit XML as CI servers read it: `testsuites` > a `testsuite` per business > a
// `testcase` per key (business, contact) that has outbound messages; a key with violations has
// one `failure` listing them (a test case has at most one failure). Rejected rows are a
// `testsuite` of their own, a failing `testcase` each.
//
// `github`: GitHub Actions workflow commands: `::error file=F,line=N::` for each rejected row
// and `::warning file=F,line=N::` for each violation, pointing at the input line, at most
// `ANNOTATIONS_PER_KIND` of each (GitHub shows no more than ten of each per step), then one
// `::notice::` saying how many more.
import { formatInstant, TimeZone } from '../model/time.js';
import type { Report } from '../report/report.js';
import type { RenderContext, Renderer } from './context.js';
import { escapeMarkup, visible } from './visible.js';

/** Annotations of each kind (errors, warnings) written before the notice of how many more. */
export const ANNOTATIONS_PER_KIND = 10;

/** XML 1.0 text: markup characters escaped, characters XML cannot carry written as escapes. */
const xml = escapeMarkup;

function* renderJunit(report: Report): Generator<string> {
  const zone = TimeZone.of(report.timezone) as TimeZone;
  const failures = new Map<string, string[]>();
  for (const v of report.violations) {
    const key = `${v.business}\u0000${v.contact}`;
    const list = failures.get(key) ?? [];
    list.push(`${v.id} at ${formatInstant(v.sentAt, zone)}: ${v.rule} (${v.file}:${v.line})`);
    failures.set(key, list);
  }
  // Keys by business, in the report's order of their first message.
  const businesses = new Map<string, Set<string>>();
  const add = (business: string, contact: string): void => {
    let contacts = businesses.get(business);
    if (contacts === undefined) businesses.set(business, (contacts = new Set()));
    contacts.add(contact);
  };
  for (const m of report.messages) add(m.business, m.contact);
  for (const v of report.violations) add(v.business, v.contact);
  const tests = [...businesses.values()].reduce((n, s) => n + s.size, 0) + report.rejected.length;
  const failed = failures.size + report.rejected.length;
  yield `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="wa-audit ${xml(report.ruleset)}" tests="${tests}" failures="${failed}">\n`;
  for (const [business, contacts] of [...businesses].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const keys = [...contacts].sort();
    const bad = keys.filter((c) => failures.has(`${business}\u0000${c}`)).length;
    let out = `  <testsuite name="business ${xml(business)}" tests="${keys.length}" failures="${bad}">\n`;
    for (const contact of keys) {
      const found = failures.get(`${business}\u0000${contact}`);
      const head = `    <testcase classname="${xml(business)}" name="${xml(contact)}"`;
      out +=
        found === undefined
          ? `${head}/>\n`
          : `${head}>\n      <failure type="violation" message="${found.length} violation(s)">${xml(found.join('\n'))}</failure>\n    </testcase>\n`;
    }
    yield out + '  </testsuite>\n';
  }
  if (report.rejected.length > 0) {
    let out = `  <testsuite name="rejected rows" tests="${report.rejected.length}" failures="${report.rejected.length}">\n`;
    for (const r of report.rejected) {
      out += `    <testcase classname="input" name="${xml(`${r.file}:${r.line}`)}">\n      <failure type="${xml(r.code)}" message="${xml(r.reason)}"/>\n    </testcase>\n`;
    }
    yield out + '  </testsuite>\n';
  }
  yield '</testsuites>\n';
}

/** A workflow command's message: `%`, CR and LF escaped (and control characters shown). */
export function commandData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A').replace(/[\u0000-\u0009\u000b\u000c\u000e-\u001f\u007f]/g, (c) => visible(c));
}

/** A workflow command's property value: as data, and `:` and `,` escaped too. */
export function commandProperty(text: string): string {
  return commandData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

function* renderGithub(report: Report): Generator<string> {
  const zone = TimeZone.of(report.timezone) as TimeZone;
  let out = '';
  const rejected = report.rejected.slice(0, ANNOTATIONS_PER_KIND);
  for (const r of rejected) {
    out += `::error file=${commandProperty(r.file)},line=${r.line},title=${commandProperty(`rejected row (${r.code})`)}::${commandData(r.reason)}\n`;
  }
  const violations = [...report.violations].slice(0, ANNOTATIONS_PER_KIND);
  for (const v of violations) {
    const what = `${v.id} to ${v.contact} at ${formatInstant(v.sentAt, zone)}: free-form message outside the rules (${v.rule})`;
    out += `::warning file=${commandProperty(v.file)},line=${v.line},title=${commandProperty(`violation (${v.rule})`)}::${commandData(what)}\n`;
  }
  const moreRejected = report.input.rejected - rejected.length;
  const moreViolations = report.summary.violations - violations.length;
  if (moreRejected > 0 || moreViolations > 0) {
    out += `::notice title=wa-audit::${commandData(`${moreRejected} more rejected row(s) and ${moreViolations} more violation(s) not annotated; the JSON report lists them all`)}\n`;
  }
  yield out;
}

export const JUNIT_RENDERER: Renderer = {
  render: (report) => renderJunit(report),
  // Every key is a test case: the report keeps every row.
  rowsNeeded: () => null,
};

export const GITHUB_RENDERER: Renderer = {
  render: (report) => renderGithub(report),
  rowsNeeded: (_ctx: RenderContext) => ANNOTATIONS_PER_KIND,
};
