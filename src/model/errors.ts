// The one catalogue of errors that stop a run. Exceptions are for "cannot continue"; findings
// and rejected rows are data. Every error carries a code from ERROR_CODES (docs/errors.md lists
// them with an example each); only src/cli turns them into text and exit codes.

export const ERROR_CODES = {
  usage: 'a command line that cannot be carried out (an unknown option value, a bad period)',
  input: 'input that cannot be used at all: an unreadable file, an unknown shape, a file with no usable rows',
  mapping: 'a mapping file or preset that cannot be used; every problem is listed with its path in the file',
  write: 'the report could not be written (a full disk, a missing folder, no permission)',
  internal: 'a fault of wa-audit itself, never of the input: please report it',
} as const;
export type ErrorCode = keyof typeof ERROR_CODES;

/** An error that stops a run, with its code and, where it has one, the file and line at fault. */
export class WaAuditError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly file?: string,
    readonly line?: number,
  ) {
    super(message);
    this.name = 'WaAuditError';
  }

  /** The lines a person reads: `FILE[:LINE]: message`. */
  lines(): string[] {
    const where = this.file === undefined ? '' : this.line === undefined ? `${this.file}: ` : `${this.file}:${this.line}: `;
    return [`${where}${this.message}`];
  }
}

/** Input that cannot be used at all: an unreadable file, a file with no usable rows. Exit 2. */
export class InputError extends WaAuditError {
  constructor(message: string, file?: string, line?: number) {
    super('input', message, file, line);
    this.name = 'InputError';
  }
}

/** A command line that cannot be carried out. Exit 2. */
export class UsageError extends WaAuditError {
  constructor(message: string) {
    super('usage', message);
    this.name = 'UsageError';
  }
}

/** One problem of a mapping file, at a JSON pointer in it. */
export interface MappingProblem {
  readonly path: string;
  readonly message: string;
}

/** A mapping file that cannot be used: every problem, each with its path in the file. */
export class MappingError extends WaAuditError {
  constructor(
    file: string,
    readonly problems: readonly MappingProblem[],
  ) {
    super('mapping', `${problems.length} problem(s) in the mapping`, file);
    this.name = 'MappingError';
  }

  override lines(): string[] {
    return this.problems.map((p) => `${this.file}: ${p.path}: ${p.message}`);
  }
}

/** A report that could not be written. Exit 2. */
export class WriteError extends WaAuditError {
  constructor(message: string, file: string) {
    super('write', message, file);
    this.name = 'WriteError';
  }
}

const SYSTEM_ERRORS: Readonly<Record<string, string>> = {
  ENOENT: 'no such file or directory',
  EISDIR: 'is a directory, not a file',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  ENOSPC: 'no space left on the device',
  EMFILE: 'too many open files',
};

/** A file-system error in words, for a one-line message. */
export function describeSystemError(err: unknown): string {
  const e = err as { code?: string; message?: string };
  return (e.code && SYSTEM_ERRORS[e.code]) ?? e.message ?? String(err);
}
