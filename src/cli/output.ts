// What every command shares: the output options (--format, --out, --limit, --locale) and their
// defaults, the style for a terminal, writing a report with back-pressure, and exit codes.
import { createWriteStream } from 'node:fs';
import type { Writable } from 'node:stream';
import { Chalk } from 'chalk';
import { describeSystemError, UsageError, WriteError } from '../model/errors.js';
import { PLAIN, RENDERERS, isFormat, type Format, type RenderContext, type Style } from '../render/index.js';
import type { Report } from '../report/report.js';

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
export const FAIL_ON = ['violations', 'rejected'] as const;
export type FailOn = (typeof FAIL_ON)[number];

/** The exit code of a run whose report is `report`, failing on `failOn`. */
export function exitCodeOf(report: Report, failOn: readonly FailOn[]): number {
  const failed =
    (failOn.includes('violations') && report.summary.violations > 0) ||
    (failOn.includes('rejected') && report.input.rejected > 0);
  return failed ? EXIT.findings : EXIT.ok;
}

/** Every default of the command line, declared once: help, parsing and docs read them here. */
export const DEFAULTS = {
  tz: 'UTC',
  limit: '20',
  locale: 'en-US',
  format: { audit: 'table', merge: 'json' },
} as const satisfies { format: Record<string, Format> } & Record<string, unknown>;

export interface OutputOptions {
  readonly format: Format;
  readonly out: string | null;
  readonly limit: number;
  readonly locale: string;
}

export function str(v: unknown): string | null {
  return typeof v === 'string' ? v : null;
}

/** --format, --out, --limit and --locale, shared by every command that writes a report. */
export function parseOutputOptions(raw: Record<string, unknown>, defaultFormat: Format): OutputOptions {
  const limitText = str(raw.limit) ?? DEFAULTS.limit;
  const limit = Number(limitText);
  if (!/^\d+$/.test(limitText) || !Number.isSafeInteger(limit)) {
    throw new UsageError(`--limit: expected a whole number, got '${limitText}'`);
  }
  const locale = str(raw.locale) ?? DEFAULTS.locale;
  let supported: string[] = [];
  try {
    supported = Intl.NumberFormat.supportedLocalesOf(locale);
  } catch {
    supported = [];
  }
  if (supported.length === 0) throw new UsageError(`--locale: unknown locale '${locale}'; try en-US or pt-BR`);
  const format = str(raw.format) ?? defaultFormat;
  if (!isFormat(format)) throw new UsageError(`--format: unknown format '${format}'`);
  return { format, out: str(raw.out), limit, locale };
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
  return { style, locale: options.locale, limit: options.limit };
}

/** How many rows of each list the chosen format shows (null: all): the report keeps no more. */
export function rowsNeeded(options: OutputOptions): number | null {
  return RENDERERS[options.format].rowsNeeded(renderContext(options));
}

/** Renders a report to --out or standard output, in colour only for a terminal. */
export async function writeReport(report: Report, options: OutputOptions): Promise<void> {
  const target = options.out;
  const stream: Writable = target === null ? process.stdout : createWriteStream(target, { highWaterMark: 1 << 22 });
  await writeAll(RENDERERS[options.format].render(report, renderContext(options)), stream, target);
}

/**
 * Writes chunks with back-pressure, so a large report neither fills memory nor is cut short.
 * A reader that goes away (EPIPE, as with `| head`) ends the writing quietly.
 */
async function writeAll(chunks: Iterable<string>, stream: Writable, file: string | null): Promise<void> {
  let failure: Error | null = null;
  let closed = false;
  const onError = (err: NodeJS.ErrnoException): void => {
    if (err.code === 'EPIPE') closed = true;
    else failure = err;
  };
  stream.on('error', onError);
  const settle = (): Promise<void> =>
    new Promise((resolve) => {
      if (failure || closed) return resolve();
      const done = (): void => {
        stream.off('drain', done);
        stream.off('error', done);
        stream.off('close', done);
        resolve();
      };
      stream.on('drain', done);
      stream.on('error', done);
      stream.on('close', done);
    });
  for (const chunk of chunks) {
    if (failure || closed) break;
    if (!stream.write(chunk)) await settle();
  }
  if (file !== null) {
    await new Promise<void>((resolve) => {
      if (failure) return resolve();
      stream.end(() => resolve());
    });
  }
  if (failure) {
    throw new WriteError(`cannot write the report: ${describeSystemError(failure)}`, file ?? 'standard output');
  }
}
