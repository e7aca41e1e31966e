import { projectSpecPath } from '../../domain/project/index.js';
import { approvalsProjection } from '../../projections/approvals/approvals-projection.js';
import { takenIdeaLike } from '../../projections/approvals/queries.js';
import { freshReader } from '../../projections/engine/fresh-reader.js';
import type { SwarmRuntime } from '../commands/runtime.js';

import { ideaEntryTypes } from '../../domain/task/task-rules.js';

export { fixRoundKey } from '../../domain/task/task-rules.js';

/**
 * The keys the swarm gives a task about a project (issue 17: every project its own). A `write_spec` task is where a
 * project begins: the swarm names the project after that task (its id, unless the task already names one) and says
 * where its spec goes, so the PM neither invents an id nor derives a path from the product's name.
 */
export const withProjectKeys = (type: string, taskId: string, payload: Readonly<Record<string, unknown>>): Record<string, unknown> => {
  if (type !== 'write_spec') return { ...payload };
  const named = typeof payload.project_id === 'string' && payload.project_id.trim() !== '' ? payload.project_id.trim() : undefined;
  const projectId = named ?? taskId;
  return { ...payload, project_id: projectId, spec_path: projectSpecPath(projectId) };
};

/** For a task through which an idea enters: the project the swarm already made of it (live, approved, built or published). */
export const ideaEnteringAgain = async (runtime: SwarmRuntime, type: string, title: string) =>
  ideaEntryTypes.has(type) ? takenIdeaLike(await freshReader(runtime.log, runtime.projections, approvalsProjection), title) : undefined;
