/**
 * Wall-clock time in the territory's zone → UTC, checked against the official Europe/Paris rules (IANA tz
 * database: CET = UTC+1, CEST = UTC+2 from the last Sunday of March 01:00 UTC to the last Sunday of October
 * 01:00 UTC, EU Directive 2000/84/EC).
 */
import { describe, expect, it } from 'vitest';
import { defaultTimeZone, formatTimeOfDay, offsetLabel, parseTimeOfDay, todayIn, zonedToUtc } from './time.ts';

const utc = (s: string): number => Date.parse(s);

describe('time of day in the territory time zone', () => {
  it('converts summer and winter times with the legal offsets', () => {
    expect(zonedToUtc('2025-06-21', '12:00', 'Europe/Paris')).toBe(utc('2025-06-21T10:00:00Z'));
    expect(zonedToUtc('2025-12-21', '12:00', 'Europe/Paris')).toBe(utc('2025-12-21T11:00:00Z'));
    expect(zonedToUtc('2025-06-21', '00:00', 'Etc/UTC')).toBe(utc('2025-06-21T00:00:00Z'));
    expect(offsetLabel(utc('2025-06-21T10:00:00Z'), 'Europe/Paris')).toBe('UTC+2');
    expect(offsetLabel(utc('2025-06-21T10:00:00Z'), 'Asia/Kolkata')).toBe('UTC+5:30');
  });

  it('handles the daylight-saving changes (30 March and 26 October 2025)', () => {
    // 02:30 does not exist on 30 March: the clocks jump from 02:00 to 03:00, so it reads as 03:30 CEST.
    expect(zonedToUtc('2025-03-30', '02:30', 'Europe/Paris')).toBe(utc('2025-03-30T01:30:00Z'));
    expect(zonedToUtc('2025-03-30', '01:59', 'Europe/Paris')).toBe(utc('2025-03-30T00:59:00Z'));
    expect(zonedToUtc('2025-03-30', '03:00', 'Europe/Paris')).toBe(utc('2025-03-30T01:00:00Z'));
    // 02:30 happens twice on 26 October: the first one (CEST) is taken.
    expect(zonedToUtc('2025-10-26', '02:30', 'Europe/Paris')).toBe(utc('2025-10-26T00:30:00Z'));
    expect(zonedToUtc('2025-10-26', '03:30', 'Europe/Paris')).toBe(utc('2025-10-26T02:30:00Z'));
  });

  it('rejects bad dates, times and zones with the value in the message', () => {
    expect(() => zonedToUtc('2025-02-29', '12:00', 'Europe/Paris')).toThrow(/"2025-02-29" is not a calendar date/);
    expect(() => zonedToUtc('2025-06-21', '24:00', 'Europe/Paris')).toThrow(/HH:MM/);
    expect(() => zonedToUtc('2025-06-21', '12:00', 'Mars/Olympus')).toThrow(/unknown time zone "Mars\/Olympus"/);
  });

  it('chooses Europe/Paris for Lambert-93 territories and the nautical zone elsewhere', () => {
    expect(defaultTimeZone({ planeCrs: 'EPSG:2154', sourceCrs: 'EPSG:2154', originLon: 2.5 })).toBe('Europe/Paris');
    expect(defaultTimeZone({ planeCrs: '+proj=tmerc', sourceCrs: 'EPSG:4326', originLon: 135.5 })).toBe('Etc/GMT-9');
    expect(defaultTimeZone({ planeCrs: '+proj=tmerc', sourceCrs: 'EPSG:4326', originLon: -74 })).toBe('Etc/GMT+5');
    expect(defaultTimeZone({ planeCrs: '+proj=tmerc', sourceCrs: 'EPSG:4326', originLon: 3 })).toBe('Etc/UTC');
  });

  it('formats and parses times of day, and knows the date in a zone', () => {
    expect(formatTimeOfDay(parseTimeOfDay('07:05'))).toBe('07:05');
    expect(formatTimeOfDay(1440 + 61)).toBe('01:01');
    expect(todayIn('Europe/Paris', utc('2025-06-21T22:30:00Z'))).toBe('2025-06-22');
    expect(todayIn('Etc/UTC', utc('2025-06-21T22:30:00Z'))).toBe('2025-06-21');
  });
});
