// piscina worker: runs one batch task (TypeScript loaded through tsx's loader in this thread).
import { register } from 'tsx/esm/api';

register();
const { runBatchTask } = await import('../scenarios/batch/batch-task.ts');
export default runBatchTask;
