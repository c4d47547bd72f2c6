/** Digital line sweeps: a partition of the grid into 8-connected lines heading along the requested azimuth. */
import { describe, expect, it } from 'vitest';
import { LineSweep } from './sweep.ts';

const AZIMUTHS = [0, 10, 30, 44.9, 45, 60, 89.9, 90, 135, 200, 225, 270, 300, 359.5, -30, 725];

describe('LineSweep', () => {
  it('visits every cell exactly once, along 8-connected lines', () => {
    for (const [W, H] of [
      [7, 5],
      [5, 9],
      [1, 6],
      [6, 1],
      [13, 13],
    ]) {
      const s = new LineSweep(W, H);
      const idx = new Int32Array(Math.max(W, H));
      for (const az of AZIMUTHS) {
        s.setAzimuth(az);
        const seen = new Uint8Array(W * H);
        for (let l = 0; l < s.lineCount; l++) {
          const n = s.line(l, idx);
          for (let k = 0; k < n; k++) {
            expect(idx[k]).toBeGreaterThanOrEqual(0);
            expect(idx[k]).toBeLessThan(W * H);
            seen[idx[k]]++;
            if (k > 0) {
              const dc = Math.abs((idx[k] % W) - (idx[k - 1] % W));
              const dr = Math.abs(Math.floor(idx[k] / W) - Math.floor(idx[k - 1] / W));
              expect(Math.max(dc, dr), `${W}x${H} az ${az}`).toBe(1);
            }
          }
        }
        expect([...seen].every((v) => v === 1), `${W}x${H} az ${az}`).toBe(true);
      }
    }
  });

  it('travels along the azimuth (east = +column, north = −row)', () => {
    const W = 300;
    const s = new LineSweep(W, W);
    const idx = new Int32Array(W);
    for (const az of AZIMUTHS) {
      s.setAzimuth(az);
      let best = 0;
      let bestLine = 0;
      for (let l = 0; l < s.lineCount; l++) {
        s.begin(l);
        if (s.kEnd - s.kStart > best) {
          best = s.kEnd - s.kStart;
          bestLine = l;
        }
      }
      const n = s.line(bestLine, idx);
      const dx = (idx[n - 1] % W) - (idx[0] % W);
      const dy = -(Math.floor(idx[n - 1] / W) - Math.floor(idx[0] / W));
      const got = (Math.atan2(dx, dy) * 180) / Math.PI;
      const want = ((az % 360) + 360) % 360;
      const diff = Math.abs(((got - want + 540) % 360) - 180);
      expect(diff, `az ${az}`).toBeLessThan(0.5);
      // Step length: the straight distance over the number of steps.
      expect(Math.hypot(dx, dy) / (n - 1)).toBeCloseTo(s.stepCells, 2);
    }
  });
});
