/**
 * Civil date and time of day in the territory's time zone ↔ UTC instants (what the NREL SPA takes). Uses the
 * IANA time-zone database through `Intl.DateTimeFormat`, so daylight saving time follows the official rules.
 *
 * The territory model does not store a time zone: French territories (Lambert-93 plane) use Europe/Paris;
 * elsewhere the nautical zone of the origin's longitude (UTC + round(lon / 15) h, `Etc/GMT∓n`) is a default the
 * user can change in the time panel.
 */
import type { LocalFrame } from '../engine/territory.ts';

export class TimeInputError extends Error {
  override name = 'TimeInputError';
}

export function defaultTimeZone(frame: Pick<LocalFrame, 'planeCrs' | 'sourceCrs' | 'originLon'>): string {
  if (/2154/.test(frame.planeCrs) || /2154/.test(frame.sourceCrs)) return 'Europe/Paris';
  const h = Math.round(frame.originLon / 15);
  // IANA Etc zones have inverted signs: Etc/GMT-2 is UTC+2.
  return h === 0 ? 'Etc/UTC' : `Etc/GMT${h > 0 ? '-' : '+'}${Math.abs(h)}`;
}

export function isValidTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** Offset (minutes, east positive) of `tz` from UTC at instant `unixMs`. */
export function zoneOffsetMin(unixMs: number, tz: string): number {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone: tz, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' }).formatToParts(new Date(unixMs));
  const get = (t: string): number => Number(parts.find((p) => p.type === t)?.value);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return Math.round((asUtc - Math.floor(unixMs / 1000) * 1000) / 60000);
}

export function parseDate(s: string): { year: number; month: number; day: number } {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) throw new TimeInputError(`date must be YYYY-MM-DD, got "${s}"`);
  const d = { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
  const t = new Date(Date.UTC(d.year, d.month - 1, d.day));
  if (t.getUTCMonth() !== d.month - 1 || t.getUTCDate() !== d.day) throw new TimeInputError(`"${s}" is not a calendar date`);
  return d;
}

/** Minutes after midnight of `HH:MM`. */
export function parseTimeOfDay(s: string): number {
  const m = /^(\d{2}):(\d{2})$/.exec(s);
  if (!m || Number(m[1]) > 23 || Number(m[2]) > 59) throw new TimeInputError(`time must be HH:MM (00:00–23:59), got "${s}"`);
  return Number(m[1]) * 60 + Number(m[2]);
}

export function formatTimeOfDay(min: number): string {
  const m = ((Math.round(min) % 1440) + 1440) % 1440;
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
}

/**
 * UTC instant of a wall-clock date and time in `tz`. In the spring-forward gap (a time that does not exist) the
 * result is the instant the clocks jumped to plus the gap's remainder (02:30 → 03:30 CEST), as most calendars do;
 * in the autumn overlap the earlier instant is taken.
 */
export function zonedToUtc(date: string, time: string, tz: string): number {
  const d = parseDate(date);
  const minutes = parseTimeOfDay(time);
  if (!isValidTimeZone(tz)) throw new TimeInputError(`unknown time zone "${tz}"`);
  const wall = Date.UTC(d.year, d.month - 1, d.day) + minutes * 60000;
  // Offsets in force around that day (two at most across a DST change); keep the readings that are consistent.
  const offsets = [...new Set([zoneOffsetMin(wall - 86400000, tz), zoneOffsetMin(wall, tz), zoneOffsetMin(wall + 86400000, tz)])];
  const valid = offsets.map((o) => wall - o * 60000).filter((t) => wall - zoneOffsetMin(t, tz) * 60000 === t);
  return valid.length ? Math.min(...valid) : wall - Math.min(...offsets) * 60000;
}

/** "UTC+2" style label of the offset of `tz` at an instant. */
export function offsetLabel(unixMs: number, tz: string): string {
  const o = zoneOffsetMin(unixMs, tz);
  const sign = o < 0 ? '−' : '+';
  const a = Math.abs(o);
  return `UTC${sign}${Math.floor(a / 60)}${a % 60 ? `:${String(a % 60).padStart(2, '0')}` : ''}`;
}

/** Today's date in `tz` as YYYY-MM-DD. */
export function todayIn(tz: string, now = Date.now()): string {
  const t = now + zoneOffsetMin(now, tz) * 60000;
  return new Date(t).toISOString().slice(0, 10);
}
