import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Actor } from '../../domain/log/envelope.js';
import { ideaKey, ideaSimilarity, isSameIdea, projectDecider, sameIdeaSimilarity, type ProjectCommand, type ProjectDecisionContext, type ProjectEvent } from '../../domain/project/index.js';
import { spec } from './spec.js';

const human: Actor = { kind: 'human', id: 'alice' };
const ctx = (actor: Actor = human, extra: Partial<ProjectDecisionContext> = {}): ProjectDecisionContext => ({
  now: '2026-11-24T10:00:00.000Z',
  actor,
  ...extra,
});
const pm: Actor = { kind: 'agent', id: 'pm' };

const submit = (overrides: Partial<Extract<ProjectCommand, { type: 'SubmitProject' }>> = {}): ProjectCommand => ({
  type: 'SubmitProject',
  projectId: 'p1',
  title: 'Invoice parser',
  hunterPitch: 'Parse invoices',
  hunterRating: 8,
  maxRevenueEstimate: '5000',
  criticEvaluation: 'Solid',
  criticRating: 7,
  cons: 'Crowded',
  differentiation: 'Offline',
  specPath: 'data/specs/invoice-parser.md',
  effortEstimate: '2 days',
  submittedBy: 'pm',
  ...overrides,
});

const submitted = (): ProjectEvent => ({
  type: 'ProjectSubmitted',
  data: {
    projectId: 'p1',
    title: 'Invoice parser',
    hunterPitch: 'Parse invoices',
    hunterRating: 8,
    marketSize: 'Medium',
    maxRevenueEstimate: '5000',
    criticEvaluation: 'Solid',
    criticRating: 7,
    combinedRating: 7.5,
    cons: 'Crowded',
    differentiation: 'Offline',
    specPath: 'data/specs/invoice-parser.md',
    effortEstimate: '2 days',
    submittedBy: 'pm',
  },
});
const deferred = (): ProjectEvent => ({ type: 'ProjectDeferred', data: { projectId: 'p1', by: 'alice' } });
const approved = (): ProjectEvent => ({ type: 'ProjectApproved', data: { projectId: 'p1', by: 'alice' } });
const rejected = (): ProjectEvent => ({ type: 'ProjectRejected', data: { projectId: 'p1', by: 'alice', reason: 'no' } });

test('a submitted project is pending with the combined rating and market size Medium by default', () => {
  spec(projectDecider).given([]).when(submit(), ctx(pm)).thenEvents([submitted()]);
});

test('ratings outside 1–10 are clamped and the combined rating uses the clamped values', () => {
  const [event] = spec(projectDecider).given([]).when(submit({ hunterRating: 14, criticRating: -3 }), ctx(pm)).events();
  const data = event?.type === 'ProjectSubmitted' ? event.data : undefined;
  assert.equal([data?.hunterRating, data?.criticRating, data?.combinedRating], [10, 1, 5.5]);
});

test('a project whose title matches a pending one is refused with the existing id', () => {
  spec(projectDecider).given([]).when(submit(), ctx(pm, { pendingDuplicateOf: 'p0' })).thenFails('conflict', { field: 'title', message: /p0/ });
});

test('an agent cannot submit a project in another agent\'s name', () => {
  spec(projectDecider).given([]).when(submit({ submittedBy: 'hunter' }), ctx(pm)).thenFails('forbidden', { field: 'submittedBy' });
});

test('a human approves a pending project, with a note', () => {
  spec(projectDecider)
    .given([submitted()])
    .when({ type: 'ApproveProject', note: 'go' }, ctx())
    .thenEvents([{ type: 'ProjectApproved', data: { projectId: 'p1', by: 'alice', note: 'go' } }]);
});

test('an agent may not approve, reject or defer a project', () => {
  for (const cmd of [{ type: 'ApproveProject' }, { type: 'RejectProject', reason: 'x' }, { type: 'DeferProject' }] as ProjectCommand[])
    spec(projectDecider).given([submitted()]).when(cmd, ctx(pm)).thenFails('forbidden', { message: /only a human/ });
});

test('the system may not decide a project either', () => {
  spec(projectDecider).given([submitted()]).when({ type: 'ApproveProject' }, ctx({ kind: 'system', id: 'pipeline' })).thenFails('forbidden');
});

test('a deferred project can still be approved (W-31)', () => {
  spec(projectDecider)
    .given([submitted(), deferred()])
    .when({ type: 'ApproveProject' }, ctx())
    .thenEvents([approved()]);
});

test('a deferred project can be rejected', () => {
  spec(projectDecider).given([submitted(), deferred()]).when({ type: 'RejectProject', reason: 'no' }, ctx()).thenEvents([rejected()]);
});

test('a second decision on a project is refused as a conflict', () => {
  spec(projectDecider).given([submitted(), approved()]).when({ type: 'RejectProject', reason: 'no' }, ctx()).thenFails('conflict', { message: /already approved by alice/ });
  spec(projectDecider).given([submitted(), rejected()]).when({ type: 'ApproveProject' }, ctx()).thenFails('conflict');
  spec(projectDecider).given([submitted(), approved()]).when({ type: 'ApproveProject' }, ctx()).thenFails('conflict');
});

test('a deferred project cannot be deferred again', () => {
  spec(projectDecider).given([submitted(), deferred()]).when({ type: 'DeferProject' }, ctx()).thenFails('conflict');
});

test('deciding a project that was never submitted is refused as not found', () => {
  spec(projectDecider).given([]).when({ type: 'ApproveProject' }, ctx()).thenFails('not_found');
});

test('a project id cannot be submitted twice', () => {
  spec(projectDecider).given([submitted()]).when(submit(), ctx(pm)).thenFails('conflict', { field: 'projectId' });
});

const known = { projectId: 'p0', title: 'Invoice Parser CLI', status: 'published' as const };

test('an idea the swarm already took up is refused at submit-project, naming the project and its status', () => {
  spec(projectDecider)
    .given([])
    .when(submit(), ctx(pm, { knownIdea: known }))
    .thenFails('conflict', { field: 'title', message: /project p0 .*published.*--revive/ });
});

test('a person revives a taken idea on purpose: the reason and the earlier project are recorded', () => {
  const e = submitted();
  spec(projectDecider)
    .given([])
    .when(submit({ reviveReason: ' new market ' }), ctx(human, { knownIdea: known }))
    .thenEvents([{ ...e, data: { ...e.data, revived: { reason: 'new market', by: 'alice', of: 'p0', ofStatus: 'published' } } } as ProjectEvent]);
});

test('only a person revives an idea, and only with a reason', () => {
  spec(projectDecider).given([]).when(submit({ reviveReason: 'because' }), ctx(pm, { knownIdea: known })).thenFails('forbidden', { field: 'revive' });
  spec(projectDecider).given([]).when(submit({ reviveReason: '  ' }), ctx(human, { knownIdea: known })).thenFails('invalid', { field: 'revive' });
});

test('ideas are one idea whatever their case, punctuation, plurals or generic words; unlike ones are not', () => {
  assert.is(ideaKey('Dotenv Linter CLI'), ideaKey('  dotenv-linter tool '));
  assert.is(ideaKey('Invoice Parsers'), ideaKey('invoice parser'));
  assert.ok(ideaSimilarity('Dotenv Linter', 'Dotenv File Linter') >= sameIdeaSimilarity);
  assert.ok(ideaSimilarity('Dotenv Linter', 'JSON Linter') < sameIdeaSimilarity);
  assert.ok(isSameIdea('Dotenv Linter CLI', 'dotenv-linter tool'));
  assert.ok(isSameIdea('Dotenv Linter', 'Dotenv File Linter'));
  assert.not.ok(isSameIdea('Dotenv Linter', 'JSON Linter'));
});

test.run();
