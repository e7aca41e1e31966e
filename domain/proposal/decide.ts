import { left, right, type Either } from 'fp-ts/lib/Either.js';
import type { DecisionContext } from '../decider.js';
import { conflict, forbidden, invalid, notFound, type DomainError } from '../errors.js';
import { checkSettingChange, settingChangeOf, type GovernanceSettings } from '../governance/settings.js';
import type { ProposalCommand } from './commands.js';
import { outcomeOf, tallyOf } from './consensus.js';
import type { ProposalEvent } from './events.js';
import { inputLimits } from '../limits/input-limits.js';
import type { ProposalState } from './state.js';

/** The governance settings in force (config defaults with approved rule_changes applied). */
export interface ProposalContext extends DecisionContext, GovernanceSettings {}

export const maxTitleLength = 200;
/** A proposal's description and a vote's comment are free text (domain/limits). */
export const maxDescriptionLength = inputLimits.textMaxChars;

const addHours = (iso: string, hours: number): string => new Date(Date.parse(iso) + hours * 3_600_000).toISOString();
const hasPassed = (iso: string, now: string): boolean => Date.parse(iso) <= Date.parse(now);

/** Meta carries out approved proposals; a human may say so too. */
const mayMarkImplemented = (ctx: DecisionContext): boolean => ctx.actor.kind === 'human' || (ctx.actor.kind === 'agent' && ctx.actor.id === 'meta');

export const decide = (cmd: ProposalCommand, s: ProposalState, ctx: ProposalContext): Either<DomainError, ProposalEvent[]> => {
  switch (cmd.type) {
    case 'CreateProposal': {
      if (s.status !== 'none') return left(conflict(`proposal ${cmd.proposalId} already exists`, { field: 'proposalId' }));
      if (ctx.actor.kind === 'system') return left(forbidden('proposals are made by agents or humans'));
      const title = cmd.title.trim();
      if (title === '') return left(invalid('title: a proposal needs a title', { field: 'title' }));
      if (title.length > maxTitleLength) return left(invalid(`title: longer than ${maxTitleLength} characters`, { field: 'title' }));
      if (cmd.description.trim() === '') return left(invalid('description: say what the proposal changes and why', { field: 'description' }));
      if (cmd.description.length > maxDescriptionLength)
        return left(invalid(`description: longer than ${maxDescriptionLength} characters`, { field: 'description' }));
      const change = cmd.proposalType === 'rule_change' ? settingChangeOf(cmd.payload) : undefined;
      const problem = change && checkSettingChange(change.setting, change.value);
      if (problem) return left(problem);
      return right([
        {
          type: 'ProposalCreated',
          data: {
            proposalId: cmd.proposalId,
            proposalType: cmd.proposalType,
            title,
            description: cmd.description,
            payload: cmd.payload,
            proposedBy: ctx.actor.id,
            expiresAt: addHours(ctx.now, ctx.proposalExpiryHours),
          },
        },
      ]);
    }
    case 'CastVote': {
      if (s.status === 'none') return left(notFound(`no proposal ${cmd.proposalId}`, { field: 'proposalId' }));
      if (ctx.actor.kind === 'system') return left(forbidden('votes are cast by agents or humans, not the system'));
      // W-24: a vote on a decided proposal would make its status contradict its tally.
      if (s.status !== 'open') return left(conflict(`proposal ${cmd.proposalId} is ${s.status}; votes are closed`, { details: { status: s.status } }));
      if (hasPassed(s.expiresAt, ctx.now)) return left(conflict(`proposal ${cmd.proposalId}'s voting window closed at ${s.expiresAt}`));
      if (s.votes.has(ctx.actor.id)) return left(conflict(`${ctx.actor.id} already voted on proposal ${cmd.proposalId}`));
      if (cmd.comment !== undefined && cmd.comment.length > maxDescriptionLength)
        return left(invalid(`comment: longer than ${maxDescriptionLength} characters`, { field: 'comment' }));
      const comment = cmd.comment !== undefined && cmd.comment.trim() !== '' ? { comment: cmd.comment } : {};
      const vote: ProposalEvent = { type: 'VoteCast', data: { voter: ctx.actor.id, vote: cmd.vote, ...comment } };
      const tally = tallyOf([...s.votes.values(), cmd.vote]);
      const outcome = outcomeOf(tally, ctx.quorum, ctx.threshold);
      if (outcome === 'approved') return right([vote, { type: 'ProposalApproved', data: tally }]);
      if (outcome === 'rejected') return right([vote, { type: 'ProposalRejected', data: tally }]);
      return right([vote]);
    }
    case 'ExpireProposal':
      if (s.status === 'none') return left(notFound(`no proposal ${cmd.proposalId}`, { field: 'proposalId' }));
      if (ctx.actor.kind !== 'system') return left(forbidden('only the system expires proposals'));
      if (s.status !== 'open') return left(conflict(`proposal ${cmd.proposalId} is ${s.status}; only an open proposal expires`));
      if (!hasPassed(s.expiresAt, ctx.now)) return left(conflict(`proposal ${cmd.proposalId} is open for votes until ${s.expiresAt}`));
      return right([{ type: 'ProposalExpired', data: tallyOf(s.votes.values()) }]);
    case 'MarkProposalImplemented': {
      if (s.status === 'none') return left(notFound(`no proposal ${cmd.proposalId}`, { field: 'proposalId' }));
      if (!mayMarkImplemented(ctx)) return left(forbidden('only meta or a human marks a proposal implemented'));
      if (s.status !== 'approved') return left(conflict(`proposal ${cmd.proposalId} is ${s.status}; only an approved proposal is implemented`));
      const notes = cmd.notes !== undefined && cmd.notes.trim() !== '' ? { notes: cmd.notes } : {};
      return right([{ type: 'ProposalImplemented', data: { by: ctx.actor.id, ...notes } }]);
    }
    default: {
      const unknownCommand: never = cmd;
      return unknownCommand;
    }
  }
};
