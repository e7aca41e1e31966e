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
