// The one door for time. Inside, an instant is epoch milliseconds; zones are explicit values.
// luxon is used only to learn a zone's UTC offset at an instant, and those answers are cached
// by minute, so reading or writing a million timestamps creates no per-row luxon objects.
import { FixedOffsetZone, Info, type Zone } from 'luxon';

export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;

export type DayOrder = 'dmy' | 'mdy';
export const DATE_FORMATS = { 'dd/MM/yyyy': 'dmy', 'MM/dd/yyyy': 'mdy' } as const satisfies Record<
  string,
  DayOrder
>;
export type DateFormatName = keyof typeof DATE_FORMATS;

/** A time zone with cached offset look-ups in both directions. */
export class TimeZone {
  readonly name: string;
  readonly isUtc: boolean;
  private readonly zone: Zone;
  private readonly offsetCache = new Map<number, number>();
  private readonly minuteCache = new Map<number, number>();
  private readonly localCache = new Map<number, number>();

  private constructor(name: string, zone: Zone) {
    this.name = name;
    this.zone = zone;
    this.isUtc = zone.isUniversal && zone.offset(0) === 0;
  }

  /**
   * The zone a user names (`--tz`): an IANA name, `UTC`, a fixed offset (`+03:00`, `-0300`,
   * `UTC-3`, `GMT+05:30`, named in reports as `UTC+03:00`), or `local`/`system`, which are
   * resolved to the machine's IANA name so that the report says which zone it used. A string
   * saying why, when it is none of those.
   */
  static parse(text: string, machineZone: () => string | undefined): TimeZone | string {
    const t = text.trim();
    const offset = /^(?:(?:UTC|GMT)\s*)?([+-])(\d{1,2})(?::?(\d{2}))?$/i.exec(t);
    if (offset !== null) {
      const hours = Number(offset[2]);
      const minutes = Number(offset[3] ?? '0');
      if (hours > 18 || minutes > 59) return `'${text}' is not an offset from UTC (at most 18 hours)`;
      const total = (offset[1] === '-' ? -1 : 1) * (hours * 60 + minutes);
      if (total === 0) return TimeZone.of('UTC') as TimeZone;
      const name = `UTC${total < 0 ? '-' : '+'}${pad2(hours)}:${pad2(minutes)}`;
      return new TimeZone(name, FixedOffsetZone.instance(total));
    }
    if (/^(local|system)$/i.test(t)) {
      const name = machineZone();
      const zone = name === undefined ? null : TimeZone.of(name);
      if (zone === null || name === undefined) return `'${text}': this machine does not name its time zone; pass an IANA name such as America/Sao_Paulo`;
      return zone;
    }
    return TimeZone.of(t) ?? `unknown time zone '${text}'; use an IANA name such as America/Sao_Paulo, UTC, or an offset such as -03:00`;
  }

  /** Returns null when luxon does not know the zone. */
  static of(name: string): TimeZone | null {
    const zone = Info.normalizeZone(name);
    if (!zone || !zone.isValid) return null;
    return new TimeZone(name === 'utc' ? 'UTC' : name, zone);
  }

  /** Offset from UTC in minutes at an instant. */
  offsetAt(ms: number): number {
    if (this.isUtc) return 0;
    // An hour whose start and end have one offset has it throughout (no zone changes offset
    // twice within an hour): cached by the hour. An hour with a change in it, by the minute
    // (changes fall on whole minutes in every zone since the last local mean times).
    const hour = Math.floor(ms / HOUR_MS);
    let off = this.offsetCache.get(hour);
    if (off === undefined) {
      const start = this.zone.offset(hour * HOUR_MS);
      off = start === this.zone.offset((hour + 1) * HOUR_MS) ? start : NaN;
      this.offsetCache.set(hour, off);
    }
    if (!Number.isNaN(off)) return off;
    const minute = Math.floor(ms / MINUTE_MS);
    let m = this.minuteCache.get(minute);
    if (m === undefined) {
      m = this.zone.offset(minute * MINUTE_MS);
      this.minuteCache.set(minute, m);
    }
    return m;
  }

  /**
   * The instant at which the wall clock of this zone reads `wallMs` (a wall-clock time written
   * as if it were UTC). NaN when that wall time does not exist (a DST gap); -Infinity when it
   * occurs twice (a DST overlap), since choosing one would be a silent guess.
   */
  wallToInstant(wallMs: number): number {
    if (this.isUtc) return wallMs;
    const minute = Math.floor(wallMs / MINUTE_MS);
    let base = this.localCache.get(minute);
    if (base === undefined) {
      base = this.resolveWallMinute(minute * MINUTE_MS);
      this.localCache.set(minute, base);
    }
    return Number.isFinite(base) ? base + (wallMs - minute * MINUTE_MS) : base;
  }

  private resolveWallMinute(wall: number): number {
    const candidates = new Set([this.offsetAt(wall - 12 * HOUR_MS), this.offsetAt(wall + 12 * HOUR_MS)]);
    const found: number[] = [];
    for (const off of candidates) {
      const t = wall - off * MINUTE_MS;
      if (this.offsetAt(t) === off) found.push(t);
    }
    if (found.length === 0) return NaN;
    if (found.length > 1) return -Infinity;
    return found[0];
  }
}

const pad2 = (n: number): string => (n < 10 ? '0' + n : String(n));

function pad3(n: number): string {
  if (n >= 100) return String(n);
  return n >= 10 ? '0' + n : '00' + n;
}

const DAY_MS = 86_400_000;
const TWO_DIGITS = Array.from({ length: 60 }, (_, i) => (i < 10 ? '0' + i : String(i)));
/** `yyyy-MM-dd` by day number: a report's instants fall on few days. */
const dayText = new Map<number, string>();

/** `yyyy-MM-dd<sep>HH:mm:ss` of a wall-clock time written as if it were UTC. */
function wallText(wall: number, sep: string): string {
  const day = Math.floor(wall / DAY_MS);
  let date = dayText.get(day);
  if (date === undefined) {
    const c = civilFromDays(day);
    date = c.year + '-' + pad2(c.month) + '-' + pad2(c.day);
    if (dayText.size < 100_000) dayText.set(day, date);
  }
  const secs = Math.floor((wall - day * DAY_MS) / 1000);
  const h = Math.floor(secs / 3600);
  const m = Math.floor(secs / 60) % 60;
  return date + sep + TWO_DIGITS[h] + ':' + TWO_DIGITS[m] + ':' + TWO_DIGITS[secs % 60];
}

/** ISO 8601 in the zone: `Z` for UTC, else `+hh:mm`; milliseconds only when non-zero. */
export function formatInstant(ms: number, zone: TimeZone): string {
  const off = zone.offsetAt(ms);
  const wall = ms + off * MINUTE_MS;
  let s = wallText(wall, 'T');
  const msPart = ((wall % 1000) + 1000) % 1000;
  if (msPart !== 0) s += '.' + pad3(msPart);
  if (zone.isUtc) return s + 'Z';
  const a = Math.abs(off);
  return s + (off < 0 ? '-' : '+') + pad2(Math.floor(a / 60)) + ':' + pad2(a % 60);
}

/** `yyyy-MM-dd`: the calendar day of an instant in the zone. */
export function calendarDay(ms: number, zone: TimeZone): string {
  return formatWall(ms, zone).slice(0, 10);
}

/** `yyyy-MM-dd HH:mm:ss` in the zone, for tables read by people. */
export function formatWall(ms: number, zone: TimeZone): string {
  return wallText(ms + zone.offsetAt(ms) * MINUTE_MS, ' ');
}

/** The calendar month of an instant in the zone, as months since year 0 (`year * 12 + month - 1`). */
export function monthIndex(ms: number, zone: TimeZone): number {
  return monthOfDay(localDay(ms, zone));
}

/** The day of an instant in the zone, as days since 1970-01-01. */
function localDay(ms: number, zone: TimeZone): number {
  return Math.floor((ms + zone.offsetAt(ms) * MINUTE_MS) / DAY_MS);
}

function monthOfDay(day: number): number {
  const c = civilFromDays(day);
  return c.year * 12 + c.month - 1;
}

/**
 * `monthIndex` and `monthText` of many instants in one zone, with the last day's month and each
 * month's text remembered: a key's instants, and a log's, fall on few days and fewer months.
 */
export class Months {
  private day = NaN;
  private index = 0;
  private readonly texts = new Map<number, string>();

  constructor(private readonly zone: TimeZone) {}

  /** `monthIndex(ms, zone)`. */
  of(ms: number): number {
    const day = localDay(ms, this.zone);
    if (day !== this.day) {
      this.day = day;
      this.index = monthOfDay(day);
    }
    return this.index;
  }

  /** `monthText(index)`. */
  text(index: number): string {
    let text = this.texts.get(index);
    if (text === undefined) this.texts.set(index, (text = monthText(index)));
    return text;
  }
}

/** `yyyy-MM` of a month index (`monthIndex`). */
export function monthText(index: number): string {
  return `${Math.floor(index / 12)}-${pad2((index % 12) + 1)}`;
}

/** The month `yyyy-MM` names, in the zone (`monthRange`); null when it names none. */
export function parseMonth(text: string, zone: TimeZone): { from: number; to: number } | null {
  const m = /^(\d{4})-(\d{2})$/.exec(text);
  if (m === null || Number(m[2]) < 1 || Number(m[2]) > 12) return null;
  return monthRange(Number(m[1]), Number(m[2]), zone);
}

/** A calendar month in the zone: from its first midnight to the next month's. */
export function monthRange(year: number, month: number, zone: TimeZone): { from: number; to: number } {
  return { from: startOfDate(year, month, 1, zone), to: startOfDate(year, month + 1, 1, zone) };
}

/**
 * The instant a date starts in the zone: its 00:00, or where a clock change skips midnight, the
 * instant the clock jumps past it.
 */
export function startOfDate(year: number, month: number, day: number, zone: TimeZone): number {
  const wall = daysFromCivil(year, month, day) * DAY_MS;
  const t = zone.wallToInstant(wall);
  if (Number.isFinite(t)) return t;
  // In an overlap, the first of the two instants; in a gap, the offset in force before it.
  return wall - zone.offsetAt(wall - 12 * HOUR_MS) * MINUTE_MS;
}

// ---------------------------------------------------------------------------------------------
// Calendar arithmetic (H. Hinnant's algorithms): proleptic Gregorian, any year, no Date.

/** Days from 1970-01-01 to a date. */
function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

/** The date `days` after 1970-01-01. */
function civilFromDays(days: number): { year: number; month: number; day: number } {
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

/** Epoch ms of midnight UTC of a date. */
function civilMs(y: number, m: number, d: number): number {
  return daysFromCivil(y, m, d) * DAY_MS;
}

// ---------------------------------------------------------------------------------------------
// Parsing. Hand-written scanners rather than regular expressions or luxon per row: this runs
// once for every row of a log of millions. Each reads a range of a text, so that a reader can
// scan a field where it stands in a large chunk without cutting it out.

export type TimestampResult =
  | { readonly ok: true; readonly ms: number }
  | { readonly ok: false; readonly reason: string };

/** A slash date (`a/b/yyyy`) whose day/month order is not yet known. */
export interface SlashDate {
  readonly a: number;
  readonly b: number;
  readonly year: number;
  readonly timeMs: number;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysIn(year: number, month: number): number {
  if (month === 2 && ((year % 4 === 0 && year % 100 !== 0) || year % 400 === 0)) return 29;
  return DAYS_IN_MONTH[month - 1];
}

function validDate(y: number, mo: number, d: number): boolean {
  return mo >= 1 && mo <= 12 && d >= 1 && d <= daysIn(y, mo);
}

/** The value of the `n` digits at i, or -1 (also past `end`). */
function digitsAt(s: string, i: number, n: number, end: number): number {
  if (i + n > end) return -1;
  let v = 0;
  for (let k = 0; k < n; k++) {
    const c = s.charCodeAt(i + k) - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}

function allDigits(s: string, start: number, end: number): boolean {
  if (end <= start) return false;
  for (let i = start; i < end; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/** A clock's ms of the day and its length in characters, packed in one number (no object a row). */
const CLOCK_LENGTH = 2 ** 20;

/**
 * Reads `HH:mm[:ss[.fff]]` at i, before `end`: `ms * CLOCK_LENGTH + length` (`clockMs`,
 * `clockLength` unpack it), or -1.
 */
function readClock(s: string, i: number, end: number): number {
  const h = digitsAt(s, i, 2, end);
  if (h < 0 || h > 23 || s.charCodeAt(i + 2) !== 58) return -1;
  const mi = digitsAt(s, i + 3, 2, end);
  if (mi < 0 || mi > 59) return -1;
  let at = i + 5;
  let sec = 0;
  let frac = 0;
  if (at < end && s.charCodeAt(at) === 58) {
    sec = digitsAt(s, at + 1, 2, end);
    if (sec < 0 || sec > 59) return -1;
    at += 3;
    if (at < end && (s.charCodeAt(at) === 46 || s.charCodeAt(at) === 44)) {
      let k = at + 1;
      let scale = 100;
      while (k < end) {
        const c = s.charCodeAt(k) - 48;
        if (c < 0 || c > 9) break;
        frac += c * scale;
        scale /= 10;
        k++;
      }
      if (k === at + 1 || k - i >= CLOCK_LENGTH) return -1;
      frac = Math.floor(frac);
      at = k;
    }
  }
  return (((h * 60 + mi) * 60 + sec) * 1000 + frac) * CLOCK_LENGTH + (at - i);
}

const clockMs = (packed: number): number => Math.floor(packed / CLOCK_LENGTH);
// Not `packed % CLOCK_LENGTH`: the remainder of a double beyond 2^31 is a slow library call.
const clockLength = (packed: number): number => packed - clockMs(packed) * CLOCK_LENGTH;

/** Reads `Z`, `+hh:mm`, `+hhmm` or `+hh` filling `s[i, end)`; minutes, or NaN. */
function readOffset(s: string, i: number, end: number): number {
  const c = s.charCodeAt(i);
  if ((c === 90 || c === 122) && i + 1 === end) return 0;
  if (c !== 43 && c !== 45) return NaN;
  const sign = c === 45 ? -1 : 1;
  const hh = digitsAt(s, i + 1, 2, end);
  if (hh < 0 || hh > 18) return NaN;
  let rest = i + 3;
  let mm = 0;
  if (rest < end) {
    if (s.charCodeAt(rest) === 58) rest++;
    mm = digitsAt(s, rest, 2, end);
    if (mm < 0 || mm > 59) return NaN;
    rest += 2;
  }
  if (rest !== end) return NaN;
  return sign * (hh * 60 + mm);
}

const BAD = (raw: string): TimestampResult => ({ ok: false, reason: `bad timestamp '${raw}'` });

/** What `timestampMs` returns for a wall time that the zone skips (a DST gap). */
export const IN_GAP = Infinity;
/** What `timestampMs` returns for a wall time that the zone repeats (a DST overlap). */
export const IN_OVERLAP = -Infinity;

/**
 * The one scanner of epoch digits and ISO 8601 instants, over `text[start, end)` (no spaces
 * around): epoch seconds or milliseconds (from 1e11), or `yyyy-MM-dd[T ]HH:mm[:ss[.fff]][offset]`.
 * NaN when it is not one of those; a wall time without an offset is placed in `zone` (`IN_GAP`
 * or `IN_OVERLAP` when it has not one instant there), or NaN when `zone` is null (a reader that
 * has no zone leaves such rows to the general path). Allocates nothing: it runs once a row.
 */
export function instantAt(text: string, start: number, end: number, zone: TimeZone | null): number {
  const n = end - start;
  // The shape exports write most, `yyyy-MM-ddTHH:mm:ssZ` or `...±hh:mm`, read in one pass;
  // anything else about it (or wrong in it) is left to the general scan below.
  if ((n === 20 || n === 25) && text.charCodeAt(start + 10) === 84) {
    const t = isoSeconds(text, start, n);
    if (!Number.isNaN(t)) return t;
  }
  if (end - start < 16 || text.charCodeAt(start + 4) !== 45) {
    const n = end - start;
    if (n > 16 || !allDigits(text, start, end)) return NaN;
    // Up to 15 digits the value is exact; the 16th is read as Number reads it.
    const v = n <= 15 ? digitsAt(text, start, n, end) : Number(text.slice(start, end));
    return v >= 1e11 ? v : v * 1000;
  }
  const y = digitsAt(text, start, 4, end);
  if (y < 0 || text.charCodeAt(start + 7) !== 45) return NaN;
  const mo = digitsAt(text, start + 5, 2, end);
  const d = digitsAt(text, start + 8, 2, end);
  if (!validDate(y, mo, d)) return NaN;
  const sep = text.charCodeAt(start + 10);
  if (sep !== 84 && sep !== 116 && sep !== 32) return NaN;
  const clock = readClock(text, start + 11, end);
  if (clock < 0) return NaN;
  const wall = civilMs(y, mo, d) + clockMs(clock);
  let i = start + 11 + clockLength(clock);
  if (i === end) return zone === null ? NaN : wallMs(wall, zone);
  if (text.charCodeAt(i) === 32) i++;
  const off = readOffset(text, i, end);
  return wall - off * MINUTE_MS;
}

/** Two digits at i as a number, or -1. */
function twoDigits(s: string, i: number): number {
  const a = s.charCodeAt(i) - 48;
  const b = s.charCodeAt(i + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

/** `yyyy-MM-ddTHH:mm:ss` then `Z` (n = 20) or `±hh:mm` (n = 25) at `start`; NaN for anything else. */
function isoSeconds(text: string, start: number, n: number): number {
  if (
    text.charCodeAt(start + 4) !== 45 ||
    text.charCodeAt(start + 7) !== 45 ||
    text.charCodeAt(start + 13) !== 58 ||
    text.charCodeAt(start + 16) !== 58
  ) {
    return NaN;
  }
  const century = twoDigits(text, start);
  const yy = twoDigits(text, start + 2);
  const mo = twoDigits(text, start + 5);
  const d = twoDigits(text, start + 8);
  const h = twoDigits(text, start + 11);
  const mi = twoDigits(text, start + 14);
  const sec = twoDigits(text, start + 17);
  if (century < 0 || yy < 0 || mo < 1 || mo > 12 || d < 1 || h < 0 || h > 23 || mi < 0 || mi > 59 || sec < 0 || sec > 59) return NaN;
  const y = century * 100 + yy;
  if (d > 28 && d > daysIn(y, mo)) return NaN;
  const wall = civilMs(y, mo, d) + ((h * 60 + mi) * 60 + sec) * 1000;
  const c = text.charCodeAt(start + 19);
  if (n === 20) return c === 90 ? wall : NaN;
  const oh = twoDigits(text, start + 20);
  const om = twoDigits(text, start + 23);
  if ((c !== 43 && c !== 45) || text.charCodeAt(start + 22) !== 58 || oh < 0 || oh > 18 || om < 0 || om > 59) return NaN;
  return wall - (c === 45 ? -1 : 1) * (oh * 60 + om) * MINUTE_MS;
}

/**
 * Every timestamp form of formats.md except slash dates (`parseSlashDate` reads those; their
 * day/month order is decided per file), as epoch ms; NaN when it is not a timestamp,
 * `IN_GAP` or `IN_OVERLAP` for a wall time without one instant in `zone`, which applies when
 * no offset is written.
 */
export function timestampMs(raw: string, zone: TimeZone): number {
  const s = raw.trim();
  const c0 = s.charCodeAt(0);
  if ((c0 >= 65 && c0 <= 90) || (c0 >= 97 && c0 <= 122) || s.charCodeAt(2) === 32 || s.charCodeAt(1) === 32) {
    return rfc2822Ms(s);
  }
  return instantAt(s, 0, s.length, zone);
}

/** `timestampMs` with the reason when there is no instant. */
export function parseTimestamp(raw: string, zone: TimeZone): TimestampResult {
  return result(timestampMs(raw, zone), zone, raw);
}

function result(ms: number, zone: TimeZone, raw: string): TimestampResult {
  if (Number.isFinite(ms)) return { ok: true, ms };
  if (ms === IN_GAP) return { ok: false, reason: `timestamp '${raw}' does not exist in ${zone.name} (a DST gap)` };
  if (ms === IN_OVERLAP) {
    return {
      ok: false,
      reason: `timestamp '${raw}' occurs twice in ${zone.name} (a DST overlap); export it with a UTC offset`,
    };
  }
  return BAD(raw);
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const RFC2822 = /^(?:[A-Za-z]{3},\s*)?(\d{1,2})\s+([A-Za-z]{3})\s+(\d{4})\s+(\d{2}):(\d{2})(?::(\d{2}))?\s*([+-]\d{4}|GMT|UTC|UT|Z)$/;

/** RFC 2822 dates as Twilio writes them: `Tue, 04 Mar 2025 14:03:11 +0000`. */
function rfc2822Ms(s: string): number {
  const m = RFC2822.exec(s);
  if (m === null) return NaN;
  const month = MONTHS.indexOf(m[2].toLowerCase()) + 1;
  const day = Number(m[1]);
  const year = Number(m[3]);
  const h = Number(m[4]);
  const mi = Number(m[5]);
  const sec = m[6] === undefined ? 0 : Number(m[6]);
  if (!validDate(year, month, day) || h > 23 || mi > 59 || sec > 59) return NaN;
  let off = 0;
  if (m[7][0] === '+' || m[7][0] === '-') {
    const hh = Number(m[7].slice(1, 3));
    const mm = Number(m[7].slice(3, 5));
    if (mm > 59) return NaN;
    off = (m[7][0] === '-' ? -1 : 1) * (hh * 60 + mm);
  }
  return civilMs(year, month, day) + ((h * 60 + mi) * 60 + sec) * 1000 - off * MINUTE_MS;
}

/** The instant of a wall time in the zone; `IN_GAP` or `IN_OVERLAP` when there is not one. */
function wallMs(wall: number, zone: TimeZone): number {
  const ms = zone.wallToInstant(wall);
  if (Number.isNaN(ms)) return IN_GAP;
  return ms; // -Infinity (IN_OVERLAP) passes through
}

function fromWall(wall: number, zone: TimeZone, raw: string): TimestampResult {
  return result(wallMs(wall, zone), zone, raw);
}

/** Reads 1 to `max` digits at i; returns the value and the index after, or null. */
function readNumber(s: string, i: number, max: number): { value: number; end: number } | null {
  let v = 0;
  let k = i;
  while (k < s.length && k - i < max) {
    const c = s.charCodeAt(k) - 48;
    if (c < 0 || c > 9) break;
    v = v * 10 + c;
    k++;
  }
  return k === i ? null : { value: v, end: k };
}

/** Recognises `a/b/yyyy HH:mm[:ss]`; null when `raw` is not of that shape. */
export function parseSlashDate(raw: string): SlashDate | null {
  const s = raw.trim();
  const a = readNumber(s, 0, 2);
  if (a === null || s.charCodeAt(a.end) !== 47) return null;
  const b = readNumber(s, a.end + 1, 2);
  if (b === null || s.charCodeAt(b.end) !== 47) return null;
  const y = readNumber(s, b.end + 1, 4);
  if (y === null || y.end - b.end - 1 !== 4) return null;
  let i = y.end;
  if (s.charCodeAt(i) !== 32 && s.charCodeAt(i) !== 84) return null;
  while (s.charCodeAt(i + 1) === 32) i++;
  const clock = readClock(s, i + 1, s.length);
  if (clock < 0 || i + 1 + clockLength(clock) !== s.length) return null;
  return { a: a.value, b: b.value, year: y.value, timeMs: clockMs(clock) };
}

/** Which day/month orders make a slash date valid. */
export function slashEvidence(d: SlashDate): DayOrder | 'either' | 'neither' {
  const dmy = validDate(d.year, d.b, d.a);
  const mdy = validDate(d.year, d.a, d.b);
  if (dmy && mdy) return 'either';
  if (dmy) return 'dmy';
  return mdy ? 'mdy' : 'neither';
}

export function resolveSlashDate(
  d: SlashDate,
  order: DayOrder,
  zone: TimeZone,
  raw: string,
): TimestampResult {
  const [day, month] = order === 'dmy' ? [d.a, d.b] : [d.b, d.a];
  if (!validDate(d.year, month, day)) return BAD(raw);
  return fromWall(civilMs(d.year, month, day) + d.timeMs, zone, raw);
}

/**
 * Parses a `--from`/`--to` bound: an instant (any form above) or a date `yyyy-MM-dd`, which
 * means its first instant in the zone.
 */
export function parseBound(raw: string, zone: TimeZone): TimestampResult {
  const s = raw.trim();
  const date = dateParts(s);
  return date === null ? parseTimestamp(s, zone) : fromWall(civilMs(date[0], date[1], date[2]), zone, raw);
}

/** Year, month and day of a `yyyy-MM-dd` date that exists; null for anything else. */
function dateParts(s: string): [number, number, number] | null {
  if (s.length !== 10 || s[4] !== '-' || s[7] !== '-') return null;
  const y = digitsAt(s, 0, 4, s.length);
  const mo = digitsAt(s, 5, 2, s.length);
  const d = digitsAt(s, 8, 2, s.length);
  return y >= 0 && validDate(y, mo, d) ? [y, mo, d] : null;
}

/** The instant the date `yyyy-MM-dd` starts in the zone (`startOfDate`); NaN when it is no such date. */
export function dateStartAt(text: string, zone: TimeZone): number {
  const date = dateParts(text.trim());
  return date === null ? NaN : startOfDate(date[0], date[1], date[2], zone);
}
