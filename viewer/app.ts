/**
 * The viewer application: opens a territory served by the Vite plugin (viewer/server/plugin.ts), asks the worker
 * for everything computed (buffers, building details, sun, sun hours, search), streams the building tiles, and
 * keeps the panels and the shareable URL in step with what is shown.
 */
import type { SearchHit, TerritorySummary } from '../workers/territory-api.ts';
import { buildingLegend, densityLegend, isSunStyle, landCoverLegend, roadLegend, type BuildingStyle } from '../workers/styles.ts';
import { createTerritoryClient, type TerritoryClient } from '../workers/territory-client.ts';
import { byId, el, formatNumber, setChildren } from './dom.ts';
import { LayersPanel, type LayerSpec } from './panels/layers-panel.ts';
import { attributionLine, renderBuilding, renderSources } from './panels/info-panels.ts';
import { TimePanel, type TimeValue } from './panels/time-panel.ts';
import { CityScene } from './scene/city-scene.ts';
import type { PickedBuilding } from './scene/tiles-layer.ts';
import { defaultTimeZone, todayIn } from './time.ts';
import { DEFAULT_LAYERS, formatUrlState, parseUrlState, type LayerId, type UrlState } from './url-state.ts';
import { ModelLayers } from './model-layers.ts';
import { RESULT_LAYER_IDS, type ResultLayerId } from '../workers/result-layers.ts';

const isResultLayer = (id: LayerId): id is ResultLayerId => (RESULT_LAYER_IDS as readonly string[]).includes(id);

export interface TerritoryServed {
  id: string;
  name: string;
  synthetic: boolean;
  buildings: number;
  tiles: number;
  tilesBytes: number;
  storeUrl: string;
  tilesetUrl: string;
  prepareMs: number;
  cached: boolean;
}

const DEFAULT_TIME = '15:00';
const DEFAULT_CACHE_MB = 256;

async function getJson<T>(url: string): Promise<T> {
  const res = await fetch(url);
  const body = await res.json().catch(() => ({ error: `${url}: HTTP ${res.status}` }));
  if (!res.ok) throw new Error((body as { error?: string }).error ?? `${url}: HTTP ${res.status}`);
  return body as T;
}

export class App {
  client!: TerritoryClient;
  scene!: CityScene;
  summary!: TerritorySummary;
  served!: TerritoryServed;
  private state: UrlState;
  private readonly visible = new Set<LayerId>();
  private layersPanel!: LayersPanel;
  private models!: ModelLayers;
  private timePanel!: TimePanel;
  private style: BuildingStyle = 'plain';
  private palette: Uint8Array | null = null;
  private selected = -1;
  private sunRequest = 0;
  private sunHoursFor = '';
  private sunHoursRequest = 0;
  private styleRequest = 0;
  /** Date of the last sun-hours building colouring asked for ('' when the style does not depend on the date). */
  private styleDate = '';
  private urlTimer = 0;
  readonly errors: string[] = [];
  readonly startedAt = performance.now();

  constructor(search: string) {
    const { state, problems } = parseUrlState(search);
    this.state = state;
    for (const p of problems) this.warn(`link: ${p}`);
  }

  status(text: string, kind: 'info' | 'error' = 'info'): void {
    const s = byId('status');
    s.textContent = text;
    s.classList.toggle('error', kind === 'error');
  }

  warn(message: string): void {
    console.warn(message);
  }

  fail(message: string): void {
    this.errors.push(message);
    console.error(message);
    this.status(message, 'error');
  }

  async start(): Promise<void> {
    const params = new URLSearchParams(location.search);
    const index = await getJson<{ default: string }>('/jumeau/territories.json');
    const id = this.state.territory ?? index.default;
    this.status(`Preparing ${id} (tiles are made once and cached)…`);
    this.served = await getJson<TerritoryServed>(`/jumeau/t/${encodeURIComponent(id)}/info.json`);
    this.state.territory = this.served.id;
    this.client = await createTerritoryClient({ useWorker: params.get('worker') !== '0' });
    this.status(`Loading ${this.served.name}…`);
    this.summary = await this.client.open(this.served.storeUrl);
    this.showTerritory();

    this.scene = new CityScene(byId<HTMLCanvasElement>('scene'), byId<HTMLCanvasElement>('overlay'), (m) => this.fail(m));
    this.scene.setGround(await this.client.ground());
    if (this.state.camera) this.scene.setCamera(this.state.camera);
    else this.scene.resetView(0);
    const cacheMB = Number(params.get('cacheMB') ?? DEFAULT_CACHE_MB);
    this.scene.setTiles(this.served.tilesetUrl, (cacheMB > 0 ? cacheMB : DEFAULT_CACHE_MB) * 2 ** 20);
    this.scene.overlay.setData(await this.client.overlays());
    this.scene.onCameraChange(() => this.saveUrl());
    this.models = new ModelLayers(
      {
        client: this.client,
        overlay: this.scene.overlay,
        panel: () => this.layersPanel,
        requestRender: () => this.scene.requestRender(),
        fail: (m) => this.fail(m),
        setVisible: (id, on) => {
          this.layersPanel.setChecked(id, on);
          this.setVisible(id, on);
        },
        pollutantChanged: (p) => {
          this.state.pollutant = p;
          this.saveUrl();
        },
      },
      await this.client.resultLayers(),
      this.state.pollutant ?? 'no2',
    );

    this.setupLayers();
    this.setupTime();
    this.setupInteraction();
    if (this.state.style && this.state.style !== 'plain') await this.setStyle(this.state.style);
    if (this.state.building !== undefined) await this.select(this.state.building, null, false);
    this.status(`${this.summary.info.synthetic ? 'Synthetic sample' : 'Territory'} ready: ${formatNumber(this.summary.info.buildings)} buildings`);
    document.body.dataset.ready = 'true';
  }

  private showTerritory(): void {
    const info = this.summary.info;
    byId('territory-name').textContent = info.name;
    byId('synthetic-badge').hidden = !info.synthetic;
    const rows: Array<[string, string]> = [
      ['Buildings', formatNumber(info.buildings)],
      ['Road links', formatNumber(info.roadLinks)],
      ['Inhabitants', formatNumber(info.inhabitants)],
      ['Households', formatNumber(info.households)],
      ['Population cells', formatNumber(info.populationCells)],
      ['Tiles', `${formatNumber(this.served.tiles)} (${formatNumber(this.served.tilesBytes / 1e6, 1)} MB)`],
    ];
    setChildren(byId('stats'), ...rows.flatMap(([k, v]) => [el('dt', { text: k }), el('dd', { text: v })]));
    byId('sources').textContent = attributionLine(this.summary.datasets);
    renderSources(byId('sources-list'), this.summary.datasets, info.synthetic);
    document.title = `${info.name} — Jumeau`;
  }

  private setupLayers(): void {
    for (const l of this.state.layers ?? DEFAULT_LAYERS) this.visible.add(l);
    const specs: LayerSpec[] = [
      { id: 'buildings', label: 'Buildings (3D Tiles)', description: 'buildings streamed from the 3D Tiles tileset; click one for its attributes', legend: null },
      { id: 'landcover', label: 'Land cover', description: 'vegetation, water, sport grounds… on the ground', legend: landCoverLegend() },
      { id: 'streets', label: 'Streets', description: 'street surfaces, width from the lanes', legend: null },
      { id: 'roads', label: 'Road network (overlay)', description: 'road segments coloured by class, drawn over the city', legend: roadLegend() },
      { id: 'population', label: 'Population grid (overlay)', description: 'inhabitants per km² of each population cell; click a cell for its count', legend: densityLegend() },
      { id: 'sunhours', label: 'Sun hours (overlay)', description: 'hours of direct sun over the chosen day on a 2 m grid (shadows of the buildings)', legend: null },
      ...this.models.specs(),
    ];
    const opacity = { population: 0.7, sunhours: 0.85, uhi: 0.8, lcz: 0.8, air: 0.8, ...this.state.opacity };
    this.style = this.state.style ?? 'plain';
    this.layersPanel = new LayersPanel(byId('layers'), specs, this.visible, opacity, this.style, {
      onVisible: (id, on) => this.setVisible(id, on),
      onOpacity: (id, v) => this.setOpacity(id, v),
      onStyle: (s) => void this.setStyle(s),
    });
    this.layersPanel.setLegend('buildings', buildingLegend(this.style));
    for (const [id, v] of Object.entries(opacity)) this.applyOpacity(id as LayerId, v);
    for (const id of specs.map((s) => s.id)) this.applyVisible(id, this.visible.has(id));
  }

  setVisible(id: LayerId, on: boolean): void {
    if (on) this.visible.add(id);
    else this.visible.delete(id);
    this.applyVisible(id, on);
    this.saveUrl();
  }

  private applyVisible(id: LayerId, on: boolean): void {
    const s = this.scene;
    if (id === 'buildings') s.tiles?.setVisible(on);
    else if (id === 'landcover' && s.ground) s.ground.landCover.visible = on;
    else if (id === 'streets' && s.ground) s.ground.streets.visible = on;
    else if (id === 'roads' || id === 'population') s.overlay.setVisible(id, on);
    else if (id === 'sunhours') {
      s.overlay.setVisible('sunhours', on);
      if (on && this.timePanel) void this.updateSunHours();
    } else if (isResultLayer(id)) this.models.setVisible(id, on);
    s.requestRender();
  }

  setOpacity(id: LayerId, v: number): void {
    this.applyOpacity(id, v);
    this.state.opacity = { ...this.state.opacity, [id]: v };
    this.saveUrl();
  }

  private applyOpacity(id: LayerId, v: number): void {
    const s = this.scene;
    if (id === 'buildings') s.tiles?.setOpacity(v);
    else if ((id === 'landcover' || id === 'streets') && s.ground) s.ground.setOpacity(id, v);
    else if (id === 'roads' || id === 'population' || id === 'sunhours' || isResultLayer(id)) s.overlay.setOpacity(id, v);
    s.requestRender();
  }

  /** Colours the buildings; the sun-hours styles are computed in the worker for the time panel's date. */
  async setStyle(style: BuildingStyle): Promise<void> {
    this.style = style;
    const req = ++this.styleRequest;
    const sun = isSunStyle(style);
    const date = sun ? this.timePanel.value().date : '';
    this.styleDate = date;
    this.layersPanel.setStatus('buildings', sun ? `computing sun hours per building for ${date}…` : '');
    try {
      const t = this.scene.controls.target;
      const c = style === 'plain' ? null : await this.client.buildingColors(style, sun ? { date, centre: [t.x, t.y] } : undefined);
      if (req !== this.styleRequest) return;
      this.palette = c?.rgb ?? null;
      this.scene.tiles?.restyle(this.palette, this.selected);
      this.layersPanel.setLegend('buildings', c?.legend ?? buildingLegend(style), c?.note);
      this.layersPanel.setStatus('buildings', c?.computeMs !== undefined ? `computed in ${formatNumber(c.computeMs / 1000, 1)} s` : '');
      document.body.dataset.buildingStyle = sun ? `${style}:${date}` : style;
    } catch (e) {
      if (req !== this.styleRequest) return;
      this.styleDate = '';
      this.layersPanel.setStatus('buildings', `failed: ${(e as Error).message}`);
      this.fail(`building colours: ${(e as Error).message}`);
    }
    this.scene.requestRender();
    this.saveUrl();
  }

  private setupTime(): void {
    const tz = this.state.tz ?? defaultTimeZone(this.summary.frame);
    const initial = { date: this.state.date ?? todayIn(tz), time: this.state.time ?? DEFAULT_TIME, tz };
    const zones = ['Europe/Paris', 'Etc/UTC', Intl.DateTimeFormat().resolvedOptions().timeZone];
    this.timePanel = new TimePanel(initial, zones, (v) => void this.updateSun(v));
    const shadows = byId<HTMLInputElement>('shadows');
    shadows.addEventListener('change', () => {
      this.scene.sun.setShadows(shadows.checked);
      this.scene.requestRender();
    });
    void this.updateSun(this.timePanel.value());
  }

  /** Sun position for the panel's date and time, computed in the worker; only the latest request is applied. */
  async updateSun(v: TimeValue): Promise<void> {
    const req = ++this.sunRequest;
    const s = await this.client.sun(v.unixMs);
    if (req !== this.sunRequest) return;
    this.scene.setSun(s);
    this.timePanel.showSun(s, v);
    this.state.date = v.date;
    this.state.time = v.time;
    this.state.tz = v.tz;
    document.body.dataset.sunAzimuth = s.azimuthDeg.toFixed(3);
    this.saveUrl();
    if (this.visible.has('sunhours') && this.sunHoursFor !== v.date) void this.updateSunHours();
    if (isSunStyle(this.style) && this.styleDate !== v.date) void this.setStyle(this.style);
  }

  private async updateSunHours(): Promise<void> {
    const date = this.timePanel.value().date;
    if (this.sunHoursFor === date && this.scene.overlay.rasterResult()) return;
    const req = ++this.sunHoursRequest;
    this.layersPanel.setStatus('sunhours', `computing sun hours for ${date}…`);
    const t = this.scene.controls.target;
    try {
      const r = await this.client.sunHours({ date, centre: [t.x, t.y] });
      if (req !== this.sunHoursRequest) return;
      this.sunHoursFor = date;
      this.scene.overlay.setRaster(r);
      this.layersPanel.setLegend('sunhours', r.legend, r.note);
      this.layersPanel.setStatus('sunhours', `computed in ${formatNumber(r.computeMs / 1000, 1)} s`);
      document.body.dataset.sunhours = date;
      this.scene.requestRender();
    } catch (e) {
      this.layersPanel.setStatus('sunhours', `failed: ${(e as Error).message}`);
      this.fail(`sun hours: ${(e as Error).message}`);
    }
  }

  private setupInteraction(): void {
    byId('reset-view').addEventListener('click', () => this.scene.resetView());
    byId('share').addEventListener('click', () => {
      this.saveUrl(true);
      void navigator.clipboard?.writeText(location.href).then(
        () => this.status('Link copied'),
        () => this.status('Link in the address bar'),
      );
    });
    byId('open-sources').addEventListener('click', () => (byId('sources-panel').hidden = false));
    byId('close-sources').addEventListener('click', () => (byId('sources-panel').hidden = true));
    byId('close-building').addEventListener('click', () => void this.select(-1, null, false));
    const canvas = byId<HTMLCanvasElement>('scene');
    let down: { x: number; y: number; t: number } | null = null;
    canvas.addEventListener('pointerdown', (e) => (down = { x: e.clientX, y: e.clientY, t: performance.now() }));
    canvas.addEventListener('pointerup', (e) => {
      if (!down || e.button !== 0 || Math.hypot(e.clientX - down.x, e.clientY - down.y) > 4 || performance.now() - down.t > 600) return;
      const r = canvas.getBoundingClientRect();
      void this.clickAt(e.clientX - r.left, e.clientY - r.top);
    });
    const places = byId<HTMLSelectElement>('places');
    setChildren(places, el('option', { attrs: { value: '' }, text: `Places (${this.summary.places.length})` }), ...this.summary.places.map((p, i) => el('option', { attrs: { value: i }, text: `${p.name} — ${p.kind}` })));
    places.addEventListener('change', () => {
      const p = this.summary.places[Number(places.value)];
      if (p) this.goTo({ kind: 'place', label: p.name, x: p.x, y: p.y, z: 0 });
    });
    byId<HTMLFormElement>('search-form').addEventListener('submit', (e) => {
      e.preventDefault();
      void this.search(byId<HTMLInputElement>('search').value);
    });
  }

  private async search(q: string): Promise<void> {
    const hits = await this.client.search(q);
    const list = byId('search-results');
    if (!hits.length) return setChildren(list, el('li', { class: 'small', text: `nothing matches "${q}"` }));
    setChildren(list, ...hits.map((h) => el('li', {}, el('button', { attrs: { type: 'button' }, text: `${h.label}` }))));
    list.querySelectorAll('button').forEach((b, i) => b.addEventListener('click', () => this.goTo(hits[i])));
    if (hits.length === 1) this.goTo(hits[0]);
  }

  goTo(h: SearchHit): void {
    this.scene.flyTo([h.x, h.y, h.z], Math.max(120, h.z * 6));
    if (h.building !== undefined) void this.select(h.building, null, false);
    else this.scene.overlay.setMarker([h.x, h.y, h.z + 0.5]);
  }

  /** Click on the city: a building (from the tile's feature id and property table), else the ground's values. */
  async clickAt(x: number, y: number): Promise<void> {
    const picked = this.scene.pickBuilding(x, y);
    const probe = byId('probe');
    if (picked) {
      probe.hidden = true;
      await this.select(picked.building, picked, false);
      return;
    }
    await this.select(-1, null, false);
    const g = this.scene.groundAt(x, y);
    const lines: string[] = [];
    const cell = this.scene.overlay.pickPopulation(x, y);
    if (cell) lines.push(`Population cell: ${formatNumber(cell.inhabitants, 0)} inhabitants (${formatNumber(cell.densityKm2, 0)} inhabitants / km²)`);
    if (g && this.visible.has('sunhours')) {
      const h = this.scene.overlay.rasterValueAt(g[0], g[1]);
      if (Number.isFinite(h)) lines.push(`Sun hours here: ${formatNumber(h, 1)} h`);
    }
    lines.push(...this.models.probe(g ? [g[0], g[1]] : null, x, y));
    if (g) lines.push(`x ${formatNumber(g[0], 1)} m, y ${formatNumber(g[1], 1)} m (local frame)`);
    setChildren(probe, ...lines.map((l) => el('div', { text: l })));
    probe.hidden = lines.length === 0;
  }

  /** Selects a building (−1: none): highlight in the tiles, marker on its roof, panel from the territory. */
  async select(index: number, picked: PickedBuilding | null, fly: boolean): Promise<void> {
    const panel = byId('building-panel');
    this.selected = index;
    this.scene.tiles?.select(index);
    if (index < 0) {
      panel.hidden = true;
      this.scene.overlay.setMarker(null);
      delete document.body.dataset.selected;
      this.state.building = undefined;
    } else {
      try {
        const d = await this.client.building(index);
        if (this.selected !== index) return;
        renderBuilding(byId('building'), d, picked);
        panel.hidden = false;
        this.scene.overlay.setMarker([d.centroid[0], d.centroid[1], d.heightM + 0.5]);
        if (fly) this.scene.flyTo([d.centroid[0], d.centroid[1], d.heightM], Math.max(120, d.heightM * 6));
        document.body.dataset.selected = String(index);
        this.state.building = index;
      } catch (e) {
        this.fail((e as Error).message);
      }
    }
    this.scene.requestRender();
    this.saveUrl();
  }

  /** Writes the view state into the URL (debounced; `now` for the share button). */
  saveUrl(now = false): void {
    clearTimeout(this.urlTimer);
    const write = (): void => {
      if (!this.scene) return;
      const s: UrlState = { ...this.state, camera: this.scene.getCamera(), layers: [...this.visible], style: this.style };
      const q = formatUrlState(s, location.search);
      if (`?${q}` !== location.search) history.replaceState(null, '', `${location.pathname}?${q}`);
    };
    if (now) write();
    else this.urlTimer = window.setTimeout(write, 250);
  }
}
