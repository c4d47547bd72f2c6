#!/usr/bin/env node
// Starts the viewer (Vite, root viewer/) on a territory directory:
//   node viewer/start.mjs --territory /tmp/rodez [--territory <another dir>] [vite options…]
// Same as `JUMEAU_TERRITORY=/tmp/rodez npm start`; vite itself rejects unknown options such as --territory.
import { spawnSync } from 'node:child_process';
import { delimiter } from 'node:path';

const args = process.argv.slice(2);
const dirs = [];
const rest = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--territory') {
    if (!args[i + 1] || args[i + 1].startsWith('--')) {
      console.error('--territory needs a directory (a territory store made by `jumeau import` or `jumeau sample`)');
      process.exit(2);
    }
    dirs.push(args[++i]);
  } else if (args[i].startsWith('--territory=')) dirs.push(args[i].slice('--territory='.length));
  else rest.push(args[i]);
}
const env = { ...process.env };
if (dirs.length) env.JUMEAU_TERRITORY = [env.JUMEAU_TERRITORY, ...dirs].filter(Boolean).join(delimiter);
const r = spawnSync('npx', ['vite', ...rest], { stdio: 'inherit', env });
process.exit(r.status ?? 1);
