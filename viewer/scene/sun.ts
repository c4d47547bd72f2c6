/**
 * Sunlight: a directional light along the sun vector the engine computes (NREL SPA through the worker: azimuth
 * from north clockwise, apparent elevation), casting shadows, plus sky light. Below the horizon the sun is off
 * and only a dim sky remains. The shadow camera is an orthographic box fitted around the point looked at, sized
 * with the view, so shadows stay sharp close up and still cover the city from afar.
 */
import * as THREE from 'three';
import type { SunState } from '../../workers/territory-api.ts';

export const SHADOW_MAP_SIZE = 2048;
/** Light intensities (three.js physical units: a surface of albedo a facing a light of intensity I shows a·I/π). */
const SUN_INTENSITY = 2.3;
const SKY_INTENSITY = 1.6;

export class SunLight {
  readonly light = new THREE.DirectionalLight(0xffffff, SUN_INTENSITY);
  readonly sky = new THREE.HemisphereLight(0xdfeaf5, 0x8d8a80, SKY_INTENSITY);
  /** Unit vector towards the sun (local: east, north, up). */
  readonly direction = new THREE.Vector3(0, -0.5, 0.86).normalize();
  elevationDeg = 60;
  private shadowsOn = true;

  constructor(parent: THREE.Object3D) {
    const l = this.light;
    l.castShadow = true;
    l.shadow.mapSize.set(SHADOW_MAP_SIZE, SHADOW_MAP_SIZE);
    l.shadow.bias = -0.0004;
    l.shadow.normalBias = 0.6;
    // The sky light's "up" is the local z axis.
    this.sky.position.set(0, 0, 1);
    parent.add(l, l.target, this.sky);
  }

  set(s: SunState): void {
    this.direction.set(s.vector[0], s.vector[1], s.vector[2]).normalize();
    this.elevationDeg = s.elevationDeg;
    const up = s.elevationDeg > 0;
    // Direct light fades in over the first degrees above the horizon; warmer when low (Rayleigh scattering).
    const k = up ? Math.min(1, s.elevationDeg / 8) : 0;
    this.light.intensity = SUN_INTENSITY * k;
    this.light.color.setHSL(0.1, up ? Math.max(0, 0.6 - s.elevationDeg / 40) : 0, 0.5 + 0.5 * Math.min(1, Math.max(0, s.elevationDeg / 25)));
    this.light.castShadow = up && this.shadowsOn;
    this.sky.intensity = up ? SKY_INTENSITY : 0.4;
  }

  setShadows(on: boolean): void {
    this.shadowsOn = on;
    this.light.castShadow = on && this.elevationDeg > 0;
  }

  /** Fits the light and its shadow box around `target`, covering a square of side `extentM`. */
  fit(target: THREE.Vector3, extentM: number): void {
    const half = Math.max(60, extentM / 2);
    const distance = half * 2 + 600;
    this.light.target.position.copy(target);
    this.light.position.copy(target).addScaledVector(this.direction, distance);
    const cam = this.light.shadow.camera;
    if (cam.right !== half || cam.far !== distance * 2) {
      cam.left = -half;
      cam.right = half;
      cam.top = half;
      cam.bottom = -half;
      cam.near = 1;
      cam.far = distance * 2;
      cam.updateProjectionMatrix();
    }
    this.light.target.updateMatrixWorld();
    this.light.updateMatrixWorld();
  }
}
