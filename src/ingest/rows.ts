// One row of any source format, turned into a canonical message or a rejection.
import { clip, type Direction, type MessageKind, type ProviderFacts, type RejectionCode, type StatusClass } from '../model/message.js';
import { parseSlashDate, parseTimestamp, timestampMs, type SlashDate, type TimeZone } from '../model/time.js';
import { directionOf, fold, isEntryPointValue, memo, normaliseAddress, statusClassOf, TEMPLATE_WORDS } from '../model/vocabulary.js';
import { NO_BUSINESS } from '../model/store.js';
import type { FieldName } from './fields.js';

/** The canonical fields of one row as written; undefined when the source had no such value. */
export type RawRow = Partial<Record<FieldName, string>> & {
  /** Billing facts an adapter read from a provider's own structure (Meta webhooks). */
  provider?: ProviderFacts;
};

/**
 * A row that passed every check but the file-level ones (slash-date order, id merging): `id` is
 * '' when the row has none, `ts` NaN while a slash date waits for the file's day/month order.
 */
export interface ParsedRow {
  readonly id: string;
  readonly business: string;
  readonly contact: string;
  ts: number;
  readonly direction: Direction;
  readonly kind: MessageKind;
  readonly status: string | null;
  readonly statusClass: StatusClass;
  readonly templateName: string | null;
  readonly category: string | null;
  readonly line: number;
  readonly provider: ProviderFacts | null;
  /** An inbound message from a Click-to-WhatsApp ad or a Page call-to-action. */
  readonly entryPoint: boolean;
  readonly slash: SlashDate | null;
  readonly rawTimestamp: string;
  readonly pointer: string | null;
}

export interface RowProblem {
  readonly code: RejectionCode;
  readonly reason: string;
  readonly value: string | null;
}

export type RowResult = { readonly ok: true; readonly row: ParsedRow } | ({ readonly ok: false } & RowProblem);

export function problem(code: RejectionCode, reason: string, value: string | null): RowProblem & { ok: false } {
  return { ok: false, code, reason, value: value === null ? null : clip(value) };
}

function present(v: string | undefined): string | null {
  if (v === undefined) return null;
  const t = v.trim();
  return t.length === 0 ? null : t;
}

const missing = (field: string): RowResult => problem('missing_field', `missing ${field}`, null);

/** `type` values: template words, the word `unknown`, or anything else (free-form). */
export const kindOf: (type: string) => MessageKind = memo((type) => {
  const v = fold(type);
  if ((TEMPLATE_WORDS as readonly string[]).includes(v)) return 'template';
  return v === 'unknown' ? 'unknown' : 'free_form';
});

export interface RowContext {
  readonly zone: TimeZone;
  /** Whether plain rows of canonical CSV may be read in place (`lexer.ts`). */
  readonly inPlace: boolean;
  /** Rewrites a normalised contact number (`--br-ninth-digit`); identity otherwise. */
  readonly contactOf: (normalised: string) => string;
  /**
   * Set for a file whose text may hold NUL characters, or U+FFFD where bytes were not UTF-8
   * (`encoding.ts`): a row with one in a value it is read by is rejected.
   */
  readonly suspect?: { readonly nul: boolean; readonly replacement: boolean };
}

/** A NUL, or (in a file with bytes that were not UTF-8) a U+FFFD, in a value of the row. */
function untrusted(raw: RawRow, suspect: { readonly nul: boolean; readonly replacement: boolean }): RowResult | null {
  for (const [field, value] of Object.entries(raw)) {
    if (typeof value !== 'string') continue;
    if (suspect.nul && value.includes('\0')) return problem('bad_value', `a NUL character in ${field}`, value);
    if (suspect.replacement && value.includes('\uFFFD')) {
      return problem('bad_encoding', `bytes that are not UTF-8 in ${field} (read as U+FFFD)`, value);
    }
  }
  return null;
}

export function parseRow(raw: RawRow, line: number, pointer: string | null, ctx: RowContext): RowResult {
  if (ctx.suspect !== undefined) {
    const bad = untrusted(raw, ctx.suspect);
    if (bad !== null) return bad;
  }
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
    return problem('unknown_direction', `unknown direction '${dirRaw}' (expected inbound or outbound)`, dirRaw);
  }
  let ts = NaN;
  let slash: SlashDate | null = null;
  if (tsRaw.indexOf('/') >= 0) {
    slash = parseSlashDate(tsRaw);
    if (slash === null) return problem('bad_timestamp', `bad timestamp '${tsRaw}'`, tsRaw);
  } else {
    ts = timestampMs(tsRaw, ctx.zone);
    if (!Number.isFinite(ts)) {
      const r = parseTimestamp(tsRaw, ctx.zone);
      return problem('bad_timestamp', r.ok ? `bad timestamp '${tsRaw}'` : r.reason, tsRaw);
    }
  }
  const businessRaw = present(raw.business);
  const status = present(raw.status);
  const errorCode = present(raw.error_code);
  let provider = raw.provider ?? null;
  if (errorCode !== null && errorCode !== '0') {
    provider = provider ?? emptyFacts();
    provider.errors.push(errorCode);
  }
  const statusText = status === null ? null : status.toLowerCase();
  return {
    ok: true,
    row: {
      id: present(raw.id) ?? '',
      business: businessRaw === null ? NO_BUSINESS : normaliseAddress(businessRaw),
      contact: ctx.contactOf(normaliseAddress(contactRaw)),
      ts,
      direction,
      kind: direction === 'inbound' ? 'free_form' : kindOf(typeRaw),
      status: statusText,
      statusClass: statusClassOf(statusText),
      templateName: present(raw.template),
      category: present(raw.category)?.toLowerCase() ?? null,
      line,
      provider,
      entryPoint: direction === 'inbound' && (isEntryPointValue(raw.entry_point) || raw.provider?.referral === true),
      slash,
      // Kept only where a message may need it: a slash date not yet resolved.
      rawTimestamp: slash === null ? '' : tsRaw,
      pointer,
    },
  };
}

export function emptyFacts(): ProviderFacts {
  return {
    pricingType: null,
    pricingCategory: null,
    billable: null,
    pricingModel: null,
    conversationId: null,
    conversationOrigin: null,
    referral: null,
    errors: [],
    kindFromPricing: false,
  };
}
