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
import { statusClassOf } from '../model/vocabulary.js';
import { problem, type ParsedRow, type RowProblem } from './rows.js';

export const DATE_FORMAT_HINT = 'pass --date-format dd/MM/yyyy or --date-format MM/dd/yyyy';

/** Collects one file's rows and rejections in line order. */
export class FileRows {
  readonly rows: (ParsedRow | Rejection)[] = [];
  /** What the file was read as, for messages about it: `CSV`, `JSON rows`, `Meta webhook dump`. */
  shape = 'CSV';
  /** Business phone-number ids and their display numbers (Meta webhooks). */
  readonly businessNumbers = new Map<string, string>();
  private firstEvidence: Partial<Record<DayOrder, ParsedRow>> = {};
  private firstAmbiguous: ParsedRow | null = null;
  private hasSlash = false;

  constructor(readonly file: string) {}

  add(row: ParsedRow): void {
    this.rows.push(row);
    if (row.slash === null) return;
    this.hasSlash = true;
    const e = slashEvidence(row.slash);
    if (e === 'dmy' || e === 'mdy') this.firstEvidence[e] ??= row;
    else if (e === 'either') this.firstAmbiguous ??= row;
  }

  reject(line: number, pointer: string | null, p: RowProblem): void {
    this.rows.push({ file: this.file, line, pointer, code: p.code, reason: p.reason, value: p.value });
  }

  /** Gives every slash date its instant, or fails the file when the order cannot be settled. */
  resolveDates(given: DayOrder | null, zone: TimeZone): void {
    if (!this.hasSlash) return;
    const order = given ?? this.settledOrder();
    for (let i = 0; i < this.rows.length; i++) {
      const row = this.rows[i];
      if (!('slash' in row) || row.slash === null) continue;
      const r = resolveSlashDate(row.slash, order, zone, row.rawTimestamp);
      if (r.ok) row.ts = r.ms;
      else this.rows[i] = this.rejection(row, problem('bad_timestamp', r.reason, row.rawTimestamp));
    }
  }

  private rejection(row: ParsedRow, p: RowProblem): Rejection {
    return { file: this.file, line: row.line, pointer: row.pointer, code: p.code, reason: p.reason, value: p.value };
  }

  private settledOrder(): DayOrder {
    const { dmy, mdy } = this.firstEvidence;
    if (dmy && mdy) {
      const [a, b] = dmy.line < mdy.line ? [dmy, mdy] : [mdy, dmy];
      throw new InputError(
        `dates disagree on day/month order: line ${a.line} has '${a.rawTimestamp}', this line '${b.rawTimestamp}'; ${DATE_FORMAT_HINT}`,
        this.file,
        b.line,
      );
    }
    if (dmy) return 'dmy';
    if (mdy) return 'mdy';
    const amb = this.firstAmbiguous;
    // Only impossible dates: either order rejects them all.
    if (amb === null) return 'dmy';
    throw new InputError(
      `ambiguous date '${amb.rawTimestamp}': no date in the file settles whether it is day/month or month/day; ${DATE_FORMAT_HINT}`,
      this.file,
      amb.line,
    );
  }
}

interface Entry {
  readonly message: Message;
  readonly file: string;
  readonly line: number;
}

/** Merges files' rows, in argument order, into a log (formats.md: rows sharing a message id). */
export class LogBuilder {
  private rowCount = 0;
  private duplicates = 0;
  private readonly messages: Message[] = [];
  private readonly rejected: Rejection[] = [];
  private readonly byId = new Map<string, Entry>();

  private readonly businessNumbers = new Map<string, string>();

  addFile(fileRows: FileRows, baseName: string): void {
    for (const [id, display] of fileRows.businessNumbers) this.businessNumbers.set(id, display);
    for (const row of fileRows.rows) {
      this.rowCount++;
      if ('reason' in row) this.rejected.push(row);
      else this.addRow(fileRows.file, baseName, row);
    }
  }

  private addRow(file: string, baseName: string, row: ParsedRow): void {
    const statusClass = statusClassOf(row.status);
    if (row.id === null) {
      this.messages.push(this.newMessage(`${baseName}:${row.line}`, file, row, statusClass));
      return;
    }
    const seen = this.byId.get(row.id);
    if (seen === undefined) {
      const message = this.newMessage(row.id, file, row, statusClass);
      this.messages.push(message);
      this.byId.set(row.id, { message, file, line: row.line });
      return;
    }
    const m = seen.message;
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
      const where = seen.file === file ? `line ${seen.line}` : `${seen.file}:${seen.line}`;
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
    if (row.provider !== null) m.provider = m.provider === null ? copyFacts(row.provider) : mergeFacts(m.provider, row.provider);
    m.templateName ??= row.templateName;
    m.category ??= row.category;
    if (statusRank(statusClass) > statusRank(m.statusClass)) {
      m.status = row.status;
      m.statusClass = statusClass;
    }
  }

  private newMessage(id: string, file: string, row: ParsedRow, statusClass: Message['statusClass']): Message {
    return {
      id,
      business: row.business,
      contact: row.contact,
      ts: row.ts,
      direction: row.direction,
      kind: row.kind,
      status: row.status,
      statusClass,
      templateName: row.templateName,
      category: row.category,
      seq: this.messages.length,
      duplicates: 0,
      source: { file, line: row.line },
      provider: row.provider === null ? null : copyFacts(row.provider),
    };
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
      duplicates: this.duplicates,
      rejected,
      contactMerges,
      businessNumbers: this.businessNumbers,
    };
  }
}

function copyFacts(f: ProviderFacts): ProviderFacts {
  return { ...f, errors: [...f.errors] };
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
