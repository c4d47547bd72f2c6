// Entry of the air-grid worker threads: registers tsx's loader in this thread, then runs the TypeScript worker.
import { register } from 'tsx/esm/api';

register();
await import('./grid-worker-node.ts');
