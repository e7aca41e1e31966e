import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { proposalsProjection } from '../../projections/proposals/proposals-projection.js';
import { countProposals, findProposal, listProposals, proposalsDueToExpire } from '../../projections/proposals/queries.js';
import { projectionHarness } from './collaboration-harness.js';

const created = (proposalId: string, expiresAt = '2026-01-04T00:00:00.000Z') => ({
  proposalId,
  proposalType: 'new_agent',
  title: `T ${proposalId}`,
  description: 'd',
  payload: {},
  proposedBy: 'hunter',
  expiresAt,
});

const scenario = async () => {
  const h = projectionHarness(proposalsProjection);
  await h.append('proposal-a', 'ProposalCreated', created('a'));
  await h.append('proposal-b', 'ProposalCreated', created('b', '2026-01-02T00:00:00.000Z'));
  await h.append('proposal-a', 'VoteCast', { voter: 'critic', vote: 'for', comment: 'yes' });
  await h.append('proposal-a', 'VoteCast', { voter: 'pm', vote: 'against' });
  await h.append('proposal-b', 'VoteCast', { voter: 'pm', vote: 'for' });
  await h.append('proposal-a', 'VoteCast', { voter: 'tester', vote: 'for' });
  await h.append('proposal-a', 'ProposalApproved', { for: 2, against: 1, total: 3, rate: 0.6667 });
  return h;
};

test('a proposal shows its live tally and its voting history', async () => {
  const h = await scenario();
  const a = findProposal(h.reader(), 'a')!;
  assert.is(a.status, 'approved');
  assert.equal(a.tally, { for: 2, against: 1, total: 3, rate: 0.6667 });
  assert.equal(a.votes.map((v) => [v.voter, v.vote]), [['critic', 'for'], ['pm', 'against'], ['tester', 'for']]);
  assert.is(a.votes[0]!.comment, 'yes');
  assert.equal(findProposal(h.reader(), 'b')!.tally, { for: 1, against: 0, total: 1, rate: 1 });
  await h.close();
});

test('proposals are listed by status, newest first', async () => {
  const h = await scenario();
  await h.append('proposal-c', 'ProposalCreated', created('c'));
  assert.equal(listProposals(h.reader(), { status: 'open' }).map((p) => p.proposalId), ['c', 'b']);
  assert.equal(listProposals(h.reader(), { status: 'approved' }).map((p) => p.proposalId), ['a']);
  assert.equal(listProposals(h.reader()).map((p) => p.proposalId), ['c', 'b', 'a']);
  assert.is(countProposals(h.reader(), 'open'), 2);
  await h.close();
});

test('an implemented proposal moves out of approved', async () => {
  const h = await scenario();
  await h.append('proposal-a', 'ProposalImplemented', { by: 'meta' });
  assert.equal(listProposals(h.reader(), { status: 'approved' }), []);
  assert.is(findProposal(h.reader(), 'a')!.implementedBy, 'meta');
  await h.close();
});

test('only open proposals past their window are due to expire', async () => {
  const h = await scenario();
  assert.equal(proposalsDueToExpire(h.reader(), '2026-01-03T00:00:00.000Z').map((p) => p.proposalId), ['b']);
  assert.equal(proposalsDueToExpire(h.reader(), '2026-01-01T12:00:00.000Z'), []);
  await h.append('proposal-b', 'ProposalExpired', { for: 1, against: 0, total: 1, rate: 1 });
  assert.equal(proposalsDueToExpire(h.reader(), '2026-01-05T00:00:00.000Z'), []);
  await h.close();
});

test('proposals: redelivery changes nothing and a rebuild equals the live model', async () => {
  const h = await scenario();
  await h.append('proposal-a', 'ProposalImplemented', { by: 'meta', notes: 'done' });
  await h.append('proposal-b', 'ProposalExpired', { for: 1, against: 0, total: 1, rate: 1 });
  await h.assertRedeliveryChangesNothing();
  await h.assertRebuildEqualsLive();
  await h.close();
});

test.run();
