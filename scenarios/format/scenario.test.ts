import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { parseScenario, scenarioHash, checkAgainstTerritory, ScenarioError, type Scenario } from './scenario.ts';
import { scenarioSchema } from './schema.ts';
import { tinyTerritory } from '../../data/test-fixtures.ts';

const base = (): Scenario => ({
  id: 'dense-centre',
  title: 'Densify the centre',
  territory: { name: 'tiny' },
  interventions: [{ type: 'densify', zone: { rings: [[[0, 0], [100, 0], [100, 100], [0, 100]]] }, addFloors: 2 }],
  seed: 1,
});

function errorsOf(v: unknown): Array<{ path: string; expected: string; found: string }> {
  try {
    parseScenario(v, 's.json');
  } catch (e) {
    expect(e).toBeInstanceOf(ScenarioError);
    return (e as ScenarioError).errors;
  }
  throw new Error('expected a validation error');
}

describe('scenario format', () => {
  it('accepts a valid scenario and hashes it independently of key order and formatting', () => {
    const s = parseScenario(JSON.stringify(base()), 's.json');
    const reordered = JSON.parse(JSON.stringify({ seed: 1, interventions: base().interventions, territory: { name: 'tiny' }, title: 'Densify the centre', id: 'dense-centre' }));
    expect(scenarioHash(s)).toBe(scenarioHash(parseScenario(reordered)));
    expect(scenarioHash(s)).not.toBe(scenarioHash({ ...s, seed: 2 }));
  });

  it('reports bad types with path, expectation and value', () => {
    const v = base() as unknown as Record<string, unknown>;
    (v.interventions as Array<Record<string, unknown>>)[0].addFloors = 'two';
    expect(errorsOf(v)).toEqual([{ path: '$.interventions[0].addFloors', expected: 'an integer', found: '"two"' }]);
  });

  it('reports an unknown intervention type', () => {
    const v = base() as unknown as Record<string, unknown>;
    (v.interventions as Array<Record<string, unknown>>)[0].type = 'teleport';
    const e = errorsOf(v);
    expect(e).toHaveLength(1);
    expect(e[0].path).toBe('$.interventions[0].type');
    expect(e[0].expected).toMatch(/^one of densify, change-use, add-buildings, demolish, trees/);
    expect(e[0].found).toBe('"teleport"');
  });

  it('reports out-of-range values, unknown properties, missing fields and invalid JSON', () => {
    const v = base() as unknown as Record<string, unknown>;
    const iv = (v.interventions as Array<Record<string, unknown>>)[0];
    iv.setFloors = 0;
    iv.colour = 'red';
    delete v.seed;
    const e = errorsOf(v);
    expect(e).toContainEqual({ path: '$.interventions[0].setFloors', expected: 'a number ≥ 1', found: '0' });
    expect(e.find((x) => x.path === '$.interventions[0].colour')?.expected).toMatch(/^no property "colour"/);
    expect(e).toContainEqual({ path: '$.seed', expected: 'required property "seed"', found: 'nothing' });
    expect(errorsOf('{"id": ')[0].path).toBe('$');
    expect(() => parseScenario('{"id": 1}', 'bad.json')).toThrow(/^bad\.json: \$\.id: expected a string, found 1$/m);
  });

  it('rejects a zone outside the territory and road ids that do not exist', () => {
    const { territory } = tinyTerritory();
    const s = base();
    s.interventions.push({ type: 'demolish', zone: { rings: [[[5000, 5000], [5100, 5000], [5100, 5100]]] } });
    s.interventions.push({ type: 'road-closure', roads: { segmentIds: ['r0', 'nope'] } });
    try {
      checkAgainstTerritory(s, territory, 's.json');
      throw new Error('expected an error');
    } catch (e) {
      const paths = (e as ScenarioError).errors.map((x) => x.path);
      expect(paths).toEqual(['$.interventions[1].zone', '$.interventions[2].roads.segmentIds[1]']);
    }
    expect(() => checkAgainstTerritory(base(), territory)).not.toThrow();
  });

  it('the published schema file is the generated schema', () => {
    const published = JSON.parse(readFileSync(new URL('../scenario.schema.json', import.meta.url), 'utf8'));
    expect(published).toEqual(JSON.parse(JSON.stringify(scenarioSchema())));
  });
});
