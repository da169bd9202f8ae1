// Turns the parsed rows of each file, in input order, into one log: resolves the file's
// day/month order for slash dates, merges rows that share a message id, keeps every rejection.
import { InputError } from '../model/errors.js';
import { type ContactMergeInfo, type Log, MESSAGE_KINDS, type ProviderFacts, type Rejection } from '../model/message.js';
import { statusClassOf } from '../model/vocabulary.js';
import { hashRange } from '../model/hash.js';
import { classRank, flagsOf, KIND_UNKNOWN, kindCode, MessageStore, packFlags, StoredLog } from '../model/store.js';
import {
  type DayOrder,
  resolveSlashDate,
  slashEvidence,
  type TimeZone,
} from '../model/time.js';
import type { PlainRow } from './fast-row.js';
import { idOf, type LexBatch } from './lex-batch.js';
import { problem, type ParsedRow, type RowProblem } from './rows.js';

export const DATE_FORMAT_HINT = 'pass --date-format dd/MM/yyyy or --date-format MM/dd/yyyy';

/**
 * One file's rows, in line order, on their way to the log. Rows go straight to the builder,
 * except while the file's day/month order is undecided: then rows wait (in order) from the
 * first ambiguous slash date until a date settles the order, or the file ends.
 */
export class FileRows {
  /** What the file was read as, for messages about it: `CSV`, `JSON rows`, `Meta webhook dump`. */
  shape = 'CSV';
  /** Business phone-number ids and their display numbers (Meta webhooks). */
  readonly businessNumbers = new Map<string, string>();
  rowCount = 0;
  usable = 0;
  firstRejection: Rejection | null = null;
  missingOnly = true;
  private readonly waiting: (ParsedRow | Rejection)[] = [];
  private order: DayOrder | null;
  private readonly given: boolean;
  private firstEvidence: Partial<Record<DayOrder, ParsedRow>> = {};
  private firstAmbiguous: ParsedRow | null = null;
  private readonly index: number;

  constructor(
    readonly file: string,
    private readonly builder: LogBuilder,
    baseName: string,
    dayOrder: DayOrder | null,
    private readonly zone: TimeZone,
  ) {
    this.order = dayOrder;
    this.given = dayOrder !== null;
    this.index = builder.fileIndex(file, baseName);
  }

  /** The store rows of this file are read into (for the in-place reader). */
  get store(): MessageStore {
    return this.builder.store;
  }

  /**
   * A plain row read in place; false when rows are waiting for the day/month order (the row
   * then takes the general path, to keep its place in line).
   */
  addPlain(row: PlainRow): boolean {
    if (this.waiting.length > 0) return false;
    this.rowCount++;
    this.usable++;
    this.builder.addPlain(this.index, row);
    return true;
  }

  /**
   * Row `i` of a batch lexed apart (`lex-batch.ts`), its strings' indexes in the store given by
   * `strings`. While rows wait for the day/month order it joins them as a parsed row.
   */
  addLexed(batch: LexBatch, i: number, strings: Int32Array): void {
    if (this.waiting.length > 0) {
      this.add(parsedRowOf(this.builder.store, batch, i, strings));
      return;
    }
    this.rowCount++;
    this.usable++;
    this.builder.addLexed(this.index, batch, i, strings);
  }

  add(row: ParsedRow): void {
    this.rowCount++;
    if (row.slash !== null && !this.given) {
      const e = slashEvidence(row.slash);
      if (e === 'dmy' || e === 'mdy') {
        const first = this.firstEvidence[e === 'dmy' ? 'mdy' : 'dmy'];
        if (first !== undefined) this.disagree(first, row);
        this.firstEvidence[e] ??= row;
        this.order = e;
      } else if (e === 'either') this.firstAmbiguous ??= row;
    }
    if (this.order === null && (row.slash !== null || this.waiting.length > 0)) {
      this.waiting.push(row);
      return;
    }
    if (this.waiting.length > 0) this.flush();
    this.pass(row);
  }

  reject(line: number, pointer: string | null, p: RowProblem): void {
    this.rowCount++;
    this.rejectCounted(line, pointer, p);
  }

  /** A rejection of a row already counted (a slash date that does not fit the order). */
  private rejectCounted(line: number, pointer: string | null, p: RowProblem): void {
    const r: Rejection = { file: this.file, line, pointer, code: p.code, reason: p.reason, value: p.value };
    if (p.code !== 'missing_field') this.missingOnly = false;
    this.firstRejection ??= r;
    if (this.waiting.length > 0) this.waiting.push(r);
    else this.builder.reject(r);
  }

  /** The end of the file: rows still waiting get the settled order, or the file fails. */
  finish(): void {
    if (this.waiting.length === 0) return;
    if (this.order === null) {
      const amb = this.firstAmbiguous;
      if (amb !== null) {
        throw new InputError(
          `ambiguous date '${amb.rawTimestamp}': no date in the file settles whether it is day/month or month/day; ${DATE_FORMAT_HINT}`,
          this.file,
          amb.line,
        );
      }
      // Only impossible dates: either order rejects them all.
      this.order = 'dmy';
    }
    this.flush();
  }

  private flush(): void {
    const rows = this.waiting.splice(0);
    for (const r of rows) {
      if ('reason' in r) this.builder.reject(r);
      else this.pass(r);
    }
  }

  private pass(row: ParsedRow): void {
    if (row.slash !== null) {
      const r = resolveSlashDate(row.slash, this.order as DayOrder, this.zone, row.rawTimestamp);
      if (!r.ok) {
        this.rejectCounted(row.line, row.pointer, problem('bad_timestamp', r.reason, row.rawTimestamp));
        return;
      }
      row.ts = r.ms;
    }
    this.usable++;
    this.builder.add(this.index, row);
  }

  private disagree(first: ParsedRow, row: ParsedRow): never {
    throw new InputError(
      `dates disagree on day/month order: line ${first.line} has '${first.rawTimestamp}', this line '${row.rawTimestamp}'; ${DATE_FORMAT_HINT}`,
      this.file,
      row.line,
    );
  }
}

/** Merges files' rows, in argument order, into a log (formats.md: rows sharing a message id). */
export class LogBuilder {
  private rowCount = 0;
  private duplicates = 0;
  readonly store = new MessageStore();
  private readonly baseNames: string[] = [];
  private readonly rejected: Rejection[] = [];
  readonly businessNumbers = new Map<string, string>();

  /** Numbers a file (as named on the command line) for the messages that come from it. */
  fileIndex(file: string, baseName: string): number {
    this.store.files.push(file);
    this.baseNames.push(baseName);
    return this.store.files.length - 1;
  }

  reject(r: Rejection): void {
    this.rowCount++;
    this.rejected.push(r);
  }

  /** The id of a row that has none: `FILE:LINE`, the file by its base name. */
  private madeUpId(file: number, line: number): string {
    return `${this.baseNames[file]}:${line}`;
  }

  add(file: number, row: ParsedRow): void {
    this.rowCount++;
    const s = this.store;
    const key = s.keys.keyOf(s.keys.businessId(row.business), row.contact);
    const flags = packFlags(row.direction === 'outbound', row.kind, row.statusClass);
    const status = s.strings.id(row.status);
    const template = s.strings.id(row.templateName);
    const category = s.strings.id(row.category);
    const m = row.id === '' ? -1 : s.findId(row.id);
    if (m < 0) {
      const i = s.add(row.ts, key, flags, status, template, category, file, row.line);
      if (row.id === '') s.setId(i, this.madeUpId(file, row.line));
      else s.indexId(i, row.id);
      if (row.provider !== null) s.provider.set(i, row.provider);
      return;
    }
    this.merge(m, file, row.line, row.pointer, row.ts, flags, key, status, template, category, row.provider, row.id);
  }

  /** A plain row read in place (`fast-row.ts`): no strings made unless it is a new message. */
  addPlain(file: number, row: PlainRow): void {
    this.rowCount++;
    const s = this.store;
    const { text, idStart, idEnd } = row;
    if (idStart === idEnd) {
      const i = s.add(row.ts, row.key, row.flags, row.statusId, row.templateId, row.categoryId, file, row.line);
      s.setId(i, this.madeUpId(file, row.line));
      return;
    }
    const tag = hashRange(text, idStart, idEnd);
    const m = s.findIdRange(text, idStart, idEnd, tag);
    if (m < 0) {
      const i = s.add(row.ts, row.key, row.flags, row.statusId, row.templateId, row.categoryId, file, row.line);
      s.indexIdRange(i, text, idStart, idEnd, tag);
      return;
    }
    this.merge(m, file, row.line, null, row.ts, row.flags, row.key, row.statusId, row.templateId, row.categoryId, null, row.id);
  }

  /** A plain row lexed apart (`lex-batch.ts`); `strings` maps its strings to the store's. */
  addLexed(file: number, batch: LexBatch, i: number, strings: Int32Array): void {
    this.rowCount++;
    const s = this.store;
    const keys = s.keys;
    const b = batch.business[i] < 0 ? keys.businessId('-') : keys.businessOfValue(batch.business[i]);
    const key = keys.keyOfValue(b, batch.contact[i]);
    const at = (k: number): number => (k < 0 ? -1 : strings[k]);
    const status = at(batch.status[i]);
    const template = at(batch.template[i]);
    const category = at(batch.category[i]);
    const f = batch.flags[i];
    const flags = flagsOf((f & 1) === 1, kindCode(f), status < 0 ? 0 : s.strings.ranks[status]);
    const line = batch.line[i];
    const start = batch.idStart[i];
    const end = batch.idEnd[i];
    const ts = batch.ts[i];
    if (start === end) {
      const n = s.add(ts, key, flags, status, template, category, file, line);
      s.setId(n, this.madeUpId(file, line));
      return;
    }
    const tag = batch.idHash[i];
    const m = s.findIdBytes(batch.idBytes, start, end, tag);
    if (m < 0) {
      const n = s.add(ts, key, flags, status, template, category, file, line);
      s.indexIdBytes(n, batch.idBytes, start, end, tag);
      return;
    }
    this.merge(m, file, line, null, ts, flags, key, status, template, category, null, idOf(batch, i));
  }

  /** Another row of message `m` (same id): a duplicate that completes it, or a conflict. */
  private merge(
    m: number,
    file: number,
    line: number,
    pointer: string | null,
    ts: number,
    flags: number,
    key: number,
    status: number,
    template: number,
    category: number,
    provider: ProviderFacts | null,
    id: string,
  ): void {
    const s = this.store;
    const was = s.flags[m];
    const kind = kindCode(was);
    const rowKind = kindCode(flags);
    const differs =
      (was & 1) !== (flags & 1)
        ? 'direction'
        : kind !== rowKind && kind !== KIND_UNKNOWN && rowKind !== KIND_UNKNOWN
          ? 'template or not'
          : s.key[m] === key
            ? null
            : s.keys.business[s.key[m]] !== s.keys.business[key]
              ? 'business'
              : 'contact';
    if (differs !== null) {
      const first = s.files[s.file[m]];
      const where = first === s.files[file] ? `line ${s.line[m]}` : `${first}:${s.line[m]}`;
      this.rejected.push({
        file: s.files[file],
        line,
        pointer,
        code: 'conflicting_row',
        reason: `conflicts with ${where} (same id '${id}', different ${differs})`,
        value: id,
      });
      return;
    }
    this.duplicates++;
    s.duplicates[m]++;
    if (ts < s.ts[m]) s.ts[m] = ts;
    if (provider !== null) {
      const had = s.provider.get(m);
      s.provider.set(m, had === undefined ? provider : mergeFacts(had, provider));
    }
    if (s.template[m] < 0) s.template[m] = template;
    if (s.category[m] < 0) s.category[m] = category;
    let rank = classRank(was);
    if (classRank(flags) > rank) {
      s.status[m] = status;
      rank = classRank(flags);
    }
    s.flags[m] = flagsOf((was & 1) === 1, kind === KIND_UNKNOWN ? rowKind : kind, rank);
  }

  build(files: readonly string[], contactMerges: readonly ContactMergeInfo[] | null = null): Log {
    const order = new Map(files.map((f, i) => [f, i]));
    const rejected = [...this.rejected].sort(
      (a, b) => (order.get(a.file) ?? 0) - (order.get(b.file) ?? 0) || a.line - b.line,
    );
    this.store.seal();
    return StoredLog.whole(this.store, {
      files,
      rows: this.rowCount,
      duplicates: this.duplicates,
      rejected,
      contactMerges,
      businessNumbers: this.businessNumbers,
    });
  }
}

/** A lexed row as the general path's parsed row (it waits with them for the day/month order). */
function parsedRowOf(store: MessageStore, batch: LexBatch, i: number, strings: Int32Array): ParsedRow {
  const at = (k: number): string | null => (k < 0 ? null : store.strings.values[strings[k]]);
  const status = at(batch.status[i]);
  const f = batch.flags[i];
  return {
    id: idOf(batch, i),
    business: batch.business[i] < 0 ? '-' : String(batch.business[i]),
    contact: String(batch.contact[i]),
    ts: batch.ts[i],
    direction: (f & 1) === 1 ? 'outbound' : 'inbound',
    kind: MESSAGE_KINDS[kindCode(f)],
    status,
    statusClass: statusClassOf(status),
    templateName: at(batch.template[i]),
    category: at(batch.category[i]),
    seq: -1,
    duplicates: 0,
    file: '',
    line: batch.line[i],
    provider: null,
    slash: null,
    rawTimestamp: '',
    pointer: null,
  };
}

/** Facts of later rows fill what earlier rows left unknown; error codes accumulate. */
function mergeFacts(into: ProviderFacts, f: ProviderFacts): ProviderFacts {
  into.pricingType ??= f.pricingType;
  into.pricingCategory ??= f.pricingCategory;
  into.billable ??= f.billable;
  into.pricingModel ??= f.pricingModel;
  into.conversationId ??= f.conversationId;
  into.conversationOrigin ??= f.conversationOrigin;
  into.referral ??= f.referral;
  for (const e of f.errors) if (!into.errors.includes(e)) into.errors.push(e);
  return into;
}
