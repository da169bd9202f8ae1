// The canonical message: what every ingest adapter produces and the engine consumes.
// No I/O here; only types and the small value vocabularies they rest on.

export const DIRECTIONS = ['inbound', 'outbound'] as const;
export type Direction = (typeof DIRECTIONS)[number];

/** Where a row came from: `file` as named on the command line, `line` 1-based (header = line 1). */
export interface Source {
  readonly file: string;
  readonly line: number;
}

/**
 * Delivery-status classes, lowest rank first. When rows of one message id are merged, the
 * status of the row with the highest class wins (formats.md: read or played > delivered or
 * received > a failure > any other status > none).
 */
export const STATUS_CLASSES = ['none', 'other', 'failure', 'delivered', 'read'] as const;
export type StatusClass = (typeof STATUS_CLASSES)[number];

export function statusRank(c: StatusClass): number {
  return STATUS_CLASSES.indexOf(c);
}

export interface Message {
  /** Message id; `FILE:LINE` (base name) when the row had none. */
  readonly id: string;
  readonly business: string;
  readonly contact: string;
  /** Epoch milliseconds. */
  ts: number;
  readonly direction: Direction;
  /** Sent from an approved template (HSM). Only meaningful for outbound messages. */
  readonly template: boolean;
  /** Merged status, lower-cased; null when no row carried one. */
  status: string | null;
  statusClass: StatusClass;
  /** Template name and category: the first row of the id that carries one. */
  templateName: string | null;
  category: string | null;
  /** Position of the message's first row in the whole input; breaks replay ties. */
  readonly seq: number;
  readonly source: Source;
}

export function isFailed(m: Message): boolean {
  return m.statusClass === 'failure';
}

export interface Rejection {
  readonly file: string;
  readonly line: number;
  readonly reason: string;
}

/** A whole ingested log: every row read ends up in exactly one of messages, duplicates, rejected. */
export interface Log {
  readonly files: readonly string[];
  readonly rows: number;
  readonly messages: readonly Message[];
  readonly duplicates: number;
  readonly rejected: readonly Rejection[];
}
