// readLog: byte sources in, one canonical log out. Detects each file's shape (CSV, JSON array,
// NDJSON), reads it with the adapter for that shape, and merges the files in argument order.
import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import { describeSystemError, InputError } from '../model/errors.js';
import type { Log } from '../model/message.js';
import type { DayOrder, TimeZone } from '../model/time.js';
import { CsvTokenizer, detectDelimiter } from './csv.js';
import { fieldOf, type FieldName, mapHeader, synonymsOf } from './fields.js';
import { readJsonArray, readNdjson, type JsonRecordSink } from './json.js';
import { FileRows, LogBuilder } from './log.js';
import { parseRow, type RawRow } from './rows.js';

/** A named stream of bytes: a file, standard input, or a buffer in a test. */
export interface InputSource {
  readonly name: string;
  open(): AsyncIterable<Uint8Array>;
}

export function fileSource(path: string): InputSource {
  return { name: path, open: () => createReadStream(path, { highWaterMark: 1 << 20 }) };
}

export function textSource(name: string, text: string): InputSource {
  return {
    name,
    async *open() {
      yield new TextEncoder().encode(text);
    },
  };
}

export interface ReadOptions {
  readonly zone: TimeZone;
  /** Day/month order of slash dates when the user settled it (`--date-format`). */
  readonly dayOrder: DayOrder | null;
  /** Called as bytes are read, for a progress indicator. */
  readonly onBytes?: (file: string, bytes: number) => void;
}

export async function readLog(sources: readonly InputSource[], options: ReadOptions): Promise<Log> {
  const builder = new LogBuilder();
  for (const source of sources) {
    const rows = await readSource(source, options);
    rows.resolveDates(options.dayOrder, options.zone);
    let usable = 0;
    for (const r of rows.rows) if (!('reason' in r)) usable++;
    if (usable === 0) {
      const first = rows.rows.find((r) => 'reason' in r);
      const why =
        first && 'reason' in first
          ? `all ${rows.rows.length} rows rejected, the first at line ${first.line}: ${first.reason}`
          : 'it has no data rows';
      throw new InputError(`no usable rows: ${why}`, source.name);
    }
    builder.addFile(rows, source.name === '-' ? 'stdin' : basename(source.name));
  }
  return builder.build(sources.map((s) => s.name));
}

type Adapter = {
  push(text: string): void;
  end(): void;
};

async function readSource(source: InputSource, options: ReadOptions): Promise<FileRows> {
  const rows = new FileRows(source.name);
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let adapter: Adapter | null = null;
  let head = '';
  let bytes = 0;
  const feed = (text: string): void => {
    if (adapter === null) {
      head += text;
      const shape = detectShape(head);
      if (shape === null) return;
      adapter = makeAdapter(shape, source.name, rows, options);
      text = head;
      head = '';
    }
    adapter.push(text);
  };
  try {
    for await (const chunk of source.open()) {
      bytes += chunk.byteLength;
      options.onBytes?.(source.name, bytes);
      feed(decoder.decode(chunk, { stream: true }));
    }
    feed(decoder.decode());
  } catch (err) {
    if (err instanceof InputError) throw err;
    throw new InputError(describeReadError(err), source.name);
  }
  if (adapter === null) throw new InputError('the file is empty', source.name);
  (adapter as Adapter).end();
  return rows;
}

function describeReadError(err: unknown): string {
  if (err instanceof TypeError && /encoded data|decode/i.test(err.message)) {
    return 'not valid UTF-8 text';
  }
  return `cannot read: ${describeSystemError(err)}`;
}

type Shape = 'csv' | 'json-array' | 'ndjson';

/** The shape from the first non-blank character; null until enough text has arrived. */
function detectShape(head: string): Shape | null {
  for (let i = 0; i < head.length; i++) {
    const c = head[i];
    if (c === ' ' || c === '\t' || c === '\r' || c === '\n') continue;
    if (c === '[') return 'json-array';
    if (c === '{') return 'ndjson';
    return 'csv';
  }
  // Only blank text so far; a file that ends so is empty.
  return null;
}

function makeAdapter(shape: Shape, file: string, rows: FileRows, options: ReadOptions): Adapter {
  if (shape === 'csv') return new CsvAdapter(file, rows, options);
  const sink = jsonSink(file, rows, options);
  if (shape === 'ndjson') return readNdjson(sink);
  return readJsonArray(sink);
}

/** CSV: the first line is the header; it names the columns and settles the delimiter. */
class CsvAdapter implements Adapter {
  private tokenizer: CsvTokenizer | null = null;
  private pending = '';

  constructor(
    private readonly file: string,
    private readonly rows: FileRows,
    private readonly options: ReadOptions,
  ) {}

  push(text: string): void {
    if (this.tokenizer !== null) {
      this.tokenizer.push(text);
      return;
    }
    this.pending += text;
    const nl = this.pending.indexOf('\n');
    if (nl < 0) return;
    this.start(this.pending.slice(0, nl), this.pending.slice(nl + 1));
  }

  end(): void {
    if (this.tokenizer === null) this.start(this.pending, '');
    this.tokenizer?.end();
  }

  private start(headerLine: string, rest: string): void {
    this.pending = '';
    const line = headerLine.endsWith('\r') ? headerLine.slice(0, -1) : headerLine;
    const delimiter = detectDelimiter(line);
    let headers: string[] = [];
    const headerTokenizer = new CsvTokenizer(delimiter, {
      record: (fields) => {
        headers = fields;
      },
      broken: (_, reason) => {
        throw new InputError(`cannot read the header: ${reason}`, this.file, 1);
      },
    });
    headerTokenizer.push(line);
    headerTokenizer.end();
    const { columns, missing, clashes } = mapHeader(headers);
    if (missing.length > 0) {
      const f = missing[0];
      throw new InputError(
        `no column for ${f} (looked for a header named ${synonymsOf(f).join(', ')}); found ${headers.map((h) => `'${h}'`).join(', ')}`,
        this.file,
        1,
      );
    }
    if (clashes.length > 0) {
      const c = clashes[0];
      throw new InputError(
        `columns '${c.first}' and '${c.second}' both read as ${c.field}; remove or rename one`,
        this.file,
        1,
      );
    }
    const width = headers.length;
    const entries = Object.entries(columns).filter(([, i]) => i >= 0) as [FieldName, number][];
    const { zone } = this.options;
    const rows = this.rows;
    this.tokenizer = new CsvTokenizer(
      delimiter,
      {
        record(fields, lineNo) {
          if (fields.length !== width) {
            rows.reject(lineNo, `has ${fields.length} fields, the header has ${width}`);
            return;
          }
          const raw: RawRow = {};
          for (const [name, i] of entries) raw[name] = fields[i];
          const r = parseRow(raw, lineNo, zone);
          if (r.ok) rows.add(r.row);
          else rows.reject(lineNo, r.reason);
        },
        broken(lineNo, reason) {
          rows.reject(lineNo, reason);
        },
      },
      2,
    );
    if (rest.length > 0) this.tokenizer.push(rest);
  }
}

/** JSON objects: keys are matched to canonical fields like CSV headers. */
function jsonSink(file: string, rows: FileRows, options: ReadOptions): JsonRecordSink {
  const keyCache = new Map<string, FieldName | null>();
  return {
    record(value, line) {
      if (value === null || typeof value !== 'object' || Array.isArray(value)) {
        rows.reject(line, 'not a JSON object');
        return;
      }
      const raw: RawRow = {};
      const seen: Partial<Record<FieldName, string>> = {};
      for (const key of Object.keys(value)) {
        let field = keyCache.get(key);
        if (field === undefined) {
          field = fieldOf(key);
          keyCache.set(key, field);
        }
        if (field === null) continue;
        if (seen[field] !== undefined) {
          rows.reject(line, `keys '${seen[field]}' and '${key}' both read as ${field}`);
          return;
        }
        seen[field] = key;
        const v = (value as Record<string, unknown>)[key];
        if (typeof v === 'string') raw[field] = v;
        else if (typeof v === 'number' && Number.isFinite(v)) raw[field] = String(v);
        else if (v !== null && v !== undefined && typeof v !== 'boolean') {
          rows.reject(line, `'${key}' is not a string or a number`);
          return;
        }
      }
      const r = parseRow(raw, line, options.zone);
      if (r.ok) rows.add(r.row);
      else rows.reject(line, r.reason);
    },
    broken(line, reason) {
      rows.reject(line, reason);
    },
    fatal(line, reason) {
      throw new InputError(reason, file, line);
    },
  };
}
