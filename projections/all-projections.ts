import { agentsProjection } from './agents/agents-projection.js';
import { runsProjection } from './agents/runs-projection.js';
import { tokensProjection } from './tokens/tokens-projection.js';
import { ledgerProjection } from './ledger/ledger-projection.js';
import { memoryFeedProjection } from './memory/memory-feed-projection.js';
import { memoryRecordsProjection } from './memory/memory-records-projection.js';
import { issuesProjection } from './issues/issues-projection.js';
import { discussionsProjection } from './discussions/discussions-projection.js';
import { locksProjection } from './locks/locks-projection.js';
import { mailProjection } from './mail/mail-projection.js';
import { proposalsProjection } from './proposals/proposals-projection.js';
import { approvalsProjection } from './approvals/approvals-projection.js';
import { causationProjection } from './causation/causation-projection.js';
import { taskDaysProjection } from './activity/task-days-projection.js';
import { refusalsProjection } from './refusals/refusals-projection.js';
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
  agentsProjection,
  runsProjection,
  tokensProjection,
  ledgerProjection,
  memoryFeedProjection,
  memoryRecordsProjection,
  issuesProjection,
  causationProjection,
  taskDaysProjection,
  refusalsProjection,
];
