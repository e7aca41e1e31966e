import { left, right, type Either } from 'fp-ts/lib/Either.js';
import type { DecisionContext } from '../decider.js';
import { conflict, forbidden, invalid, notFound, type DomainError } from '../errors.js';
import type { TaskCommand } from './commands.js';
import type { TaskEvent } from './events.js';
import type { TaskState } from './state.js';
import { reviveRefusal, revivedRecord, type KnownIdea } from '../project/known-idea.js';
import { addSeconds, badTitleField, clampPriority, gatedTaskTypes, identifyingTitle, ideaEntryTypes } from './task-rules.js';

/** Settings and read-model facts the task rules need; the command service looks the facts up before deciding. */
export interface TaskDecisionContext extends DecisionContext {
  readonly leaseSeconds: number;
  readonly maxAttempts: number;
  readonly maxFixRounds: number;
  /** A pending or claimed task of the same type and identifying title, if the read model has one. */
  readonly duplicateOf?: string;
  /** How many fix rounds the product of a `fix_product` being created has had already. */
  readonly fixRounds?: number;
  /** For an idea entering the pipeline (`evaluate_idea`, `write_spec`): the project the swarm already made of it. */
  readonly knownIdea?: KnownIdea;
}

type Decision = Either<DomainError, TaskEvent[]>;

const onlyFor = (ctx: TaskDecisionContext, agent: string): DomainError | undefined =>
  ctx.actor.kind === 'agent' && ctx.actor.id !== agent
    ? forbidden(`agent ${ctx.actor.id} cannot act for agent ${agent}`, { field: 'agent' })
    : undefined;

/** Complete, fail, renew and release are accepted only from the current holder with the current claim generation (W-02, W-25). */
const holderCheck = (s: TaskState, agent: string, generation: number | undefined, ctx: TaskDecisionContext): DomainError | undefined => {
  if (s.status === 'none') return notFound('no such task');
  const impostor = onlyFor(ctx, agent);
  if (impostor) return impostor;
  if (s.status !== 'claimed') return conflict(`task is ${s.status}, not claimed`, { details: { status: s.status } });
  if (s.holder !== agent) return forbidden(`task is held by ${s.holder}, not ${agent}`, { field: 'agent', details: { holder: s.holder } });
  if (generation !== undefined && generation !== s.generation)
    return conflict(`claim generation ${generation} is stale (current ${s.generation}): the lease was lost`, {
      field: 'generation',
      details: { generation: s.generation },
    });
  return undefined;
};

/** Agents may change only the tasks they created; Meta tidies the queue (duplicates); humans and the system may change any. */
const mayManage = (s: TaskState, ctx: TaskDecisionContext): boolean =>
  ctx.actor.kind !== 'agent' || ctx.actor.id === s.createdBy || ctx.actor.id === 'meta';

export const decide = (cmd: TaskCommand, s: TaskState, ctx: TaskDecisionContext): Decision => {
  switch (cmd.type) {
    case 'CreateTask': {
      if (s.status !== 'none') return left(conflict(`task ${cmd.taskId} already exists`, { field: 'taskId' }));
      const gateKind = gatedTaskTypes[cmd.taskType];
      if (gateKind) {
        const decision = gateKind === 'project' ? 'a human approves the project' : 'a human approves the product';
        if (ctx.actor.kind === 'agent')
          return left(forbidden(`${cmd.taskType} tasks are created only by the pipeline after ${decision}`, { field: 'type' }));
        if (!cmd.gate || cmd.gate.kind !== gateKind)
          return left(forbidden(`${cmd.taskType} needs the approved ${gateKind} it follows`, { field: 'gate' }));
      }
      if (cmd.taskType === 'fix_product' && (ctx.fixRounds ?? 0) >= ctx.maxFixRounds)
        return left(
          conflict(`the test/fix loop reached ${ctx.maxFixRounds} rounds: the product goes to a human instead`, {
            field: 'type',
            details: { fixRounds: ctx.fixRounds },
          }),
        );
      const badTitle = badTitleField(cmd.payload);
      if (badTitle) return left(invalid(`${badTitle.field}: ${badTitle.problem}`, { field: badTitle.field }));
      const title = identifyingTitle(cmd.payload);
      // An idea the swarm already took up is refused where it enters, naming its project (issue 17), unless a person
      // revives it on purpose with a reason. `allowDuplicates` (open duplicates) does not get past this rule.
      const reviving = cmd.reviveReason !== undefined;
      if (reviving) {
        if (!ideaEntryTypes.has(cmd.taskType))
          return left(invalid(`--revive is for a task through which an idea enters (${[...ideaEntryTypes].join(', ')}), not ${cmd.taskType}`, { field: 'revive' }));
        const refusal = reviveRefusal(cmd.reviveReason!, ctx.actor);
        if (refusal) return left(refusal);
      }
      if (ideaEntryTypes.has(cmd.taskType) && ctx.knownIdea && !reviving) {
        const known = ctx.knownIdea;
        return left(
          conflict(
            `the idea "${title ?? known.title}" is already project ${known.projectId} ("${known.title}", ${known.status}): look for another idea (a person may revive it with --revive "reason")`,
            {
              field: 'payload.title',
              details: { existingProjectId: known.projectId, existingStatus: known.status, existingTitle: known.title },
            },
          ),
        );
      }
      if (title !== undefined && ctx.duplicateOf && !cmd.allowDuplicates)
        return left(
          conflict(`a pending or claimed ${cmd.taskType} task for "${title}" already exists: ${ctx.duplicateOf}`, {
            details: { existingTaskId: ctx.duplicateOf },
          }),
        );
      return right([
        {
          type: 'TaskCreated',
          data: {
            taskId: cmd.taskId,
            type: cmd.taskType,
            priority: clampPriority(cmd.priority),
            payload: cmd.payload,
            createdBy: ctx.actor.id,
            ...(title !== undefined ? { title } : {}),
            ...(cmd.assignedTo ? { assignedTo: cmd.assignedTo } : {}),
            ...(cmd.parentTaskId ? { parentTaskId: cmd.parentTaskId } : {}),
            ...(cmd.gate ? { gate: cmd.gate } : {}),
            ...(reviving ? { revived: revivedRecord(cmd.reviveReason!, ctx.actor, ctx.knownIdea) } : {}),
          },
        },
      ]);
    }
    case 'ClaimTask': {
      if (s.status === 'none') return left(notFound('no such task'));
      const impostor = onlyFor(ctx, cmd.agent);
      if (impostor) return left(impostor);
      if (s.status !== 'pending') return left(conflict(`task is ${s.status}, not pending`, { details: { status: s.status } }));
      if (s.assignedTo && s.assignedTo !== cmd.agent)
        return left(forbidden(`task is addressed to ${s.assignedTo}`, { field: 'agent', details: { assignedTo: s.assignedTo } }));
      const directiveForMe = s.type === 'directive' && s.assignedTo === cmd.agent;
      if (!directiveForMe && !cmd.types.includes(s.type!))
        return left(forbidden(`${cmd.agent} does not work on ${s.type} tasks`, { field: 'types' }));
      return right([
        {
          type: 'TaskClaimed',
          data: { agent: cmd.agent, generation: s.generation + 1, attempt: s.attempts + 1, leaseUntil: addSeconds(ctx.now, ctx.leaseSeconds) },
        },
      ]);
    }
    case 'RenewLease': {
      const refused = holderCheck(s, cmd.agent, cmd.generation, ctx);
      if (refused) return left(refused);
      return right([{ type: 'TaskLeaseRenewed', data: { agent: cmd.agent, generation: s.generation, leaseUntil: addSeconds(ctx.now, ctx.leaseSeconds) } }]);
    }
    case 'ExpireLease': {
      if (s.status === 'none') return left(notFound('no such task'));
      if (ctx.actor.kind === 'agent') return left(forbidden('only the lease watchdog or a human expires a lease'));
      if (s.status !== 'claimed' || cmd.generation !== s.generation)
        return left(conflict('the claim this lease belonged to is over', { details: { status: s.status, generation: s.generation } }));
      if (s.leaseUntil && ctx.now < s.leaseUntil) return left(conflict(`the lease runs until ${s.leaseUntil}`, { details: { leaseUntil: s.leaseUntil } }));
      const expired: TaskEvent = { type: 'TaskLeaseExpired', data: { agent: s.holder!, generation: s.generation, attempt: s.attempts } };
      if (s.attempts < ctx.maxAttempts) return right([expired]);
      return right([expired, { type: 'TaskFailed', data: { reason: `lease expired on attempt ${s.attempts} of ${ctx.maxAttempts}`, deadLettered: true } }]);
    }
    case 'ReleaseTask': {
      const refused = holderCheck(s, cmd.agent, cmd.generation, ctx);
      if (refused) return left(refused);
      const released: TaskEvent = { type: 'TaskReleased', data: { agent: cmd.agent, generation: s.generation, reason: cmd.reason, attemptRefunded: cmd.attemptRefunded } };
      // A release that counts as an attempt is a retry; after the last attempt the task fails for good, as on a lost lease.
      if (cmd.attemptRefunded || s.attempts < ctx.maxAttempts) return right([released]);
      return right([released, { type: 'TaskFailed', data: { reason: `${cmd.reason} (attempt ${s.attempts} of ${ctx.maxAttempts})`, deadLettered: true } }]);
    }
    case 'CompleteTask': {
      const refused = holderCheck(s, cmd.agent, cmd.generation, ctx);
      if (refused) return left(refused);
      return right([{ type: 'TaskCompleted', data: { agent: cmd.agent, generation: s.generation, result: cmd.result } }]);
    }
    case 'FailTask': {
      const refused = holderCheck(s, cmd.agent, cmd.generation, ctx);
      if (refused) return left(refused);
      return right([{ type: 'TaskFailed', data: { agent: cmd.agent, generation: s.generation, reason: cmd.reason, deadLettered: false } }]);
    }
    case 'CancelTask': {
      if (s.status === 'none') return left(notFound('no such task'));
      if (s.status === 'completed' || s.status === 'cancelled') return left(conflict(`task is already ${s.status}`, { details: { status: s.status } }));
      if (!mayManage(s, ctx)) return left(forbidden(`agent ${ctx.actor.id} may cancel only tasks it created`));
      return right([{ type: 'TaskCancelled', data: { reason: cmd.reason, by: ctx.actor.id } }]);
    }
    case 'SetTaskPriority': {
      if (s.status === 'none') return left(notFound('no such task'));
      if (s.status !== 'pending' && s.status !== 'claimed') return left(conflict(`task is already ${s.status}`, { details: { status: s.status } }));
      if (!mayManage(s, ctx)) return left(forbidden(`agent ${ctx.actor.id} may reprioritise only tasks it created`));
      const priority = clampPriority(cmd.priority);
      return right(priority === s.priority ? [] : [{ type: 'TaskPrioritySet', data: { priority, by: ctx.actor.id } }]);
    }
    default: {
      const unknownCommand: never = cmd;
      return unknownCommand;
    }
  }
};
