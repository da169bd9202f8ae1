// Sharding by contact: every key (business, contact) of one contact lands in the same shard,
// so each shard replays whole keys and Brazil's ninth-digit merges stay within one shard.
// The hash is FNV-1a over the contact's UTF-16 code units: stable across runs and machines.
import type { Log } from './log.js';
import { StoredLog } from './stored-log.js';

export interface Shard {
  /** 1-based: shard `index` of `count`. */
  readonly index: number;
  readonly count: number;
}

/** The shard of a run a report covers, with the run's fingerprint (`fingerprint.ts`). */
export interface ShardOfRun extends Shard {
  readonly fingerprint: string;
}

export function contactHash(contact: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < contact.length; i++) {
    h ^= contact.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

export function inShard(contact: string, shard: Shard): boolean {
  return contactHash(contact) % shard.count === shard.index - 1;
}

/** Reads `I/N`; null when it is not of that form or I is not within 1..N. */
export function parseShard(text: string): Shard | null {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  if (m === null) return null;
  const index = Number(m[1]);
  const count = Number(m[2]);
  if (!Number.isSafeInteger(count) || count < 1 || index < 1 || index > count) return null;
  return { index, count };
}

/**
 * The part of a log one shard audits: the messages of its contacts with their duplicate rows,
 * and (in shard 1 only, so that merging counts them once) the rejected rows. Every shard reads
 * the whole log, so a row's fate (message, duplicate, rejection) is the same in all of them;
 * the counts of the shards add up to the whole log's.
 */
export function shardLog(log: Log, shard: Shard): Log {
  const { store } = log;
  const keys = log.keys.filter((k) => inShard(store.keys.contact[k], shard));
  let messages = 0;
  let duplicates = 0;
  for (const k of keys) {
    const positions = store.positionsOf(k);
    for (const i of positions) duplicates += store.duplicates[i];
    messages += positions.length;
  }
  const rejected = shard.index === 1 ? log.rejected : [];
  return new StoredLog(store, keys, {
    files: log.files,
    rows: messages + duplicates + rejected.length,
    duplicates,
    rejected,
    contactMerges: log.contactMerges === null ? null : log.contactMerges.filter((m) => inShard(m.to, shard)),
    businessNumbers: log.businessNumbers,
    businessJoin: log.businessJoin,
  });
}
