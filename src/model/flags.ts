// A message's direction, kind and status class packed in one byte of the message store, and
// the lists they index. Bit 0: outbound. Bits 1-2: kind (index in MESSAGE_KINDS). Bits 3-5:
// status class rank (index in STATUS_CLASSES).
import { type Direction, MESSAGE_KINDS, type MessageKind, STATUS_CLASSES, type StatusClass } from './message.js';

/** Each word's index in its list. */
function indexes<K extends string>(words: readonly K[]): Readonly<Record<K, number>> {
  return Object.fromEntries(words.map((w, i) => [w, i])) as Record<K, number>;
}

export const KIND_INDEX = indexes(MESSAGE_KINDS);
export const CLASS_RANK = indexes(STATUS_CLASSES);
export const KIND_TEMPLATE = KIND_INDEX.template;
export const KIND_UNKNOWN = KIND_INDEX.unknown;
export const DIRECTION_OF: readonly Direction[] = ['inbound', 'outbound'];

export function flagsOf(outbound: boolean, kind: number, rank: number): number {
  return (outbound ? 1 : 0) | (kind << 1) | (rank << 3);
}

export function packFlags(outbound: boolean, kind: MessageKind, statusClass: StatusClass): number {
  return flagsOf(outbound, KIND_INDEX[kind], CLASS_RANK[statusClass]);
}

export const isOutbound = (flags: number): boolean => (flags & 1) === 1;
export const kindCode = (flags: number): number => (flags >> 1) & 3;
export const classRank = (flags: number): number => flags >> 3;
