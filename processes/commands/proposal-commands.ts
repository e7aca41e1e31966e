import { isLeft, left, right, type Either } from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { agentNames } from '../../domain/agent/roles.js';
import { fold } from '../../domain/decider.js';
import { decodeWith } from '../../domain/decode.js';
import { proposalTopic } from '../../domain/discussion/index.js';
import { invalid, notFound, type DomainError } from '../../domain/errors.js';
import {
  effectiveSettings,
  governanceDecider,
  governanceStream,
  type GovernanceEvent,
  type GovernanceState,
  type GovernanceSettings,
} from '../../domain/governance/index.js';
import type { Actor, RecordedEvent } from '../../domain/log/envelope.js';
import {
  ProposalType,
  proposalDecider,
  proposalStream,
  Vote,
  type ProposalCommand,
  type ProposalContext,
  type ProposalEvent,
  type ProposalState,
  type ProposalStatus,
  type Tally,
} from '../../domain/proposal/index.js';
import { freshReader } from '../../projections/engine/fresh-reader.js';
import type { DocReader } from '../../projections/engine/projection.js';
import { proposalsProjection, type ProposalView } from '../../projections/proposals/proposals-projection.js';
import { listProposals as listQuery, resolveProposalId } from '../../projections/proposals/queries.js';
import { originOf } from './command-origin.js';
import { postDiscussion } from './discussion-commands.js';
import { handleCommand, type CommandOrigin } from './handle-command.js';
import { sendMail } from './mail-commands.js';
import type { CommandCaller, SwarmRuntime } from './runtime.js';
import { createTask } from './task-commands.js';

export const CreateProposalInput = t.intersection([
  t.type({ type: ProposalType, title: t.string, description: t.string }),
  t.partial({ payload: t.UnknownRecord }),
]);
export const CastVoteInput = t.intersection([t.type({ proposalId: t.string, vote: Vote }), t.partial({ comment: t.string })]);
const ProposalIdInput = t.type({ proposalId: t.string });
const ImplementedInput = t.intersection([ProposalIdInput, t.partial({ notes: t.string })]);

/** Follow-ups of a decision (task, mail, the announcement post) are the system's, not the last voter's. */
const governanceActor: Actor = { kind: 'system', id: 'governance' };

const readFold = async <E extends { type: string; data: unknown }, S>(runtime: SwarmRuntime, stream: string, decider: { initialState: S; evolve: (s: S, e: E) => S }) => {
  const read = await runtime.log.readStream(stream);
  const events = isLeft(read) ? [] : read.right.map((e) => ({ type: e.type, data: e.data }) as E);
  return fold(decider, events);
};

/** The governance settings in force: the configured defaults with every applied rule_change. */
export const governanceSettings = async (runtime: SwarmRuntime): Promise<GovernanceSettings> => {
  const { quorum, threshold, proposalExpiryHours } = runtime.settings;
  const state = await readFold<GovernanceEvent, GovernanceState>(runtime, governanceStream, governanceDecider);
  return effectiveSettings(state, { quorum, threshold, proposalExpiryHours });
};

const proposalContext = async (runtime: SwarmRuntime, caller: CommandCaller): Promise<ProposalContext> => ({
  now: runtime.now(),
  actor: caller.actor,
  ...(await governanceSettings(runtime)),
});

const proposals = (runtime: SwarmRuntime): Promise<DocReader> => freshReader(runtime.log, runtime.projections, proposalsProjection);

/** A full proposal id or a unique prefix of one. */
export const resolveProposal = async (runtime: SwarmRuntime, idOrPrefix: string): Promise<Either<DomainError, ProposalView>> => {
  const found = resolveProposalId(await proposals(runtime), idOrPrefix);
  if (found.kind === 'found') return right(found.proposal);
  if (found.kind === 'ambiguous')
    return left(invalid(`proposalId: "${idOrPrefix}" matches several proposals (${found.matches.join(', ')}); give more of the id`, { field: 'proposalId' }));
  return left(notFound(`no proposal ${idOrPrefix}`, { field: 'proposalId' }));
};

const handle = async (runtime: SwarmRuntime, caller: CommandCaller, proposalId: string, command: ProposalCommand, options: { eventIds?: (i: number) => string } = {}) =>
  handleCommand(runtime, proposalDecider, proposalStream(proposalId), command, await proposalContext(runtime, caller), originOf(runtime, caller), options);

/** Ids of a follow-up's events, derived from the cause and the follow-up's purpose: a retry appends nothing new. */
const derivedIds = (runtime: SwarmRuntime, cause: string, purpose: string) => (i: number) => runtime.followUpId(cause, `${purpose}:${i}`);

const followUpCaller = (cause: RecordedEvent): CommandCaller => ({ actor: governanceActor, correlationId: cause.metadata.correlationId, causationId: cause.id });

/**
 * Opens a proposal as the caller and posts "PROPOSAL: title" in its topic `proposal:<id>` (the post's ids derive
 * from the ProposalCreated event, so a retry never posts twice).
 */
export const createProposal = async (
  runtime: SwarmRuntime,
  caller: CommandCaller,
  input: unknown,
  options: { proposalId?: string; eventIds?: (i: number) => string } = {},
): Promise<Either<DomainError, { proposalId: string; expiresAt: string; postId: string }>> => {
  const decoded = decodeWith(CreateProposalInput)(input);
  if (isLeft(decoded)) return decoded;
  const { type, title, description, payload } = decoded.right;
  const proposalId = options.proposalId ?? runtime.newId();
  const handled = await handle(
    runtime,
    caller,
    proposalId,
    { type: 'CreateProposal', proposalId, proposalType: type, title, description, payload: payload ?? {} },
    options.eventIds ? { eventIds: options.eventIds } : {},
  );
  if (isLeft(handled)) return handled;
  const created = handled.right.events[0]!;
  const data = created.data as { title: string; expiresAt: string };
  const post = await postDiscussion(
    runtime,
    { ...caller, correlationId: created.metadata.correlationId, causationId: created.id },
    { topic: proposalTopic(proposalId), content: `🗳️ PROPOSAL: ${data.title}\nType: ${type}\n\n${description}` },
    { postId: runtime.followUpId(created.id, 'proposal_post'), eventIds: derivedIds(runtime, created.id, 'proposal_post') },
  );
  if (isLeft(post)) return post;
  return right({ proposalId, expiresAt: data.expiresAt, postId: post.right.postId });
};

export interface VoteOutcome {
  readonly proposalId: string;
  readonly vote: Vote;
  readonly status: ProposalStatus;
  readonly tally: Tally;
  /** The implement_proposal task for meta, when this vote approved the proposal. */
  readonly implementationTaskId?: string;
}

const percent = (share: number) => `${Math.round(share * 100)}%`;

/**
 * After a decision: announce it in the proposal's topic and, on approval, create meta's implement_proposal task and
 * tell every agent. Every id derives from the decision event, so running this again (a retry, or a process manager
 * reacting to the same event) creates nothing new.
 */
export const followUpDecision = async (
  runtime: SwarmRuntime,
  decision: RecordedEvent,
  proposal: { proposalId: string; title: string; proposalType: string },
): Promise<Either<DomainError, { implementationTaskId?: string }>> => {
  const tally = decision.data as Tally;
  const caller = followUpCaller(decision);
  const approved = decision.type === 'ProposalApproved';
  const announcement = approved
    ? `✅ APPROVED with ${tally.for}/${tally.total} votes (${percent(tally.rate)})`
    : `❌ REJECTED with ${tally.against}/${tally.total} against (${percent(1 - tally.rate)})`;
  const post = await postDiscussion(
    runtime,
    caller,
    { topic: proposalTopic(proposal.proposalId), content: announcement },
    { postId: runtime.followUpId(decision.id, 'decision_post'), eventIds: derivedIds(runtime, decision.id, 'decision_post') },
  );
  if (isLeft(post)) return post;
  if (!approved) return right({});
  const taskId = runtime.followUpId(decision.id, 'implement_proposal');
  const task = await createTask(
    runtime,
    caller,
    {
      type: 'implement_proposal',
      assignedTo: 'meta',
      priority: 7,
      // Each approved proposal is its own piece of work, even when two share a title.
      allowDuplicates: true,
      payload: { title: `Implement proposal: ${proposal.title}`, proposal_id: proposal.proposalId, proposal_type: proposal.proposalType, tally },
    },
    { taskId, eventIds: derivedIds(runtime, decision.id, 'implement_proposal') },
  );
  if (isLeft(task)) return task;
  for (const agent of agentNames) {
    const sent = await sendMail(
      runtime,
      caller,
      {
        to: agent,
        type: 'proposal_approved',
        payload: { proposal_id: proposal.proposalId, title: proposal.title, proposal_type: proposal.proposalType, tally, implementation_task_id: taskId },
      },
      { messageId: runtime.followUpId(decision.id, `notify:${agent}`), eventIds: derivedIds(runtime, decision.id, `notify:${agent}`) },
    );
    if (isLeft(sent)) return sent;
  }
  return right({ implementationTaskId: taskId });
};

/**
 * Casts the caller's vote (the voter is the actor, never a flag: W-24). The deciding vote and the decision are one
 * append; a comment is posted in the proposal's topic; a decision is followed up (see followUpDecision).
 */
export const castVote = async (runtime: SwarmRuntime, caller: CommandCaller, input: unknown): Promise<Either<DomainError, VoteOutcome>> => {
  const decoded = decodeWith(CastVoteInput)(input);
  if (isLeft(decoded)) return decoded;
  const found = await resolveProposal(runtime, decoded.right.proposalId);
  if (isLeft(found)) return found;
  const proposal = found.right;
  const { vote, comment } = decoded.right;
  const handled = await handle(runtime, caller, proposal.proposalId, {
    type: 'CastVote',
    proposalId: proposal.proposalId,
    vote,
    ...(comment !== undefined ? { comment } : {}),
  });
  if (isLeft(handled)) return handled;
  const [cast, decision] = handled.right.events;
  if (cast && comment !== undefined && comment.trim() !== '') {
    const post = await postDiscussion(
      runtime,
      { ...caller, correlationId: cast.metadata.correlationId, causationId: cast.id },
      { topic: proposalTopic(proposal.proposalId), content: `${vote === 'for' ? '👍' : '👎'} ${caller.actor.id} votes ${vote.toUpperCase()}: ${comment}` },
      { postId: runtime.followUpId(cast.id, 'vote_comment'), eventIds: derivedIds(runtime, cast.id, 'vote_comment') },
    );
    if (isLeft(post)) return post;
  }
  const state = await readFold<ProposalEvent, ProposalState>(runtime, proposalStream(proposal.proposalId), proposalDecider);
  const votes = state.status === 'none' ? [] : [...state.votes.values()];
  const tally = (decision?.data as Tally | undefined) ?? {
    for: votes.filter((v) => v === 'for').length,
    against: votes.filter((v) => v === 'against').length,
    total: votes.length,
    rate: votes.length === 0 ? 0 : Math.round((votes.filter((v) => v === 'for').length / votes.length) * 10_000) / 10_000,
  };
  let implementationTaskId: string | undefined;
  if (decision) {
    const followed = await followUpDecision(runtime, decision, proposal);
    if (isLeft(followed)) return followed;
    implementationTaskId = followed.right.implementationTaskId;
  }
  return right({
    proposalId: proposal.proposalId,
    vote,
    status: state.status === 'none' ? 'open' : state.status,
    tally,
    ...(implementationTaskId ? { implementationTaskId } : {}),
  });
};

/** Closes an open proposal whose voting window has passed (the system's proposal expiry). */
export const expireProposal = async (runtime: SwarmRuntime, caller: CommandCaller, input: unknown): Promise<Either<DomainError, { proposalId: string }>> => {
  const decoded = decodeWith(ProposalIdInput)(input);
  if (isLeft(decoded)) return decoded;
  const { proposalId } = decoded.right;
  const handled = await handle(runtime, caller, proposalId, { type: 'ExpireProposal', proposalId });
  return isLeft(handled) ? handled : right({ proposalId });
};

export interface ImplementedOutcome {
  readonly proposalId: string;
  /** The governance setting an implemented rule_change changed. */
  readonly settingChanged?: { setting: string; value: number; previous: number };
}

/**
 * Meta (or a human) marks an approved proposal implemented. An implemented rule_change with `{setting, value}`
 * changes the governance setting, recorded as GovernanceSettingChanged with ids derived from ProposalImplemented.
 */
export const markProposalImplemented = async (runtime: SwarmRuntime, caller: CommandCaller, input: unknown): Promise<Either<DomainError, ImplementedOutcome>> => {
  const decoded = decodeWith(ImplementedInput)(input);
  if (isLeft(decoded)) return decoded;
  const found = await resolveProposal(runtime, decoded.right.proposalId);
  if (isLeft(found)) return found;
  const { proposalId } = found.right;
  const notes = decoded.right.notes !== undefined ? { notes: decoded.right.notes } : {};
  const handled = await handle(runtime, caller, proposalId, { type: 'MarkProposalImplemented', proposalId, ...notes });
  if (isLeft(handled)) return handled;
  if (found.right.proposalType !== 'rule_change') return right({ proposalId });
  const implemented = handled.right.events[0]!;
  const state = await readFold<ProposalEvent, ProposalState>(runtime, proposalStream(proposalId), proposalDecider);
  const { quorum, threshold, proposalExpiryHours } = runtime.settings;
  const origin: CommandOrigin = { correlationId: implemented.metadata.correlationId, causationId: implemented.id };
  const applied = await handleCommand(
    runtime,
    governanceDecider,
    governanceStream,
    { type: 'ApplyRuleChange', proposalId },
    {
      now: runtime.now(),
      actor: caller.actor,
      defaults: { quorum, threshold, proposalExpiryHours },
      proposal: state.status === 'none' ? undefined : { proposalType: state.proposalType, status: state.status, payload: state.payload },
    },
    origin,
    { eventIds: derivedIds(runtime, implemented.id, 'rule_change') },
  );
  if (isLeft(applied)) return applied;
  const changed = applied.right.events[0]?.data as { setting: string; value: number; previous: number } | undefined;
  return right({ proposalId, ...(changed ? { settingChanged: { setting: changed.setting, value: changed.value, previous: changed.previous } } : {}) });
};

export const listProposals = async (runtime: SwarmRuntime, options: { status?: ProposalStatus; limit?: number } = {}): Promise<ProposalView[]> =>
  listQuery(await proposals(runtime), options);
