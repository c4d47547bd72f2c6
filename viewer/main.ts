/**
 * Viewer entry: shows the embedded sample territory (generated in a worker, labelled synthetic).
 * The full viewer (3D Tiles, overlays, picking, sun) builds on this page.
 */
import { createTerritoryClient } from '../workers/territory-client.ts';
import { CityScene } from './city-scene.ts';

const $ = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;

async function start(): Promise<void> {
  const status = $('status');
  const scene = new CityScene($<HTMLCanvasElement>('scene'));
  $('reset-view').addEventListener('click', () => scene.resetView());
  const params = new URLSearchParams(location.search);
  const size = (params.get('size') ?? 'district') as 'district' | 'city' | 'metropolis';
  const seed = Number(params.get('seed') ?? 1);
  const client = await createTerritoryClient({ useWorker: params.get('worker') !== '0' });
  try {
    const t0 = performance.now();
    const s = await client.sampleScene(size, seed);
    scene.show(s);
    const info = s.info;
    $('territory-name').textContent = info.name;
    $('synthetic-badge').hidden = !info.synthetic;
    const fmt = (n: number): string => Math.round(n).toLocaleString('fr-FR');
    const rows: Array<[string, string]> = [
      ['Buildings', fmt(info.buildings)],
      ['Road links', fmt(info.roadLinks)],
      ['Inhabitants', fmt(info.inhabitants)],
      ['Households', fmt(info.households)],
      ['Population cells', fmt(info.populationCells)],
    ];
    $('stats').innerHTML = rows.map(([k, v]) => `<dt>${k}</dt><dd>${v}</dd>`).join('');
    $('sources').textContent = 'Sources: ' + info.datasets.map((d) => `${d.attribution} (${d.licence})`).filter((v, i, a) => a.indexOf(v) === i).join(' · ');
    status.textContent = `${info.synthetic ? 'Synthetic sample' : 'Territory'} ready in ${((performance.now() - t0) / 1000).toFixed(1)} s`;
    document.body.dataset.ready = 'true';
  } catch (e) {
    status.textContent = `Could not build the territory: ${(e as Error).message}`;
    status.classList.add('error');
    document.body.dataset.ready = 'error';
  }
}

void start();
