// Turns the parsed rows of each file, in input order, into one log: resolves the file's
// day/month order for slash dates, merges rows that share a message id, keeps every rejection.
import { InputError } from '../model/errors.js';
import { classRank, flagsOf, isOutbound, KIND_UNKNOWN, kindCode, packFlags } from '../model/flags.js';
import { hashText } from '../model/hash.js';
import { type ContactMergeInfo, MESSAGE_KINDS, type ProviderFacts, type Rejection } from '../model/message.js';
import type { Log } from '../model/log.js';
import { MessageStore, NO_BUSINESS } from '../model/store.js';
import { StoredLog } from '../model/stored-log.js';
import { statusClassOf } from '../model/vocabulary.js';
import {
  type DayOrder,
  resolveSlashDate,
  slashEvidence,
  type TimeZone,
} from '../model/time.js';
import { idOf, type LexBatch, textOf } from './lex-batch.js';
import { CATEGORY, STATUS, TEMPLATE } from './lexer.js';
import { problem, type ParsedRow, type RowProblem } from './rows.js';

const YEAR_2000 = Date.UTC(2000, 0, 1);
const YEAR_2100 = Date.UTC(2100, 0, 1);
/** Rows whose index entries are touched together (`LogBuilder.touchLexed`): their misses overlap. */
const TOUCH_AHEAD = 32;

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
  /** Rows whose instant is before 2000 or from 2100 on (an epoch in the wrong unit reads so). */
  farDates = 0;
  firstFarDate = 0;
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

  /** Messages of this file whose rows carry no id. */
  get withoutId(): number {
    return this.builder.withoutId(this.index);
  }

  /** The store rows of this file are read into. */
  get store(): MessageStore {
    return this.builder.store;
  }

  /**
   * Rows `[from, to)` of a lexed batch (`lex-batch.ts`), plain rows all, their strings' indexes
   * in the store given by `strings`. While rows wait for the day/month order they join them as
   * parsed rows.
   */
  addLexed(batch: LexBatch, from: number, to: number, strings: Int32Array): void {
    let i = from;
    for (; i < to && this.waiting.length > 0; i++) this.add(parsedRowOf(this.builder.store, batch, i, strings));
    this.rowCount += to - i;
    this.usable += to - i;
    const { ts, line } = batch;
    // A few rows at a time: their index entries touched, then the rows added.
    while (i < to) {
      const end = Math.min(to, i + TOUCH_AHEAD);
      this.builder.touchLexed(batch, i, end);
      for (; i < end; i++) {
        this.checkDate(ts[i], line[i]);
        this.builder.addLexed(this.index, batch, i, strings);
      }
    }
  }

  /** Counts an instant before 2000 or from 2100 on. */
  private checkDate(ts: number, line: number): void {
    if (ts >= YEAR_2000 && ts < YEAR_2100) return;
    if (this.farDates++ === 0) this.firstFarDate = line;
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
    this.checkDate(row.ts, row.line);
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

/**
 * A row on its way into the store, whichever path read it: its values as the store keeps them
 * (key and strings numbered), and its id as a range of a text or of Latin-1 bytes (empty when
 * the row has none). One object serves every row.
 */
class StoreRow {
  ts = 0;
  key = 0;
  flags = 0;
  status = -1;
  template = -1;
  category = -1;
  line = 0;
  pointer: string | null = null;
  provider: ProviderFacts | null = null;
  entryPoint = false;
  /** The id is `idText[idStart, idEnd)`, or `idBytes[idStart, idEnd)` when idText is null. */
  idText: string | null = null;
  idBytes: Uint8Array | null = null;
  idStart = 0;
  idEnd = 0;
  /** The id's `hashRange`. */
  idHash = 0;

  get id(): string {
    return this.idText !== null
      ? this.idText.slice(this.idStart, this.idEnd)
      : Buffer.from((this.idBytes as Uint8Array).subarray(this.idStart, this.idEnd)).toString('latin1');
  }
}

/** Merges files' rows, in argument order, into a log (formats.md: rows sharing a message id). */
export class LogBuilder {
  private rowCount = 0;
  private duplicates = 0;
  readonly store = new MessageStore();
  private readonly row = new StoreRow();
  private readonly baseNames: string[] = [];
  /** Per file: messages whose rows carry no id (numbered `FILE:LINE`). */
  private readonly madeUpIds: number[] = [];
  private readonly rejected: Rejection[] = [];
  readonly businessNumbers = new Map<string, string>();
  /** What `touchLexed` read, kept so that its reads are not optimised away. */
  private touched = 0;

  /** Numbers a file (as named on the command line) for the messages that come from it. */
  fileIndex(file: string, baseName: string): number {
    this.store.files.push(file);
    this.baseNames.push(baseName);
    return this.store.files.length - 1;
  }

  /** How many messages of file `file` had no id of their own. */
  withoutId(file: number): number {
    return this.madeUpIds[file] ?? 0;
  }

  reject(r: Rejection): void {
    this.rowCount++;
    this.rejected.push(r);
  }

  /** A row of the general path. */
  add(file: number, p: ParsedRow): void {
    const s = this.store;
    const r = this.row;
    r.ts = p.ts;
    r.key = s.keys.keyOf(s.keys.businessId(p.business), p.contact);
    r.flags = packFlags(p.direction === 'outbound', p.kind, p.statusClass);
    r.status = s.strings.id(p.status);
    r.template = s.strings.id(p.templateName);
    r.category = s.strings.id(p.category);
    r.line = p.line;
    r.pointer = p.pointer;
    r.provider = p.provider;
    r.entryPoint = p.entryPoint;
    r.idText = p.id;
    r.idBytes = null;
    r.idStart = 0;
    r.idEnd = p.id.length;
    r.idHash = p.id === '' ? 0 : hashText(p.id);
    this.addRow(file, r);
  }

  /**
   * Touches the index entries that rows `[from, to)` of a lexed batch will look up (their key's
   * and their id's), before `addLexed` looks them up one by one: the misses overlap. A business
   * first seen here is numbered here, in row order, as `addLexed` would number it.
   */
  touchLexed(batch: LexBatch, from: number, to: number): void {
    const s = this.store;
    let touched = 0;
    for (let i = from; i < to; i++) touched ^= s.keys.touchValue(this.businessOf(batch, i), batch.contact[i]) ^ s.touchId(batch.idHash[i]);
    this.touched ^= touched;
  }

  private businessOf(batch: LexBatch, i: number): number {
    const keys = this.store.keys;
    return batch.business[i] < 0 ? keys.businessId(NO_BUSINESS) : keys.businessOfValue(batch.business[i]);
  }

  /** Row `i` of a lexed batch (`lex-batch.ts`); `strings` maps its strings to the store's. */
  addLexed(file: number, batch: LexBatch, i: number, strings: Int32Array): void {
    const s = this.store;
    const keys = s.keys;
    const r = this.row;
    const b = this.businessOf(batch, i);
    r.ts = batch.ts[i];
    r.key = keys.keyOfValue(b, batch.contact[i]);
    const status = textOf(batch, i, STATUS);
    const template = textOf(batch, i, TEMPLATE);
    const category = textOf(batch, i, CATEGORY);
    r.status = status < 0 ? -1 : strings[status];
    r.template = template < 0 ? -1 : strings[template];
    r.category = category < 0 ? -1 : strings[category];
    const f = batch.flags[i];
    r.flags = flagsOf(isOutbound(f), kindCode(f), r.status < 0 ? 0 : s.strings.ranks[r.status]);
    r.line = batch.line[i];
    r.pointer = null;
    r.provider = null;
    r.entryPoint = false;
    r.idText = null;
    r.idBytes = batch.idBytes;
    r.idStart = batch.idStart[i];
    r.idEnd = batch.idEnd[i];
    r.idHash = batch.idHash[i];
    this.addRow(file, r);
  }

  /** The one way a row enters the store: a new message, or another row of one already there. */
  private addRow(file: number, r: StoreRow): void {
    this.rowCount++;
    if (r.idEnd === r.idStart) {
      this.addWithoutId(file, r);
      return;
    }
    const s = this.store;
    const bytes = r.idText === null;
    const m = bytes ? s.findIdBytes(r.idBytes as Uint8Array, r.idStart, r.idEnd, r.idHash) : s.findIdRange(r.idText as string, r.idStart, r.idEnd, r.idHash);
    if (m >= 0) {
      this.merge(m, file, r);
      return;
    }
    const i = s.add(r.ts, r.key, r.flags, r.status, r.template, r.category, file, r.line);
    if (bytes) s.indexIdBytes(i, r.idBytes as Uint8Array, r.idStart, r.idEnd, r.idHash);
    else s.indexIdRange(i, r.idText as string, r.idStart, r.idEnd, r.idHash);
    if (r.provider !== null) s.provider.set(i, r.provider);
    if (r.entryPoint) s.entryPoints.add(i);
  }

  /** A row without an id: a message of its own, numbered `FILE:LINE` (formats.md). */
  private addWithoutId(file: number, r: StoreRow): void {
    const s = this.store;
    const i = s.add(r.ts, r.key, r.flags, r.status, r.template, r.category, file, r.line);
    s.setId(i, `${this.baseNames[file]}:${r.line}`);
    this.madeUpIds[file] = (this.madeUpIds[file] ?? 0) + 1;
    if (r.provider !== null) s.provider.set(i, r.provider);
    if (r.entryPoint) s.entryPoints.add(i);
  }

  /** Another row of message `m` (same id): a duplicate that completes it, or a conflict. */
  private merge(m: number, file: number, r: StoreRow): void {
    const s = this.store;
    const was = s.flags[m];
    const kind = kindCode(was);
    const rowKind = kindCode(r.flags);
    const differs =
      (was & 1) !== (r.flags & 1)
        ? 'direction'
        : kind !== rowKind && kind !== KIND_UNKNOWN && rowKind !== KIND_UNKNOWN
          ? 'template or not'
          : s.key[m] === r.key
            ? null
            : s.keys.business[s.key[m]] !== s.keys.business[r.key]
              ? 'business'
              : 'contact';
    if (differs !== null) {
      const first = s.files[s.file[m]];
      const where = first === s.files[file] ? `line ${s.line[m]}` : `${first}:${s.line[m]}`;
      const id = r.id;
      this.rejected.push({
        file: s.files[file],
        line: r.line,
        pointer: r.pointer,
        code: 'conflicting_row',
        reason: `conflicts with ${where} (same id '${id}', different ${differs})`,
        value: id,
      });
      return;
    }
    this.duplicates++;
    s.duplicates[m]++;
    if (r.ts < s.ts[m]) s.ts[m] = r.ts;
    if (r.provider !== null) {
      const had = s.provider.get(m);
      const facts = had === undefined ? r.provider : mergeFacts(had, r.provider);
      // An earlier row without provider facts already told the kind.
      if (had === undefined && kind !== KIND_UNKNOWN) facts.kindFromPricing = false;
      s.provider.set(m, facts);
    }
    // This row tells the kind by other means than a pricing object.
    if (rowKind !== KIND_UNKNOWN && !(r.provider?.kindFromPricing ?? false)) {
      const facts = s.provider.get(m);
      if (facts !== undefined) facts.kindFromPricing = false;
    }
    if (r.entryPoint) s.entryPoints.add(m);
    if (s.template[m] < 0) s.template[m] = r.template;
    if (s.category[m] < 0) s.category[m] = r.category;
    let rank = classRank(was);
    if (classRank(r.flags) > rank) {
      s.status[m] = r.status;
      rank = classRank(r.flags);
    }
    s.flags[m] = flagsOf(isOutbound(was), kind === KIND_UNKNOWN ? rowKind : kind, rank);
  }

  build(files: readonly string[], contactMerges: readonly ContactMergeInfo[] | null = null, keepIds = false): Log {
    const order = new Map(files.map((f, i) => [f, i]));
    const rejected = [...this.rejected].sort(
      (a, b) => (order.get(a.file) ?? 0) - (order.get(b.file) ?? 0) || a.line - b.line,
    );
    const businessJoin = this.store.joinLoneBusiness();
    this.store.seal(keepIds);
    return StoredLog.whole(this.store, {
      businessJoin,
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
  const status = at(textOf(batch, i, STATUS));
  const f = batch.flags[i];
  return {
    id: idOf(batch, i),
    business: batch.business[i] < 0 ? NO_BUSINESS : String(batch.business[i]),
    contact: String(batch.contact[i]),
    ts: batch.ts[i],
    direction: isOutbound(f) ? 'outbound' : 'inbound',
    kind: MESSAGE_KINDS[kindCode(f)],
    status,
    statusClass: statusClassOf(status),
    templateName: at(textOf(batch, i, TEMPLATE)),
    category: at(textOf(batch, i, CATEGORY)),
    line: batch.line[i],
    provider: null,
    entryPoint: false,
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
  into.kindFromPricing &&= f.kindFromPricing;
  return into;
}
