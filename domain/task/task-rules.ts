import { stringProblem } from '../limits/characters.js';
import { agentRoles, agentNames, type AgentName } from '../agent/roles.js';

/** Task types that exist only after a human decision (SPEC §3.1 human gates), and the decision each needs. */
export const gatedTaskTypes: Readonly<Record<string, 'project' | 'approval'>> = {
  build_product: 'project',
  publish: 'approval',
};

/** The payload fields that name what a task is about, in the order the original checked them (ORCH-10). */
const titleFields = ['title', 'product_name', 'name', 'product'] as const;

/** What makes two tasks "the same work" for dedup: the first non-empty identifying field of the payload. */
export const identifyingTitle = (payload: Readonly<Record<string, unknown>>): string | undefined => {
  for (const field of titleFields) {
    const value = payload[field];
    if (typeof value === 'string' && value.trim() !== '') return value.trim();
  }
  return undefined;
};

/** Task types through which an idea enters the pipeline (the Critic's evaluation, the PM's spec): a taken idea is refused there. */
export const ideaEntryTypes: ReadonlySet<string> = new Set(['evaluate_idea', 'write_spec']);

/**
 * What a `fix_product` round counts against (the test/fix loop cap): the task's project when it names one, so two
 * projects of the same name never share a count (issue 17); else, for older tasks, the product's identifying title.
 */
export const fixRoundKey = (payload: Readonly<Record<string, unknown>>): string | undefined => {
  const project = payload.project_id;
  if (typeof project === 'string' && project.trim() !== '') return `project:${project.trim()}`;
  return identifyingTitle(payload);
};

/**
 * The first identifying field of a payload that is not a clean name (a NUL, a control or right-to-left override
 * character, over 200 characters): titles are shown to people and agents and key dedup, so they follow the rules of
 * names (domain/limits), whatever else the payload holds.
 */
export const badTitleField = (payload: Readonly<Record<string, unknown>>): { field: string; problem: string } | undefined => {
  for (const field of titleFields) {
    const value = payload[field];
    const problem = typeof value === 'string' ? stringProblem('name', value) : undefined;
    if (problem) return { field: `payload.${field}`, problem };
  }
  return undefined;
};

export const clampPriority = (priority: number): number => Math.min(10, Math.max(1, Math.round(priority)));

export const addSeconds = (iso: string, seconds: number): string => new Date(Date.parse(iso) + seconds * 1000).toISOString();


/** Every task type some role works on; a type nobody claims would be orphaned (W-05), so others are refused. */
export const knownTaskTypes: readonly string[] = [...new Set(Object.values(agentRoles).flatMap((r) => r.taskTypes as readonly string[]))];

/**
 * The role of an agent identity: a role name (`builder`) or an instance of one (`builder-2`), so one role can run
 * as several workers on several hosts.
 */
export const roleOfAgent = (agent: string): AgentName | undefined => {
  const match = /^([a-z]+)(?:-[a-z0-9]+)?$/.exec(agent);
  return match && (agentNames as string[]).includes(match[1]!) ? (match[1] as AgentName) : undefined;
};

export const typesOfRole = (role: AgentName): readonly string[] => agentRoles[role].taskTypes;

/** The task types worked in a product's folder: the builder's, reviewer's, tester's and publisher's. */
export const productTaskTypes: ReadonlySet<string> = new Set((['builder', 'reviewer', 'tester', 'publisher'] as const).flatMap((role) => typesOfRole(role)));

/** The payload keys that say which project and folder a task is about (issue 17). */
const productKeys = ['project_id', 'files_path', 'spec_path'] as const;

const named = (payload: Readonly<Record<string, unknown>>, key: string): string | undefined => {
  const value = payload[key];
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
};

/**
 * The payload of a product task an agent run creates, with the product it is about: a review, test or fix asked for
 * from a run on a product, naming no folder of its own (no `files_path`/`path`), is about the run's product, and
 * takes its `project_id`, `files_path` and `spec_path` (the prompts ask agents to copy them, and a run reaches only
 * the product folder its task names: a reviewer given no folder could review nothing). A task naming another project
 * keeps its own keys; other task types are as given.
 */
export const withProductOf = (
  type: string,
  payload: Readonly<Record<string, unknown>>,
  runTaskPayload: Readonly<Record<string, unknown>> | undefined,
): Record<string, unknown> => {
  if (!runTaskPayload || !productTaskTypes.has(type) || named(payload, 'files_path') || named(payload, 'path')) return { ...payload };
  const folder = named(runTaskPayload, 'files_path') ?? named(runTaskPayload, 'path');
  if (!folder) return { ...payload };
  const project = named(payload, 'project_id');
  if (project !== undefined && project !== named(runTaskPayload, 'project_id')) return { ...payload };
  const inherited: Record<string, unknown> = { files_path: folder };
  for (const key of productKeys) {
    const value = named(runTaskPayload, key);
    if (key !== 'files_path' && value !== undefined && named(payload, key) === undefined) inherited[key] = value;
  }
  return { ...payload, ...inherited };
};
