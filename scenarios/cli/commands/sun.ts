/** `jumeau sun`: topocentric sun position (NREL SPA) for a place and an instant. */
import { parseArgs, UsageError } from '../args.ts';
import type { Command } from '../command.ts';
import { SolarInputError, solarPosition } from '../../../engine/solar/spa.ts';

/** A finite number option within [min, max], or a UsageError naming the option. */
export function numberOption(name: string, v: string | true | undefined, min = -Infinity, max = Infinity): number | undefined {
  if (v === undefined) return undefined;
  const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  if (!Number.isFinite(n) || n < min || n > max) {
    const range = Number.isFinite(min) && Number.isFinite(max) ? ` in [${min}, ${max}]` : Number.isFinite(min) ? ` ≥ ${min}` : '';
    throw new UsageError(`--${name} must be a number${range}, got "${v === true ? '' : v}"`);
  }
  return n;
}

/** Milliseconds since the epoch of an ISO 8601 date-time that states its UTC offset (Z or ±hh:mm). */
export function parseInstant(name: string, s: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i.exec(s.trim());
  if (!m) {
    if (/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(s.trim())) throw new UsageError(`--${name} needs a UTC offset, e.g. ${s.trim()}Z or ${s.trim()}+02:00`);
    throw new UsageError(`--${name} must be an ISO 8601 date-time with offset (YYYY-MM-DDTHH:MM[:SS][.sss](Z|±HH:MM)), got "${s}"`);
  }
  const [, y, mo, d, h, mi, sec = '0', frac = '', off] = m;
  const [Y, M, D, H, MI, S] = [y, mo, d, h, mi, sec].map(Number);
  if (M < 1 || M > 12 || D < 1 || D > 31 || H > 24 || MI > 59 || S > 60 || (H === 24 && (MI > 0 || S > 0))) throw new UsageError(`--${name}: "${s}" is not a valid date-time`);
  const local = Date.UTC(Y, M - 1, D, H, MI, S) + (frac ? Number(frac) * 1000 : 0);
  if (new Date(Date.UTC(Y, M - 1, D)).getUTCDate() !== D) throw new UsageError(`--${name}: "${s}" is not a calendar date`);
  let offsetMin = 0;
  if (off.toUpperCase() !== 'Z') {
    const o = /^([+-])(\d{2}):?(\d{2})$/.exec(off) as RegExpExecArray;
    offsetMin = (o[1] === '-' ? -1 : 1) * (Number(o[2]) * 60 + Number(o[3]));
    if (Math.abs(offsetMin) > 18 * 60) throw new UsageError(`--${name}: UTC offset ${off} is out of range`);
  }
  return local - offsetMin * 60000;
}

export const sunCommand: Command = {
  spec: {
    name: 'sun',
    usage: 'sun --lat <deg> --lon <deg> --time <ISO 8601 with offset> [--elevation-m <m>] [--pressure-hpa <hPa>] [--temperature-c <°C>] [--delta-t-s <s>] [--json]',
    summary: 'Topocentric sun position by the NREL Solar Position Algorithm (Reda & Andreas 2008, ±0.0003°).',
    description:
      'Azimuth is measured from north, clockwise (90 = east). Zenith and elevation include atmospheric refraction\n' +
      '(SPA eq. 42, from pressure and temperature), applied while the sun is above −0.83°.',
    positionals: [],
    options: [
      { name: 'lat', value: '<deg>', description: 'latitude, degrees north (−90 … 90)', required: true },
      { name: 'lon', value: '<deg>', description: 'longitude, degrees east (−180 … 180)', required: true },
      { name: 'time', value: '<date-time>', description: 'instant with its UTC offset, e.g. 2024-06-21T14:00:00+02:00 or 2024-06-21T12:00Z', required: true },
      { name: 'elevation-m', value: '<m>', description: 'observer elevation in metres (default 0)' },
      { name: 'pressure-hpa', value: '<hPa>', description: 'mean local air pressure for refraction (default 1013.25)' },
      { name: 'temperature-c', value: '<°C>', description: 'mean local temperature for refraction (default 15)' },
      { name: 'delta-t-s', value: '<s>', description: 'ΔT = TT − UT in seconds (default: estimate for the year, ≈ 69 s in the 2020s)' },
      { name: 'json', description: 'print {"zenithDeg", "azimuthDeg", "elevationDeg"} as JSON' },
    ],
    examples: ['jumeau sun --lat 48.8566 --lon 2.3522 --time 2024-06-21T14:00:00+02:00', 'jumeau sun --lat 39.742476 --lon -105.1786 --time 2003-10-17T12:30:30-07:00 --elevation-m 1830.14 --pressure-hpa 820 --temperature-c 11 --delta-t-s 67 --json'],
  },
  async run(argv, out) {
    const { options } = parseArgs(this.spec, argv);
    const latitudeDeg = numberOption('lat', options.lat, -90, 90) as number;
    const longitudeDeg = numberOption('lon', options.lon, -180, 180) as number;
    const unixMs = parseInstant('time', options.time as string);
    let p;
    try {
      p = solarPosition({
        unixMs,
        latitudeDeg,
        longitudeDeg,
        elevationM: numberOption('elevation-m', options['elevation-m'], -6500000, 1e7),
        pressureHpa: numberOption('pressure-hpa', options['pressure-hpa'], 0, 5000),
        temperatureC: numberOption('temperature-c', options['temperature-c'], -272.99, 6000),
        deltaTS: numberOption('delta-t-s', options['delta-t-s'], -8000, 8000),
      });
    } catch (e) {
      if (e instanceof SolarInputError) throw new UsageError(e.message);
      throw e;
    }
    if (options.json) {
      out.log(JSON.stringify({ zenithDeg: p.zenithDeg, azimuthDeg: p.azimuthDeg, elevationDeg: p.elevationDeg }));
      return 0;
    }
    out.log(`zenith    ${p.zenithDeg.toFixed(6)}°  (topocentric, refraction included)`);
    out.log(`azimuth   ${p.azimuthDeg.toFixed(6)}°  (from north, clockwise)`);
    out.log(`elevation ${p.elevationDeg.toFixed(6)}°${p.elevationDeg <= 0 ? '  (sun below the horizon)' : ''}`);
    return 0;
  },
};
