// A whole ingested log: its messages in a store (`store.ts`), and what the reading knew of it.
import type { ContactMergeInfo, Message, Rejection } from './message.js';
import type { BusinessJoin, MessageStore } from './store.js';

/** A whole ingested log: every row read ends up in exactly one of messages, duplicates, rejected. */
export interface Log {
  readonly files: readonly string[];
  readonly rows: number;
  /** The messages, in columns (`store.ts`); a shard's log covers some of its keys. */
  readonly store: MessageStore;
  /** The keys (business, contact) the log covers, by number in the store, in order of first appearance. */
  readonly keys: Int32Array;
  readonly messageCount: number;
  /** The messages as objects, in input order (made on first use: for small logs and tests). */
  readonly messages: readonly Message[];
  /** The messages grouped by key, each group in input order (made on first use). */
  readonly groups: readonly (readonly Message[])[];
  readonly duplicates: number;
  readonly rejected: readonly Rejection[];
  /** Contacts read with Brazil's ninth digit added (`--br-ninth-digit`); null without it. */
  readonly contactMerges: readonly ContactMergeInfo[] | null;
  /** Rows without a business joined to the log's one business, or keys left without one. */
  readonly businessJoin: BusinessJoin;
  /** Business phone-number ids -> the numbers people know them by (Meta webhook metadata). */
  readonly businessNumbers: ReadonlyMap<string, string>;
}

