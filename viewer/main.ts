/**
 * Viewer entry. Opens the territory named in the URL (`?t=<id>`) or the server's default one (the sample
 * district, or the directory given with JUMEAU_TERRITORY), see README § Viewer.
 *
 * `window.__jumeau` is a read-mostly handle for the browser tests and the benchmark: view completeness and
 * statistics, the projection of a local point on screen, and a pick at a screen point (as a click does).
 */
import { App } from './app.ts';
import type { CameraState } from './url-state.ts';
import type { ProgressEvent } from '../workers/scenario-api.ts';

const app = new App(location.search);

const handle = {
  app,
  /** Tiles and frame statistics. */
  stats() {
    const s = app.scene;
    const tiles = s?.tiles?.stats() ?? null;
    const mem = (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory;
    return {
      ready: document.body.dataset.ready === 'true',
      tiles,
      idle: Boolean(s?.complete),
      frames: s?.stats() ?? null,
      geometries: s?.renderer.info.memory.geometries ?? 0,
      textures: s?.renderer.info.memory.textures ?? 0,
      jsHeapBytes: mem?.usedJSHeapSize ?? null,
      errors: [...app.errors],
      inWorker: app.client?.inWorker ?? null,
    };
  },
  project: (p: [number, number, number]) => app.scene.project(p),
  pickAt: (x: number, y: number) => app.scene.pickBuilding(x, y),
  building: (i: number) => app.client.building(i),
  buildingAt: (x: number, y: number) => app.client.buildingAt(x, y),
  camera: () => app.scene.getCamera(),
  setCamera: (c: CameraState) => app.scene.setCamera(c),
  /** Orbits the camera around its target, one step per frame (benchmark); resolves after the last frame. */
  orbit(frames: number, degPerFrame = 0.6): Promise<void> {
    const s = app.scene;
    return new Promise((done) => {
      let k = 0;
      const step = (): void => {
        const t = s.controls.target;
        const p = s.camera.position;
        const a = (degPerFrame * Math.PI) / 180;
        const dx = p.x - t.x;
        const dy = p.y - t.y;
        p.set(t.x + dx * Math.cos(a) - dy * Math.sin(a), t.y + dx * Math.sin(a) + dy * Math.cos(a), p.z);
        s.controls.update();
        s.requestRender();
        if (++k < frames) requestAnimationFrame(step);
        else requestAnimationFrame(() => requestAnimationFrame(() => done()));
      };
      requestAnimationFrame(step);
    });
  },
  bboxLocal: () => app.summary.info.bboxLocal,
  /**
   * Runs a scenario in the worker as the viewer does, collecting its progress events; `cancelAtStage` aborts
   * the run at the first progress event of that stage; `targets` restricts it to the stages those artefacts need. Resolves with the summary or the error (never rejects).
   */
  async runScenario(scenario: unknown, opts: { cancelAtStage?: string; targets?: string[] } = {}) {
    const events: ProgressEvent[] = [];
    const ac = new AbortController();
    const t0 = performance.now();
    try {
      const onProgress = (e: ProgressEvent): void => {
        events.push(e);
        if (e.stage === opts.cancelAtStage) ac.abort();
      };
      const summary = await app.client.runScenario(scenario, { onProgress, signal: ac.signal, targets: opts.targets });
      return { summary, events, error: null, ms: performance.now() - t0 };
    } catch (e) {
      return { summary: null, events, error: { name: (e as Error).name, message: (e as Error).message }, ms: performance.now() - t0 };
    }
  },
  lastScenarioRun: () => app.client.lastScenarioRun(),
  setContinuous(on: boolean) {
    app.scene.continuous = on;
    app.scene.requestRender();
  },
};
(window as unknown as { __jumeau: typeof handle }).__jumeau = handle;

app.start().catch((e: Error) => {
  app.fail(`Could not open the territory: ${e.message}`);
  document.body.dataset.ready = 'error';
});
