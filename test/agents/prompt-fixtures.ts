import { mkdirSync, writeFileSync } from 'node:fs';
import { isLeft, type Either } from 'fp-ts/lib/Either.js';
import type { DomainError } from '../../domain/errors.js';
import { agentRoles, type AgentName } from '../../domain/agent/roles.js';
import { decideApproval, requestApproval } from '../../processes/commands/approval-commands.js';
import { sendMail } from '../../processes/commands/mail-commands.js';
import { decideProject, submitProject } from '../../processes/commands/project-commands.js';
import { castVote, createProposal } from '../../processes/commands/proposal-commands.js';
import { claimTask, createTask } from '../../processes/commands/task-commands.js';
import { agent, human, system, type TestRuntime } from '../fixtures/test-runtime.js';

const ok = <A>(what: string, e: Either<DomainError, A>): A => {
  if (isLeft(e)) throw new Error(`fixture ${what} failed: ${e.left.code}: ${e.left.message}`);
  return e.right;
};

let counter = 0;
/** A unique word safe in JSON, in shell words and in file names (titles must not collide: dedup would refuse them). */
export const uniqueWord = (prefix = 'sample'): string => `${prefix}-${process.pid}-${++counter}`;

export interface ClaimedTask {
  readonly taskId: string;
  readonly generation: number;
  /** For a publish task: the approval it was made from. */
  readonly approvalId?: string;
  /** The product the task is about, when the fixture chose one. */
  readonly product?: string;
}

const claim = async (rt: TestRuntime, who: string, types: readonly string[]): Promise<{ taskId: string; generation: number }> => {
  const claimed = ok('claim', await claimTask(rt, agent(who), { agent: who, types: [...types] }));
  if (claimed.status !== 'claimed') throw new Error(`fixture: nothing for ${who} to claim`);
  return { taskId: claimed.task.id, generation: claimed.task.generation };
};

/** A project the PM submitted (pending a human decision). */
export const submittedProject = async (rt: TestRuntime, title = uniqueWord('project')): Promise<string> =>
  ok(
    'submit project',
    await submitProject(rt, agent('pm'), {
      title,
      hunterPitch: 'A small tool people pay for',
      hunterRating: 7,
      maxRevenueEstimate: '500',
      criticEvaluation: 'four greens',
      criticRating: 8,
      cons: 'small market',
      differentiation: 'works offline',
      specPath: `${rt.dir}/specs/${title}.md`,
      effortEstimate: '2 days',
    }),
  ).projectId;

/** A product the tester submitted and a human approved: the system made its publish task. */
export const approvedApproval = async (rt: TestRuntime, product = uniqueWord('product')): Promise<string> => {
  // The product's folder with a file: `swarm publish` (the publisher's prompt) publishes what is there.
  mkdirSync(`${rt.dir}/projects/${product}`, { recursive: true });
  writeFileSync(`${rt.dir}/projects/${product}/README.md`, `# ${product}\n`);
  const { approvalId } = ok(
    'request approval',
    await requestApproval(rt, agent('tester'), { productName: product, productType: 'product', platform: 'local', description: 'tested', filesPath: `${rt.dir}/projects/${product}`, price: 9.99 }),
  );
  ok('approve product', await decideApproval(rt, human(), { id: approvalId, decision: 'approve' }));
  return approvalId;
};

/**
 * A task the agent holds, as the dispatcher would hand it over: `publish` through a human-approved product,
 * `build_product` through a human-approved project, any other type created by the system and claimed.
 */
export const claimedTaskFor = async (rt: TestRuntime, who: AgentName): Promise<ClaimedTask> => {
  const types = agentRoles[who].taskTypes;
  if (who === 'publisher') {
    const product = uniqueWord('product');
    const approvalId = await approvedApproval(rt, product);
    return { ...(await claim(rt, who, ['publish'])), approvalId, product };
  }
  if (who === 'builder') {
    const projectId = await submittedProject(rt);
    ok('approve project', await decideProject(rt, human(), { id: projectId, decision: 'approve' }));
    return claim(rt, who, types);
  }
  const type = types[0]!;
  ok('create task', await createTask(rt, system(), { type, assignedTo: who, priority: 10, payload: { title: uniqueWord('task') } }));
  return claim(rt, who, types);
};

/** An unread message for the agent. */
export const unreadMessageFor = async (rt: TestRuntime, to: string): Promise<string> =>
  ok('send mail', await sendMail(rt, system(), { to, type: 'notify', payload: { note: 'hello' } })).messageId;

/** A proposal open for votes, made by another agent than the voter. */
export const openProposal = async (rt: TestRuntime, voter: string): Promise<string> =>
  ok(
    'propose',
    await createProposal(rt, agent(voter === 'hunter' ? 'critic' : 'hunter'), { type: 'new_skill', title: uniqueWord('proposal'), description: 'a skill' }),
  ).proposalId;

/** A proposal approved by three votes for (the default quorum), so Meta has it to implement. */
export const approvedProposal = async (rt: TestRuntime): Promise<string> => {
  const proposalId = ok('propose', await createProposal(rt, agent('hunter'), { type: 'new_skill', title: uniqueWord('proposal'), description: 'a skill' })).proposalId;
  for (const voter of ['critic', 'pm', 'builder']) ok('vote', await castVote(rt, agent(voter), { proposalId, vote: 'for' }));
  return proposalId;
};
