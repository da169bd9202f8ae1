// What a file's bytes are, settled before its rows are read (rows flow into the log as they are
// read): the encoding, whether some bytes cannot be trusted (a few invalid UTF-8 sequences in a
// UTF-8 file, NUL bytes), and the line ending. One pass with native scans (`isUtf8`, `isAscii`,
// `indexOf`); a chunk is walked byte by byte only where it is not valid UTF-8.
import { isAscii, isUtf8 } from 'node:buffer';
import { closeSync, openSync, readSync } from 'node:fs';
import { InputError } from '../model/errors.js';

export const ENCODINGS = ['utf-8', 'windows-1252', 'utf-16le', 'utf-16be'] as const;
export type Encoding = (typeof ENCODINGS)[number];

export const ENCODING_HINT = 'pass --encoding utf-8, windows-1252, utf-16le or utf-16be';

export interface Survey {
  readonly encoding: Encoding;
  /** Invalid UTF-8 sequences in a file read as UTF-8 anyway (it is UTF-8 elsewhere, or --encoding says so). */
  readonly invalid: number;
  /** Whether the text holds NUL characters. */
  readonly nul: boolean;
  /** Lines end in CR alone (old Mac exports): read as if they ended in LF. */
  readonly crOnly: boolean;
  /**
   * Every byte is ASCII (in a file read as UTF-8 or Windows-1252): the text is then decoded as
   * Latin-1, a plain copy several times faster than decoding UTF-8, which gives the same text.
   */
  readonly ascii: boolean;
}

/** How a file's bytes become text: its encoding, or 'ascii' for a file of ASCII bytes only. */
export type Decoding = Encoding | 'ascii';

export interface BytesDecoder {
  /** The text of `bytes` (a sequence cut at the end is kept for the next call when `stream`); no bytes: the rest. */
  decode(bytes?: Uint8Array, options?: { stream?: boolean }): string;
}

/** Bytes below 0x80 are the same characters in Latin-1, UTF-8 and Windows-1252. */
const ASCII_DECODER: BytesDecoder = {
  decode: (bytes) => (bytes === undefined ? '' : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1')),
};

export function decoderFor(decoding: Decoding): BytesDecoder {
  return decoding === 'ascii' ? ASCII_DECODER : new TextDecoder(decoding);
}

/** How the survey says to decode a file. */
export function decodingOf(survey: Survey): Decoding {
  return survey.ascii ? 'ascii' : survey.encoding;
}

/** Formats that are not text exports, by their first bytes. */
const MAGIC: readonly (readonly [string, readonly number[]])[] = [
  ['a ZIP archive: an .xlsx workbook?', [0x50, 0x4b, 0x03, 0x04]],
  ['a PNG image', [0x89, 0x50, 0x4e, 0x47]],
  ['a JPEG image', [0xff, 0xd8, 0xff]],
  ['a gzip archive', [0x1f, 0x8b]],
  ['a PDF document', [0x25, 0x50, 0x44, 0x46]],
  ['an .xls workbook', [0xd0, 0xcf, 0x11, 0xe0]],
];

/** The byte order mark's encoding, or null. */
function bomEncoding(head: Uint8Array): Encoding | null {
  if (head.length >= 2 && head[0] === 0xff && head[1] === 0xfe) return 'utf-16le';
  if (head.length >= 2 && head[0] === 0xfe && head[1] === 0xff) return 'utf-16be';
  return null;
}

/** Refuses a file that is not text: a known binary format, or NUL bytes in a tenth of its first block. */
function refuseBinary(head: Uint8Array, file: string): void {
  for (const [what, magic] of MAGIC) {
    if (magic.every((b, i) => head[i] === b)) throw new InputError(`a binary file (${what}), not a text export (CSV, JSON or NDJSON)`, file);
  }
  const n = Math.min(head.byteLength, 65_536);
  let nul = 0;
  for (let i = 0; i < n; i++) if (head[i] === 0) nul++;
  if (nul * 10 > n) {
    throw new InputError(`a binary file, not a text export (CSV, JSON or NDJSON); if it is UTF-16 text without a byte order mark, pass --encoding utf-16le (or utf-16be)`, file);
  }
}

/**
 * Surveys the bytes of `open()` (`surveyFile`: of a file, read synchronously). `given` is `--encoding` (null: decide). Without it: a UTF-16
 * byte order mark decides; valid UTF-8 is UTF-8; bytes that are not UTF-8 in a file that holds
 * no valid multi-byte UTF-8 sequence are Windows-1252 (Excel's usual export); a file that holds
 * both is UTF-8 with some invalid bytes, whose rows are rejected (`invalid`).
 */
export async function surveyBytes(
  open: () => AsyncIterable<Uint8Array>,
  file: string,
  given: Encoding | null,
  digest: Digest | null = null,
): Promise<Survey> {
  const scan = new Scan(file, given, digest);
  let complete = false;
  try {
    for await (const chunk of open()) scan.add(chunk);
    complete = true;
  } catch (err) {
    if (err instanceof InputError) throw err;
    // Unreadable: the real read says why.
  }
  return scan.finish(complete);
}

/**
 * `surveyBytes` of a file, read synchronously into one buffer: the survey reads the whole file
 * before any row, with nothing else to do meanwhile, and a stream's fresh buffer a chunk and its
 * first, unoptimised run cost a large file several times the read itself.
 */
export function surveyFile(path: string, file: string, given: Encoding | null, digest: Digest | null = null): Survey {
  const scan = new Scan(file, given, digest);
  let complete = false;
  let fd: number | null = null;
  try {
    fd = openSync(path, 'r');
    const buffer = Buffer.allocUnsafe(1 << 20);
    for (let n = readSync(fd, buffer); n > 0; n = readSync(fd, buffer)) scan.add(buffer.subarray(0, n));
    complete = true;
  } catch (err) {
    if (err instanceof InputError) throw err;
    // Unreadable: the real read says why.
  } finally {
    if (fd !== null) closeSync(fd);
  }
  return scan.finish(complete);
}

interface Digest {
  update(bytes: Uint8Array): void;
}

/** The survey, a chunk at a time; a chunk is not kept after `add` (its buffer may be reused). */
class Scan {
  private readonly s = { invalid: 0, multibyte: false, nul: false, cr: false, lf: false, nonAscii: false };
  /** The start of a sequence the last chunk cut short (a copy). */
  private carry: Uint8Array = new Uint8Array(0);
  private first = true;
  private encoding: Encoding | null;
  private decoder: InstanceType<typeof TextDecoder> | null = null;

  constructor(
    private readonly file: string,
    given: Encoding | null,
    private readonly digest: Digest | null,
  ) {
    this.encoding = given;
  }

  add(chunk: Uint8Array): void {
    const s = this.s;
    this.digest?.update(chunk);
    if (this.first) {
      this.encoding ??= bomEncoding(chunk);
      if (this.encoding !== 'utf-16le' && this.encoding !== 'utf-16be') refuseBinary(chunk, this.file);
      else this.decoder = new TextDecoder(this.encoding);
      this.first = false;
    }
    if (this.decoder !== null) {
      scanText(this.decoder.decode(chunk, { stream: true }), s);
      return;
    }
    if (!s.nul && chunk.indexOf(0) >= 0) s.nul = true;
    if (!s.lf && chunk.indexOf(0x0a) >= 0) s.lf = true;
    // A CR only matters in a file with no LF (its lines end in CR alone).
    if (!s.cr && !s.lf && chunk.indexOf(0x0d) >= 0) s.cr = true;
    if (this.encoding === 'windows-1252') {
      s.nonAscii ||= !isAscii(chunk);
      return;
    }
    const bytes = this.carry.length === 0 ? chunk : Buffer.concat([this.carry, chunk]);
    const end = completeEnd(bytes);
    const whole = bytes.subarray(0, end);
    // ASCII is valid UTF-8 with nothing to note: one scan for the common file.
    if (!isAscii(whole)) {
      s.nonAscii = true;
      if (isUtf8(whole)) s.multibyte = true;
      else walkUtf8(whole, s);
    }
    // A copy: the chunk's buffer may be read into again.
    this.carry = Uint8Array.prototype.slice.call(bytes, end);
  }

  /** `complete`: every byte was read (a file whose reading failed midway is not known to be ASCII). */
  finish(complete: boolean): Survey {
    const s = this.s;
    if (this.decoder !== null) scanText(this.decoder.decode(), s);
    else if (this.carry.length > 0) {
      walkUtf8(this.carry, s);
      s.nonAscii = true;
    }
    const encoding = this.encoding ?? (s.invalid > 0 && !s.multibyte ? 'windows-1252' : 'utf-8');
    const ascii = complete && this.decoder === null && !s.nonAscii;
    return { encoding, invalid: encoding === 'utf-8' ? s.invalid : 0, nul: s.nul, crOnly: s.cr && !s.lf, ascii };
  }
}

function scanText(text: string, s: { nul: boolean; cr: boolean; lf: boolean }): void {
  if (!s.nul && text.indexOf('\0') >= 0) s.nul = true;
  if (!s.lf && text.indexOf('\n') >= 0) s.lf = true;
  if (!s.cr && text.indexOf('\r') >= 0) s.cr = true;
}

/** Where the last sequence of `bytes` starts if it may be cut short by the chunk's end. */
function completeEnd(bytes: Uint8Array): number {
  for (let k = 1; k <= 3 && k <= bytes.length; k++) {
    const b = bytes[bytes.length - k];
    if ((b & 0xc0) === 0xc0) return bytes.length - k;
    if ((b & 0x80) === 0) break;
  }
  return bytes.length;
}

/** Counts invalid sequences (as the WHATWG decoder replaces them) and notes valid multi-byte ones. */
function walkUtf8(b: Uint8Array, s: { invalid: number; multibyte: boolean }): void {
  let i = 0;
  while (i < b.length) {
    const c = b[i];
    if (c < 0x80) {
      i++;
      continue;
    }
    const n = c >= 0xc2 && c <= 0xdf ? 1 : c >= 0xe0 && c <= 0xef ? 2 : c >= 0xf0 && c <= 0xf4 ? 3 : -1;
    let ok = n > 0 && i + n < b.length;
    if (ok) {
      const lo = c === 0xe0 ? 0xa0 : c === 0xf0 ? 0x90 : 0x80;
      const hi = c === 0xed ? 0x9f : c === 0xf4 ? 0x8f : 0xbf;
      if (b[i + 1] < lo || b[i + 1] > hi) ok = false;
      for (let k = 2; ok && k <= n; k++) if ((b[i + k] & 0xc0) !== 0x80) ok = false;
    }
    if (ok) {
      s.multibyte = true;
      i += n + 1;
    } else {
      s.invalid++;
      i++;
    }
  }
}
