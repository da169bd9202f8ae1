// A log over a message store (all of its keys, or a shard's), and the messages of the store as
// objects: small views for the replay, a key at a time, and plain copies for small logs and
// tests.
import { classRank, DIRECTION_OF, kindCode } from './flags.js';
import { type ContactMergeInfo, type Direction, type Message, MESSAGE_KINDS, type MessageKind, type ProviderFacts, type Rejection, STATUS_CLASSES, type StatusClass } from './message.js';
import type { Log } from './log.js';
import type { BusinessJoin, MessageStore } from './store.js';

/** What a log knows besides its messages. */
export type LogFacts = Pick<Log, 'files' | 'rows' | 'duplicates' | 'rejected' | 'contactMerges' | 'businessNumbers' | 'businessJoin'>;

export class StoredLog implements Log {
  readonly files: readonly string[];
  readonly rows: number;
  readonly duplicates: number;
  readonly rejected: readonly Rejection[];
  readonly contactMerges: readonly ContactMergeInfo[] | null;
  readonly businessNumbers: ReadonlyMap<string, string>;
  readonly businessJoin: BusinessJoin;
  readonly messageCount: number;
  private madeMessages: Message[] | null = null;
  private madeGroups: Message[][] | null = null;

  constructor(
    readonly store: MessageStore,
    readonly keys: Int32Array,
    facts: LogFacts,
  ) {
    this.files = facts.files;
    this.rows = facts.rows;
    this.duplicates = facts.duplicates;
    this.rejected = facts.rejected;
    this.contactMerges = facts.contactMerges;
    this.businessNumbers = facts.businessNumbers;
    this.businessJoin = facts.businessJoin;
    let n = 0;
    for (const k of keys) n += store.keys.sizes[k];
    this.messageCount = n;
  }

  /** Every key of the store that has messages (a key may have none: its only row conflicted). */
  static whole(store: MessageStore, facts: LogFacts): StoredLog {
    const keys: number[] = [];
    for (let k = 0; k < store.keys.count; k++) if (store.keys.sizes[k] > 0) keys.push(k);
    return new StoredLog(store, Int32Array.from(keys), facts);
  }

  get groups(): readonly (readonly Message[])[] {
    if (this.madeGroups === null) {
      this.madeGroups = Array.from(this.keys, (k) => Array.from(this.store.positionsOf(k), (i) => this.store.message(i)));
    }
    return this.madeGroups;
  }

  get messages(): readonly Message[] {
    this.madeMessages ??= this.groups.flat().sort((a, b) => a.position - b.position);
    return this.madeMessages;
  }
}

/**
 * Message `i` (of key `k`) for the replay: the fields every ruleset reads are copied, the others
 * (id, status, template, file...) are read from the columns when asked for, so that a key's turn
 * touches little of a large store.
 */
export function messageView(store: MessageStore, i: number, k: number): Message {
  return new StoredMessage(store, i, store.keys.business[k], store.keys.contact[k]);
}

class StoredMessage implements Message {
  readonly ts: number;
  readonly direction: Direction;
  readonly kind: MessageKind;
  readonly statusClass: StatusClass;
  /** The id once asked for: a session's opener is asked for it by each of its rows. */
  private idText: string | null = null;

  constructor(
    private readonly store: MessageStore,
    readonly position: number,
    readonly business: string,
    readonly contact: string,
  ) {
    const f = store.flags[position];
    this.ts = store.ts[position];
    this.direction = DIRECTION_OF[f & 1];
    this.kind = MESSAGE_KINDS[kindCode(f)];
    this.statusClass = STATUS_CLASSES[classRank(f)];
  }

  /** The store keeps messages in input order: a message's position is its place in the input. */
  get seq(): number {
    return this.position;
  }
  get id(): string {
    this.idText ??= this.store.id(this.position);
    return this.idText;
  }
  get status(): string | null {
    return this.store.strings.at(this.store.status[this.position]);
  }
  get templateName(): string | null {
    return this.store.strings.at(this.store.template[this.position]);
  }
  get category(): string | null {
    return this.store.strings.at(this.store.category[this.position]);
  }
  get duplicates(): number {
    return this.store.duplicates[this.position];
  }
  get file(): string {
    return this.store.files[this.store.file[this.position]];
  }
  get line(): number {
    return this.store.line[this.position];
  }
  get provider(): ProviderFacts | null {
    return this.store.provider.size === 0 ? null : (this.store.provider.get(this.position) ?? null);
  }
  get entryPoint(): boolean {
    return this.store.isEntryPoint(this.position);
  }
}
