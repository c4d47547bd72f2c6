import { describe, expect, it } from 'vitest';
import { Lanes } from './lanes.ts';

describe('batch lanes', () => {
  it('keep each lane on one group, spread free groups over lanes, then share the largest', () => {
    const items = ['a1', 'b1', 'a2', 'c1', 'a3', 'b2', 'a4'];
    const lanes = new Lanes(items, (s) => s[0]);
    const got: string[] = [];
    const take = (l: number): void => void got.push(`${l}:${lanes.next(l)}`);
    take(0); // a1
    take(1); // b1 (a is worked on by lane 0)
    take(0); // a2
    take(1); // b2
    take(1); // b is empty: c is free → c1
    take(1); // c empty; no free group: the largest left is a → a3
    take(0); // a4
    expect(got).toEqual(['0:a1', '1:b1', '0:a2', '1:b2', '1:c1', '1:a3', '0:a4']);
    expect(lanes.next(0)).toBeUndefined();
    expect(lanes.next(1)).toBeUndefined();
  });
  it('hands out every item exactly once', () => {
    const items = Array.from({ length: 57 }, (_, i) => `${i % 5}-${i}`);
    const lanes = new Lanes(items, (s) => s.split('-')[0]);
    const seen: string[] = [];
    for (let l = 0, idle = 0; idle < 3; l = (l + 1) % 3) {
      const x = lanes.next(l);
      if (x === undefined) idle++;
      else seen.push(x);
    }
    expect(seen.sort()).toEqual([...items].sort());
  });
});
