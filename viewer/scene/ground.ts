/**
 * The ground of the territory in three.js: a plane, land cover polygons and street surfaces, all flat at z = 0
 * and receiving the buildings' shadows. Coplanar layers are drawn in a fixed order without depth testing
 * (plane, then land cover, then streets, then everything else), so they never flicker whatever the distance.
 */
import * as THREE from 'three';
import type { GroundBuffers } from '../../workers/buffers.ts';
import { srgbToLinearBytes } from './color.ts';

export const GROUND_COLOR = 0xd3d5ca;
export const STREET_COLOR = 0x9a9da3;

/**
 * Materials of the layers drawn over the plane: no depth test, and alpha blending while staying in three's opaque
 * pass (custom blending keeps `transparent` false), so a half-opaque layer is still drawn before the buildings.
 */
const OVERLAID = {
  depthTest: false,
  depthWrite: false,
  transparent: false,
  blending: THREE.CustomBlending,
  blendSrc: THREE.SrcAlphaFactor,
  blendDst: THREE.OneMinusSrcAlphaFactor,
  blendEquation: THREE.AddEquation,
} as const;

export class Ground {
  readonly group = new THREE.Group();
  readonly plane: THREE.Mesh;
  readonly landCover: THREE.Mesh;
  readonly streets: THREE.Mesh;
  private readonly owned: Array<{ dispose(): void }> = [];

  constructor(g: GroundBuffers) {
    const [x0, y0, x1, y1] = g.bboxLocal;
    const span = Math.max(x1 - x0, y1 - y0, 200);
    const planeGeo = new THREE.PlaneGeometry(span * 3, span * 3);
    const planeMat = new THREE.MeshLambertMaterial({ color: GROUND_COLOR });
    this.plane = new THREE.Mesh(planeGeo, planeMat);
    this.plane.position.set((x0 + x1) / 2, (y0 + y1) / 2, 0);
    this.plane.renderOrder = -3;
    this.plane.receiveShadow = true;
    this.plane.name = 'ground';

    const lcGeo = new THREE.BufferGeometry();
    lcGeo.setAttribute('position', new THREE.BufferAttribute(g.landCover.positions, 3));
    lcGeo.setAttribute('color', new THREE.BufferAttribute(srgbToLinearBytes(g.landCover.colors), 3, true));
    lcGeo.setAttribute('normal', upNormals(g.landCover.positions.length / 3));
    const lcMat = new THREE.MeshLambertMaterial({ vertexColors: true, ...OVERLAID });
    this.landCover = new THREE.Mesh(lcGeo, lcMat);
    this.landCover.renderOrder = -2;
    this.landCover.receiveShadow = true;
    this.landCover.name = 'landcover';

    const stGeo = new THREE.BufferGeometry();
    stGeo.setAttribute('position', new THREE.BufferAttribute(g.streets.positions, 3));
    stGeo.setAttribute('normal', upNormals(g.streets.positions.length / 3));
    const stMat = new THREE.MeshLambertMaterial({ color: STREET_COLOR, ...OVERLAID });
    this.streets = new THREE.Mesh(stGeo, stMat);
    this.streets.renderOrder = -1;
    this.streets.receiveShadow = true;
    this.streets.name = 'streets';

    for (const m of [this.landCover, this.streets]) m.frustumCulled = true;
    lcGeo.computeBoundingSphere();
    stGeo.computeBoundingSphere();
    this.group.add(this.plane, this.landCover, this.streets);
    this.owned.push(planeGeo, planeMat, lcGeo, lcMat, stGeo, stMat);
  }

  setOpacity(layer: 'landcover' | 'streets', opacity: number): void {
    const m = (layer === 'landcover' ? this.landCover : this.streets).material as THREE.MeshLambertMaterial;
    m.opacity = opacity;
  }

  dispose(): void {
    this.group.removeFromParent();
    for (const o of this.owned) o.dispose();
    this.owned.length = 0;
  }
}

function upNormals(n: number): THREE.BufferAttribute {
  const a = new Float32Array(n * 3);
  for (let i = 0; i < n; i++) a[3 * i + 2] = 1;
  return new THREE.BufferAttribute(a, 3);
}
