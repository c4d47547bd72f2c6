/**
 * The city in three.js, in the territory's local frame (x east, y north, z up, metres; the camera's up is +z):
 * ground, streamed building tiles, sunlight with shadows, and the deck.gl overlays drawn right after each frame
 * with the same camera. Map-style controls (left drag pans, right drag or Ctrl+drag orbits, wheel zooms to the
 * cursor, arrow keys pan), animated fly-to, reset. Frames are drawn on demand (camera moved, a tile arrived,
 * the sun or a layer changed), and the main-thread JavaScript time of each frame is recorded for the benchmark.
 */
import * as THREE from 'three';
import { MapControls } from 'three/addons/controls/MapControls.js';
import type { GroundBuffers } from '../../workers/buffers.ts';
import type { SunState } from '../../workers/territory-api.ts';
import { DeckOverlay } from '../overlays.ts';
import type { CameraState } from '../url-state.ts';
import { Ground } from './ground.ts';
import { SunLight } from './sun.ts';
import { TilesLayer, type PickedBuilding } from './tiles-layer.ts';

export interface FrameStats {
  frames: number;
  /** Main-thread JS time of the last frames (ms): controls, tile traversal, three.js and deck.gl draw calls. */
  recentFrameMs: number[];
}

const FRAME_HISTORY = 240;

export class CityScene {
  readonly renderer: THREE.WebGLRenderer;
  readonly scene = new THREE.Scene();
  readonly camera = new THREE.PerspectiveCamera(45, 1, 1, 100000);
  readonly controls: MapControls;
  readonly sun: SunLight;
  readonly overlay: DeckOverlay;
  ground: Ground | null = null;
  tiles: TilesLayer | null = null;
  private home: CameraState = { position: [0, -1200, 900], target: [0, 0, 0] };
  private dirty = true;
  private raf = 0;
  private frames = 0;
  private readonly frameMs: number[] = [];
  /** Render every frame (benchmark), not only when something changed. */
  continuous = false;
  private animation: { from: CameraState; to: CameraState; start: number; duration: number } | null = null;
  private readonly cameraListeners: Array<() => void> = [];
  private readonly resizeObserver: ResizeObserver;
  private readonly raycaster = new THREE.Raycaster();

  constructor(
    private readonly canvas: HTMLCanvasElement,
    overlayCanvas: HTMLCanvasElement,
    private readonly onError: (message: string) => void,
  ) {
    this.renderer = new THREE.WebGLRenderer({ canvas, antialias: true, powerPreference: 'high-performance' });
    this.renderer.setPixelRatio(Math.min(2, window.devicePixelRatio));
    this.renderer.shadowMap.enabled = true;
    this.renderer.shadowMap.type = THREE.PCFShadowMap;
    this.scene.background = new THREE.Color(0xdfe6ea);
    this.camera.up.set(0, 0, 1);
    this.sun = new SunLight(this.scene);
    this.overlay = new DeckOverlay(overlayCanvas, onError);
    this.controls = new MapControls(this.camera, canvas);
    this.controls.maxPolarAngle = Math.PI * 0.47;
    this.controls.zoomToCursor = true;
    this.controls.minDistance = 5;
    this.controls.maxDistance = 60000;
    canvas.tabIndex = 0;
    this.controls.listenToKeyEvents(canvas);
    this.controls.addEventListener('change', () => {
      this.dirty = true;
    });
    this.controls.addEventListener('end', () => this.emitCamera());
    this.resizeObserver = new ResizeObserver(() => this.resize());
    this.resizeObserver.observe(canvas);
    this.resize();
    this.raf = requestAnimationFrame(this.tick);
  }

  onCameraChange(cb: () => void): void {
    this.cameraListeners.push(cb);
  }

  private emitCamera(): void {
    for (const cb of this.cameraListeners) cb();
  }

  requestRender(): void {
    this.dirty = true;
  }

  setGround(g: GroundBuffers): void {
    this.ground?.dispose();
    this.ground = new Ground(g);
    this.scene.add(this.ground.group);
    const [x0, y0, x1, y1] = g.focusLocal;
    const span = Math.max(x1 - x0, y1 - y0, 200);
    const cx = (x0 + x1) / 2;
    const cy = (y0 + y1) / 2;
    // Home: where the buildings are, from the south, 50° above the horizon.
    const d = span * 1.05;
    this.home = { position: [cx, cy - d * Math.cos((50 * Math.PI) / 180), d * Math.sin((50 * Math.PI) / 180)], target: [cx, cy, 0] };
    this.dirty = true;
  }

  setTiles(tilesetUrl: string, budgetBytes: number): TilesLayer {
    this.tiles?.dispose();
    this.tiles = new TilesLayer(tilesetUrl, this.camera, this.renderer, { budgetBytes, onChange: () => (this.dirty = true), onError: this.onError });
    this.scene.add(this.tiles.group);
    this.dirty = true;
    return this.tiles;
  }

  setSun(s: SunState): void {
    this.sun.set(s);
    this.dirty = true;
  }

  getCamera(): CameraState {
    const p = this.camera.position;
    const t = this.controls.target;
    return { position: [p.x, p.y, p.z], target: [t.x, t.y, t.z] };
  }

  setCamera(c: CameraState): void {
    this.animation = null;
    this.camera.position.set(...c.position);
    this.controls.target.set(...c.target);
    this.controls.update();
    this.dirty = true;
  }

  resetView(durationMs = 600): void {
    this.animateTo(this.home, durationMs);
  }

  /** Flies to look at `target` (local m) from `distanceM`, keeping the current viewing direction. */
  flyTo(target: [number, number, number], distanceM: number, durationMs = 800): void {
    const dir = this.camera.position.clone().sub(this.controls.target);
    if (dir.lengthSq() < 1e-6) dir.set(0, -1, 1);
    dir.normalize();
    if (dir.z < 0.35) dir.setZ(0.35).normalize();
    const t = new THREE.Vector3(...target);
    const p = t.clone().addScaledVector(dir, distanceM);
    this.animateTo({ position: [p.x, p.y, p.z], target }, durationMs);
  }

  private animateTo(to: CameraState, durationMs: number): void {
    if (durationMs <= 0) {
      this.setCamera(to);
      this.emitCamera();
      return;
    }
    this.animation = { from: this.getCamera(), to, start: performance.now(), duration: durationMs };
    this.dirty = true;
  }

  private stepAnimation(now: number): boolean {
    const a = this.animation;
    if (!a) return false;
    const u = Math.min(1, (now - a.start) / a.duration);
    const e = u < 0.5 ? 2 * u * u : 1 - (-2 * u + 2) ** 2 / 2; // ease in-out (quadratic)
    const lerp = (p: number[], q: number[]): [number, number, number] => [p[0] + (q[0] - p[0]) * e, p[1] + (q[1] - p[1]) * e, p[2] + (q[2] - p[2]) * e];
    this.camera.position.set(...lerp(a.from.position, a.to.position));
    this.controls.target.set(...lerp(a.from.target, a.to.target));
    if (u >= 1) {
      this.animation = null;
      this.controls.update();
      this.emitCamera();
    }
    return true;
  }

  /** True while the camera is being animated. */
  get animating(): boolean {
    return this.animation !== null;
  }

  /** The view is complete: every tile this camera needs is drawn and no frame is pending. */
  get complete(): boolean {
    return !this.dirty && !this.animation && Boolean(this.tiles?.idle());
  }

  /** Screen position (CSS px from the top-left of the canvas) of a local point. */
  project(p: [number, number, number]): [number, number] {
    const v = new THREE.Vector3(...p).project(this.camera);
    const r = this.canvas.getBoundingClientRect();
    return [((v.x + 1) / 2) * r.width, ((1 - v.y) / 2) * r.height];
  }

  private rayAt(x: number, y: number): THREE.Raycaster {
    const r = this.canvas.getBoundingClientRect();
    this.raycaster.setFromCamera(new THREE.Vector2((x / r.width) * 2 - 1, 1 - (y / r.height) * 2), this.camera);
    return this.raycaster;
  }

  pickBuilding(x: number, y: number): PickedBuilding | null {
    this.camera.updateMatrixWorld();
    return this.tiles?.pick(this.rayAt(x, y)) ?? null;
  }

  /** Local point of the ground (z = 0) under a screen point, or null above the horizon. */
  groundAt(x: number, y: number): [number, number] | null {
    const ray = this.rayAt(x, y).ray;
    const hit = ray.intersectPlane(new THREE.Plane(new THREE.Vector3(0, 0, 1), 0), new THREE.Vector3());
    return hit ? [hit.x, hit.y] : null;
  }

  stats(): FrameStats {
    return { frames: this.frames, recentFrameMs: [...this.frameMs] };
  }

  private resize(): void {
    const w = this.canvas.clientWidth || window.innerWidth;
    const h = this.canvas.clientHeight || window.innerHeight;
    this.renderer.setSize(w, h, false);
    this.camera.aspect = w / h;
    this.camera.updateProjectionMatrix();
    if (this.tiles) this.tiles.tiles.setResolutionFromRenderer(this.camera, this.renderer);
    this.dirty = true;
  }

  private readonly tick = (now: number): void => {
    this.raf = requestAnimationFrame(this.tick);
    const animating = this.stepAnimation(now);
    if (!this.dirty && !animating && !this.continuous) return;
    this.dirty = false;
    const t0 = performance.now();
    try {
      this.frame();
    } catch (e) {
      this.onError(`rendering failed: ${(e as Error).message}`);
    }
    this.frames++;
    this.frameMs.push(performance.now() - t0);
    if (this.frameMs.length > FRAME_HISTORY) this.frameMs.shift();
  };

  private frame(): void {
    const target = this.controls.target;
    const d = this.camera.position.distanceTo(target);
    // Depth range follows the view: a near plane far from the eye keeps the depth buffer precise.
    const near = Math.max(0.5, Math.min(d / 400, this.camera.position.z / 3));
    const far = Math.max(20000, d * 40);
    if (Math.abs(near - this.camera.near) > 1e-3 * near || far !== this.camera.far) {
      this.camera.near = near;
      this.camera.far = far;
      this.camera.updateProjectionMatrix();
    }
    // World matrices first: the tiles' frame (inverse root transform) must be current for their traversal.
    this.scene.updateMatrixWorld();
    this.tiles?.update();
    this.sun.fit(target, Math.min(4000, Math.max(150, d * 1.6)));
    this.renderer.render(this.scene, this.camera);
    this.overlay.render(this.camera);
  }

  dispose(): void {
    cancelAnimationFrame(this.raf);
    this.resizeObserver.disconnect();
    this.controls.dispose();
    this.tiles?.dispose();
    this.ground?.dispose();
    this.overlay.finalize();
    this.renderer.dispose();
  }
}
