import { discussionsProjection } from './discussions/discussions-projection.js';
import { locksProjection } from './locks/locks-projection.js';
import { mailProjection } from './mail/mail-projection.js';
import { proposalsProjection } from './proposals/proposals-projection.js';
import { approvalsProjection } from './approvals/approvals-projection.js';
import type { Projection } from './engine/projection.js';
import { taskBoard } from './tasks/task-board.js';

/**
 * Every read model of SPEC §4. `swarm rebuild`, `swarm up` and the rebuild property test fold exactly these.
 * Add a projection here when you add one (one import and one entry).
 */
export const allProjections: readonly Projection[] = [
  locksProjection,
  mailProjection,
  discussionsProjection,
  proposalsProjection,
  taskBoard,
  approvalsProjection,
];
