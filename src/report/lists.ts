// How the report's lists are collected as the replay hands over each key's decisions: in
// columns for a complete report (a few numbers a row, the strings left in the message store,
// sorted once by `storedTimeOrder`), or as the first N row objects for a report cut to what the
// table shows.
import {
  CHARGE_CLASSES,
  FREE_REASONS,
  INITIATORS,
  REGIMES,
  type MessageVerdict,
  type SessionDecision,
  TEMPLATE_REASONS,
  type TemplateDecision,
  VIOLATION_RULES,
  type ViolationDecision,
} from '../engine/ruleset.js';
import { isFailed, MESSAGE_KINDS, type Message, type MessageKind } from '../model/message.js';
import { KIND_TEMPLATE, kindCode } from '../model/flags.js';
import type { MessageStore } from '../model/store.js';
import { byTimeThenKey, cmp, storedTimeOrder } from './order.js';
import type { MessageRow, MessageUnit, SessionRow, TemplateRow, ViolationRow } from './schema.js';
import { templateCategoryOf } from '../model/vocabulary.js';
import { ArrayRows, ColumnRows, IndexedColumnRows, type Rows } from './rows.js';

/** One report list, as its decisions arrive a key at a time (with the key's messages). */
export interface ListSink<D, R> {
  add(decision: D, keyMessages: readonly Message[]): void;
  /** The list, in the report's order. */
  rows(): Rows<R>;
}

/** Where rows come from: the log's store (messages are views of it), and how addresses show. */
export interface RowSource {
  readonly store: MessageStore;
  readonly show: (address: string) => string;
}

/** Index of the first message at or after t (messages in time order). */
function lowerBound(messages: readonly Message[], t: number): number {
  let lo = 0;
  let hi = messages.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (messages[mid].ts < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** formats.md: delivered messages of the key with opened_at <= t < expires_at, by time alone. */
function windowCounts(s: SessionDecision, keyMessages: readonly Message[]): { inbound: number; outbound: number } {
  let inbound = 0;
  let outbound = 0;
  for (let i = lowerBound(keyMessages, s.openedAt); i < keyMessages.length; i++) {
    const m = keyMessages[i];
    if (m.ts >= s.expiresAt) break;
    if (isFailed(m)) continue;
    if (m.direction === 'inbound') inbound++;
    else outbound++;
  }
  return { inbound, outbound };
}

export function sessionRow(s: SessionDecision, keyMessages: readonly Message[], show: (a: string) => string): SessionRow {
  const { inbound, outbound } = windowCounts(s, keyMessages);
  return {
    id: s.opener.id,
    business: show(s.opener.business),
    contact: show(s.opener.contact),
    initiator: s.initiator,
    openedAt: s.openedAt,
    expiresAt: s.expiresAt,
    openedByType: s.opener.kind === 'template' ? 'template' : 'free_form',
    charged: s.charged,
    chargedMessage: s.chargedMessage?.id ?? null,
    repliedAt: s.repliedAt,
    inbound,
    outbound,
    category: s.category,
    freeReason: s.freeReason,
  };
}

/** The cells every row about one message starts with. */
function aboutMessage(m: Message, show: (a: string) => string) {
  return { id: m.id, business: show(m.business), contact: show(m.contact), sentAt: m.ts, status: m.status };
}

function templateRow(t: TemplateDecision, show: (a: string) => string): TemplateRow {
  const m = t.message;
  return {
    ...aboutMessage(m, show),
    template: m.templateName,
    category: m.category,
    session: t.session?.opener.id ?? null,
    charged: t.charged,
    reason: t.reason,
  };
}

/** The country (ISO code) of the contact of the message at a store position; null when none is found. */
export type CountryAt = (position: number) => string | null;

/** A message's verdict as a row (report version 2, `messages`); its market is the contact's country; no money yet. */
export function messageRow(v: MessageVerdict, show: (a: string) => string, country: CountryAt): MessageRow {
  const m = v.message;
  return {
    ...aboutMessage(m, show),
    type: m.kind,
    template: m.templateName,
    category: categoryOf(m.kind, m.category),
    regime: v.regime,
    market: country(m.position),
    charged: v.charged,
    chargeClass: v.chargeClass,
    freeReason: v.freeReason,
    conversation: v.conversation?.opener.id ?? null,
    amount: null,
    currency: null,
    unpricedReason: null,
  };
}

/** pricing.md: a template's category as Meta prices it; a free-form message's is `service`. */
function categoryOf(kind: MessageKind, written: string | null): string | null {
  return kind === 'template' ? templateCategoryOf(written ?? '') : kind === 'free_form' ? 'service' : null;
}

export function violationRow(v: ViolationDecision, show: (a: string) => string): ViolationRow {
  return {
    ...aboutMessage(v.message, show),
    rule: v.rule,
    lastInboundAt: v.lastInboundAt,
    session: v.session?.opener.id ?? null,
    file: v.message.file,
    line: v.message.line,
  };
}

// ---------------------------------------------------------------------------------------------
// Complete lists, in columns. A row names messages by their position in the store.

const orNull = (t: number): number | null => (Number.isNaN(t) ? null : t);

/** The report's order for rows of the given messages: time, then business, contact and id shown. */
function reportOrder(src: RowSource, count: number, time: (j: number) => number, message: (j: number) => number): Int32Array {
  const { store, show } = src;
  const { business, contact } = store.keys;
  const tie = (a: number, b: number): number => {
    const ka = store.key[message(a)];
    const kb = store.key[message(b)];
    return (
      cmp(show(business[ka]), show(business[kb])) ||
      cmp(show(contact[ka]), show(contact[kb])) ||
      cmp(store.id(message(a)), store.id(message(b)))
    );
  };
  return storedTimeOrder(count, store.count, message, time, tie);
}

/**
 * The first cells of a row about one stored message (id, business, contact, sent at, status).
 * Rows take them as values into one literal of their own, never by spreading an object: rows
 * of one shape are read fast by the JSON writer; spread copies made the 1M report 3x slower.
 */
function storedHead(src: RowSource, m: number, k: number): [string, string, string, number, string | null] {
  const { store, show } = src;
  return [store.id(m), show(store.keys.business[k]), show(store.keys.contact[k]), store.ts[m], store.strings.at(store.status[m])];
}

export class SessionColumns implements ListSink<SessionDecision, SessionRow> {
  private readonly opener: number[] = [];
  /** Bit 0: business-initiated; bit 1: charged. */
  private readonly flags: number[] = [];
  private readonly openedAt: number[] = [];
  private readonly expiresAt: number[] = [];
  /** The charged message's position, -1 for none. */
  private readonly chargedMessage: number[] = [];
  /** NaN for none. */
  private readonly repliedAt: number[] = [];
  private readonly inbound: number[] = [];
  private readonly outbound: number[] = [];
  /** Category and free reason under CBP; null for robbu's sessions. */
  private readonly category: (string | null)[] = [];
  private readonly freeReason: (string | null)[] = [];

  constructor(private readonly src: RowSource) {}

  add(s: SessionDecision, keyMessages: readonly Message[]): void {
    const { inbound, outbound } = windowCounts(s, keyMessages);
    this.opener.push(s.opener.position);
    this.flags.push((s.initiator === 'business' ? 1 : 0) | (s.charged ? 2 : 0));
    this.openedAt.push(s.openedAt);
    this.expiresAt.push(s.expiresAt);
    this.chargedMessage.push(s.chargedMessage?.position ?? -1);
    this.repliedAt.push(s.repliedAt ?? NaN);
    this.inbound.push(inbound);
    this.outbound.push(outbound);
    this.category.push(s.category);
    this.freeReason.push(s.freeReason);
  }

  rows(): Rows<SessionRow> {
    const { store, show } = this.src;
    const { opener, flags, openedAt, expiresAt, chargedMessage, repliedAt, inbound, outbound, category, freeReason } = this;
    const order = (): Int32Array => reportOrder(this.src, opener.length, (j) => openedAt[j], (j) => opener[j]);
    return new ColumnRows(opener.length, order, (j) => {
      const m = opener[j];
      const k = store.key[m];
      const charged = chargedMessage[j];
      return {
        id: store.id(m),
        business: show(store.keys.business[k]),
        contact: show(store.keys.contact[k]),
        initiator: INITIATORS[flags[j] & 1 ? 0 : 1],
        openedAt: openedAt[j],
        expiresAt: expiresAt[j],
        openedByType: kindCode(store.flags[m]) === KIND_TEMPLATE ? 'template' : 'free_form',
        charged: (flags[j] & 2) !== 0,
        chargedMessage: charged < 0 ? null : store.id(charged),
        repliedAt: orNull(repliedAt[j]),
        inbound: inbound[j],
        outbound: outbound[j],
        category: category[j],
        freeReason: freeReason[j],
      };
    });
  }
}

/** Rows about one message each (templates, violations): its position, and its session's opener's. */
abstract class MessageColumns<D extends TemplateDecision | ViolationDecision, R> implements ListSink<D, R> {
  private readonly message: number[] = [];
  /** The session opener's position, -1 for none. */
  private readonly session: number[] = [];

  constructor(protected readonly src: RowSource) {}

  add(d: D): void {
    this.message.push(d.message.position);
    this.session.push(d.session?.opener.position ?? -1);
    this.keep(d);
  }

  /** Keeps what the row has of its own (in the same positions as `add`'s). */
  protected abstract keep(d: D): void;

  /** Row `j`, about message `m` (key `k`) in session `session`. */
  protected abstract make(j: number, m: number, k: number, session: string | null): R;

  rows(): Rows<R> {
    const { store } = this.src;
    const { message, session } = this;
    const order = (): Int32Array => reportOrder(this.src, message.length, (j) => store.ts[message[j]], (j) => message[j]);
    return new ColumnRows(message.length, order, (j) => {
      const m = message[j];
      const s = session[j];
      return this.make(j, m, store.key[m], s < 0 ? null : store.id(s));
    });
  }
}

export class TemplateColumns extends MessageColumns<TemplateDecision, TemplateRow> {
  /** Bit 0: charged; bits 1-2: the reason (index in TEMPLATE_REASONS). */
  private readonly flags: number[] = [];

  protected keep(t: TemplateDecision): void {
    this.flags.push((t.charged ? 1 : 0) | (TEMPLATE_REASONS.indexOf(t.reason) << 1));
  }

  protected make(j: number, m: number, k: number, session: string | null): TemplateRow {
    const { store } = this.src;
    const strings = store.strings;
    const [id, business, contact, sentAt, status] = storedHead(this.src, m, k);
    return {
      id, business, contact, sentAt, status,
      template: strings.at(store.template[m]),
      category: strings.at(store.category[m]),
      session,
      charged: (this.flags[j] & 1) !== 0,
      reason: TEMPLATE_REASONS[this.flags[j] >> 1],
    };
  }
}

export class ViolationColumns extends MessageColumns<ViolationDecision, ViolationRow> {
  /** Index in VIOLATION_RULES. */
  private readonly rule: number[] = [];
  /** NaN for none. */
  private readonly lastInboundAt: number[] = [];

  protected keep(v: ViolationDecision): void {
    this.rule.push(VIOLATION_RULES.indexOf(v.rule));
    this.lastInboundAt.push(v.lastInboundAt ?? NaN);
  }

  protected make(j: number, m: number, k: number, session: string | null): ViolationRow {
    const { store } = this.src;
    const [id, business, contact, sentAt, status] = storedHead(this.src, m, k);
    return {
      id, business, contact, sentAt, status,
      rule: VIOLATION_RULES[this.rule[j]],
      lastInboundAt: orNull(this.lastInboundAt[j]),
      session,
      file: store.files[store.file[m]],
      line: store.line[m],
    };
  }
}

/** What a message row's money is, once the account's units are priced. */
export interface Money {
  readonly amount: string | null;
  readonly currency: string | null;
  readonly unpricedReason: string | null;
}

/**
 * The `messages` list: a sink whose `add` returns a handle to the row it keeps (undefined when
 * it keeps none), through which the money is written once the account's units are priced.
 */
export interface MessageSink<H> extends ListSink<MessageVerdict, MessageRow> {
  /** Whether it lists free messages too (else it is given charged verdicts only). */
  readonly listsFree: boolean;
  add(v: MessageVerdict, keyMessages: readonly Message[]): H | undefined;
  price(row: H, money: Money): void;
}

/** Every message's verdict in columns: its position, the covering conversation's opener's, a few codes. */
export class VerdictColumns implements MessageSink<number> {
  readonly listsFree = true;
  private readonly message: number[] = [];
  /** The covering conversation's opener's position, -1 for none. */
  private readonly conversation: number[] = [];
  /** Bit 0 charged; bits 1-3 the regime, 4-7 the charge class + 1, 8-11 the free reason + 1 (indexes). */
  private readonly codes: number[] = [];
  private readonly money = new Map<number, Money>();

  constructor(
    private readonly src: RowSource,
    /** The country of a message's contact (ISO code), by its position in the store. */
    private readonly country: CountryAt,
  ) {}

  add(v: MessageVerdict): number {
    const j = this.message.length;
    this.message.push(v.message.position);
    this.conversation.push(v.conversation?.opener.position ?? -1);
    this.codes.push(
      (v.charged ? 1 : 0) |
        (REGIMES.indexOf(v.regime) << 1) |
        ((v.chargeClass === null ? 0 : CHARGE_CLASSES.indexOf(v.chargeClass) + 1) << 4) |
        ((v.freeReason === null ? 0 : FREE_REASONS.indexOf(v.freeReason) + 1) << 8),
    );
    return j;
  }

  price(j: number, money: Money): void {
    this.money.set(j, money);
  }

  rows(): Rows<MessageRow> {
    const { store } = this.src;
    const { message, conversation, codes, money } = this;
    const strings = store.strings;
    const order = (): Int32Array => reportOrder(this.src, message.length, (j) => store.ts[message[j]], (j) => message[j]);
    // A message's row by its id: the store's id index gives its position, `listed` its row (a
    // log read without keeping its ids is indexed here, once).
    let listed: Int32Array | null = null;
    let byId: Map<string, number> | null = null;
    const positionOf = (id: string): number => {
      if (!store.findsIds) {
        if (byId === null) {
          byId = new Map();
          for (let j = 0; j < message.length; j++) byId.set(store.id(message[j]), j);
        }
        return byId.get(id) ?? -1;
      }
      const m = store.findId(id);
      if (m < 0) return -1;
      if (listed === null) {
        listed = new Int32Array(store.count).fill(-1);
        for (let j = 0; j < message.length; j++) listed[message[j]] = j;
      }
      return listed[m];
    };
    // Each row is one object literal, its cells in one order: rows made with spread copies are
    // objects of many shapes, and wrote the 1M JSON report three times slower (`storedHead`).
    return new IndexedColumnRows(message.length, order, (j): MessageRow => {
      const m = message[j];
      const k = store.key[m];
      const c = conversation[j];
      const code = codes[j];
      const kind = MESSAGE_KINDS[kindCode(store.flags[m])];
      const cls = (code >> 4) & 15;
      const reason = (code >> 8) & 15;
      const paid = money.get(j);
      const [id, business, contact, sentAt, status] = storedHead(this.src, m, k);
      return {
        id, business, contact, sentAt, status,
        type: kind,
        template: strings.at(store.template[m]),
        category: categoryOf(kind, strings.at(store.category[m])),
        regime: REGIMES[(code >> 1) & 7],
        market: this.country(m),
        charged: (code & 1) !== 0,
        chargeClass: cls === 0 ? null : CHARGE_CLASSES[cls - 1],
        freeReason: reason === 0 ? null : FREE_REASONS[reason - 1],
        conversation: c < 0 ? null : store.id(c),
        amount: paid?.amount ?? null,
        currency: paid?.currency ?? null,
        unpricedReason: paid?.unpricedReason ?? null,
      };
    }, {
      // The short form reconciliation reads: the decision at once, the strings when asked.
      short: (j): MessageUnit => new MessageUnitView(this.src, this.country, message[j], codes[j], money.get(j)),
      positionOf,
      flag: (j) => (codes[j] & 1) !== 0,
    });
  }
}

/**
 * A message row's short form (`reconcile` reads a few fields of many messages): its decision
 * and money at once, its id, parties, category and market decoded from the store when read.
 */
class MessageUnitView implements MessageUnit {
  readonly sentAt: number;
  readonly charged: boolean;
  readonly chargeClass: MessageUnit['chargeClass'];
  readonly freeReason: MessageUnit['freeReason'];
  readonly amount: string | null;
  readonly currency: string | null;

  constructor(
    private readonly src: RowSource,
    private readonly country: CountryAt,
    private readonly m: number,
    code: number,
    paid: Money | undefined,
  ) {
    const cls = (code >> 4) & 15;
    const reason = (code >> 8) & 15;
    this.sentAt = src.store.ts[m];
    this.charged = (code & 1) !== 0;
    this.chargeClass = cls === 0 ? null : CHARGE_CLASSES[cls - 1];
    this.freeReason = reason === 0 ? null : FREE_REASONS[reason - 1];
    this.amount = paid?.amount ?? null;
    this.currency = paid?.currency ?? null;
  }

  get id(): string {
    return this.src.store.id(this.m);
  }

  get business(): string {
    const { store, show } = this.src;
    return show(store.keys.business[store.key[this.m]]);
  }

  get contact(): string {
    const { store, show } = this.src;
    return show(store.keys.contact[store.key[this.m]]);
  }

  get category(): string | null {
    const { store } = this.src;
    return categoryOf(MESSAGE_KINDS[kindCode(store.flags[this.m])], store.strings.at(store.category[this.m]));
  }

  get market(): string | null {
    const { store } = this.src;
    return this.country(this.m);
  }
}

/** The first `n` charged messages' rows (the table lists no others), as objects. */
export class FirstCharged implements MessageSink<MessageRow> {
  readonly listsFree = false;
  private readonly first: FirstOf<MessageVerdict, MessageRow>;
  constructor(n: number, show: (a: string) => string, country: CountryAt) {
    this.first = new FirstOf(n, (r: MessageRow) => r.sentAt, (v) => v.message.ts, (v) => messageRow(v, show, country));
  }
  add(v: MessageVerdict, keyMessages: readonly Message[]): MessageRow | undefined {
    return v.charged ? this.first.add(v, keyMessages) : undefined;
  }
  price(row: MessageRow, money: Money): void {
    Object.assign(row, money);
  }
  rows(): Rows<MessageRow> {
    return this.first.rows();
  }
}

// ---------------------------------------------------------------------------------------------
// Lists cut to their first rows (the table shows no more), as row objects.

type AnyRow = SessionRow | TemplateRow | ViolationRow | MessageRow;

/** The first `n` rows in the report's order, kept sorted as rows arrive. */
class FirstRows<R extends AnyRow> {
  readonly list: R[] = [];
  private readonly order: (a: R, b: R) => number;

  constructor(
    private readonly n: number,
    private readonly time: (r: R) => number,
  ) {
    this.order = byTimeThenKey(time);
  }

  /** Whether a row of time `t` may be among the first (so that it is worth making). */
  wants(t: number): boolean {
    return this.list.length < this.n || (this.n > 0 && t <= this.time(this.list[this.list.length - 1]));
  }

  add(row: R): void {
    let lo = 0;
    let hi = this.list.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.order(this.list[mid], row) <= 0) lo = mid + 1;
      else hi = mid;
    }
    this.list.splice(lo, 0, row);
    if (this.list.length > this.n) this.list.pop();
  }
}

/** The first `n` rows of a list, made from its decisions only when they may be among them. */
export class FirstOf<D, R extends AnyRow> implements ListSink<D, R> {
  private readonly first: FirstRows<R>;
  constructor(
    n: number,
    time: (r: R) => number,
    private readonly timeOf: (d: D) => number,
    private readonly make: (d: D, keyMessages: readonly Message[]) => R,
  ) {
    this.first = new FirstRows(n, time);
  }
  /** Makes the decision's row when it may be among the first; returns it (undefined when not made). */
  add(d: D, keyMessages: readonly Message[]): R | undefined {
    if (!this.first.wants(this.timeOf(d))) return undefined;
    const row = this.make(d, keyMessages);
    this.first.add(row);
    return row;
  }
  rows(): Rows<R> {
    return new ArrayRows(this.first.list);
  }
}

/** The first `n` templates, and the first `n` charged ones (the table lists those). */
export class FirstTemplates implements ListSink<TemplateDecision, TemplateRow> {
  private readonly all: FirstRows<TemplateRow>;
  private readonly charged: FirstRows<TemplateRow>;
  constructor(
    n: number,
    private readonly show: (a: string) => string,
  ) {
    this.all = new FirstRows(n, (r) => r.sentAt);
    this.charged = new FirstRows(n, (r) => r.sentAt);
  }
  add(t: TemplateDecision): void {
    const all = this.all.wants(t.message.ts);
    const charged = t.charged && this.charged.wants(t.message.ts);
    if (!all && !charged) return;
    const row = templateRow(t, this.show);
    if (all) this.all.add(row);
    if (charged) this.charged.add(row);
  }
  rows(): Rows<TemplateRow> {
    const seen = new Set(this.all.list);
    const both = [...this.all.list, ...this.charged.list.filter((t) => !seen.has(t))];
    const order = byTimeThenKey((r: TemplateRow) => r.sentAt);
    return new ArrayRows(both.sort(order));
  }
}
