// The error catalogue: one fixture per error code in fixtures/errors/, each with the exact
// stderr and exit code a user sees. Row errors are run with --strict (exit 2, no report); they
// are also checked without it, where the row is reported with its code and the run goes on.
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { REJECTION_CODES } from '../src/model/message.js';
import { cli } from './helpers/cli.js';

const DIR = 'fixtures/errors';
const STRICT_END = 'wa-audit: 1 row(s) rejected; --strict: no report written\n';

/** Row-level rejections: fixture, line, what stderr says of it, and the raw value kept. */
const ROWS: { code: string; file: string; line: number; says: string; value: string | null; notice?: string }[] = [
  { code: 'bad_quoting', file: 'bad_quoting.csv', line: 3, says: 'broken quoting: a closing quote must be followed by a delimiter or the line end', value: 'm2,"2025-03-01T10:05:00Z"Z,551140040001,5511987650001,outbound,text,sent' },
  { code: 'field_count', file: 'field_count.csv', line: 3, says: 'has 8 fields, the header has 7', value: 'm2,2025-03-01T10:05:00Z,551140040001,5511987650001,outbound,text,sent,extra' },
  { code: 'missing_field', file: 'missing_field.csv', line: 3, says: 'missing contact', value: null },
  { code: 'unknown_direction', file: 'unknown_direction.csv', line: 3, says: "unknown direction 'forwarded' (expected inbound or outbound)", value: 'forwarded' },
  { code: 'bad_timestamp', file: 'bad_timestamp.csv', line: 3, says: "bad timestamp '2025-02-30T10:05:00Z'", value: '2025-02-30T10:05:00Z' },
  { code: 'conflicting_row', file: 'conflicting_row.csv', line: 3, says: "conflicts with line 2 (same id 'm1', different direction)", value: 'm1' },
  { code: 'invalid_json', file: 'invalid_json.ndjson', line: 2, says: "invalid JSON: expected a property name in double quotes, found '}' (at offset 109)", value: '{"id":"m2","timestamp":"2025-03-01T10:05:00Z","contact":"5511987650001","direction":"outbound","type":"text",}' },
  { code: 'truncated_json', file: 'truncated_json.json', line: 3, says: 'at /1: truncated JSON: the file ends inside this element', value: '{"id":"m2","timestamp":"2025-03-01T10:05:00Z","contact":"551198\n' },
  { code: 'not_an_object', file: 'not_an_object.json', line: 3, says: 'at /1: not a JSON object', value: '"m2,2025-03-01T10:05:00Z,5511987650001,outbound,text"' },
  { code: 'bad_value', file: 'bad_value.json', line: 3, says: "at /1: 'timestamp' is not a string or a number", value: '{"seconds":1740823500}' },
  {
    code: 'bad_encoding',
    file: 'bad_encoding.csv',
    line: 3,
    says: 'bytes that are not UTF-8 in template (read as U+FFFD)',
    value: 'promo\uFFFDao',
    notice: '1 byte sequence(s) are not valid UTF-8 in a file read as UTF-8: the rows whose values hold them are rejected (bad_encoding); if the file is Windows-1252, pass --encoding windows-1252',
  },
];

/** Whole-file errors: exit 2, one line. */
const FILES: { code: string; args: string[]; stderr: string }[] = [
  {
    code: 'missing_column',
    args: [`${DIR}/missing_column.csv`],
    stderr: `wa-audit: ${DIR}/missing_column.csv:1: unknown shape: not a canonical CSV log (no column for direction (looked for a header named direction, direcao, sentido, origem)), and not JSON or NDJSON; other exports need --preset or --map (see the README)\n`,
  },
  {
    code: 'ambiguous_date',
    args: [`${DIR}/ambiguous_date.csv`],
    stderr: `wa-audit: ${DIR}/ambiguous_date.csv:2: ambiguous date '01/03/2025 10:00': no date in the file settles whether it is day/month or month/day; pass --date-format dd/MM/yyyy or --date-format MM/dd/yyyy\n`,
  },
  {
    code: 'date_order_conflict',
    args: [`${DIR}/date_order_conflict.csv`],
    stderr: `wa-audit: ${DIR}/date_order_conflict.csv:3: dates disagree on day/month order: line 2 has '13/03/2025 10:00', this line '03/14/2025 10:05'; pass --date-format dd/MM/yyyy or --date-format MM/dd/yyyy\n`,
  },
  { code: 'empty_file', args: [`${DIR}/empty_file.csv`], stderr: `wa-audit: ${DIR}/empty_file.csv: the file is empty\n` },
  {
    code: 'binary_file',
    args: [`${DIR}/binary_file.png`],
    stderr: `wa-audit: ${DIR}/binary_file.png: a binary file (a PNG image), not a text export (CSV, JSON or NDJSON)\n`,
  },
  {
    code: 'no_usable_rows',
    args: [`${DIR}/no_usable_rows.csv`],
    stderr: `wa-audit: ${DIR}/no_usable_rows.csv: no usable rows: all 1 rows rejected, the first at line 2: bad timestamp 'yesterday'\n`,
  },
  {
    code: 'bad_mapping',
    args: ['fixtures/sample.csv', '--map', `${DIR}/bad_mapping.map.json`],
    // Every problem of the mapping, each with its path in the file.
    stderr:
      `wa-audit: ${DIR}/bad_mapping.map.json: /colour: unknown key; expected one of name, description, header, columns, by_direction, values, constants, type_rules, type_default, date_format, adapter\n` +
      `wa-audit: ${DIR}/bad_mapping.map.json: /columns/timestamp: expected a column name or a non-empty list of them, got number 42\n` +
      `wa-audit: ${DIR}/bad_mapping.map.json: /columns/telefone: unknown field 'telefone'; expected one of id, timestamp, business, contact, direction, type, status, template, category, error_code, entry_point\n` +
      `wa-audit: ${DIR}/bad_mapping.map.json: /type_rules/0/matches: not a regular expression: Invalid regular expression: /(/: Unterminated group\n`,
  },
  {
    code: 'unknown_preset',
    args: ['fixtures/sample.csv', '--preset', 'zenvia'],
    stderr: 'wa-audit: --preset zenvia: /: unknown preset; choose from br-helpdesk, meta-webhook, twilio\n',
  },
];

describe('error catalogue: rejected rows', () => {
  it('has a fixture for every rejection code', () => {
    expect(ROWS.map((r) => r.code).sort()).toEqual([...REJECTION_CODES].sort());
  });

  for (const r of ROWS) {
    const path = `${DIR}/${r.file}`;
    it(`${r.code}: --strict stops with exit 2 and says where`, () => {
      const run = cli(['audit', path, '--strict', '--format', 'json']);
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      const notice = r.notice === undefined ? '' : `wa-audit: ${path}: ${r.notice}\n`;
      expect(run.stderr).toBe(`${notice}wa-audit: ${path}:${r.line}: ${r.says}\n${STRICT_END}`);
    });

    it(`${r.code}: without --strict the row is reported with its code and raw value`, () => {
      const run = cli(['audit', path, '--format', 'json']);
      expect(run.code).toBe(0);
      const report = JSON.parse(run.stdout);
      expect(report.rejected).toEqual([
        expect.objectContaining({ file: path, line: r.line, code: r.code, value: r.value }),
      ]);
      expect(report.input.rows).toBe(report.input.messages + report.input.duplicates + report.input.rejected);
    });
  }
});

describe('error catalogue: unusable files and options', () => {
  it('every fixture in fixtures/errors is in the catalogue', () => {
    const named = new Set([...ROWS.map((r) => r.file), ...FILES.flatMap((f) => f.args.map((a) => a.replace(`${DIR}/`, '')))]);
    expect(readdirSync(DIR).filter((f) => !named.has(f))).toEqual([]);
  });

  for (const f of FILES) {
    it(`${f.code}: exit 2, stderr as catalogued`, () => {
      const run = cli(['audit', ...f.args]);
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toBe(f.stderr);
    });
  }
});
