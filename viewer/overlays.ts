/**
 * deck.gl result overlays over the three.js scene: a second, transparent canvas whose single view takes the
 * three.js camera's view and projection matrices, with every layer in COORDINATE_SYSTEM.CARTESIAN metres of the
 * territory's local frame — the frame the tiles are brought back into — so overlays and buildings align exactly.
 * Overlays are drawn on top of the city (no shared depth buffer), lifted 0.5 m off the ground, in a fixed order
 * (population, raster, roads, marker) without depth testing between them.
 *
 * Layers: the road network (PathLayer, binary attributes), the population grid (SolidPolygonLayer,
 * pre-triangulated in the worker), a generic raster-on-grid layer (BitmapLayer over a value grid coloured in the
 * worker; the sun-hours model uses it, the heat and air models will), and a marker at a picked building or place.
 */
import { COORDINATE_SYSTEM, Deck, View, Viewport, type Layer } from '@deck.gl/core';
import { BitmapLayer, PathLayer, ScatterplotLayer, SolidPolygonLayer } from '@deck.gl/layers';
import type * as THREE from 'three';
import type { OverlayBuffers } from '../workers/buffers.ts';
import { OVERLAY_LIFT_M } from '../workers/buffers.ts';
import type { RasterResult } from '../workers/territory-api.ts';

export type OverlayId = 'roads' | 'population' | 'sunhours';

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
  private raster: { result: RasterResult; image: ImageData } | null = null;
  private marker: [number, number, number] | null = null;
  private readonly visible: Record<OverlayId, boolean> = { roads: false, population: false, sunhours: false };
  private readonly opacity: Record<OverlayId, number> = { roads: 1, population: 0.7, sunhours: 0.85 };
  private layersDirty = true;

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

  setRaster(result: RasterResult | null): void {
    this.raster = result ? { result, image: new ImageData(result.rgba as Uint8ClampedArray<ArrayBuffer>, result.width, result.height) } : null;
    this.layersDirty = true;
  }

  get rasterResult(): RasterResult | null {
    return this.raster?.result ?? null;
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

  /** Value of the raster under local point (x, y), or NaN. */
  rasterValueAt(x: number, y: number): number {
    const r = this.raster?.result;
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
    const viewState = { viewMatrix: camera.matrixWorldInverse.toArray(), projectionMatrix: camera.projectionMatrix.toArray() };
    const props: Parameters<Deck<MatrixView[]>['setProps']>[0] = { viewState: viewState as never };
    if (this.layersDirty) {
      props.layers = this.layers();
      this.layersDirty = false;
    }
    this.deck.setProps(props);
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
    const r = this.raster;
    if (r) {
      const { originX: x0, originY: y1, cellSizeM: s, width, height } = r.result;
      const x1 = x0 + width * s;
      const y0 = y1 - height * s;
      const z = OVERLAY_LIFT_M;
      out.push(
        new BitmapLayer({
          id: 'raster',
          ...common,
          visible: this.visible.sunhours,
          opacity: this.opacity.sunhours,
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
