// readLog: byte sources in, one canonical log out. For each file: survey its bytes and decode
// them (`encoding.ts`: UTF-8, Windows-1252, UTF-16 with a byte order mark), detect the shape (CSV, JSON array, NDJSON; rows or
// Meta webhook bodies), read it with the adapter for that shape, then merge the files in
// argument order.
import { createReadStream, statSync } from 'node:fs';
import { basename } from 'node:path';
import { describeSystemError, InputError } from '../model/errors.js';
import type { Log } from '../model/log.js';
import { DATE_FORMATS, type DayOrder, type TimeZone } from '../model/time.js';
import { CsvTokenizer, detectDelimiter } from './csv.js';
import { readJsonArray, readNdjson, type JsonRecordSink } from './json.js';
import { jsonObject, stringifyJson } from './json-value.js';
import { FileRows, LogBuilder } from './log.js';
import { EMPTY_MAPPING, type Mapping } from './mapping.js';
import { isWebhookBody, webhookRows } from './meta.js';
import { NinthDigit } from './ninth-digit.js';
import { repeatedSources } from './same-input.js';
import type { CsvWorkerData } from './csv-worker.js';
import { ReaderThread, readerThreadAvailable } from './reader-thread.js';
import { BatchWriter, type CsvLayout, EVENT_PLAIN, EVENT_RECORD, lexCsv, type LexBatch } from './lex-batch.js';
import { compilePlan, isProblem, type Plan } from './plan.js';
import { type Decoding, decoderFor, decodingOf, type Encoding, type Survey, surveyBytes, surveyFile } from './encoding.js';
import { bytesDigest } from '../model/fingerprint.js';
import { parseRow, problem, type RawRow, type RowContext } from './rows.js';

/** The decodings a worker thread can read: one byte per character, or UTF-8. */
type ByteDecoding = Extract<Decoding, 'utf-8' | 'windows-1252' | 'ascii'>;

/** How many bytes `text` was in the file. */
function byteLengthIn(text: string, decoding: ByteDecoding): number {
  return decoding === 'utf-8' ? Buffer.byteLength(text, 'utf8') : text.length;
}

/**
 * A CSV file at least this large, read in place, is read by two threads (`ReadOptions.threads`
 * 'auto'): this one applies rows to the log while a worker thread (`csv-worker.ts`) reads and
 * lexes the lines ahead of it. Below it, starting the worker costs more than it saves.
 */
const TWO_THREADS_FROM = 32 << 20;

function twoThreads(source: InputSource, ctx: RowContext, options: ReadOptions): source is InputSource & { path: string; size: number } {
  return (
    ctx.inPlace &&
    source.path !== undefined &&
    source.size !== undefined &&
    (options.threads === 2 || ((options.threads ?? 'auto') === 'auto' && source.size >= TWO_THREADS_FROM)) &&
    readerThreadAvailable()
  );
}

/**
 * With two threads, the main thread reads the header and at least this many rows itself (the
 * rate at which rows come, to reserve room for the rest) before the worker takes over, or the
 * first HAND_OFF_BYTES at most; it reads in pieces of HAND_OFF_PIECE bytes until then.
 */
const HAND_OFF_ROWS = 1000;
const HAND_OFF_BYTES = 1 << 20;
const HAND_OFF_PIECE = 64 << 10;

/** A named stream of bytes: a file, standard input, or a buffer in a test. */
export interface InputSource {
  readonly name: string;
  /** Opens the bytes from the start; may be called again (to decode them another way). */
  open(): AsyncIterable<Uint8Array>;
  /** How many bytes there are, when known beforehand: the log then reserves room once. */
  readonly size?: number;
  /** The file it reads, when it is one (a large CSV file is then read by two threads). */
  readonly path?: string;
}

export function fileSource(path: string): InputSource {
  let size: number | undefined;
  try {
    const st = statSync(path);
    if (st.isFile()) size = st.size;
  } catch {
    // Opening it says why it cannot be read.
  }
  return { name: path, size, path, open: () => createReadStream(path, { highWaterMark: 1 << 20 }) };
}

export function bytesSource(name: string, bytes: Uint8Array): InputSource {
  return {
    name,
    size: bytes.byteLength,
    async *open() {
      yield bytes;
    },
  };
}

export function textSource(name: string, text: string): InputSource {
  return bytesSource(name, new TextEncoder().encode(text));
}

export interface ReadOptions {
  readonly zone: TimeZone;
  /** Day/month order of slash dates when the user settled it (`--date-format`). */
  readonly dayOrder: DayOrder | null;
  /** How columns become fields (`--map`, `--preset`); the canonical names and synonyms if absent. */
  readonly mapping?: Mapping;
  /** `--br-ninth-digit`: one contact for `55 DD 9XXXXXXXX` and `55 DD XXXXXXXX` mobiles. */
  readonly ninthDigit?: boolean;
  /** `--encoding`: how every file's bytes are decoded; by default each file's own survey decides. */
  readonly encoding?: Encoding | null;
  /**
   * Called with the SHA-256 of each input's bytes (`fingerprint.ts`), computed in the pass that
   * settles its encoding; absent, nothing is hashed.
   */
  readonly onDigest?: (index: number, sha256: string) => void;
  /** Called as bytes are read, for a progress indicator. */
  readonly onBytes?: (file: string, bytes: number) => void;
  /** Things the user should know that are not errors (a file read as Windows-1252). */
  readonly onNotice?: (file: string, message: string) => void;
  /**
   * Read plain rows of canonical CSV in place (the default). Off, every row takes the general
   * path; the outcome is the same, which a test checks.
   */
  readonly inPlace?: boolean;
  /**
   * 'auto' (the default): a canonical CSV file of 32 MiB or more is read by two threads. 1: every
   * file on this thread. 2: two threads for any such file with more after its first thousand rows.
   */
  readonly threads?: 1 | 2 | 'auto';
  /** Keep the index of message ids once the log is read (`reconcile` finds invoice lines' messages by id); let go by default. */
  readonly keepIds?: boolean;
}

export async function readLog(sources: readonly InputSource[], options: ReadOptions): Promise<Log> {
  const builder = new LogBuilder();
  const mapping = options.mapping ?? EMPTY_MAPPING;
  const ninth = options.ninthDigit ? new NinthDigit() : null;
  const ctx: RowContext = {
    zone: options.zone,
    inPlace: (options.inPlace ?? true) && ninth === null && mapping.names.length === 0,
    contactOf: ninth ? (c) => ninth.contactOf(c) : (c) => c,
  };
  const dayOrder = options.dayOrder ?? (mapping.dateFormat ? DATE_FORMATS[mapping.dateFormat] : null);
  const repeats = await repeatedSources(sources);
  const names = new Map<string, Set<string>>();
  for (const s of sources) names.set(basename(s.name), (names.get(basename(s.name)) ?? new Set()).add(s.name));
  const sharedBase = new Set([...names].filter(([, paths]) => paths.size > 1).map(([base]) => base));
  for (const [index, source] of sources.entries()) {
    // A made-up id (`FILE:LINE`) names the file by its base name, or by its path as given when
    // another input shares that base name (formats.md).
    const baseName = source.name === '-' ? 'stdin' : sharedBase.has(basename(source.name)) ? source.name : basename(source.name);
    const rows = new FileRows(source.name, builder, baseName, dayOrder, options.zone);
    await readSource(source, index, rows, mapping, ctx, options);
    rows.finish();
    const repeat = repeats.get(index);
    if (repeat !== undefined) {
      const first = sources[repeat.first].name;
      const same = repeat.samePath ? `is given twice (also as ${first})` : `has the same content as ${first}`;
      if (rows.withoutId > 0) {
        throw new InputError(
          `${same}; ${rows.withoutId} of its messages have no id, so they would be counted twice: give the file once`,
          source.name,
        );
      }
      options.onNotice?.(source.name, `${same}; every row has an id, so its rows merge with the first copy's as duplicates`);
    }
    if (rows.farDates > 0) {
      options.onNotice?.(
        source.name,
        `${rows.farDates} row(s) have a date before 2000 or after 2100 (the first at line ${rows.firstFarDate}); ` +
          'an epoch value in seconds read as milliseconds, or the reverse, reads so; they are audited as read',
      );
    }
    for (const [id, display] of rows.businessNumbers) builder.businessNumbers.set(id, display);
    if (rows.usable === 0) {
      const first = rows.firstRejection;
      if (first !== null && rows.missingOnly && rows.shape === 'JSON rows') {
        throw new InputError(
          `unknown shape: not canonical JSON rows (${first.reason}, line ${first.line}), and not a Meta webhook dump (no "object": "whatsapp_business_account"); other exports need --preset or --map (see the README)`,
          source.name,
        );
      }
      const why =
        first !== null
          ? `all ${rows.rowCount} rows rejected, the first at line ${first.line}: ${first.reason}`
          : 'it has no data rows';
      throw new InputError(`no usable rows: ${why}`, source.name);
    }
  }
  return builder.build(
    sources.map((s) => s.name),
    ninth?.merges() ?? null,
    options.keepIds === true,
  );
}

interface Adapter {
  push(text: string): void;
  end(): void;
}

async function readSource(source: InputSource, index: number, rows: FileRows, mapping: Mapping, ctx: RowContext, options: ReadOptions): Promise<void> {
  // A file that may be read by two threads starts the worker now, so that its start overlaps
  // the survey; it is stopped once the file is read, whether it was used or not.
  const thread = twoThreads(source, ctx, options) ? new ReaderThread() : null;
  try {
    // Rows flow into the log as they are read, so the encoding is settled before reading.
    const digest = options.onDigest === undefined ? null : bytesDigest();
    const given = options.encoding ?? null;
    const survey =
      source.path !== undefined
        ? surveyFile(source.path, source.name, given, digest)
        : await surveyBytes(() => source.open(), source.name, given, digest);
    if (digest !== null) options.onDigest?.(index, digest.hex());
    if (survey.encoding === 'windows-1252' && options.encoding == null) {
      options.onNotice?.(source.name, 'not valid UTF-8, and no UTF-8 character anywhere: read as Windows-1252 (the usual encoding of Excel exports); pass --encoding utf-8 to read it as UTF-8');
    }
    if (survey.invalid > 0) {
      options.onNotice?.(
        source.name,
        `${survey.invalid} byte sequence(s) are not valid UTF-8 in a file read as UTF-8: the rows whose values hold them are rejected (bad_encoding); if the file is Windows-1252, pass --encoding windows-1252`,
      );
    }
    // Rows that may hold a NUL or an undecodable byte take the general path, which checks them.
    const suspect = survey.nul || survey.invalid > 0 ? { nul: survey.nul, replacement: survey.invalid > 0 } : null;
    const fileCtx: RowContext = suspect === null ? ctx : { ...ctx, inPlace: false, suspect };
    await decodeAndRead(source, survey, rows, mapping, fileCtx, options, thread);
  } finally {
    await thread?.stop();
  }
}

async function decodeAndRead(
  source: InputSource,
  survey: Survey,
  rows: FileRows,
  mapping: Mapping,
  ctx: RowContext,
  options: ReadOptions,
  thread: ReaderThread | null,
): Promise<void> {
  const { crOnly } = survey;
  const decoding = decodingOf(survey);
  const decoder = decoderFor(decoding);
  let adapter: Adapter | null = null;
  let head = '';
  let bytes = 0;
  const feed = (decoded: string): void => {
    // Lines that end in CR alone are lines all the same.
    let text = crOnly ? decoded.replaceAll('\r', '\n') : decoded;
    if (adapter === null) {
      head += text;
      const shape = detectShape(head);
      if (shape === null) return;
      adapter = makeAdapter(shape, source.name, rows, mapping, ctx);
      text = head;
      head = '';
    }
    adapter.push(text);
  };
  // The adapter as it is now (the closure above sets it).
  const current = (): Adapter | null => adapter;
  const before = rows.store.count;
  let reserved = false;
  // Room for the rest of the file at the rate of its first rows, reserved once.
  const reserve = (): void => {
    if (reserved || source.size === undefined || rows.store.count - before < HAND_OFF_ROWS) return;
    rows.store.reserve(Math.ceil(((source.size - bytes) * (rows.store.count - before) * 1.03) / bytes));
    reserved = true;
  };
  let parallel = thread !== null && ctx.inPlace && decoding !== 'utf-16le' && decoding !== 'utf-16be' && !crOnly;
  let decoded = 0;
  let handOff: { readonly byte: number; readonly line: number } | null = null;
  try {
    read: for await (const chunk of source.open()) {
      // Until a worker takes over, in pieces: it takes over as soon as the first rows are read.
      for (let at = 0; at < chunk.byteLength; ) {
        const piece = parallel && chunk.byteLength > HAND_OFF_PIECE ? chunk.subarray(at, at + HAND_OFF_PIECE) : chunk.subarray(at);
        at += piece.byteLength;
        if (parallel) decoded += bytes === 0 && decoding === 'utf-8' && startsWithBom(piece) ? 3 : 0;
        bytes += piece.byteLength;
        options.onBytes?.(source.name, bytes);
        const text = decoder.decode(piece, { stream: true });
        feed(text);
        const csv = current();
        if (parallel && csv !== null && !(csv instanceof CsvAdapter)) parallel = false;
        if (!parallel) {
          reserve();
          continue;
        }
        decoded += byteLengthIn(text, decoding as ByteDecoding);
        if (csv instanceof CsvAdapter && bytes < (source.size as number) && (rows.store.count - before >= HAND_OFF_ROWS || bytes >= HAND_OFF_BYTES)) {
          handOff = csv.handOffPoint(decoded, decoding as ByteDecoding);
          if (handOff !== null) break read;
        }
      }
    }
    if (handOff === null) feed(decoder.decode());
  } catch (err) {
    if (err instanceof InputError) throw err;
    throw new InputError(`cannot read: ${describeSystemError(err)}`, source.name);
  }
  const csv = current();
  if (handOff !== null && thread !== null && csv instanceof CsvAdapter) {
    // The room is reserved while the worker lexes its first batch.
    await csv.continueInWorker(thread, source.path as string, handOff, decoding as ByteDecoding, (b) => options.onBytes?.(source.name, b), reserve);
  }
  if (adapter === null) throw new InputError('the file is empty', source.name);
  (adapter as Adapter).end();
}

function startsWithBom(chunk: Uint8Array): boolean {
  return chunk.byteLength >= 3 && chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf;
}

type Shape = 'csv' | 'json-array' | 'ndjson';

/** The shape from the first non-blank character; null until one has arrived. */
function detectShape(head: string): Shape | null {
  for (let i = 0; i < head.length; i++) {
    const c = head[i];
    if (c === ' ' || c === '\t' || c === '\r' || c === '\n' || c === '\uFEFF') continue;
    if (c === '[') return 'json-array';
    if (c === '{') return 'ndjson';
    return 'csv';
  }
  return null;
}

function makeAdapter(shape: Shape, file: string, rows: FileRows, mapping: Mapping, ctx: RowContext): Adapter {
  if (shape === 'csv') {
    if (mapping.adapter === 'meta-webhook') {
      throw new InputError('a CSV file, but the meta-webhook preset reads JSON or NDJSON webhook dumps', file, 1);
    }
    return new CsvAdapter(file, rows, mapping, ctx);
  }
  const sink = jsonSink(file, rows, mapping, ctx);
  return shape === 'ndjson' ? readNdjson(sink) : readJsonArray(sink);
}

/** What a CSV header that names no canonical columns may be instead. */
function shapeHint(headers: readonly string[]): string {
  const has = (...names: string[]): boolean =>
    names.every((n) => headers.some((h) => h.trim().toLowerCase() === n.toLowerCase()));
  if (has('Sid', 'From', 'To', 'Direction', 'SentDate')) return '; this looks like a Twilio export: add --preset twilio';
  if (has('Sentido', 'Data', 'Hora')) return '; this looks like a helpdesk export: try --preset br-helpdesk';
  return '; other exports need --preset or --map (see the README)';
}

/** CSV: an optional Excel `sep=X` line, then the header, which names the columns. */
class CsvAdapter implements Adapter {
  private tokenizer: CsvTokenizer | null = null;
  /** What the tokenizer lexes, applied to the log after each piece of text. */
  private readonly batch = new BatchWriter();
  private pending = '';
  private headerLine = 1;
  private delimiter: string | null = null;
  private layout: CsvLayout | null = null;
  private plan: Plan | null = null;
  /** The rest of the file went to a worker thread, which read it to the end. */
  private handedOff = false;

  constructor(
    private readonly file: string,
    private readonly rows: FileRows,
    private readonly mapping: Mapping,
    private readonly ctx: RowContext,
  ) {}

  push(text: string): void {
    if (this.tokenizer !== null) {
      this.tokenizer.push(text);
      this.applyLexed();
      return;
    }
    this.pending += text;
    for (;;) {
      const nl = this.pending.indexOf('\n');
      if (nl < 0) return;
      const line = this.pending.slice(0, nl);
      const rest = this.pending.slice(nl + 1);
      const sep = /^\uFEFF?sep=(.)\r?$/i.exec(line);
      if (sep && this.delimiter === null) {
        this.delimiter = sep[1];
        this.headerLine++;
        this.pending = rest;
        continue;
      }
      this.start(line, rest);
      return;
    }
  }

  end(): void {
    if (this.handedOff) return;
    if (this.tokenizer === null) {
      if (this.pending.trim() === '') throw new InputError('no header line', this.file, this.headerLine);
      this.start(this.pending, '');
    }
    this.tokenizer?.end();
    this.applyLexed();
  }

  private applyLexed(): void {
    if (this.batch.size === 0) return;
    this.apply(this.batch.peek(0));
    this.batch.clear();
  }

  private start(headerLine: string, rest: string): void {
    this.pending = '';
    const line = headerLine.replace(/^\uFEFF/, '').replace(/\r$/, '');
    const delimiter = this.delimiter ?? detectDelimiter(line);
    let headers: string[] = [];
    const headerTokenizer = new CsvTokenizer(delimiter, {
      record: (fields) => {
        headers = fields;
      },
      broken: (_, reason) => {
        throw new InputError(`cannot read the header: ${reason}`, this.file, this.headerLine);
      },
    });
    headerTokenizer.push(line);
    headerTokenizer.end();
    const compiled = compilePlan(this.mapping, headers, false);
    if ('error' in compiled) {
      const canonical = this.mapping.names.length === 0 && compiled.kind === 'missing';
      throw new InputError(
        canonical
          ? `unknown shape: not a canonical CSV log (${compiled.error}), and not JSON or NDJSON${shapeHint(headers)}`
          : compiled.error,
        this.file,
        this.headerLine,
      );
    }
    this.plan = compiled.plan;
    this.layout = { delimiter, columns: compiled.plan.columns, width: headers.length };
    this.tokenizer = lexCsv(this.batch, this.layout, this.headerLine + 1, this.ctx.inPlace);
    if (rest.length > 0) this.push(rest);
  }

  private record(fields: string[], lineNo: number): void {
    const { width, delimiter } = this.layout as CsvLayout;
    if (fields.length !== width) {
      const p = problem('field_count', `has ${fields.length} fields, the header has ${width}`, fields.join(delimiter));
      this.rows.reject(lineNo, null, p);
      return;
    }
    const raw = (this.plan as Plan).toRaw(fields);
    if (isProblem(raw)) return this.rows.reject(lineNo, null, raw);
    const r = parseRow(raw, lineNo, null, this.ctx);
    if (r.ok) this.rows.add(r.row);
    else this.rows.reject(lineNo, null, r);
  }

  private broken(lineNo: number, reason: string, text: string): void {
    this.rows.reject(lineNo, null, problem('bad_quoting', reason, text));
  }

  /**
   * Where a worker thread could take over reading (once the header is read), given the bytes
   * decoded so far; null before that.
   */
  handOffPoint(decodedBytes: number, decoding: ByteDecoding): { readonly byte: number; readonly line: number } | null {
    if (this.tokenizer === null) return null;
    const { text, line } = this.tokenizer.pending();
    return { byte: decodedBytes - byteLengthIn(text, decoding), line };
  }

  /**
   * Has `thread` read the rest of the file, from `from`, and applies what it lexes; `started`
   * runs once the thread has been told to begin.
   */
  continueInWorker(
    thread: ReaderThread,
    path: string,
    from: { readonly byte: number; readonly line: number },
    decoding: ByteDecoding,
    onBytes: (bytes: number) => void,
    started: () => void,
  ): Promise<void> {
    this.handedOff = true;
    const data: CsvWorkerData = { path, start: from.byte, line: from.line, decoding, layout: this.layout as CsvLayout };
    const apply = (batch: LexBatch): void => {
      this.apply(batch);
      onBytes(batch.bytes);
    };
    return thread.read(data, this.file, apply, started);
  }

  /** A lexed batch, wherever it was lexed: its events in line order. */
  private apply(batch: LexBatch): void {
    const store = this.rows.store;
    const strings = Int32Array.from(batch.strings, (s) => store.strings.id(s));
    let record = 0;
    let broken = 0;
    const events = batch.event;
    for (let i = 0; i < batch.count; i++) {
      const event = events[i];
      if (event === EVENT_PLAIN) {
        // A run of plain rows goes in one call.
        let j = i + 1;
        while (j < batch.count && events[j] === EVENT_PLAIN) j++;
        this.rows.addLexed(batch, i, j, strings);
        i = j - 1;
      } else if (event === EVENT_RECORD) this.record(batch.records[record++], batch.line[i]);
      else {
        const [reason, text] = batch.broken[broken++];
        this.broken(batch.line[i], reason, text);
      }
    }
  }
}

/** JSON objects (array elements or NDJSON lines): canonical rows, or Meta webhook bodies. */
function jsonSink(file: string, rows: FileRows, mapping: Mapping, ctx: RowContext): JsonRecordSink {
  const plans = new Map<string, Plan | string>();
  let webhook: boolean | null = null;
  if (mapping.adapter === 'meta-webhook') {
    webhook = true;
    rows.shape = 'Meta webhook dump';
  }
  const add = (raw: RawRow, line: number, pointer: string | null): void => {
    const r = parseRow(raw, line, pointer, ctx);
    if (r.ok) rows.add(r.row);
    else rows.reject(line, pointer, r);
  };
  return {
    record(value, line, pointer) {
      if (webhook === null) {
        webhook = isWebhookBody(value);
        rows.shape = webhook ? 'Meta webhook dump' : 'JSON rows';
      }
      if (webhook) {
        webhookRows(value, pointer, {
          row: (raw, at) => add(raw, line, at),
          businessNumber: (id, display) => rows.businessNumbers.set(id, display),
          reject: (p, at) => rows.reject(line, at, p),
        });
        return;
      }
      const obj = jsonObject(value);
      if (obj === null) {
        rows.reject(line, pointer || null, problem('not_an_object', 'not a JSON object', stringifyJson(value)));
        return;
      }
      const keys = Object.keys(obj);
      const signature = keys.join('\u0000');
      let plan = plans.get(signature);
      if (plan === undefined) {
        const compiled = compilePlan(mapping, keys, true);
        plan = 'error' in compiled ? compiled.error : compiled.plan;
        plans.set(signature, plan);
      }
      if (typeof plan === 'string') {
        rows.reject(line, pointer || null, problem('bad_value', plan, null));
        return;
      }
      const raw = plan.toRaw(keys.map((k) => obj[k]));
      if (isProblem(raw)) rows.reject(line, pointer || null, raw);
      else add(raw, line, pointer || null);
    },
    broken(line, pointer, code, reason, text) {
      rows.reject(line, pointer || null, problem(code, reason, text));
    },
    fatal(line, reason) {
      throw new InputError(reason, file, line);
    },
  };
}
