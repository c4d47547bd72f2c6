/** `jumeau tiles`: write a territory's buildings as a georeferenced 3D Tiles 1.1 tileset. */
import { performance } from 'node:perf_hooks';
import { parseArgs, parseIntOption } from '../args.ts';
import type { Command } from '../command.ts';
import { loadTerritory } from '../../../data/store-node.ts';
import { DEFAULT_MAX_BUILDINGS_PER_TILE } from '../../../data/tiles/hierarchy.ts';
import { writeTilesetDir } from '../../../data/tiles/tiles-node.ts';

export const tilesCommand: Command = {
  spec: {
    name: 'tiles',
    usage: 'tiles <territory-dir> --out <tileset-dir> [--max-buildings-per-tile <n>]',
    summary: 'Write the buildings of a territory as a 3D Tiles 1.1 tileset (tileset.json + one GLB per tile).',
    description:
      'Buildings are extruded from their footprints (holes kept, flat roofs at the building height) into GLB tiles\n' +
      'of a quadtree split by building count. Leaves hold their buildings in full detail; each parent holds the\n' +
      'largest buildings of its area as convex-hull prisms, with a geometric error equal to the largest building it\n' +
      'leaves out, so a whole metropolis can be shown at once. Every building is a feature (EXT_mesh_features) whose\n' +
      'properties (territory index, source id, height, floors, use, dwellings, inhabitants and their provenance) are\n' +
      'in an EXT_structural_metadata property table. The root transform places the local frame on the WGS84\n' +
      'ellipsoid (ECEF), so CesiumJS, loaders.gl or 3d-tiles-renderer open the tileset in place.\n' +
      'An existing tileset in <tileset-dir> is replaced; another non-empty directory is refused.',
    positionals: [{ name: 'territory-dir', description: 'territory store (made by jumeau import or jumeau sample)' }],
    options: [
      { name: 'out', value: '<tileset-dir>', description: 'directory to write tileset.json and content/*.glb into', required: true },
      { name: 'max-buildings-per-tile', value: '<n>', description: `most buildings in one tile (default ${DEFAULT_MAX_BUILDINGS_PER_TILE})` },
    ],
    examples: ['jumeau tiles /tmp/t --out /tmp/t-tiles', 'jumeau tiles /tmp/metropolis --out /tmp/m-tiles --max-buildings-per-tile 4000'],
  },
  async run(argv, out) {
    const { positionals, options } = parseArgs(this.spec, argv);
    const maxBuildingsPerTile = options['max-buildings-per-tile'] === undefined ? DEFAULT_MAX_BUILDINGS_PER_TILE : parseIntOption('max-buildings-per-tile', String(options['max-buildings-per-tile']), 1, 1_000_000);
    const t0 = performance.now();
    const { territory } = await loadTerritory(positionals[0]);
    const t1 = performance.now();
    const dir = options.out as string;
    const { stats, bytes } = writeTilesetDir(dir, territory, { maxBuildingsPerTile });
    const t2 = performance.now();
    const mb = bytes / 1e6;
    const plural = (n: number, w: string): string => `${n.toLocaleString('en-US')} ${w}${n === 1 ? '' : 's'}`;
    out.log(
      `wrote ${dir}/tileset.json: ${plural(stats.buildings, 'building')} in ${plural(stats.tiles, 'tile')} (${stats.leaves} ${stats.leaves === 1 ? 'leaf' : 'leaves'}, depth ${stats.depth}), ` +
        `${stats.triangles.toLocaleString('en-US')} triangles, ${mb.toFixed(1)} MB (${((1000 * mb) / stats.buildings).toFixed(2)} MB per 1 000 buildings), ` +
        `geometric error ${stats.geometricErrorM.toFixed(1)} m` +
        `${territory.synthetic ? ' [SYNTHETIC data]' : ''} (load ${((t1 - t0) / 1000).toFixed(2)} s, tiling ${((t2 - t1) / 1000).toFixed(2)} s)`,
    );
    return 0;
  },
};
