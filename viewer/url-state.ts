/**
 * Shareable view state in the page URL's query string: territory, camera (local frame, metres), date and time
 * of day with the time zone, visible layers and their opacity, building colouring and selected building.
 *
 *   ?t=sample-district-1&cam=120.5,-830.2,410,0,0,0&date=2025-06-21&time=15:30&tz=Europe/Paris
 *    &layers=buildings,landcover,streets,roads&op=roads:0.8&style=use&b=42&pol=no2
 *
 * Parsing never throws: each bad value is dropped with a message naming the parameter, so an edited or truncated
 * link still opens the territory.
 */
import { BUILDING_STYLES, type BuildingStyle } from '../workers/styles.ts';
import { TimeInputError, isValidTimeZone, parseDate, parseTimeOfDay } from './time.ts';

export const LAYER_IDS = ['buildings', 'landcover', 'streets', 'roads', 'population', 'sunhours', 'traffic', 'uhi', 'lcz', 'air', 'emissions'] as const;
/** Pollutant of the air and emissions layers (`pol=`). */
export const POLLUTANT_IDS = ['no2', 'pm10', 'pm25'] as const;
export type PollutantId = (typeof POLLUTANT_IDS)[number];
export type LayerId = (typeof LAYER_IDS)[number];
export const DEFAULT_LAYERS: LayerId[] = ['buildings', 'landcover', 'streets'];

export interface CameraState {
  /** Camera position (local x east, y north, z up; m). */
  position: [number, number, number];
  /** Point looked at (local m). */
  target: [number, number, number];
}

export interface UrlState {
  territory?: string;
  camera?: CameraState;
  date?: string;
  time?: string;
  tz?: string;
  layers?: LayerId[];
  opacity?: Partial<Record<LayerId, number>>;
  style?: BuildingStyle;
  building?: number;
  pollutant?: PollutantId;
}

const r1 = (x: number): string => String(Math.round(x * 10) / 10);

export function parseUrlState(search: string): { state: UrlState; problems: string[] } {
  const q = new URLSearchParams(search);
  const state: UrlState = {};
  const problems: string[] = [];
  const t = q.get('t');
  if (t !== null) {
    if (/^[A-Za-z0-9_-]{1,100}$/.test(t)) state.territory = t;
    else problems.push(`t: "${t}" is not a territory id`);
  }
  const cam = q.get('cam');
  if (cam !== null) {
    const v = cam.split(',').map(Number);
    if (v.length === 6 && v.every(Number.isFinite) && (v[0] !== v[3] || v[1] !== v[4] || v[2] !== v[5])) state.camera = { position: [v[0], v[1], v[2]], target: [v[3], v[4], v[5]] };
    else problems.push(`cam: expected 6 numbers x,y,z,targetX,targetY,targetZ (m), got "${cam}"`);
  }
  const date = q.get('date');
  if (date !== null) {
    try {
      parseDate(date);
      state.date = date;
    } catch (e) {
      problems.push(`date: ${(e as TimeInputError).message}`);
    }
  }
  const time = q.get('time');
  if (time !== null) {
    try {
      parseTimeOfDay(time);
      state.time = time;
    } catch (e) {
      problems.push(`time: ${(e as TimeInputError).message}`);
    }
  }
  const tz = q.get('tz');
  if (tz !== null) {
    if (isValidTimeZone(tz)) state.tz = tz;
    else problems.push(`tz: unknown time zone "${tz}"`);
  }
  const layers = q.get('layers');
  if (layers !== null) {
    const list = layers.split(',').filter(Boolean);
    const bad = list.filter((l) => !(LAYER_IDS as readonly string[]).includes(l));
    if (bad.length) problems.push(`layers: unknown ${bad.join(', ')} (known: ${LAYER_IDS.join(', ')})`);
    state.layers = list.filter((l): l is LayerId => (LAYER_IDS as readonly string[]).includes(l));
  }
  const op = q.get('op');
  if (op !== null) {
    state.opacity = {};
    for (const item of op.split(',').filter(Boolean)) {
      const [id, v] = item.split(':');
      const x = Number(v);
      if ((LAYER_IDS as readonly string[]).includes(id) && v !== undefined && x >= 0 && x <= 1) state.opacity[id as LayerId] = x;
      else problems.push(`op: "${item}" is not layer:opacity with opacity in [0, 1]`);
    }
  }
  const style = q.get('style');
  if (style !== null) {
    if ((BUILDING_STYLES as readonly string[]).includes(style)) state.style = style as BuildingStyle;
    else problems.push(`style: unknown "${style}" (known: ${BUILDING_STYLES.join(', ')})`);
  }
  const b = q.get('b');
  if (b !== null) {
    const n = Number(b);
    if (Number.isInteger(n) && n >= 0) state.building = n;
    else problems.push(`b: "${b}" is not a building index`);
  }
  const pol = q.get('pol');
  if (pol !== null) {
    if ((POLLUTANT_IDS as readonly string[]).includes(pol)) state.pollutant = pol as PollutantId;
    else problems.push(`pol: unknown pollutant "${pol}" (known: ${POLLUTANT_IDS.join(', ')})`);
  }
  return { state, problems };
}

/** Query string (without `?`) of a state; keeps any other parameter of `base` (worker=0, cacheMB…). */
export function formatUrlState(state: UrlState, base = ''): string {
  const q = new URLSearchParams(base);
  const set = (k: string, v: string | undefined): void => {
    if (v === undefined) q.delete(k);
    else q.set(k, v);
  };
  set('t', state.territory);
  set('cam', state.camera ? [...state.camera.position, ...state.camera.target].map(r1).join(',') : undefined);
  set('date', state.date);
  set('time', state.time);
  set('tz', state.tz);
  set('layers', state.layers ? state.layers.join(',') : undefined);
  const op = state.opacity ? Object.entries(state.opacity).filter(([, v]) => v !== undefined && v !== 1) : [];
  set('op', op.length ? op.map(([k, v]) => `${k}:${Math.round((v as number) * 100) / 100}`).join(',') : undefined);
  set('style', state.style && state.style !== 'plain' ? state.style : undefined);
  set('b', state.building !== undefined ? String(state.building) : undefined);
  set('pol', state.pollutant && state.pollutant !== 'no2' ? state.pollutant : undefined);
  return q.toString().replace(/%2C/g, ',').replace(/%3A/g, ':').replace(/%2F/g, '/');
}
