// The JSON report contract of formats.md, written as a stream of chunks: the report of a large
// log is never one giant string. Each array element stands on a line of its own, so reports
// diff and grep line by line. Every list is written from its column schema (`schema.ts`).
import { formatInstant, TimeZone } from '../model/time.js';
import { PROVIDER_TALLIES } from '../report/provider.js';
import type { Report } from '../report/report.js';
import {
  type CellType,
  type CountField,
  DISAGREEMENT_LIST,
  INPUT_COUNTS,
  type ListSchema,
  MESSAGES,
  TOTALS,
  REJECTED,
  SESSIONS,
  SUMMARY,
  TEMPLATES,
  UNCLASSIFIED,
  VIOLATIONS,
} from '../report/schema.js';
import type { RenderContext, Renderer } from './context.js';

function indentBlock(json: string, pad: string): string {
  return json.replace(/\n/g, '\n' + pad);
}

/** Counts by their JSON names, in schema order. */
function countsJson(fields: readonly CountField[], from: object): Record<string, number> {
  const out: Record<string, number> = {};
  for (const f of fields) out[f.key] = (from as Record<string, number>)[f.field];
  return out;
}

function* renderJson(report: Report, _ctx: RenderContext): Generator<string> {
  const zone = TimeZone.of(report.timezone);
  if (zone === null) throw new Error(`unknown time zone ${report.timezone}`);
  if (report.listLimit !== null) throw new Error('the JSON report lists every row: build it without a list limit');
  const iso = (t: number): string => formatInstant(t, zone);
  const isoOrNull = (t: number | null): string | null => (t === null ? null : formatInstant(t, zone));
  const head: [string, unknown][] = [
    ['report_version', report.reportVersion],
    ['tool', report.tool],
    ['ruleset', report.ruleset],
    ['window_hours', report.windowHours],
    ['timezone', report.timezone],
    ['period', { from: isoOrNull(report.period.from), to: isoOrNull(report.period.to) }],
    ...(report.shard === null ? [] : [['shard', report.shard] as [string, unknown]]),
    [
      'input',
      {
        files: report.input.files,
        ...countsJson(INPUT_COUNTS, report.input),
        ...(report.input.businessJoined > 0 ? { no_business_joined: report.input.businessJoined } : {}),
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
    ['rates', report.rates === null ? null : report.rates.map((f) => ({ file: f.file, valid_from: f.validFrom }))],
    ['markets', report.markets],
    ['summary', { ...countsJson(SUMMARY, report.summary), amounts: report.summary.amounts }],
    ['warnings', report.warnings],
  ];
  let out = '{\n';
  for (const [key, value] of head) {
    out += `  ${JSON.stringify(key)}: ${indentBlock(JSON.stringify(value, null, 2), '  ')},\n`;
  }
  yield out;

  yield* list(SESSIONS, report.sessions, iso, false, '  ');
  if (report.templates !== null) yield* list(TEMPLATES, report.templates, iso, false, '  ');
  yield* list(VIOLATIONS, report.violations, iso, false, '  ');
  yield* list(MESSAGES, report.messages, iso, false, '  ');
  yield* list(TOTALS, report.totals, iso, false, '  ');
  yield* list(REJECTED, report.rejected, iso, report.provider === null, '  ');
  const p = report.provider;
  if (p !== null) {
    const counts: Record<string, unknown> = { business_numbers: p.businessNumbers, messages: p.messages };
    for (const [key, field] of PROVIDER_TALLIES) counts[key] = p[field];
    let head = '  "provider": {\n';
    for (const [key, value] of Object.entries(counts)) {
      head += `    ${JSON.stringify(key)}: ${indentBlock(JSON.stringify(value, null, 2), '    ')},\n`;
    }
    yield head;
    yield* list(UNCLASSIFIED, p.unclassified, iso, false, '    ');
    yield* list(DISAGREEMENT_LIST, p.disagreements, iso, true, '    ');
    yield '  }\n';
  }
  yield '}\n';
}

export const JSON_RENDERER: Renderer = {
  render: renderJson,
  rowsNeeded: () => null,
};

/**
 * Chunks of about 64 KiB: small enough to be made in the young generation and die there (a
 * string of a megabyte goes straight to the old one, and a gigabyte of them makes the collector
 * walk a large heap again and again), large enough to write efficiently.
 */
const CHUNK = 1 << 16;

/** Text that JSON.stringify would escape or that is not ASCII: such a string takes the slow path. */
const NOT_PLAIN = /[\u0000-\u001f"\\\u007f-\uffff]/;

/** A JSON string literal, exactly as JSON.stringify writes it (plain text without calling it). */
function quote(s: string): string {
  return NOT_PLAIN.test(s) ? JSON.stringify(s) : '"' + s + '"';
}

/** One row's JSON text, from `{` to its last value (the list closes it). */
type RowWriter = (row: object, iso: (t: number) => string, q: (s: string) => string) => string;

/** What each column type writes: a JSON-text expression over `v` (the cell), `iso` and `q`. */
const WRITE: Readonly<Record<Exclude<CellType, readonly string[]>, string>> = {
  text: 'q(v)',
  'text?': "(v === null ? 'null' : q(v))",
  'amount?': "(v === null ? 'null' : q(v))",
  instant: "('\"' + iso(v) + '\"')",
  'instant?': "(v === null ? 'null' : '\"' + iso(v) + '\"')",
  bool: "(v ? 'true' : 'false')",
  count: "('' + v)",
  int: "('' + v)",
  texts: "('[' + v.map(q).join(',') + ']')",
};
/** Any other type is a word of the contract: plain ASCII, written as it is. */
const WRITE_WORD = "('\"' + v + '\"')";

const writers = new WeakMap<ListSchema, RowWriter>();

/**
 * A list's row writer, made once per schema as one expression (a property read and a piece of
 * text per column): walking the columns for every cell costs a tenth of the JSON audit's time
 * on a large report. The code is made only from the schema's own names, which are checked to be
 * identifiers and JSON-safe keys; nothing from the input reaches it.
 */
function rowWriter(schema: ListSchema): RowWriter {
  let writer = writers.get(schema);
  if (writer !== undefined) return writer;
  const parts = schema.columns.map((column, i) => {
    if (!/^[A-Za-z_$][\w$]*$/.test(column.field) || !/^[a-z0-9_]+$/.test(column.key)) {
      throw new Error(`column ${column.key} of ${schema.name} cannot be compiled`);
    }
    const prefix = JSON.stringify((i === 0 ? '{' : ',') + JSON.stringify(column.key) + ':');
    const write = typeof column.type === 'string' ? WRITE[column.type as Exclude<CellType, readonly string[]>] : WRITE_WORD;
    return { read: `const v${i} = row.${column.field};`, text: `${prefix} + ${write.replace(/\bv\b/g, `v${i}`)}` };
  });
  const body = `${parts.map((p) => p.read).join('\n')}\nreturn ${parts.map((p) => p.text).join(' + ')};`;
  writer = new Function('row', 'iso', 'q', body) as RowWriter;
  writers.set(schema, writer);
  return writer;
}

/** One list of the report, one element a line, written as bytes from its schema. */
function* list(
  schema: ListSchema,
  rows: { readonly length: number; at(i: number): object | undefined },
  iso: (t: number) => string,
  last: boolean,
  pad: string,
): Generator<string> {
  const end = last ? '\n' : ',\n';
  if (rows.length === 0) {
    yield `${pad}${JSON.stringify(schema.name)}: []${end}`;
    return;
  }
  const writeRow = rowWriter(schema);
  const indent = pad + '  ';
  let text = `${pad}${JSON.stringify(schema.name)}: [\n`;
  for (let i = 0; i < rows.length; i++) {
    text += indent + writeRow(rows.at(i) as object, iso, quote) + (i + 1 < rows.length ? '},\n' : '}\n');
    if (text.length >= CHUNK) {
      yield text;
      text = '';
    }
  }
  yield text + pad + ']' + end;
}
