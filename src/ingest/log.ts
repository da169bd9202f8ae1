// Turns the parsed rows of each file, in input order, into one log: resolves the file's
// day/month order for slash dates, merges rows that share a message id, keeps every rejection.
import { InputError } from '../model/errors.js';
import { type ContactMergeInfo, type Log, type Message, type ProviderFacts, type Rejection, statusRank } from '../model/message.js';
import {
  type DayOrder,
  resolveSlashDate,
  slashEvidence,
  type TimeZone,
} from '../model/time.js';
import { phoneValueAt } from '../model/vocabulary.js';
import { problem, type ParsedRow, type RowProblem } from './rows.js';
import { hashNumber, hashText, HashIndex } from './hash-index.js';

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

  constructor(
    readonly file: string,
    private readonly builder: LogBuilder,
    private readonly baseName: string,
    dayOrder: DayOrder | null,
    private readonly zone: TimeZone,
  ) {
    this.order = dayOrder;
    this.given = dayOrder !== null;
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
    this.builder.add(this.file, this.baseName, row);
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
  private readonly messages: Message[] = [];
  private readonly rejected: Rejection[] = [];
  private readonly byId = new HashIndex<string, Message>(hashText, (m, id) => m.id === id);
  /** business -> contact -> the key's messages, in input order. */
  private readonly keys = new Map<string, ContactIndex>();
  private readonly groups: Message[][] = [];
  readonly businessNumbers = new Map<string, string>();

  reject(r: Rejection): void {
    this.rowCount++;
    this.rejected.push(r);
  }

  add(file: string, baseName: string, row: ParsedRow): void {
    this.rowCount++;
    if (row.id === '') {
      row.id = `${baseName}:${row.line}`;
      this.newMessage(file, row);
      return;
    }
    const m = this.byId.get(row.id);
    if (m === undefined) {
      this.byId.add(row.id, this.newMessage(file, row));
      return;
    }
    const statusClass = row.statusClass;
    const differs =
      m.direction !== row.direction
        ? 'direction'
        : m.kind !== row.kind && m.kind !== 'unknown' && row.kind !== 'unknown'
          ? 'template or not'
          : m.business !== row.business
            ? 'business'
            : m.contact !== row.contact
              ? 'contact'
              : null;
    if (differs !== null) {
      const where = m.file === file ? `line ${m.line}` : `${m.file}:${m.line}`;
      this.rejected.push({
        file,
        line: row.line,
        pointer: row.pointer,
        code: 'conflicting_row',
        reason: `conflicts with ${where} (same id '${row.id}', different ${differs})`,
        value: row.id,
      });
      return;
    }
    this.duplicates++;
    m.duplicates++;
    if (row.ts < m.ts) m.ts = row.ts;
    if (m.kind === 'unknown') m.kind = row.kind;
    if (row.provider !== null) m.provider = m.provider === null ? row.provider : mergeFacts(m.provider, row.provider);
    m.templateName ??= row.templateName;
    m.category ??= row.category;
    if (statusRank(statusClass) > statusRank(m.statusClass)) {
      m.status = row.status;
      m.statusClass = statusClass;
    }
  }

  /** The row becomes the message: no copy. */
  private newMessage(file: string, m: ParsedRow): Message {
    m.file = file;
    m.seq = this.messages.length;
    this.messages.push(m);
    let contacts = this.keys.get(m.business);
    if (contacts === undefined) {
      contacts = new ContactIndex();
      this.keys.set(own(m.business), contacts);
    }
    const group = contacts.get(m.contact);
    if (group === undefined) {
      // The key's strings are copied out of the input chunk they were cut from, and every
      // message of the key shares them.
      m.business = own(m.business);
      m.contact = own(m.contact);
      const g = [m];
      contacts.set(m.contact, g);
      this.groups.push(g);
    } else {
      m.business = group[0].business;
      m.contact = group[0].contact;
      group.push(m);
    }
    return m;
  }

  build(files: readonly string[], contactMerges: readonly ContactMergeInfo[] | null = null): Log {
    const order = new Map(files.map((f, i) => [f, i]));
    const rejected = [...this.rejected].sort(
      (a, b) => (order.get(a.file) ?? 0) - (order.get(b.file) ?? 0) || a.line - b.line,
    );
    return {
      files,
      rows: this.rowCount,
      messages: this.messages,
      groups: this.groups,
      duplicates: this.duplicates,
      rejected,
      contactMerges,
      businessNumbers: this.businessNumbers,
    };
  }
}

/**
 * Contacts -> values. A phone number (digits, no leading zero, at most 15: E.164) is keyed by
 * its value as a number, which V8 hashes far faster than a numeric string cut out of a large
 * text; anything else (a business-scoped user id) by the string.
 */
class ContactIndex {
  private readonly byNumber = new HashIndex<number, { readonly value: number; readonly group: Message[] }>(
    hashNumber,
    (e, value) => e.value === value,
  );
  private readonly byText = new Map<string, Message[]>();

  get(contact: string): Message[] | undefined {
    const n = phoneValueAt(contact, 0, contact.length);
    return n < 0 ? this.byText.get(contact) : this.byNumber.get(n)?.group;
  }

  set(contact: string, group: Message[]): void {
    const n = phoneValueAt(contact, 0, contact.length);
    if (n < 0) this.byText.set(contact, group);
    else this.byNumber.add(n, { value: n, group });
  }
}


/** A copy of a string that shares no memory with the (large) text it was cut from. */
function own(s: string): string {
  return s.length < 13 ? s : (' ' + s).slice(1);
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
