/** Shareable URL state: a full round trip, and bad values dropped one by one with a message naming them. */
import { describe, expect, it } from 'vitest';
import { formatUrlState, parseUrlState, type UrlState } from './url-state.ts';

describe('URL state', () => {
  it('round-trips camera, date, time, zone, layers, opacity, style and selection', () => {
    const s: UrlState = {
      territory: 'sample-district-1',
      camera: { position: [120.5, -830.26, 410], target: [0, 0, 0] },
      date: '2025-06-21',
      time: '15:30',
      tz: 'Europe/Paris',
      layers: ['buildings', 'roads', 'sunhours', 'traffic', 'air'],
      opacity: { roads: 0.8 },
      style: 'use',
      building: 42,
      pollutant: 'pm25',
    };
    const q = formatUrlState(s, 'worker=0&cacheMB=64');
    expect(q).toContain('worker=0');
    expect(q).toContain('cam=120.5,-830.3,410,0,0,0');
    expect(q).toContain('tz=Europe/Paris');
    const back = parseUrlState(`?${q}`);
    expect(back.problems).toEqual([]);
    expect(back.state).toEqual({ ...s, camera: { position: [120.5, -830.3, 410], target: [0, 0, 0] } });
  });

  it('keeps what is valid and names each bad parameter', () => {
    const { state, problems } = parseUrlState('?t=../etc&cam=1,2,3&date=2025-13-01&time=25:00&tz=Nowhere/Land&layers=buildings,bogus&op=roads:2&style=fancy&b=-1&pol=o3');
    expect(state).toEqual({ layers: ['buildings'], opacity: {} });
    expect(problems.map((p) => p.split(':')[0])).toEqual(['t', 'cam', 'date', 'time', 'tz', 'layers', 'op', 'style', 'b', 'pol']);
    expect(problems.join('\n')).toContain('bogus');
  });

  it('rejects a camera looking at itself', () => {
    expect(parseUrlState('?cam=1,2,3,1,2,3').problems[0]).toMatch(/^cam:/);
  });
});
