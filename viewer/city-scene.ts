/** three.js scene of a territory: extruded buildings, land cover and roads in the local ENU frame. */
import * as THREE from 'three';
import { MapControls } from 'three/addons/controls/MapControls.js';
import type { SceneBuffers } from '../workers/scene-api.ts';

const COVER_COLORS: Record<string, number> = { vegetation: 0x9cc98a, forest: 0x5f9a5a, water: 0x7fb3d5, sport: 0xb9d89b, impervious: 0xbfbfbf, agriculture: 0xe3dca1, other: 0xd7d2c8 };
const ROAD_COLORS: Record<string, number> = { motorway: 0xe07b39, trunk: 0xe39b42, primary: 0xf0c05a, secondary: 0xf5d77f, tertiary: 0xffffff, residential: 0xffffff, service: 0xeeeeee, pedestrian: 0xcfc6b8, unknown: 0xffffff };

export class CityScene {
  private readonly renderer: THREE.WebGLRenderer;
  private readonly scene = new THREE.Scene();
  private readonly camera = new THREE.PerspectiveCamera(45, 1, 1, 200000);
  private readonly controls: MapControls;
  /** Local ENU (x east, y north, z up) → three.js (y up): rotate −90° about x. */
  private readonly world = new THREE.Group();
  private readonly owned: Array<{ dispose(): void }> = [];
  private home = { target: new THREE.Vector3(), position: new THREE.Vector3(0, 800, 800) };

  constructor(private readonly canvas: HTMLCanvasElement) {
    this.renderer = new THREE.WebGLRenderer({ canvas, antialias: true });
    this.renderer.setPixelRatio(Math.min(2, window.devicePixelRatio));
    this.scene.background = new THREE.Color(0xdfe6ea);
    this.world.rotation.x = -Math.PI / 2;
    this.scene.add(this.world);
    this.scene.add(new THREE.HemisphereLight(0xffffff, 0x8d8d7a, 1.6));
    const sun = new THREE.DirectionalLight(0xffffff, 1.8);
    sun.position.set(-1000, 2000, 1000);
    this.scene.add(sun);
    this.controls = new MapControls(this.camera, canvas);
    this.controls.maxPolarAngle = Math.PI / 2.1;
    this.controls.addEventListener('change', () => this.render());
    new ResizeObserver(() => this.resize()).observe(canvas);
    this.resize();
  }

  show(s: SceneBuffers): void {
    this.clear();
    const [x0, y0, x1, y1] = s.bboxLocal;
    const cx = (x0 + x1) / 2;
    const cy = (y0 + y1) / 2;
    const span = Math.max(x1 - x0, y1 - y0, 100);
    // Ground.
    const groundGeo = new THREE.PlaneGeometry(span * 1.6, span * 1.6);
    const groundMat = new THREE.MeshLambertMaterial({ color: 0xe9e5dc });
    const ground = new THREE.Mesh(groundGeo, groundMat);
    ground.position.set(cx, cy, -0.2);
    this.world.add(ground);
    this.owned.push(groundGeo, groundMat);
    // Land cover (vertex colours by class).
    const lc = s.landCover;
    if (lc.positions.length) {
      const g = new THREE.BufferGeometry();
      g.setAttribute('position', new THREE.BufferAttribute(lc.positions, 3));
      const col = new Float32Array(lc.positions.length);
      const c = new THREE.Color();
      for (let v = 0; v < lc.cover.length; v++) {
        c.setHex(COVER_COLORS[lc.covers[lc.cover[v]]] ?? 0xcccccc);
        col.set([c.r, c.g, c.b], 3 * v);
      }
      g.setAttribute('color', new THREE.BufferAttribute(col, 3));
      g.computeVertexNormals();
      const m = new THREE.MeshLambertMaterial({ vertexColors: true, polygonOffset: true, polygonOffsetFactor: -1 });
      this.world.add(new THREE.Mesh(g, m));
      this.owned.push(g, m);
    }
    // Roads as line segments 0.3 m above ground.
    const r = s.roads;
    const segCount = r.lineVertexStart.length - 1;
    const lines: number[] = [];
    const lineCol: number[] = [];
    const c = new THREE.Color();
    for (let i = 0; i < segCount; i++) {
      c.setHex(ROAD_COLORS[r.classes[r.segmentClass[i]]] ?? 0xffffff);
      for (let k = r.lineVertexStart[i]; k < r.lineVertexStart[i + 1] - 1; k++) {
        lines.push(r.xy[2 * k], r.xy[2 * k + 1], 0.3, r.xy[2 * k + 2], r.xy[2 * k + 3], 0.3);
        lineCol.push(c.r, c.g, c.b, c.r, c.g, c.b);
      }
    }
    const rg = new THREE.BufferGeometry();
    rg.setAttribute('position', new THREE.Float32BufferAttribute(lines, 3));
    rg.setAttribute('color', new THREE.Float32BufferAttribute(lineCol, 3));
    const rm = new THREE.LineBasicMaterial({ vertexColors: true });
    this.world.add(new THREE.LineSegments(rg, rm));
    this.owned.push(rg, rm);
    // Buildings.
    const b = s.buildings;
    const bg = new THREE.BufferGeometry();
    bg.setAttribute('position', new THREE.BufferAttribute(b.positions, 3));
    bg.setAttribute('normal', new THREE.BufferAttribute(b.normals, 3));
    const bm = new THREE.MeshLambertMaterial({ color: 0xf4efe6 });
    this.world.add(new THREE.Mesh(bg, bm));
    this.owned.push(bg, bm);
    // Camera: target the centre, view from the south-east.
    this.home.target.set(cx, 0, -cy);
    this.home.position.set(cx + span * 0.35, span * 0.55, -cy + span * 0.75);
    this.resetView();
  }

  resetView(): void {
    this.camera.position.copy(this.home.position);
    this.controls.target.copy(this.home.target);
    this.controls.update();
    this.render();
  }

  /** Releases every GPU resource of the current territory. */
  clear(): void {
    for (const o of this.owned) o.dispose();
    this.owned.length = 0;
    this.world.clear();
  }

  private resize(): void {
    const w = this.canvas.clientWidth || window.innerWidth;
    const h = this.canvas.clientHeight || window.innerHeight;
    this.renderer.setSize(w, h, false);
    this.camera.aspect = w / h;
    this.camera.updateProjectionMatrix();
    this.render();
  }

  private render(): void {
    this.renderer.render(this.scene, this.camera);
  }
}
