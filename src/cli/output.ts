// What every command shares: the output options (--format, --out, --limit, --locale) and their
// defaults, the style for a terminal, writing a report with back-pressure, and exit codes.
import { createWriteStream, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { Chalk } from 'chalk';
import { resolvedPath } from '../ingest/same-input.js';
import { describeSystemError, InputError, UsageError, WriteError } from '../model/errors.js';
import { visible } from '../render/visible.js';
import { PLAIN, RENDERERS, isFormat, type Format, type RenderContext, type Style } from '../render/index.js';
import type { Report } from '../report/report.js';
import { SECTIONS } from '../render/csv.js';

/**
 * Writes lines to stderr as `wa-audit: LINE`, every character that could drive or disguise the
 * terminal escaped (a line may quote the input). A closed stderr is not an error.
 */
export function say(...lines: string[]): void {
  process.stderr.write(lines.map((l) => `wa-audit: ${visible(l)}\n`).join(''));
}

/** Whether `writeAll` is writing to standard output (it then reports its own failures). */
let reportOnStdout = false;

/**
 * Standard output and error may close early (`| head`) or fail (a full disk) while anything is
 * written, help and version included: a closed reader ends output quietly and changes no exit
 * code; any other failure is one line and exit 2.
 */
export function guardStandardStreams(): void {
  let told = false;
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE' || told || reportOnStdout) return;
    told = true;
    say(`standard output: cannot write: ${describeSystemError(err)}`);
    process.exitCode = EXIT.usage;
  });
  process.stderr.on('error', () => {
    // Nowhere left to say anything.
  });
}

/** Exit codes (formats.md). */
export const EXIT = {
  /** Ran; no finding that --fail-on asked to fail on. */
  ok: 0,
  /** Ran; findings that --fail-on names. */
  findings: 1,
  /** Usage error, unreadable or unusable input, an unwritable report, or a rejection under --strict. */
  usage: 2,
} as const;

/** The findings `--fail-on` can name. */
export const FAIL_ON = ['violations', 'rejected', 'unclassified', 'unpriced'] as const;
export type FailOn = (typeof FAIL_ON)[number];

/** The exit code of a run whose report is `report`, failing on `failOn`. */
export function exitCodeOf(report: Report, failOn: readonly FailOn[]): number {
  const failed =
    (failOn.includes('violations') && report.summary.violations > 0) ||
    (failOn.includes('rejected') && report.input.rejected > 0) ||
    (failOn.includes('unclassified') && report.summary.unclassified > 0) ||
    (failOn.includes('unpriced') && report.summary.unpriced > 0);
  return failed ? EXIT.findings : EXIT.ok;
}

/** wa-audit's version, from its package.json. */
export const VERSION: string = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

/** Every default of the command line, declared once: help, parsing and docs read them here. */
export const DEFAULTS = {
  tz: 'UTC',
  serviceFreeTier: '1000',
  limit: '20',
  locale: 'en-US',
  format: { audit: 'table', merge: 'json' },
} as const satisfies { format: Record<string, Format> } & Record<string, unknown>;

export interface OutputOptions {
  readonly format: Format;
  /** A file; for CSV without `--section`, a folder (a file per list). */
  readonly out: string | null;
  readonly limit: number;
  readonly locale: string;
  /** CSV: the one list to write. */
  readonly section: string | null;
  /** CSV for Excel in Brazil. */
  readonly excel: boolean;
}

export function str(v: unknown): string | null {
  return typeof v === 'string' ? v : null;
}

/**
 * The locale the environment names (`LC_ALL`, then `LC_MESSAGES`, then `LANG`, as POSIX reads
 * them: `pt_BR.UTF-8` is `pt-BR`); null for none, `C` or `POSIX`.
 */
export function localeFromEnvironment(env: NodeJS.ProcessEnv): string | null {
  const name = [env.LC_ALL, env.LC_MESSAGES, env.LANG].find((v) => v !== undefined && v !== '');
  if (name === undefined) return null;
  const m = /^([a-z]{2,3})(?:_([A-Z]{2}))?/.exec(name);
  if (m === null || name === 'C' || name === 'POSIX') return null;
  return m[2] === undefined ? m[1] : `${m[1]}-${m[2]}`;
}

/** --format, --out, --limit and --locale, shared by every command that writes a report. */
export function parseOutputOptions(raw: Record<string, unknown>, defaultFormat: Format): OutputOptions {
  const limitText = str(raw.limit) ?? DEFAULTS.limit;
  const limit = Number(limitText);
  if (!/^\d+$/.test(limitText) || !Number.isSafeInteger(limit)) {
    throw new UsageError(`--limit: expected a whole number, got '${limitText}'`);
  }
  const locale = str(raw.locale) ?? localeFromEnvironment(process.env) ?? DEFAULTS.locale;
  let supported: string[] = [];
  try {
    supported = Intl.NumberFormat.supportedLocalesOf(locale);
  } catch {
    supported = [];
  }
  if (supported.length === 0) throw new UsageError(`--locale: unknown locale '${locale}'; try en-US or pt-BR`);
  const format = str(raw.format) ?? defaultFormat;
  if (!isFormat(format)) throw new UsageError(`--format: unknown format '${format}'`);
  const section = str(raw.section);
  const excel = raw.excel === true;
  const out = str(raw.out);
  if (format !== 'csv' && (section !== null || excel)) throw new UsageError(`${section !== null ? '--section' : '--excel'} is for --format csv`);
  if (section !== null && !(SECTIONS as readonly string[]).includes(section)) {
    throw new UsageError(`--section: unknown list '${section}'; choose from ${SECTIONS.join(', ')}`);
  }
  if (format === 'csv' && section === null && out === null) {
    throw new UsageError('--format csv writes a file per list: name a folder with --out DIR, or one list with --section NAME');
  }
  return { format, out, limit, locale, section, excel };
}

/** Colour only on a terminal, and never when NO_COLOR is set to anything (no-color.org). */
export function colourOn(stream: { readonly isTTY?: boolean }, env: NodeJS.ProcessEnv): boolean {
  const noColor = env.NO_COLOR;
  return stream.isTTY === true && (noColor === undefined || noColor === '');
}

function styleFor(enabled: boolean): Style {
  if (!enabled) return PLAIN;
  const c = new Chalk({ level: 1 });
  return { heading: c.bold, good: c.green, bad: c.red, dim: c.dim };
}

/** What the chosen format is given besides the report. */
export function renderContext(options: OutputOptions): RenderContext {
  const style = styleFor(options.out === null && colourOn(process.stdout, process.env) && options.format === 'table');
  return { style, locale: options.locale, limit: options.limit, section: options.section, excel: options.excel };
}

/** How many rows of each list the chosen format shows (null: all): the report keeps no more. */
export function rowsNeeded(options: OutputOptions): number | null {
  return RENDERERS[options.format].rowsNeeded(renderContext(options));
}

/**
 * Refuses an --out that names one of the inputs (the report would overwrite the log it is
 * read from), before anything is read. Paths are compared once resolved, links followed.
 */
export function checkOutNotInput(out: string | null, inputs: readonly string[]): void {
  if (out === null) return;
  const target = resolvedPath(out);
  const input = inputs.find((f) => f !== '-' && resolvedPath(f) === target);
  if (input !== undefined) {
    throw new UsageError(`--out ${out} names the input ${input}; write the report to another file`);
  }
}

/**
 * Renders a report to --out or standard output, in colour only for a terminal. A file is
 * written under a temporary name in its folder and renamed when complete, so that a failed
 * write (a full disk, a lost device) never leaves a partial report under the name asked for.
 */
export async function writeReport(report: Report, options: OutputOptions): Promise<void> {
  const renderer = RENDERERS[options.format];
  const ctx = renderContext(options);
  if (renderer.files !== undefined && options.section === null && options.out !== null) return writeFiles(options.out, renderer.files(report, ctx));
  await writeOut(renderer.render(report, ctx), options.out);
}

/** Files of a report (CSV, a file per list) into a folder, made when missing. */
export async function writeFiles(folder: string, files: readonly { name: string; chunks: Iterable<string> }[]): Promise<void> {
  try {
    mkdirSync(folder, { recursive: true });
  } catch (err) {
    throw new WriteError(`cannot make the folder for the report: ${describeSystemError(err)}`, folder);
  }
  for (const file of files) await writeFile(file.chunks, join(folder, file.name));
}

/** A small input file's text (a report to merge, an invoice, a mapping); unreadable is an input error naming it. */
export async function readInput(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    throw new InputError(`cannot read: ${describeSystemError(err)}`, file);
  }
}

/** Text (a command's whole output) to --out or standard output, as a report is written. */
export async function writeText(text: string, out: string | null): Promise<void> {
  await writeOut([text], out);
}

/** Chunks to --out (a file) or, without one, standard output. */
export async function writeOut(chunks: Iterable<string>, out: string | null): Promise<void> {
  if (out !== null) return writeFile(chunks, out);
  reportOnStdout = true;
  try {
    await writeAll(chunks, process.stdout, null);
  } finally {
    reportOnStdout = false;
  }
}

/** Chunks to a file, under a temporary name in its folder, renamed when complete. */
async function writeFile(chunks: Iterable<string>, target: string): Promise<void> {
  const temporary = join(dirname(target), `.${basename(target)}.${process.pid}.tmp`);
  try {
    await writeAll(chunks, createWriteStream(temporary, { highWaterMark: 1 << 22, flags: 'wx' }), target);
    renameSync(temporary, target);
  } catch (err) {
    rmSync(temporary, { force: true });
    if (err instanceof WriteError) throw err;
    throw new WriteError(`cannot write the report: ${describeSystemError(err)}`, target);
  }
}

/**
 * Writes chunks with back-pressure, so a large report neither fills memory nor is cut short.
 * A reader that goes away (EPIPE, as with `| head`) ends the writing quietly.
 */
export async function writeAll(chunks: Iterable<string>, stream: Writable, file: string | null): Promise<void> {
  let failure: Error | null = null;
  let closed = false;
  const onError = (err: NodeJS.ErrnoException): void => {
    if (err.code === 'EPIPE') closed = true;
    else failure ??= err;
  };
  stream.on('error', onError);
  // Making chunks overlaps writing them: while one batch is being written, the next is made.
  // Past twice the stream's high-water mark it waits for the batch in flight to be written, not
  // for all to drain (which would leave the file idle while the next chunks are made, and the
  // maker idle while they are written).
  const limit = 2 * stream.writableHighWaterMark;
  let wake: (() => void) | null = null;
  const progress = (): void => {
    const w = wake;
    wake = null;
    w?.();
  };
  stream.on('error', progress);
  stream.on('close', progress);
  try {
    for (const chunk of chunks) {
      if (failure || closed) break;
      stream.write(chunk, progress);
      if (stream.writableLength === 0) continue;
      // A turn of the event loop, so that a finished write starts the next at once.
      await new Promise<void>((resolve) => setImmediate(resolve));
      while (stream.writableLength >= limit && !failure && !closed && !stream.destroyed) {
        await new Promise<void>((resolve) => (wake = resolve));
      }
    }
  } finally {
    stream.off('error', progress);
    stream.off('close', progress);
  }
  // Wait until everything written has reached the file or the pipe: an error on the last
  // chunk (a full disk) is known only then.
  if (file !== null) {
    // Closed, not just finished: the error of the last write is emitted before 'close'.
    stream.end();
    await finished(stream).catch((err: NodeJS.ErrnoException) => onError(err));
  } else if (!failure && !closed) {
    await new Promise<void>((resolve) =>
      stream.write('', (err) => {
        if (err) onError(err);
        resolve();
      }),
    );
  }
  if (failure) {
    throw new WriteError(`cannot write the report: ${describeSystemError(failure)}`, file ?? 'standard output');
  }
}
