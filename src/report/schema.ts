// The one place a report column is declared. Each list of the report (sessions, templates,
// violations, rejected rows, the provider's lists) has one column schema: the column's JSON
// name, the row field it reads, its type, and its label in tables. The row types are derived
// from the schemas; the JSON writer, the JSON reader of `wa-audit merge`, the merge's sums and
// the table all walk them, so that a column is added in one line and no writer can forget it.
import { INITIATORS, REGIMES, TEMPLATE_REASONS, VIOLATION_RULES } from '../engine/ruleset.js';
import { DISAGREEMENTS } from '../engine/crosscheck.js';
import { REJECTION_CODES } from '../model/message.js';

/**
 * What a cell holds. `count` is a number people read (written in the locale in tables); `int` a
 * number that names something (a line), written plainly; `amount?` money as an exact decimal
 * string (or null), in the row's `currency`; a list of words is one of those words.
 */
export type CellType = 'text' | 'text?' | 'instant' | 'instant?' | 'bool' | 'count' | 'int' | 'texts' | 'amount?' | readonly string[];

type ValueOf<T extends CellType> = T extends 'text'
  ? string
  : T extends 'text?' | 'amount?'
    ? string | null
    : T extends 'instant' | 'count' | 'int'
      ? number
      : T extends 'instant?'
        ? number | null
        : T extends 'bool'
          ? boolean
          : T extends 'texts'
            ? readonly string[]
            : T extends readonly (infer W)[]
              ? W
              : never;

export interface Column {
  /** Its name in JSON (and CSV). */
  readonly key: string;
  /** The row field it reads: the key in camelCase. */
  readonly field: string;
  readonly type: CellType;
}

/** A list's columns as written in a schema: JSON name -> type, in order. */
export type Cells = Readonly<Record<string, CellType>>;

type Camel<S extends string> = S extends `${infer A}_${infer B}` ? `${A}${Capitalize<Camel<B>>}` : S;

/** The row a list of these cells holds. */
export type RowOf<Cs extends Cells> = { readonly [K in keyof Cs & string as Camel<K>]: ValueOf<Cs[K]> };

/** A column of a table: a schema column (by key) under a label, or a cell made from the row. */
export interface TableColumn<R> {
  readonly label: string;
  readonly key?: string;
  /** (A method: a schema of any row type is a ListSchema.) */
  cell?(row: R): string;
  /** Shown as a finding (in red on a terminal). */
  readonly finding?: boolean;
}

export interface ListSchema<Cs extends Cells = Cells> {
  /** The list's key in the JSON report. */
  readonly name: string;
  readonly columns: readonly Column[];
  /** Its section in the table: title and columns; which rows it shows. */
  readonly table: {
    readonly title: string;
    readonly columns: readonly TableColumn<RowOf<Cs>>[];
    rows?(row: RowOf<Cs>): boolean;
  };
}

const camel = (key: string): string => key.replace(/_(.)/g, (_, c: string) => c.toUpperCase());

export function list<const Cs extends Cells>(name: string, cells: Cs, table: ListSchema<Cs>["table"]): ListSchema<Cs> {
  const columns = Object.entries(cells).map(([key, type]) => ({ key, field: camel(key), type }));
  return { name, columns, table };
}

/** The cells every list about a message starts with. */
const KEYED = { id: 'text', business: 'text', contact: 'text' } as const;
/** The cells of a list about one sent message (templates, violations, unclassified). */
const SENT = { ...KEYED, sent_at: 'instant', status: 'text?' } as const;

/** The first columns of a table about messages: when, and between whom. */
const SENT_HEAD = [
  { label: 'Sent', key: 'sent_at' },
  { label: 'Business', key: 'business' },
  { label: 'Contact', key: 'contact' },
] as const;
const MESSAGE = { label: 'Message', key: 'id' } as const;

export const SESSIONS = list(
  'sessions',
  {
    ...KEYED,
    initiator: INITIATORS,
    opened_at: 'instant',
    expires_at: 'instant',
    opened_by_type: ['template', 'free_form'] as const,
    charged: 'bool',
    charged_message: 'text?',
    replied_at: 'instant?',
    inbound: 'count',
    outbound: 'count',
    category: 'text?',
    free_reason: 'text?',
  },
  {
    title: 'Sessions',
    columns: [
      { label: 'Opened', key: 'opened_at' },
      { label: 'Business', key: 'business' },
      { label: 'Contact', key: 'contact' },
      { label: 'Initiator', key: 'initiator' },
      { label: 'Charged', key: 'charged' },
      { label: 'Opened by', key: 'id' },
      { label: 'Replied', key: 'replied_at' },
      { label: 'In', key: 'inbound' },
      { label: 'Out', key: 'outbound' },
    ],
  },
);

export const TEMPLATES = list(
  'templates',
  { ...SENT, template: 'text?', category: 'text?', session: 'text?', charged: 'bool', reason: TEMPLATE_REASONS },
  {
    title: 'Charged templates',
    rows: (t) => t.charged,
    columns: [...SENT_HEAD, { label: 'Template', key: 'template' }, { label: 'Category', key: 'category' }, MESSAGE],
  },
);

export const VIOLATIONS = list(
  'violations',
  // `file` and `line`: where the message was read (its first row), for CI annotations.
  { ...SENT, rule: VIOLATION_RULES, last_inbound_at: 'instant?', session: 'text?', file: 'text', line: 'int' },
  {
    title: 'Violations',
    columns: [
      ...SENT_HEAD,
      { label: 'Rule', key: 'rule', finding: true },
      { label: 'Last inbound', key: 'last_inbound_at' },
      { label: 'Status', key: 'status' },
      MESSAGE,
    ],
  },
);

/** Every outbound message with its verdict (report version 2). */
export const MESSAGES = list(
  'messages',
  {
    ...SENT,
    type: ['template', 'free_form', 'unknown'] as const,
    template: 'text?',
    category: 'text?',
    regime: REGIMES,
    market: 'text?',
    charged: 'bool',
    charge_class: 'text?',
    free_reason: 'text?',
    conversation: 'text?',
    amount: 'amount?',
    currency: 'text?',
    unpriced_reason: 'text?',
  },
  {
    title: 'Charged messages',
    rows: (m) => m.charged,
    columns: [
      ...SENT_HEAD,
      { label: 'Class', key: 'charge_class' },
      { label: 'Market', key: 'market' },
      { label: 'Amount', key: 'amount' },
      { label: 'Template', key: 'template' },
      MESSAGE,
    ],
  },
);

/** Charged units by month (in the report's zone), business, market, class and currency. */
export const TOTALS = list(
  'totals',
  { month: 'text', business: 'text', market: 'text?', charge_class: 'text', currency: 'text?', charged: 'count', amount: 'amount?', unpriced: 'count' },
  {
    title: 'Totals',
    columns: [
      ...(['Month month', 'Business business', 'Market market', 'Class charge_class', 'Charged charged'] as const).map((c) => {
        const [label, key] = c.split(' ');
        return { label, key };
      }),
      { label: 'Amount', key: 'amount' },
      { label: 'Unpriced', key: 'unpriced' },
    ],
  },
);

export const REJECTED = list(
  'rejected',
  { file: 'text', line: 'int', pointer: 'text?', code: REJECTION_CODES, reason: 'text', value: 'text?' },
  {
    title: 'Rejected rows',
    columns: [
      { label: 'File', key: 'file' },
      { label: 'Line', key: 'line' },
      { label: 'Reason', cell: (r) => (r.pointer ? `${r.pointer}: ${r.reason}` : r.reason) },
    ],
  },
);

export const UNCLASSIFIED = list(
  'unclassified',
  { ...SENT, errors: 'texts' },
  {
    title: 'Unclassified (kind unknown: not replayed)',
    columns: [...SENT_HEAD, { label: 'Status', key: 'status' }, { label: 'Errors', key: 'errors' }, MESSAGE],
  },
);

export const DISAGREEMENT_LIST = list(
  'disagreements',
  {
    ...KEYED,
    sent_at: 'instant',
    kind: DISAGREEMENTS,
    replay: 'text',
    provider: 'text',
    regime: 'text?',
    free_reason: 'text?',
    charge_class: 'text?',
    pricing_type: 'text?',
    pricing_category: 'text?',
  },
  {
    title: 'Disagreements with the provider',
    columns: [...SENT_HEAD, { label: 'Replay', key: 'replay' }, { label: 'Provider', key: 'provider' }, MESSAGE],
  },
);

type RowsOf<L> = L extends ListSchema<infer Cs> ? RowOf<Cs> : never;
export type SessionRow = RowsOf<typeof SESSIONS>;
export type TemplateRow = RowsOf<typeof TEMPLATES>;
export type ViolationRow = RowsOf<typeof VIOLATIONS>;
export type RejectedRow = RowsOf<typeof REJECTED>;
export type MessageRow = RowsOf<typeof MESSAGES>;
/** A message row's short form: who, when, and what the replay decided and charged (`reconcile`). */
export type MessageUnit = Pick<MessageRow, 'id' | 'business' | 'contact' | 'sentAt' | 'charged' | 'chargeClass' | 'category' | 'freeReason' | 'amount' | 'currency' | 'market'>;
export type TotalRow = RowsOf<typeof TOTALS>;
export type UnclassifiedRow = RowsOf<typeof UNCLASSIFIED>;
export type DisagreementRow = RowsOf<typeof DISAGREEMENT_LIST>;

/** A count of the report that merging shards sums: its JSON name, field and table label. */
export interface CountField {
  readonly key: string;
  readonly field: string;
  readonly label: string;
}

function counts<const Fs extends readonly CountField[]>(fields: Fs): Fs {
  return fields;
}

/** Count fields from `[JSON name, table label]` pairs; the field is the name in camelCase. */
function countsOf<const Ps extends readonly (readonly [string, string])[]>(
  ...pairs: Ps
): { readonly [I in keyof Ps]: { readonly key: Ps[I][0]; readonly field: Camel<Ps[I][0]>; readonly label: Ps[I][1] } } {
  return pairs.map(([key, label]) => ({ key, field: camel(key), label })) as never;
}

/** The summary's counts: sessions, templates, findings, then (report version 2) messages. */
export const SUMMARY = countsOf(
  ['sessions', 'Sessions or conversations'], ['business_initiated', '  business-initiated'], ['customer_initiated', '  customer-initiated'],
  ['templates', 'Templates'], ['templates_charged', '  charged'], ['templates_free', '  free'], ['templates_failed', '  failed (not charged)'],
  ['violations', 'Violations'], ['unclassified', 'Unclassified (not replayed)'],
  ['messages', 'Outbound messages'], ['messages_charged', '  charged'],
  ['conversations_charged', 'Charged sessions or conversations'], ['unpriced', 'Unpriced charged units'],
);

/** The input's counts (`input` in JSON), summed by merging too. */
export const INPUT_COUNTS = counts([
  { key: 'rows', field: 'rows', label: 'rows' },
  { key: 'messages', field: 'messages', label: 'messages' },
  { key: 'rejected', field: 'rejected', label: 'rejected' },
  { key: 'duplicates', field: 'duplicates', label: 'duplicates merged' },
] as const);

export type CountsOf<Fs extends readonly CountField[]> = { readonly [F in Fs[number] as F['field']]: number };
export type Summary = CountsOf<typeof SUMMARY>;
export type InputCounts = CountsOf<typeof INPUT_COUNTS>;

/** A row's cell by its column: schemas name fields as strings. */
export function cellOf(row: object, column: Column): unknown {
  return (row as Record<string, unknown>)[column.field];
}

/** The column of `schema` named `key` (a table column names one). */
export function columnOf(schema: ListSchema, key: string): Column {
  const c = schema.columns.find((x) => x.key === key);
  if (c === undefined) throw new Error(`list ${schema.name} has no column ${key}`);
  return c;
}
