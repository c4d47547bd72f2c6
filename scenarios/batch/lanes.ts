/**
 * Which scenario a batch lane (one worker thread) runs next. Scenarios are grouped by a key (the batch uses their
 * interventions: variants of the same interventions share the stages that depend on buildings and roads only, which
 * a worker keeps in its stage cache). A lane takes the next scenario of its group while the group has one; then the
 * first group no other lane works on; else the group with the most scenarios left (ties: the first). So each group
 * is computed by as few threads as possible, and no lane idles while scenarios remain.
 */
export class Lanes<T> {
  private readonly groups = new Map<string, T[]>();
  private readonly working = new Map<number, string>();

  constructor(items: readonly T[], key: (item: T) => string) {
    for (const it of items) {
      const k = key(it);
      const g = this.groups.get(k);
      if (g) g.push(it);
      else this.groups.set(k, [it]);
    }
  }

  /** The next item for lane `lane`, or undefined when none is left. */
  next(lane: number): T | undefined {
    let key = this.working.get(lane);
    if (key === undefined || !this.groups.get(key)?.length) {
      const busy = new Set([...this.working].filter(([l]) => l !== lane).map(([, k]) => k));
      let best: string | undefined;
      for (const [k, g] of this.groups) {
        if (!g.length) continue;
        if (!busy.has(k)) {
          best = k;
          break;
        }
        if (best === undefined || g.length > this.groups.get(best)!.length) best = k;
      }
      if (best === undefined) {
        this.working.delete(lane);
        return undefined;
      }
      key = best;
      this.working.set(lane, key);
    }
    return this.groups.get(key)!.shift();
  }
}
