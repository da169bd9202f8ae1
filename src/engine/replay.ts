// The engine's two stages: every key (business, contact) replayed on its own through the
// ruleset, then the ruleset's account-level pass over all keys' decisions. Pure.
import type { Message } from '../model/message.js';
import type { Log } from '../model/log.js';
import { messageView } from '../model/stored-log.js';
import { settleTiers, type KeyOutcome, type Ruleset, type TierUnit } from './ruleset.js';

export interface KeyLog {
  readonly business: string;
  readonly contact: string;
  /** The key's messages in replay order. */
  readonly messages: readonly Message[];
}

export interface Replay {
  readonly ruleset: Ruleset;
  readonly keys: readonly KeyLog[];
  /** One outcome per key, in the order of `keys`. */
  readonly outcomes: readonly KeyOutcome[];
}

/** rules.md "Replay order": time, then inbound before outbound, then input order. */
export function replayOrder(a: Message, b: Message): number {
  return (
    a.ts - b.ts ||
    (a.direction === b.direction ? 0 : a.direction === 'inbound' ? -1 : 1) ||
    a.seq - b.seq
  );
}

function inReplayOrder(messages: readonly Message[]): boolean {
  for (let i = 1; i < messages.length; i++) if (replayOrder(messages[i - 1], messages[i]) > 0) return false;
  return true;
}

export function groupByKey(messages: readonly Message[]): KeyLog[] {
  const groups = new Map<string, Message[]>();
  for (const m of messages) {
    const k = m.business + '\u0000' + m.contact;
    const g = groups.get(k);
    if (g === undefined) groups.set(k, [m]);
    else g.push(m);
  }
  const keys: KeyLog[] = [];
  for (const g of groups.values()) {
    g.sort(replayOrder);
    keys.push({ business: g[0].business, contact: g[0].contact, messages: g });
  }
  return keys;
}

export function replay(messages: readonly Message[], ruleset: Ruleset): Replay {
  return replayKeys(groupByKey(messages), ruleset);
}

/**
 * Replays every key of a log, a key at a time: the key's messages are made as objects from the
 * store only for its turn, and handed with the key's outcome to `visit`, in the log's key
 * order. A ruleset whose keys are independent needs nothing else; one with monthly free tiers
 * across keys is replayed twice where a tier counts: once to gather the tiers' units, which
 * `settleTiers` settles, then (only the keys that have such units) again with the freed units.
 * No key's messages outlive its turn in either pass.
 */
export function replayLog(
  log: Log,
  ruleset: Ruleset,
  visit: (messages: readonly Message[], outcome: KeyOutcome) => void,
): void {
  const { store } = log;
  const messagesOf = (k: number): Message[] => {
    const g: Message[] = [];
    for (const i of store.positionsOf(k)) g.push(messageView(store, i, k));
    // A time-sorted export gives keys already in replay order: no sort.
    return inReplayOrder(g) ? g : g.sort(replayOrder);
  };
  // Keys in turn, the next key's messages touched while one is replayed: their cache misses
  // overlap with the work instead of each stalling it (the sum keeps the reads).
  let touched = 0;
  const eachKey = (keys: ArrayLike<number>, each: (k: number) => void): void => {
    for (let j = 0; j < keys.length; j++) {
      if (j + 1 < keys.length) touched += store.touchKey(keys[j + 1]);
      each(keys[j]);
    }
  };
  const once = (): void =>
    eachKey(log.keys, (k) => {
      const messages = messagesOf(k);
      visit(messages, ruleset.replayKey(messages));
    });
  if (ruleset.keysIndependent) return once();
  // When no tier can count any message of the log (its whole span), one replay settles all.
  let from = Infinity;
  let to = -Infinity;
  for (let i = 0; i < store.count; i++) {
    const t = store.ts[i];
    if (t < from) from = t;
    if (t > to) to = t;
  }
  if (!(ruleset.tiersBetween?.(from, to) ?? true)) return once();
  // A key with no tier unit is final after the first replay (no tier can change it): it is
  // handed over then; only the keys with tier units are replayed again, with the freed ones.
  // (Keys then reach `visit` out of the log's order; the report sorts every list.)
  const units: TierUnit[] = [];
  const again: number[] = [];
  eachKey(log.keys, (k) => {
    const messages = messagesOf(k);
    const outcome = ruleset.replayKey(messages);
    const tier = outcome.tierUnits;
    if (tier === undefined || tier.length === 0) {
      visit(messages, outcome);
      return;
    }
    for (const u of tier) units.push(u);
    again.push(k);
  });
  const freed = settleTiers(units);
  eachKey(again, (k) => {
    const messages = messagesOf(k);
    visit(messages, ruleset.replayKey(messages, freed));
  });
}

/** The two stages over keys held in memory (tests, and `replay`). */
function replayKeys(keys: readonly KeyLog[], ruleset: Ruleset): Replay {
  if (ruleset.keysIndependent) return { ruleset, keys, outcomes: keys.map((k) => ruleset.replayKey(k.messages)) };
  const freed = settleTiers(keys.flatMap((k) => ruleset.replayKey(k.messages).tierUnits ?? []));
  return { ruleset, keys, outcomes: keys.map((k) => ruleset.replayKey(k.messages, freed)) };
}
