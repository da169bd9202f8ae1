// Exit codes (formats.md) and the findings `--fail-on` can name.

export const EXIT = {
  /** Ran; no finding that --fail-on asked to fail on. */
  ok: 0,
  /** Ran; findings that --fail-on names. */
  findings: 1,
  /** Usage error, unreadable or unusable input, or a rejection under --strict. */
  usage: 2,
} as const;

export const FAIL_ON = ['violations', 'rejected'] as const;
export type FailOn = (typeof FAIL_ON)[number];
