/** Sun and time panel: date, time of day (slider and field), time zone, and the sun's position readout. */
import type { SunState } from '../../workers/territory-api.ts';
import { byId, el, formatNumber, setChildren } from '../dom.ts';
import { formatTimeOfDay, isValidTimeZone, offsetLabel, parseTimeOfDay, zonedToUtc } from '../time.ts';

export interface TimeValue {
  date: string;
  time: string;
  tz: string;
  unixMs: number;
}

export class TimePanel {
  private readonly date = byId<HTMLInputElement>('date');
  private readonly slider = byId<HTMLInputElement>('time-slider');
  private readonly time = byId<HTMLInputElement>('time');
  private readonly tz = byId<HTMLSelectElement>('tz');
  private readonly readout = byId('sun-readout');

  constructor(initial: { date: string; time: string; tz: string }, zones: string[], private readonly onChange: (v: TimeValue) => void) {
    const list = [...new Set([initial.tz, ...zones])].filter(isValidTimeZone);
    setChildren(this.tz, ...list.map((z) => el('option', { attrs: { value: z }, text: z })));
    this.tz.value = initial.tz;
    this.date.value = initial.date;
    this.time.value = initial.time;
    this.slider.value = String(parseTimeOfDay(initial.time));
    this.slider.addEventListener('input', () => {
      this.time.value = formatTimeOfDay(Number(this.slider.value));
      this.emit();
    });
    this.time.addEventListener('change', () => {
      if (!/^\d{2}:\d{2}$/.test(this.time.value)) return;
      this.slider.value = String(parseTimeOfDay(this.time.value));
      this.emit();
    });
    this.date.addEventListener('change', () => this.date.value && this.emit());
    this.tz.addEventListener('change', () => this.emit());
  }

  value(): TimeValue {
    const date = this.date.value;
    const time = this.time.value.slice(0, 5);
    const tz = this.tz.value;
    return { date, time, tz, unixMs: zonedToUtc(date, time, tz) };
  }

  private emit(): void {
    this.onChange(this.value());
  }

  showSun(s: SunState, v: TimeValue): void {
    const when = `${v.date} ${v.time} ${offsetLabel(v.unixMs, v.tz)}`;
    setChildren(
      this.readout,
      el('div', { text: when }),
      s.elevationDeg > 0
        ? el('div', { id: 'sun-position', text: `Sun: azimuth ${formatNumber(s.azimuthDeg, 1)}° (from north), elevation ${formatNumber(s.elevationDeg, 1)}°` })
        : el('div', { id: 'sun-position', text: `Sun below the horizon (elevation ${formatNumber(s.elevationDeg, 1)}°)` }),
      el('div', { class: 'small', text: 'NREL Solar Position Algorithm at the territory origin' }),
    );
  }
}
