import { describe, expect, it } from 'vitest';
import { Pipeline, PipelineError, CancelledError, StageCache, artefactHash, hashValue, type Stage } from './pipeline.ts';

const allHashes = (a: Record<string, unknown>): Record<string, string> => Object.fromEntries(Object.entries(a).map(([k, v]) => [k, artefactHash(v)]));

/** a → double → square; b → add(sq, b). Counts runs to check incrementality. */
function stages(runs: Record<string, number>): Stage[] {
  const count = (id: string) => (runs[id] = (runs[id] ?? 0) + 1);
  return [
    { id: 'add', version: 1, inputs: ['sq', 'b'], outputs: ['sum'], run: ({ inputs }) => (count('add'), { sum: (inputs.sq as number) + (inputs.b as number) }) },
    { id: 'double', version: 1, inputs: ['a'], outputs: ['twice'], run: ({ inputs, params }) => (count('double'), { twice: (inputs.a as number) * ((params.factor as number) ?? 2) }) },
    { id: 'square', version: 1, inputs: ['twice'], outputs: ['sq'], run: ({ inputs, previous }) => (count('square'), { sq: (inputs.twice as number) ** 2, warm: previous?.sq ?? null }) },
  ];
}

describe('pipeline', () => {
  it('orders stages by their inputs and computes the result', async () => {
    const runs: Record<string, number> = {};
    const { artefacts } = await new Pipeline(stages(runs)).run({ a: 3, b: 1 });
    expect(artefacts.sum).toBe(37);
    expect(runs).toEqual({ add: 1, double: 1, square: 1 });
  });

  it('re-runs only the stages whose inputs or parameters changed, with warm-start outputs', async () => {
    const runs: Record<string, number> = {};
    const p = new Pipeline(stages(runs));
    const first = await p.run({ a: 3, b: 1 });
    const second = await p.run({ a: 3, b: 5 }, { previous: first.state });
    expect(second.artefacts.sum).toBe(41);
    expect(runs).toEqual({ add: 2, double: 1, square: 1 });
    const third = await p.run({ a: 4, b: 5 }, { previous: second.state });
    expect(third.state.stages.square.outputs.warm).toBe(36); // previous output passed for warm start
    expect(runs).toEqual({ add: 3, double: 2, square: 2 });
    const fourth = await p.run({ a: 4, b: 5 }, { previous: third.state, params: { double: { factor: 3 } } });
    expect(fourth.artefacts.sum).toBe(149);
    // An incremental re-run gives exactly what a full run gives.
    const full = await new Pipeline(stages({})).run({ a: 4, b: 5 }, { params: { double: { factor: 3 } } });
    expect(allHashes(full.artefacts)).toEqual(allHashes(fourth.artefacts));
    expect(full.state.hashes).toEqual(fourth.state.hashes);
  });

  it('an input object edited in place between runs is hashed afresh, also when a stage passes it on', async () => {
    const runs: Record<string, number> = {};
    // `pass` hands its input object on unchanged (as the roads stage does without road edits); `total` sums it.
    const list: Stage[] = [
      { id: 'pass', version: 1, inputs: ['items'], outputs: ['same'], run: ({ inputs }) => ((runs.pass = (runs.pass ?? 0) + 1), { same: inputs.items }) },
      { id: 'total', version: 1, inputs: ['same'], outputs: ['sum'], run: ({ inputs }) => ((runs.total = (runs.total ?? 0) + 1), { sum: (inputs.same as number[]).reduce((a, b) => a + b, 0) }) },
    ];
    const p = new Pipeline(list);
    const items = [1, 2, 3];
    const first = await p.run({ items });
    expect(first.artefacts.sum).toBe(6);
    items.push(4);
    const second = await p.run({ items }, { previous: first.state });
    expect(second.artefacts.sum).toBe(10);
    expect(runs).toEqual({ pass: 2, total: 2 });
    expect(second.state.hashes.same).toBe(hashValue([1, 2, 3, 4]));
  });

  it('keys a stage only on the parameters it declares', async () => {
    const runs: Record<string, number> = {};
    const list: Stage[] = [
      { id: 'scale', version: 1, inputs: ['a'], outputs: ['scaled'], paramKeys: ['factor'], run: ({ inputs, params }) => ((runs.scale = (runs.scale ?? 0) + 1), { scaled: (inputs.a as number) * (params.factor as number), seen: Object.keys(params) }) },
    ];
    const p = new Pipeline(list);
    const first = await p.run({ a: 2 }, { params: { scale: { factor: 3, other: 1 } } });
    expect(first.artefacts.scaled).toBe(6);
    expect(first.state.stages.scale.outputs.seen).toEqual(['factor']);
    const second = await p.run({ a: 2 }, { params: { scale: { factor: 3, other: 2 } }, previous: first.state });
    expect(runs.scale).toBe(1);
    const third = await p.run({ a: 2 }, { params: { scale: { factor: 4, other: 2 } }, previous: second.state });
    expect(third.artefacts.scaled).toBe(8);
    expect(runs.scale).toBe(2);
  });

  it('reuses results from a stage cache across unrelated runs', async () => {
    const runs: Record<string, number> = {};
    const cache = new StageCache(8);
    const p = new Pipeline(stages(runs));
    const a = await p.run({ a: 3, b: 1 }, { cache });
    const b = await p.run({ a: 3, b: 2 }, { cache });
    expect(runs).toEqual({ add: 2, double: 1, square: 1 });
    expect(b.artefacts.sum).toBe(38);
    expect(artefactHash(b.artefacts.sq)).toBe(artefactHash(a.artefacts.sq));
  });

  it('reports cycles, missing inputs and double producers', async () => {
    const s = (id: string, inputs: string[], outputs: string[]): Stage => ({ id, version: 1, inputs, outputs, run: () => ({}) });
    await expect(new Pipeline([s('x', ['q'], ['p']), s('y', ['p'], ['q'])]).run({})).rejects.toThrow(/cycle in the pipeline: x → y → x/);
    await expect(new Pipeline([s('x', ['nope'], ['p'])]).run({})).rejects.toThrow(PipelineError);
    await expect(new Pipeline([s('x', [], ['p']), s('y', [], ['p'])]).run({})).rejects.toThrow(/produced twice/);
  });

  it('emits progress and can be cancelled between and during stages', async () => {
    const events: string[] = [];
    await new Pipeline(stages({})).run({ a: 1, b: 1 }, { onProgress: (e) => events.push(`${e.stage}:${e.fraction}:${e.done}/${e.total}`) });
    expect(events).toEqual(['double:0:0/3', 'double:1:1/3', 'square:0:1/3', 'square:1:2/3', 'add:0:2/3', 'add:1:3/3']);
    const ac = new AbortController();
    const slow: Stage = { id: 'slow', version: 1, inputs: [], outputs: ['z'], run: async ({ signal }) => (ac.abort(), await Promise.resolve(), { z: signal.aborted }) };
    await expect(new Pipeline([slow]).run({}, { signal: ac.signal })).rejects.toThrow(CancelledError);
    // A stage that stops on the signal with its own error (the traffic assignment does) is a cancellation too;
    // other errors of a stage are not.
    const own = new AbortController();
    const stops: Stage = { id: 'stops', version: 1, inputs: [], outputs: ['z'], run: async ({ signal }) => { own.abort(); if (signal.aborted) throw new Error('assignment cancelled'); return { z: 1 }; } };
    await expect(new Pipeline([stops]).run({}, { signal: own.signal })).rejects.toThrow(CancelledError);
    const broken: Stage = { id: 'broken', version: 1, inputs: [], outputs: ['z'], run: () => { throw new Error('bad input'); } };
    await expect(new Pipeline([broken]).run({}, { signal: new AbortController().signal })).rejects.toThrow(/bad input/);
  });

  it('hashes typed arrays by content and type', () => {
    expect(hashValue({ a: Float64Array.from([1, 2]) })).toBe(hashValue({ a: Float64Array.from([1, 2]) }));
    expect(hashValue({ a: Float64Array.from([1, 2]) })).not.toBe(hashValue({ a: Float32Array.from([1, 2]) }));
    expect(hashValue({ a: 1, b: 2 })).toBe(hashValue({ b: 2, a: 1 }));
  });
});
