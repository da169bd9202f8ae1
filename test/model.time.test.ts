// The time door: formatting instants in a zone, and wall times that a zone skips or repeats.
import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { formatInstant, formatWall, instantAt, monthIndex, Months, parseBound, parseTimestamp, TimeZone } from '../src/model/time.js';

const zone = (name: string): TimeZone => TimeZone.of(name)!;
const t = Date.UTC(2025, 2, 1, 13, 5, 9);

describe('formatInstant', () => {
  it.each([
    ['UTC', t, '2025-03-01T13:05:09Z'],
    ['UTC', t + 7, '2025-03-01T13:05:09.007Z'],
    ['America/Sao_Paulo', t, '2025-03-01T10:05:09-03:00'],
    ['Asia/Kolkata', t, '2025-03-01T18:35:09+05:30'],
    ['America/Sao_Paulo', Date.UTC(2025, 2, 1, 2, 30), '2025-02-28T23:30:00-03:00'],
    // Before 2019 Sao Paulo kept daylight saving time: UTC-2 in January 2018.
    ['America/Sao_Paulo', Date.UTC(2018, 0, 15, 12), '2018-01-15T10:00:00-02:00'],
  ])('%s %d -> %s', (name, ms, expected) => {
    expect(formatInstant(ms, zone(name))).toBe(expected);
  });

  it('formatWall is the same wall time for people', () => {
    expect(formatWall(t, zone('America/Sao_Paulo'))).toBe('2025-03-01 10:05:09');
  });
});

describe('TimeZone', () => {
  it('knows IANA names and refuses others', () => {
    expect(TimeZone.of('America/Sao_Paulo')?.isUtc).toBe(false);
    expect(TimeZone.of('UTC')?.isUtc).toBe(true);
    expect(TimeZone.of('Mars/Olympus')).toBeNull();
  });

  it('maps wall times to instants, NaN in a gap, -Infinity in an overlap', () => {
    const ny = zone('America/New_York');
    expect(ny.wallToInstant(Date.UTC(2025, 0, 15, 9))).toBe(Date.UTC(2025, 0, 15, 14));
    expect(ny.wallToInstant(Date.UTC(2025, 2, 9, 2, 30))).toBeNaN();
    expect(ny.wallToInstant(Date.UTC(2025, 10, 2, 1, 30))).toBe(-Infinity);
  });
});

describe('parseBound', () => {
  it('reads a date as its first instant in the zone, and an instant as written', () => {
    expect(parseBound('2025-03-01', zone('America/Sao_Paulo'))).toEqual({ ok: true, ms: Date.UTC(2025, 2, 1, 3) });
    expect(parseBound('2025-03-01T10:00:00Z', zone('America/Sao_Paulo'))).toEqual({ ok: true, ms: Date.UTC(2025, 2, 1, 10) });
    expect(parseBound('March', zone('UTC')).ok).toBe(false);
  });
});

describe('parseTimestamp: RFC 2822 (Twilio)', () => {
  it.each([
    ['Tue, 04 Mar 2025 14:03:11 +0000', Date.UTC(2025, 2, 4, 14, 3, 11)],
    ['Tue, 04 Mar 2025 11:03:11 -0300', Date.UTC(2025, 2, 4, 14, 3, 11)],
    ['4 Mar 2025 14:03 GMT', Date.UTC(2025, 2, 4, 14, 3)],
  ])('%s', (raw, ms) => {
    expect(parseTimestamp(raw, zone('America/Sao_Paulo'))).toEqual({ ok: true, ms });
  });

  it.each(['Tue, 31 Feb 2025 14:03:11 +0000', 'Tue, 04 Foo 2025 14:03:11 +0000', 'Tue, 04 Mar 2025 14:03:11'])(
    'rejects %s',
    (raw) => {
      expect(parseTimestamp(raw, zone('UTC')).ok).toBe(false);
    },
  );
});

describe('instantAt: the common ISO shape read in one pass, everything else by the general scan', () => {
  const at = (s: string): number => instantAt(s, 0, s.length, null);
  it.each([
    ['2024-02-29T23:59:59Z', Date.UTC(2024, 1, 29, 23, 59, 59)],
    ['2025-03-01T10:00:00-03:00', Date.UTC(2025, 2, 1, 13, 0, 0)],
    ['2025-03-01T10:00:00+05:30', Date.UTC(2025, 2, 1, 4, 30, 0)],
    ['1999-12-31T00:00:00Z', Date.UTC(1999, 11, 31)],
    ['2025-03-01t10:00:00Z', Date.UTC(2025, 2, 1, 10)], // lower-case t: the general scan
    ['2025-03-01T10:00:00.250Z', Date.UTC(2025, 2, 1, 10, 0, 0, 250)],
  ])('%s', (text, ms) => {
    expect(at(text)).toBe(ms);
  });
  it.each(['2023-02-29T10:00:00Z', '2025-04-31T10:00:00Z', '2025-03-01T24:00:00Z', '2025-03-01T10:60:00Z', '2025-13-01T10:00:00Z', '2025-03-01T10:00:00X', '2025-03-01T10:00:00+19:00', '2O25-03-01T10:00:00Z'])(
    '%s is not an instant',
    (text) => {
      expect(at(text)).toBeNaN();
    },
  );
});

describe('Months: an instant\'s calendar month in a zone, the last day remembered', () => {
  const ZONES = ['UTC', 'America/Sao_Paulo', 'America/Noronha', 'Asia/Kolkata', 'Pacific/Chatham', 'America/Havana', 'Australia/Lord_Howe'];
  // Instants from 1995 to 2030 (Brazil changed its clocks at midnight in those years), in runs
  // close together (as a key's) and far apart, so that the remembered day is both kept and left.
  const instants = fc.array(
    fc.tuple(fc.integer({ min: Date.UTC(1995, 0, 1), max: Date.UTC(2030, 0, 1) }), fc.array(fc.integer({ min: -3 * 3_600_000, max: 3 * 3_600_000 }), { maxLength: 6 })),
    { minLength: 1, maxLength: 40 },
  );

  it('gives luxon\'s yyyy-MM of every instant, in every zone', () => {
    fc.assert(
      fc.property(fc.constantFrom(...ZONES), instants, (name, runs) => {
        const zone = TimeZone.of(name)!;
        const months = new Months(zone);
        for (const [start, steps] of runs) {
          for (const t of [start, ...steps.map((d) => start + d)]) {
            const i = months.of(t);
            expect(i).toBe(monthIndex(t, zone));
            expect(months.text(i)).toBe(DateTime.fromMillis(t, { zone: name }).toFormat('yyyy-MM'));
          }
        }
      }),
      { seed: 20261202, numRuns: 200 },
    );
  });

  it('turns the month at local midnight, also where the clock skipped it (Sao Paulo, 2018-11-04)', () => {
    const zone = TimeZone.of('America/Sao_Paulo')!;
    const months = new Months(zone);
    // 2018-10-31 23:59:59 -03:00, then 2018-11-01 00:00:00 -03:00.
    expect(months.text(months.of(Date.UTC(2018, 10, 1, 2, 59, 59)))).toBe('2018-10');
    expect(months.text(months.of(Date.UTC(2018, 10, 1, 3, 0, 0)))).toBe('2018-11');
    // The clock went from 00:00 to 01:00 on 2018-11-04: still November either side.
    expect(months.text(months.of(Date.UTC(2018, 10, 4, 2, 59, 59)))).toBe('2018-11');
    expect(months.text(months.of(Date.UTC(2018, 10, 4, 3, 0, 0)))).toBe('2018-11');
  });
});
