// The JSON report contract of formats.md, written as a stream of chunks: the report of a large
// log is never one giant string. Each array element stands on a line of its own, so reports
// diff and grep line by line.
import { formatInstant, TimeZone } from '../model/time.js';
import type { Report } from '../report/report.js';
import type { RenderContext } from './context.js';

/** A JSON string literal: the common safe string without JSON.stringify's round trip. */
function q(s: string): string {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c === 0x22 || c === 0x5c || c > 0x7e) return JSON.stringify(s);
  }
  return '"' + s + '"';
}

const qn = (s: string | null): string => (s === null ? 'null' : q(s));

function indentBlock(json: string, pad: string): string {
  return json.replace(/\n/g, '\n' + pad);
}

export function* renderJson(report: Report, _ctx: RenderContext): Generator<string> {
  const zone = TimeZone.of(report.timezone);
  if (zone === null) throw new Error(`unknown time zone ${report.timezone}`);
  const iso = (t: number): string => formatInstant(t, zone);
  const isoOrNull = (t: number | null): string | null => (t === null ? null : formatInstant(t, zone));
  const s = report.summary;
  const head: [string, unknown][] = [
    ['report_version', report.reportVersion],
    ['ruleset', report.ruleset],
    ['window_hours', report.windowHours],
    ['timezone', report.timezone],
    ['period', { from: isoOrNull(report.period.from), to: isoOrNull(report.period.to) }],
    ...(report.shard === null ? [] : [['shard', report.shard] as [string, unknown]]),
    [
      'input',
      {
        files: report.input.files,
        rows: report.input.rows,
        messages: report.input.messages,
        rejected: report.input.rejected,
        duplicates: report.input.duplicates,
        ...(report.input.contactMerges === null
          ? {}
          : {
              contact_merges: report.input.contactMerges.map((m) => ({
                from: m.from,
                to: m.to,
                rows: m.rows,
                both_forms: m.bothForms,
              })),
            }),
      },
    ],
    [
      'summary',
      {
        sessions: s.sessions,
        business_initiated: s.businessInitiated,
        customer_initiated: s.customerInitiated,
        templates: s.templates,
        templates_charged: s.templatesCharged,
        templates_free: s.templatesFree,
        templates_failed: s.templatesFailed,
        violations: s.violations,
      },
    ],
  ];
  let out = '{\n';
  for (const [key, value] of head) {
    out += `  ${JSON.stringify(key)}: ${indentBlock(JSON.stringify(value, null, 2), '  ')},\n`;
  }
  yield out;

  yield* array(
    'sessions',
    report.sessions,
    (r) =>
      `{"id":${q(r.id)},"business":${q(r.business)},"contact":${q(r.contact)},"initiator":"${r.initiator}",` +
      `"opened_at":"${iso(r.openedAt)}","expires_at":"${iso(r.expiresAt)}","opened_by_type":"${r.openedByType}",` +
      `"charged":${r.charged},"charged_message":${qn(r.chargedMessage)},` +
      `"replied_at":${r.repliedAt === null ? 'null' : `"${iso(r.repliedAt)}"`},"inbound":${r.inbound},"outbound":${r.outbound}}`,
    false,
  );
  yield* array(
    'templates',
    report.templates,
    (r) =>
      `{"id":${q(r.id)},"business":${q(r.business)},"contact":${q(r.contact)},"sent_at":"${iso(r.sentAt)}",` +
      `"status":${qn(r.status)},"template":${qn(r.template)},"category":${qn(r.category)},"session":${qn(r.session)},` +
      `"charged":${r.charged},"reason":"${r.reason}"}`,
    false,
  );
  yield* array(
    'violations',
    report.violations,
    (r) =>
      `{"id":${q(r.id)},"business":${q(r.business)},"contact":${q(r.contact)},"sent_at":"${iso(r.sentAt)}",` +
      `"status":${qn(r.status)},"rule":"${r.rule}",` +
      `"last_inbound_at":${r.lastInboundAt === null ? 'null' : `"${iso(r.lastInboundAt)}"`},"session":${qn(r.session)}}`,
    false,
  );
  yield* array(
    'rejected',
    report.rejected,
    (r) => ({ file: r.file, line: r.line, pointer: r.pointer, code: r.code, reason: r.reason, value: r.value }),
    report.provider === null,
  );
  const p = report.provider;
  if (p !== null) {
    const counts = {
      business_numbers: p.businessNumbers,
      messages: p.messages,
      pricing_types: p.pricingTypes,
      pricing_categories: p.pricingCategories,
      error_codes: p.errorCodes,
    };
    let head = '  "provider": {\n';
    for (const [key, value] of Object.entries(counts)) {
      head += `    ${JSON.stringify(key)}: ${indentBlock(JSON.stringify(value, null, 2), '    ')},\n`;
    }
    yield head;
    yield* array(
      'unclassified',
      p.unclassified,
      (r) => ({ id: r.id, business: r.business, contact: r.contact, sent_at: iso(r.sentAt), status: r.status, errors: r.errors }),
      false,
      '    ',
    );
    yield* array(
      'disagreements',
      p.disagreements,
      (r) => ({
        id: r.id,
        business: r.business,
        contact: r.contact,
        sent_at: iso(r.sentAt),
        kind: r.kind,
        replay: r.replay,
        provider: r.provider,
      }),
      true,
      '    ',
    );
    yield '  }\n';
  }
  yield '}\n';
}

/** One array of the report, in batches of lines of about 64 KiB. */
function* array<T>(
  key: string,
  rows: readonly T[],
  /** One element as JSON text, or as an object for JSON.stringify. */
  toJson: (row: T) => string | object,
  last: boolean,
  pad = '  ',
): Generator<string> {
  const end = last ? '\n' : ',\n';
  if (rows.length === 0) {
    yield `${pad}${JSON.stringify(key)}: []${end}`;
    return;
  }
  // Pieces joined once a megabyte: joining makes one flat string, where `+=` would build a
  // deep rope that writing must flatten again, slowly.
  let parts: string[] = [`${pad}${JSON.stringify(key)}: [\n`];
  let size = 0;
  for (let i = 0; i < rows.length; i++) {
    const json = toJson(rows[i]);
    const line = pad + '  ' + (typeof json === 'string' ? json : JSON.stringify(json)) + (i + 1 < rows.length ? ',\n' : '\n');
    parts.push(line);
    size += line.length;
    if (size >= 1 << 20) {
      yield parts.join('');
      parts = [];
      size = 0;
    }
  }
  parts.push(pad + ']' + end);
  yield parts.join('');
}
