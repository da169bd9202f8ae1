// An RFC 4180 tokenizer built for speed on large exports: lines without a quote character are
// split with String.prototype.split; only records that contain quotes go through the
// character-level state machine. It keeps the physical line on which every record starts.
import { InputError } from '../model/errors.js';

export interface CsvSink {
  record(fields: string[], line: number): void;
  /**
   * Optional: offered every non-blank line first, in place. `done` when the sink took it,
   * `split` to have it split and passed to `record`, `quoted` when it holds a quote character.
   */
  line?(text: string, start: number, end: number, line: number): 'done' | 'split' | 'quoted';
  /** A record that cannot be read; the tokenizer resumes at the next line. */
  broken(line: number, reason: string, text: string): void;
}

/**
 * A quoted field may span lines, but a record may not span more than this many physical lines
 * or characters: past either bound its opening quote is taken as a stray one (docs/errors.md).
 */
export const MAX_RECORD_LINES = 100;
export const MAX_RECORD_CHARS = 64 * 1024;
const RUNAWAY = `broken quoting: a quoted field is still open after ${MAX_RECORD_LINES} lines or ${MAX_RECORD_CHARS / 1024} KiB; reading resumes at the next line`;
const UNCLOSED = 'broken quoting: a quoted field is still open at the end of the file; reading resumes at the next line';

const QUOTE = 34;
const LF = 10;
const CR = 13;

export class CsvTokenizer {
  private carry = '';
  /** Physical line number of the first character of `carry`. */
  private line = 1;
  private readonly delim: string;
  private readonly delimCode: number;

  constructor(
    delimiter: string,
    private readonly sink: CsvSink,
    firstLine = 1,
  ) {
    this.delim = delimiter;
    this.delimCode = delimiter.charCodeAt(0);
    this.line = firstLine;
  }

  push(chunk: string): void {
    let text = chunk;
    let from = 0;
    if (this.carry.length > 0) {
      // Finish the carried record with this chunk's first line, without concatenating the
      // whole chunk: V8's optimised string searches are very slow on concatenated strings.
      // Every text scanned is flat (never a slice or a concatenation), so that the scanning
      // code sees one kind of string.
      const nl = chunk.indexOf('\n');
      if (nl < 0) {
        this.carry = flat(this.carry + chunk);
        return;
      }
      const joined = flat(this.carry + chunk.slice(0, nl + 1));
      this.carry = '';
      const used = this.scan(joined, 0, false);
      if (used < joined.length) {
        // A quoted record that runs on past that line (rare): join it with the whole chunk.
        text = flat(joined.slice(used) + chunk.slice(nl + 1));
      } else from = nl + 1;
    }
    const pos = this.scan(text, from, false);
    this.carry = pos < text.length ? text.slice(pos) : '';
  }

  /**
   * The text not yet read (the start of a record that continues past what was pushed) and the
   * physical line where it starts: where another reader can take over.
   */
  pending(): { readonly text: string; readonly line: number } {
    return { text: this.carry, line: this.line };
  }

  end(): void {
    const text = this.carry;
    this.carry = '';
    if (text.length > 0) this.scan(flat(text), 0, true);
  }

  /** Emits every complete record in text from `pos`; returns where the incomplete rest starts. */
  private scan(text: string, pos: number, final: boolean): number {
    const n = text.length;
    while (pos < n) {
      let nl = text.indexOf('\n', pos);
      if (nl < 0) {
        if (!final) return pos;
        nl = n;
      }
      const end = nl > pos && text.charCodeAt(nl - 1) === CR ? nl - 1 : nl;
      if (this.sink.line !== undefined && end > pos) {
        const taken = this.sink.line(text, pos, end, this.line);
        if (taken !== 'quoted') {
          if (taken === 'split') this.sink.record(text.slice(pos, end).split(this.delim), this.line);
          this.line++;
          pos = nl + 1;
          continue;
        }
      }
      const line = text.slice(pos, end);
      if (line.indexOf('"') < 0) {
        if (end > pos) this.sink.record(line.split(this.delim), this.line);
        this.line++;
        pos = nl + 1;
        continue;
      }
      const next = this.quotedRecord(text, pos, final);
      if (next < 0) return pos;
      pos = next;
    }
    return pos;
  }

  /**
   * Reads one record that contains a quote character, starting at `start`. Returns the index
   * after its line end, or -1 when the record continues past the text (more input needed).
   */
  private quotedRecord(text: string, start: number, final: boolean): number {
    const fields: string[] = [];
    const n = text.length;
    const d = this.delimCode;
    let i = start;
    let newlines = 0;
    for (;;) {
      // At the start of a field.
      if (text.charCodeAt(i) === QUOTE) {
        let value = '';
        let from = i + 1;
        let j = from;
        for (;;) {
          const q = text.indexOf('"', j);
          const stop = q < 0 ? n : q;
          newlines += countLf(text, j, stop);
          if (newlines >= MAX_RECORD_LINES || stop - start > MAX_RECORD_CHARS) {
            const nl = text.indexOf('\n', start);
            if (nl < 0 && !final) return -1;
            return this.runaway(text, start, RUNAWAY);
          }
          if (q < 0) {
            if (!final) return -1;
            return this.runaway(text, start, UNCLOSED);
          }
          if (text.charCodeAt(q + 1) === QUOTE) {
            value += text.slice(from, q + 1);
            from = j = q + 2;
            continue;
          }
          if (q + 1 >= n && !final) return -1;
          value += text.slice(from, q);
          i = q + 1;
          break;
        }
        fields.push(value);
        const c = i < n ? text.charCodeAt(i) : LF;
        if (c === d) {
          i++;
          continue;
        }
        if (c === CR && (i + 1 >= n ? final : text.charCodeAt(i + 1) === LF)) {
          return this.done(fields, i + 2, newlines);
        }
        if (c === CR && i + 1 >= n) return -1;
        if (c === LF) return this.done(fields, i + 1, newlines);
        const nl = text.indexOf('\n', i);
        if (nl < 0 && !final) return -1;
        return this.runaway(text, start, 'broken quoting: a closing quote must be followed by a delimiter or the line end');
      }
      // An unquoted field: up to the delimiter or the line end; a quote inside it is literal.
      let j = i;
      while (j < n) {
        const c = text.charCodeAt(j);
        if (c === d || c === LF) break;
        j++;
      }
      if (j >= n && !final) return -1;
      const c = j < n ? text.charCodeAt(j) : LF;
      const end = c === LF && j > i && text.charCodeAt(j - 1) === CR ? j - 1 : j;
      fields.push(text.slice(i, end));
      if (c === d) {
        i = j + 1;
        continue;
      }
      return this.done(fields, j + 1, newlines);
    }
  }

  private done(fields: string[], next: number, newlines: number): number {
    this.sink.record(fields, this.line);
    this.line += newlines + 1;
    return next;
  }

  /**
   * A broken quote: the record is rejected at the line where it started, and reading resumes
   * at the next physical line, so that one stray quote costs one row, not the rest of the file.
   */
  private runaway(text: string, start: number, reason: string): number {
    const nl = text.indexOf('\n', start);
    const next = nl < 0 ? text.length : nl + 1;
    this.sink.broken(this.line, reason, text.slice(start, Math.min(next, start + 200)).replace(/\r?\n$/, ''));
    this.line++;
    return next;
  }
}

/** A flat copy of a concatenated string, so that searching it stays fast. */
export function flat(s: string): string {
  return Buffer.from(s, 'utf8').toString('utf8');
}

function countLf(text: string, from: number, to: number): number {
  let k = 0;
  let i = text.indexOf('\n', from);
  while (i >= 0 && i < to) {
    k++;
    i = text.indexOf('\n', i + 1);
  }
  return k;
}

/** The delimiter of a header line: the most frequent of `,` `;` tab `|` outside quotes. */
export function detectDelimiter(header: string): string {
  const counts = new Map<string, number>([
    [',', 0],
    [';', 0],
    ['\t', 0],
    ['|', 0],
  ]);
  let quoted = false;
  for (const ch of header) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && counts.has(ch)) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  }
  let best = ',';
  let bestCount = 0;
  for (const [ch, k] of counts) {
    if (k > bestCount) {
      best = ch;
      bestCount = k;
    }
  }
  return best;
}

/** A small CSV file (a rate card, a markets table, an invoice) as records, each with its line. */
export interface CsvRecord {
  readonly fields: string[];
  readonly line: number;
}

/**
 * Every record of a small CSV file's text (BOM dropped; the delimiter detected on its first
 * line unless given); broken quoting is an error at its line.
 */
export function csvRecords(file: string, text: string, delimiter?: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  eachCsvRecord(file, text, (fields, line) => void records.push({ fields, line }), delimiter);
  return records;
}

/**
 * The first `width` fields of every line after the header of a CSV text with no quotes at all
 * (`hasQuotes` is false), and how many fields the line has, without making a record of each:
 * the array is reused from line to line. Fields are as written (untrimmed); missing ones are
 * empty; empty lines are skipped.
 */
export function eachPlainLine(text: string, width: number, line: (fields: readonly string[], number: number, count: number) => void, delimiter?: string): void {
  const body = text.replace(/^\uFEFF/, '');
  const first = body.indexOf('\n');
  if (first < 0) return;
  const delim = delimiter ?? detectDelimiter(body.slice(0, first).replace(/\r$/, ''));
  const fields = new Array<string>(width).fill('');
  let n = 1;
  for (let start = first + 1; start < body.length; ) {
    let end = body.indexOf('\n', start);
    if (end < 0) end = body.length;
    n++;
    const stop = end > start && body.charCodeAt(end - 1) === 13 ? end - 1 : end;
    if (stop === start) {
      // An empty line is no record (as the tokenizer reads it).
      start = end + 1;
      continue;
    }
    let from = start;
    let count = 0;
    for (let k = 0; k < width; k++) {
      if (from > stop) {
        fields[k] = '';
        continue;
      }
      let to = body.indexOf(delim, from);
      if (to < 0 || to > stop) to = stop;
      fields[k] = body.slice(from, to);
      count++;
      from = to + 1;
    }
    // Fields beyond the first `width`, counted.
    for (let to = from - 1; to < stop && to >= 0; count++) {
      to = body.indexOf(delim, to + 1);
      if (to < 0 || to >= stop) to = stop;
    }
    line(fields, n, count);
    start = end + 1;
  }
}

/** Whether a CSV text quotes anything (then only the tokenizer reads it). */
export const hasQuotes = (text: string): boolean => text.includes('"');

/** `csvRecords` one record at a time, none kept (an invoice of a million lines is read twice so). */
export function eachCsvRecord(file: string, text: string, record: (fields: string[], line: number) => void, delimiter?: string): void {
  const body = text.replace(/^\uFEFF/, '');
  const nl = body.indexOf('\n');
  const first = (nl < 0 ? body : body.slice(0, nl)).replace(/\r$/, '');
  const tokenizer = new CsvTokenizer(
    delimiter ?? detectDelimiter(first),
    {
      record,
      broken: (line, reason) => {
        throw new InputError(`broken quoting: ${reason}`, file, line);
      },
    },
    1,
  );
  tokenizer.push(body);
  tokenizer.end();
}
