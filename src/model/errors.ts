// Exceptions are for "cannot continue"; findings and rejected rows are data. Only src/cli turns
// these into text and exit codes.

/** Input that cannot be used at all: an unreadable file, a file with no usable rows. Exit 2. */
export class InputError extends Error {
  constructor(
    message: string,
    readonly file?: string,
    readonly line?: number,
  ) {
    super(message);
    this.name = 'InputError';
  }
}

/** A command line that cannot be carried out. Exit 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
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
