import { approvalsProjection } from './approvals/approvals-projection.js';
import type { Projection } from './engine/projection.js';
import { taskBoard } from './tasks/task-board.js';

/**
 * Every read model of SPEC §4. `swarm rebuild`, `swarm up` and the rebuild property test fold exactly these.
 * Add a projection here when you add one (one import and one entry).
 */
export const allProjections: readonly Projection[] = [
  taskBoard,
  approvalsProjection,
];
