// One row of any source format, turned into a canonical message or a rejection reason.
import type { Direction } from '../model/message.js';
import {
  parseSlashDate,
  parseTimestamp,
  type SlashDate,
  type TimeZone,
} from '../model/time.js';
import { directionOf, isTemplateType, normaliseAddress } from '../model/vocabulary.js';
import type { FieldName } from './fields.js';

/** The canonical fields of one row as written; undefined when the source had no such value. */
export type RawRow = Partial<Record<FieldName, string>>;

/** A row that passed every check but the file-level ones (slash-date order, id merging). */
export interface ParsedRow {
  readonly id: string | null;
  /** Epoch ms; NaN while a slash date waits for the file's day/month order. */
  ts: number;
  readonly slash: SlashDate | null;
  readonly rawTimestamp: string;
  readonly business: string;
  readonly contact: string;
  readonly direction: Direction;
  readonly template: boolean;
  readonly status: string | null;
  readonly templateName: string | null;
  readonly category: string | null;
  readonly line: number;
}

export type RowResult = { readonly ok: true; readonly row: ParsedRow } | { readonly ok: false; readonly reason: string };

function present(v: string | undefined): string | null {
  if (v === undefined) return null;
  const t = v.trim();
  return t.length === 0 ? null : t;
}

const missing = (field: string): RowResult => ({ ok: false, reason: `missing ${field}` });

export function parseRow(raw: RawRow, line: number, zone: TimeZone): RowResult {
  const tsRaw = present(raw.timestamp);
  if (tsRaw === null) return missing('timestamp');
  const contactRaw = present(raw.contact);
  if (contactRaw === null) return missing('contact');
  const dirRaw = present(raw.direction);
  if (dirRaw === null) return missing('direction');
  const typeRaw = present(raw.type);
  if (typeRaw === null) return missing('type');

  const direction = directionOf(dirRaw);
  if (direction === null) {
    return { ok: false, reason: `unknown direction '${dirRaw}' (expected inbound or outbound)` };
  }
  let ts = NaN;
  let slash: SlashDate | null = null;
  if (tsRaw.indexOf('/') >= 0) {
    slash = parseSlashDate(tsRaw);
    if (slash === null) return { ok: false, reason: `bad timestamp '${tsRaw}'` };
  } else {
    const r = parseTimestamp(tsRaw, zone);
    if (!r.ok) return r;
    ts = r.ms;
  }
  const businessRaw = present(raw.business);
  const status = present(raw.status);
  return {
    ok: true,
    row: {
      id: present(raw.id),
      ts,
      slash,
      rawTimestamp: tsRaw,
      business: businessRaw === null ? '-' : normaliseAddress(businessRaw),
      contact: normaliseAddress(contactRaw),
      direction,
      template: direction === 'outbound' && isTemplateType(typeRaw),
      status: status === null ? null : status.toLowerCase(),
      templateName: present(raw.template),
      category: present(raw.category)?.toLowerCase() ?? null,
      line,
    },
  };
}
