// The engine's two stages: every key (business, contact) replayed on its own through the
// ruleset, then the ruleset's account-level pass over all keys' decisions. Pure.
import type { Message } from '../model/message.js';
import type { Log } from '../model/log.js';
import { messageView } from '../model/stored-log.js';
import type { KeyOutcome, Ruleset } from './ruleset.js';

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
 * order. A ruleset whose keys are independent needs nothing else; for one with an account-level
 * pass, every key's messages and outcome are kept until `settleAccount` has seen them all.
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
  if (ruleset.keysIndependent) {
    for (const k of log.keys) {
      const messages = messagesOf(k);
      visit(messages, ruleset.replayKey(messages));
    }
    return;
  }
  const keys: KeyLog[] = Array.from(log.keys, (k) => ({
    business: store.keys.business[k],
    contact: store.keys.contact[k],
    messages: messagesOf(k),
  }));
  const { outcomes } = replayKeys(keys, ruleset);
  outcomes.forEach((outcome, k) => visit(keys[k].messages, outcome));
}

function replayKeys(keys: readonly KeyLog[], ruleset: Ruleset): Replay {
  const perKey = keys.map((k) => ruleset.replayKey(k.messages));
  const outcomes = ruleset.settleAccount(perKey);
  if (outcomes.length !== keys.length) {
    throw new Error(`ruleset ${ruleset.name}: the account pass must return one outcome per key`);
  }
  return { ruleset, keys, outcomes };
}
