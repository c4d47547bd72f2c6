import { performance } from 'node:perf_hooks';
import { parseArgs, parseBox } from '../args.ts';
import type { Command } from '../command.ts';
import { IMPORTERS, getImporter } from '../../../data/importers/index.ts';
import { formatReport } from '../../../data/report.ts';
import { saveTerritory } from '../../../data/store-node.ts';

export const importCommand: Command = {
  spec: {
    name: 'import',
    usage: 'import <bdtopo|osm|geojson> <path> --out <territory-dir> [--clip minx,miny,maxx,maxy] [--crs EPSG:n]',
    summary: 'Import real data into a territory directory and print its data-quality report.',
    description: 'Formats:\n' + IMPORTERS.map((i) => `  ${i.id.padEnd(8)} ${i.description}`).join('\n'),
    positionals: [
      { name: 'format', description: `importer: ${IMPORTERS.map((i) => i.id).join(', ')}` },
      { name: 'path', description: 'source folder or file' },
    ],
    options: [
      { name: 'out', value: '<territory-dir>', description: 'directory to write the territory store to', required: true },
      { name: 'clip', value: '<minx,miny,maxx,maxy>', description: 'keep features whose bounding-box centre is in this box (source CRS units)' },
      { name: 'crs', value: '<EPSG:n>', description: 'source CRS when the files do not declare it (or to override it): EPSG:2154, EPSG:4326, EPSG:3857' },
      { name: 'name', value: '<name>', description: 'territory name (default: from the path)' },
      { name: 'quiet', description: 'do not print the report (it is still stored in the territory)' },
    ],
    examples: ['jumeau import bdtopo ../shared/data/rodez/bdtopo-v2 --out /tmp/rodez', 'jumeau import geojson ../shared/data/rodez/centre-2km-geojson --out /tmp/rodez-centre', 'jumeau import osm ../shared/data/rennes/osm-streets-2013.geojson --out /tmp/rennes'],
  },
  async run(argv, out) {
    const { positionals, options } = parseArgs(this.spec, argv);
    const [format, path] = positionals;
    const entry = getImporter(format);
    const clip = typeof options.clip === 'string' ? parseBox('clip', options.clip) : undefined;
    const t0 = performance.now();
    const importer = await entry.load();
    const { territory, report } = await importer.import(path, { clip, crs: options.crs as string | undefined, name: options.name as string | undefined });
    const t1 = performance.now();
    await saveTerritory(options.out as string, territory, [{ importer: format, source: path, datasetIds: territory.datasets.map((d) => d.id), report }]);
    const t2 = performance.now();
    if (!options.quiet) out.log(formatReport(report));
    out.log(`wrote ${options.out}: ${territory.buildings.count} buildings, ${territory.roads.segmentCount} road segments, ${territory.population.count} population cells (import ${((t1 - t0) / 1000).toFixed(2)} s, store ${((t2 - t1) / 1000).toFixed(2)} s)`);
    if (!report.complete) out.err('warning: the import is incomplete (see the errors in the report); the territory holds what could be read');
    return 0;
  },
};
