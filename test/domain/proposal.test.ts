import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Actor } from '../../domain/log/envelope.js';
import { proposalDecider, type ProposalContext, type ProposalEvent, type Vote } from '../../domain/proposal/index.js';
import { spec } from './spec.js';

const now = '2026-01-01T00:00:00.000Z';
const agent = (id: string): Actor => ({ kind: 'agent', id });
const as = (actor: Actor | string, at = now): ProposalContext => ({
  now: at,
  actor: typeof actor === 'string' ? agent(actor) : actor,
  quorum: 3,
  threshold: 0.6,
  proposalExpiryHours: 72,
});
const created = (proposalType: 'new_agent' | 'rule_change' = 'new_agent', payload: Record<string, unknown> = {}): ProposalEvent => ({
  type: 'ProposalCreated',
  data: {
    proposalId: 'p1',
    proposalType,
    title: 'Researcher',
    description: 'We need market validation',
    payload,
    proposedBy: 'hunter',
    expiresAt: '2026-01-04T00:00:00.000Z',
  },
});
const voted = (voter: string, vote: Vote): ProposalEvent => ({ type: 'VoteCast', data: { voter, vote } });
const cast = (vote: Vote, comment?: string) => ({ type: 'CastVote' as const, proposalId: 'p1', vote, ...(comment ? { comment } : {}) });

test('a proposal is created by the actor, open for the configured window', () => {
  spec(proposalDecider)
    .given([])
    .when({ type: 'CreateProposal', proposalId: 'p1', proposalType: 'new_agent', title: 'Researcher', description: 'We need market validation', payload: {} }, as('hunter'))
    .thenEvents([created()]);
});

test('a proposal without a title is refused, naming title', () => {
  spec(proposalDecider)
    .given([])
    .when({ type: 'CreateProposal', proposalId: 'p1', proposalType: 'pivot', title: ' ', description: 'd', payload: {} }, as('hunter'))
    .thenFails('invalid', { field: 'title' });
});

test('a rule_change with an unknown setting is refused, naming payload.setting', () => {
  spec(proposalDecider)
    .given([])
    .when({ type: 'CreateProposal', proposalId: 'p1', proposalType: 'rule_change', title: 't', description: 'd', payload: { setting: 'speed', value: 3 } }, as('meta'))
    .thenFails('invalid', { field: 'payload.setting' });
});

test('a rule_change to a threshold of one half or less is refused, naming payload.value', () => {
  spec(proposalDecider)
    .given([])
    .when({ type: 'CreateProposal', proposalId: 'p1', proposalType: 'rule_change', title: 't', description: 'd', payload: { setting: 'threshold', value: 0.5 } }, as('meta'))
    .thenFails('invalid', { field: 'payload.value' });
});

test('a vote is recorded for the actor', () => {
  spec(proposalDecider).given([created()]).when(cast('for', 'good idea'), as('critic')).thenEvents([
    { type: 'VoteCast', data: { voter: 'critic', vote: 'for', comment: 'good idea' } },
  ]);
});

test('one vote per voter per proposal (W-24)', () => {
  spec(proposalDecider).given([created(), voted('critic', 'for')]).when(cast('against'), as('critic')).thenFails('conflict', { message: /already voted/ });
});

test('a vote on a proposal that does not exist is refused (W-24)', () => {
  spec(proposalDecider).given([]).when(cast('for'), as('critic')).thenFails('not_found', { field: 'proposalId' });
});

test('the system does not vote', () => {
  spec(proposalDecider).given([created()]).when(cast('for'), as({ kind: 'system', id: 'x' })).thenFails('forbidden');
});

test('2–1 approves, in the same decision as the deciding vote', () => {
  spec(proposalDecider)
    .given([created(), voted('critic', 'for'), voted('pm', 'against')])
    .when(cast('for'), as('builder'))
    .thenEvents([voted('builder', 'for'), { type: 'ProposalApproved', data: { for: 2, against: 1, total: 3, rate: 0.6667 } }]);
});

test('1–2 rejects', () => {
  spec(proposalDecider)
    .given([created(), voted('critic', 'for'), voted('pm', 'against')])
    .when(cast('against'), as('builder'))
    .thenEvents([voted('builder', 'against'), { type: 'ProposalRejected', data: { for: 1, against: 2, total: 3, rate: 0.3333 } }]);
});

test('2–2 stays open', () => {
  spec(proposalDecider)
    .given([created(), voted('critic', 'for'), voted('pm', 'against'), voted('tester', 'for')])
    .when(cast('against'), as('builder'))
    .thenEvents([voted('builder', 'against')]);
});

test('3–2 approves at exactly 60%', () => {
  spec(proposalDecider)
    .given([created(), voted('a1', 'for'), voted('a2', 'against'), voted('a3', 'for'), voted('a4', 'against')])
    .when(cast('for'), as('a5'))
    .thenEvents([voted('a5', 'for'), { type: 'ProposalApproved', data: { for: 3, against: 2, total: 5, rate: 0.6 } }]);
});

test('below the quorum nothing is decided', () => {
  spec(proposalDecider).given([created(), voted('critic', 'for')]).when(cast('for'), as('pm')).thenEvents([voted('pm', 'for')]);
});

test('the quorum and threshold come from the governance settings in force', () => {
  const ctx = { ...as('pm'), quorum: 2 };
  spec(proposalDecider)
    .given([created(), voted('critic', 'for')])
    .when(cast('for'), ctx)
    .thenEvents([voted('pm', 'for'), { type: 'ProposalApproved', data: { for: 2, against: 0, total: 2, rate: 1 } }]);
});

test('a vote after the decision is refused (W-24)', () => {
  spec(proposalDecider)
    .given([created(), voted('critic', 'for'), voted('pm', 'for'), voted('tester', 'for'), { type: 'ProposalApproved', data: { for: 3, against: 0, total: 3, rate: 1 } }])
    .when(cast('against'), as('builder'))
    .thenFails('conflict', { message: /approved; votes are closed/ });
});

test('a vote after the voting window is refused', () => {
  spec(proposalDecider).given([created()]).when(cast('for'), as('critic', '2026-01-04T00:00:00.000Z')).thenFails('conflict', { message: /window closed/ });
});

test('the system expires an open proposal after its window, with the tally so far', () => {
  spec(proposalDecider)
    .given([created(), voted('critic', 'for')])
    .when({ type: 'ExpireProposal', proposalId: 'p1' }, as({ kind: 'system', id: 'proposal-expiry' }, '2026-01-04T00:00:00.000Z'))
    .thenEvents([{ type: 'ProposalExpired', data: { for: 1, against: 0, total: 1, rate: 1 } }]);
});

test('a proposal is not expired before its window ends', () => {
  spec(proposalDecider)
    .given([created()])
    .when({ type: 'ExpireProposal', proposalId: 'p1' }, as({ kind: 'system', id: 'proposal-expiry' }, '2026-01-03T23:59:59.000Z'))
    .thenFails('conflict');
});

test('a decided proposal does not expire', () => {
  spec(proposalDecider)
    .given([created(), { type: 'ProposalRejected', data: { for: 0, against: 3, total: 3, rate: 0 } }])
    .when({ type: 'ExpireProposal', proposalId: 'p1' }, as({ kind: 'system', id: 'proposal-expiry' }, '2026-01-05T00:00:00.000Z'))
    .thenFails('conflict');
});

test('meta marks an approved proposal implemented (W-32)', () => {
  spec(proposalDecider)
    .given([created(), { type: 'ProposalApproved', data: { for: 3, against: 0, total: 3, rate: 1 } }])
    .when({ type: 'MarkProposalImplemented', proposalId: 'p1', notes: 'added researcher.md' }, as('meta'))
    .thenEvents([{ type: 'ProposalImplemented', data: { by: 'meta', notes: 'added researcher.md' } }]);
});

test('a human may mark an approved proposal implemented', () => {
  const events = spec(proposalDecider)
    .given([created(), { type: 'ProposalApproved', data: { for: 3, against: 0, total: 3, rate: 1 } }])
    .when({ type: 'MarkProposalImplemented', proposalId: 'p1' }, as({ kind: 'human', id: 'alice' }))
    .events();
  assert.equal(events, [{ type: 'ProposalImplemented', data: { by: 'alice' } }]);
});

test('an agent other than meta cannot mark a proposal implemented', () => {
  spec(proposalDecider)
    .given([created(), { type: 'ProposalApproved', data: { for: 3, against: 0, total: 3, rate: 1 } }])
    .when({ type: 'MarkProposalImplemented', proposalId: 'p1' }, as('builder'))
    .thenFails('forbidden');
});

test('only an approved proposal is implemented', () => {
  spec(proposalDecider).given([created()]).when({ type: 'MarkProposalImplemented', proposalId: 'p1' }, as('meta')).thenFails('conflict');
});

test.run();
