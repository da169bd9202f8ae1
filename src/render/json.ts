// The JSON report contract of formats.md, written as a stream of chunks: the report of a large
// log is never one giant string. Each array element stands on a line of its own, so reports
// diff and grep line by line.
import { formatInstant, TimeZone } from '../model/time.js';
import type { Report } from '../report/report.js';
import type { Rows } from '../report/rows.js';
import type { RenderContext } from './context.js';

function indentBlock(json: string, pad: string): string {
  return json.replace(/\n/g, '\n' + pad);
}

export function* renderJson(report: Report, _ctx: RenderContext): Generator<string> {
  const zone = TimeZone.of(report.timezone);
  if (zone === null) throw new Error(`unknown time zone ${report.timezone}`);
  if (report.listLimit !== null) throw new Error('the JSON report lists every row: build it without a list limit');
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

  yield* rows('sessions', report.sessions, (w, r) => {
    w.raw('{"id":').str(r.id).raw(',"business":').str(r.business).raw(',"contact":').str(r.contact);
    w.raw(',"initiator":"').raw(r.initiator).raw('","opened_at":"').raw(iso(r.openedAt));
    w.raw('","expires_at":"').raw(iso(r.expiresAt)).raw('","opened_by_type":"').raw(r.openedByType);
    w.raw('","charged":').raw(r.charged ? 'true' : 'false').raw(',"charged_message":').strOrNull(r.chargedMessage);
    w.raw(',"replied_at":').instantOrNull(r.repliedAt, iso);
    w.raw(',"inbound":').num(r.inbound).raw(',"outbound":').num(r.outbound).raw('}');
  });
  yield* rows('templates', report.templates, (w, r) => {
    w.raw('{"id":').str(r.id).raw(',"business":').str(r.business).raw(',"contact":').str(r.contact);
    w.raw(',"sent_at":"').raw(iso(r.sentAt)).raw('","status":').strOrNull(r.status);
    w.raw(',"template":').strOrNull(r.template).raw(',"category":').strOrNull(r.category);
    w.raw(',"session":').strOrNull(r.session).raw(',"charged":').raw(r.charged ? 'true' : 'false');
    w.raw(',"reason":"').raw(r.reason).raw('"}');
  });
  yield* rows('violations', report.violations, (w, r) => {
    w.raw('{"id":').str(r.id).raw(',"business":').str(r.business).raw(',"contact":').str(r.contact);
    w.raw(',"sent_at":"').raw(iso(r.sentAt)).raw('","status":').strOrNull(r.status);
    w.raw(',"rule":"').raw(r.rule).raw('","last_inbound_at":').instantOrNull(r.lastInboundAt, iso);
    w.raw(',"session":').strOrNull(r.session).raw('}');
  });
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

/**
 * Chunks of about 64 KiB: small enough to be made in the young generation and die there (a
 * string of a megabyte goes straight to the old one, and a gigabyte of them makes the collector
 * walk a large heap again and again), large enough to write efficiently.
 */
const CHUNK = 1 << 16;

/**
 * JSON text written as UTF-8 bytes into one buffer, handed out a chunk at a time: building
 * the rows of a large report as strings (ropes of many pieces, flattened when joined) costs
 * several times more than writing their bytes once.
 */
class JsonBytes {
  private buf = Buffer.allocUnsafe(1 << 17);
  private pos = 0;

  get size(): number {
    return this.pos;
  }

  private room(n: number): Buffer {
    if (this.pos + n > this.buf.length) {
      const bigger = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.pos + n));
      this.buf.copy(bigger, 0, 0, this.pos);
      this.buf = bigger;
    }
    return this.buf;
  }

  /** Text known to be plain ASCII that needs no escaping (keys, words, instants, numbers). */
  raw(s: string): this {
    const b = this.room(s.length);
    let p = this.pos;
    for (let i = 0; i < s.length; i++) b[p++] = s.charCodeAt(i);
    this.pos = p;
    return this;
  }

  /** A JSON string literal, escaped exactly as JSON.stringify escapes it. */
  str(s: string): this {
    const b = this.room(s.length + 2);
    let p = this.pos;
    b[p++] = 0x22;
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c < 0x20 || c === 0x22 || c === 0x5c || c > 0x7e) {
        const json = JSON.stringify(s);
        this.room(json.length * 3);
        this.pos += this.buf.write(json, this.pos, 'utf8');
        return this;
      }
      b[p++] = c;
    }
    b[p++] = 0x22;
    this.pos = p;
    return this;
  }

  strOrNull(s: string | null): this {
    return s === null ? this.raw('null') : this.str(s);
  }

  instantOrNull(t: number | null, iso: (t: number) => string): this {
    return t === null ? this.raw('null') : this.raw('"').raw(iso(t)).raw('"');
  }

  num(n: number): this {
    return this.raw(String(n));
  }

  /** The text written so far, and a fresh start. */
  take(): string {
    const text = this.buf.toString('utf8', 0, this.pos);
    this.pos = 0;
    return text;
  }
}

/** One of the report's large arrays, one element a line, written as bytes. */
function* rows<T>(key: string, list: Rows<T>, write: (w: JsonBytes, row: T) => void): Generator<string> {
  if (list.length === 0) {
    yield `  ${JSON.stringify(key)}: [],\n`;
    return;
  }
  const w = new JsonBytes();
  w.raw(`  ${JSON.stringify(key)}: [\n`);
  for (let i = 0; i < list.length; i++) {
    w.raw('    ');
    write(w, list.at(i));
    w.raw(i + 1 < list.length ? ',\n' : '\n');
    if (w.size >= CHUNK) yield w.take();
  }
  w.raw('  ],\n');
  yield w.take();
}

/** One of the report's smaller arrays (rejected rows, provider lists), a chunk at a time. */
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
  // Pieces joined once a chunk: joining makes one flat string, where `+=` would build a deep
  // rope that writing must flatten again, slowly.
  let parts: string[] = [`${pad}${JSON.stringify(key)}: [\n`];
  let size = 0;
  for (let i = 0; i < rows.length; i++) {
    const json = toJson(rows[i]);
    const line = pad + '  ' + (typeof json === 'string' ? json : JSON.stringify(json)) + (i + 1 < rows.length ? ',\n' : '\n');
    parts.push(line);
    size += line.length;
    if (size >= CHUNK) {
      yield parts.join('');
      parts = [];
      size = 0;
    }
  }
  parts.push(pad + ']' + end);
  yield parts.join('');
}
