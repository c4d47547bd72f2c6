/** Regenerates scenarios/scenario.schema.json from the code (run: npx tsx scenarios/format/write-schema.ts). */
import { writeFileSync } from 'node:fs';
import { scenarioSchema } from './schema.ts';

writeFileSync(new URL('../scenario.schema.json', import.meta.url), JSON.stringify(scenarioSchema(), null, 2) + '\n');
