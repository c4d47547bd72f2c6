/**
 * deck.gl result overlays over the three.js scene: a second, transparent canvas whose single view takes the
 * three.js camera's view and projection matrices, with every layer in COORDINATE_SYSTEM.CARTESIAN metres of the
 * territory's local frame — the frame the tiles are brought back into — so overlays and buildings align exactly.
 * Overlays are drawn on top of the city (no shared depth buffer), lifted 0.5 m off the ground, in a fixed order
 * (population, rasters, roads, link bands, marker) without depth testing between them.
 *
 * Layers: the road network (PathLayer, binary attributes), the population grid (SolidPolygonLayer,
 * pre-triangulated in the worker), generic raster-on-grid layers (BitmapLayer over a value grid coloured in the
 * worker: sun hours, night UHI, LCZ, concentrations), bands along road links (PathLayer, binary attributes, width
 * in metres: traffic flows, emissions) and a marker at a picked building or place.
 *
 * Frame cost: deck.gl layers are rebuilt only when data, visibility or opacity change (`layersDirty`); a frame
 * only hands deck the camera matrices (copied into two arrays allocated once).
 */
import { COORDINATE_SYSTEM, Deck, View, Viewport, type Layer } from '@deck.gl/core';
import { BitmapLayer, PathLayer, ScatterplotLayer, SolidPolygonLayer } from '@deck.gl/layers';
import type * as THREE from 'three';
import type { OverlayBuffers } from '../workers/buffers.ts';
import { OVERLAY_LIFT_M } from '../workers/buffers.ts';
import type { RasterResult } from '../workers/territory-api.ts';
import type { LinkBands } from '../workers/link-bands.ts';

/** Raster overlays, drawn in this order (bottom first). */
export const RASTER_OVERLAYS = ['lcz', 'uhi', 'air', 'sunhours'] as const;
export type RasterOverlayId = (typeof RASTER_OVERLAYS)[number];
/** Bands along road links (model results), drawn in this order over the road network. */
export const PATH_OVERLAYS = ['emissions', 'traffic'] as const;
export type PathOverlayId = (typeof PATH_OVERLAYS)[number];
export type OverlayId = 'roads' | 'population' | RasterOverlayId | PathOverlayId;

interface MatrixViewState {
  viewMatrix: number[];
  projectionMatrix: number[];
}

/** A deck.gl view whose viewport is given by explicit view and projection matrices (here three.js's camera). */
class MatrixView extends View<MatrixViewState & { transitionDuration?: number }> {
  getViewportType(): typeof Viewport {
    return Viewport;
  }
  protected get ControllerType(): never {
    throw new Error('the overlay view has no controller: the three.js controls drive the camera');
  }
}

/** Colour of the marker (a hue used nowhere else, so tests can find it in a screenshot). */
export const MARKER_COLOR: [number, number, number] = [0, 255, 255];

export class DeckOverlay {
  private readonly deck: Deck<MatrixView[]>;
  private data: OverlayBuffers | null = null;
  private readonly rasters = new Map<RasterOverlayId, { result: RasterResult; image: ImageData }>();
  private readonly bands = new Map<PathOverlayId, LinkBands>();
  private marker: [number, number, number] | null = null;
  private readonly visible: Record<OverlayId, boolean> = { roads: false, population: false, sunhours: false, traffic: false, uhi: false, lcz: false, air: false, emissions: false };
  private readonly opacity: Record<OverlayId, number> = { roads: 1, population: 0.7, sunhours: 0.85, traffic: 1, uhi: 0.8, lcz: 0.8, air: 0.8, emissions: 1 };
  private layersDirty = true;
  private readonly viewStates: MatrixViewState[] = [
    { viewMatrix: identity(), projectionMatrix: identity() },
    { viewMatrix: identity(), projectionMatrix: identity() },
  ];
  private flip = 0;
  private readonly frameProps: { viewState: MatrixViewState | null } = { viewState: null };

  constructor(canvas: HTMLCanvasElement, onError: (message: string) => void) {
    this.deck = new Deck<MatrixView[]>({
      canvas,
      width: '100%',
      height: '100%',
      views: [new MatrixView({ id: 'three' })],
      viewState: { viewMatrix: identity(), projectionMatrix: identity() } as never,
      controller: false,
      layers: [],
      _animate: false,
      parameters: { depthCompare: 'always', depthWriteEnabled: false },
      onError: (e) => onError(`overlay: ${e.message}`),
    });
  }

  setData(data: OverlayBuffers): void {
    this.data = data;
    this.layersDirty = true;
  }

  setRaster(result: RasterResult | null, id: RasterOverlayId = 'sunhours'): void {
    if (result) this.rasters.set(id, { result, image: new ImageData(result.rgba as Uint8ClampedArray<ArrayBuffer>, result.width, result.height) });
    else this.rasters.delete(id);
    this.layersDirty = true;
  }

  rasterResult(id: RasterOverlayId = 'sunhours'): RasterResult | null {
    return this.rasters.get(id)?.result ?? null;
  }

  /** Bands along road links of a path overlay (null: none). */
  setPaths(id: PathOverlayId, bands: LinkBands | null): void {
    if (bands) this.bands.set(id, bands);
    else this.bands.delete(id);
    this.layersDirty = true;
  }

  /** Index of the band of a visible path overlay under a screen point (CSS px), or −1. */
  pickPath(id: PathOverlayId, x: number, y: number): number {
    const b = this.bands.get(id);
    if (!this.visible[id] || !b) return -1;
    const info = this.deck.pickObject({ x, y, radius: 2, layerIds: [id] });
    return info && info.index >= 0 && info.index < b.length ? info.index : -1;
  }

  setMarker(p: [number, number, number] | null): void {
    this.marker = p;
    this.layersDirty = true;
  }

  setVisible(id: OverlayId, on: boolean): void {
    this.visible[id] = on;
    this.layersDirty = true;
  }

  setOpacity(id: OverlayId, opacity: number): void {
    this.opacity[id] = opacity;
    this.layersDirty = true;
  }

  /** Value of a raster under local point (x, y), or NaN. */
  rasterValueAt(x: number, y: number, id: RasterOverlayId = 'sunhours'): number {
    const r = this.rasters.get(id)?.result;
    if (!r) return NaN;
    const col = Math.floor((x - r.originX) / r.cellSizeM);
    const row = Math.floor((r.originY - y) / r.cellSizeM);
    if (col < 0 || row < 0 || col >= r.width || row >= r.height) return NaN;
    return r.values[row * r.width + col];
  }

  /** Population cell under a screen point (CSS px), if the population layer is shown. */
  pickPopulation(x: number, y: number): { inhabitants: number; densityKm2: number } | null {
    if (!this.visible.population || !this.data) return null;
    const info = this.deck.pickObject({ x, y, radius: 0, layerIds: ['population'] });
    if (!info || info.index < 0) return null;
    const p = this.data.population;
    return { inhabitants: p.inhabitants[info.index], densityKm2: p.densityKm2[info.index] };
  }

  /** Draws the overlays for the camera's current matrices (call right after three.js renders). */
  render(camera: THREE.Camera): void {
    // Two view states used in turn: deck compares the new one with the one it holds (deep, by value), so the
    // one written must not be the one it holds.
    this.flip ^= 1;
    const vs = this.viewStates[this.flip];
    camera.matrixWorldInverse.toArray(vs.viewMatrix);
    camera.projectionMatrix.toArray(vs.projectionMatrix);
    if (this.layersDirty) {
      this.deck.setProps({ viewState: vs as never, layers: this.layers() });
      this.layersDirty = false;
    } else {
      this.frameProps.viewState = vs;
      this.deck.setProps(this.frameProps as never);
    }
    this.deck.redraw('camera');
  }

  private layers(): Layer[] {
    const out: Layer[] = [];
    const d = this.data;
    const common = { coordinateSystem: COORDINATE_SYSTEM.CARTESIAN, coordinateOrigin: [0, 0, 0] as [number, number, number] };
    if (d) {
      const p = d.population;
      out.push(
        new SolidPolygonLayer({
          id: 'population',
          ...common,
          visible: this.visible.population,
          opacity: this.opacity.population,
          pickable: true,
          _normalize: false,
          data: {
            length: p.length,
            startIndices: p.startIndices,
            attributes: { indices: p.indices, getPolygon: { value: p.positions, size: 3 }, getFillColor: { value: p.colors, size: 4, normalized: true } },
          } as never,
        }),
      );
    }
    for (const id of RASTER_OVERLAYS) {
      const r = this.rasters.get(id);
      if (!r) continue;
      const { originX: x0, originY: y1, cellSizeM: s, width, height } = r.result;
      const x1 = x0 + width * s;
      const y0 = y1 - height * s;
      const z = OVERLAY_LIFT_M;
      out.push(
        new BitmapLayer({
          id: id === 'sunhours' ? 'raster' : `raster-${id}`,
          ...common,
          visible: this.visible[id],
          opacity: this.opacity[id],
          image: r.image,
          bounds: [
            [x0, y0, z],
            [x0, y1, z],
            [x1, y1, z],
            [x1, y0, z],
          ],
          textureParameters: { minFilter: 'nearest', magFilter: 'nearest' },
        }),
      );
    }
    if (d) {
      const rd = d.roads;
      out.push(
        new PathLayer({
          id: 'roads',
          ...common,
          visible: this.visible.roads,
          opacity: this.opacity.roads,
          widthUnits: 'meters',
          widthMinPixels: 1.5,
          capRounded: true,
          jointRounded: true,
          _pathType: 'open',
          data: {
            length: rd.length,
            startIndices: rd.startIndices,
            attributes: { getPath: { value: rd.positions, size: 3 }, getColor: { value: rd.colors, size: 4, normalized: true }, getWidth: { value: rd.widths, size: 1 } },
          } as never,
        }),
      );
    }
    for (const id of PATH_OVERLAYS) {
      const f = this.bands.get(id);
      if (!f) continue;
      out.push(
        new PathLayer({
          id,
          ...common,
          visible: this.visible[id],
          opacity: this.opacity[id],
          pickable: true,
          widthUnits: 'meters',
          widthMinPixels: 1,
          capRounded: false,
          jointRounded: false,
          _pathType: 'open',
          data: {
            length: f.length,
            startIndices: f.startIndices,
            attributes: { getPath: { value: f.positions, size: 3 }, getColor: { value: f.colors, size: 4, normalized: true }, getWidth: { value: f.widths, size: 1 } },
          } as never,
        }),
      );
    }
    if (this.marker) {
      out.push(
        new ScatterplotLayer<{ p: [number, number, number] }>({
          id: 'marker',
          ...common,
          data: [{ p: this.marker }],
          getPosition: (o) => o.p,
          radiusUnits: 'meters',
          getRadius: 2,
          radiusMinPixels: 5,
          stroked: true,
          lineWidthUnits: 'pixels',
          getLineWidth: 2,
          getFillColor: [...MARKER_COLOR, 255],
          getLineColor: [20, 40, 60, 255],
        }),
      );
    }
    return out;
  }

  finalize(): void {
    this.deck.finalize();
  }
}

function identity(): number[] {
  return [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1];
}
