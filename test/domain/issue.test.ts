import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { DecisionContext } from '../../domain/decider.js';
import { issueDecider, issueStream, type IssueCommand, type IssueEvent } from '../../domain/issue/index.js';
import { spec } from './spec.js';

const ctx: DecisionContext = { now: '2026-11-24T10:00:00.000Z', actor: { kind: 'agent', id: 'support' } };
const see: IssueCommand = { type: 'SeeIssue', repo: 'acme/tool', number: 7, title: 'Crash on start', url: 'https://github.com/acme/tool/issues/7' };
const seen: IssueEvent = { type: 'IssueSeen', data: { repo: 'acme/tool', number: 7, title: 'Crash on start', url: 'https://github.com/acme/tool/issues/7' } };
const classified: IssueEvent = { type: 'IssueClassified', data: { kind: 'bug', taskId: 't-9' } };

test('the stream name keeps the repository readable without a slash', () => {
  assert.is(issueStream('acme/tool', 7), 'issue-acme~tool-7');
});

test('an issue is seen once: seeing it again appends nothing', () => {
  spec(issueDecider).given([]).when(see, ctx).thenEvents([seen]);
  spec(issueDecider).given([seen]).when(see, ctx).thenEvents([]);
});

test('an issue is classified once, with the task made for it', () => {
  spec(issueDecider).given([seen]).when({ type: 'ClassifyIssue', kind: 'bug', taskId: 't-9' }, ctx).thenEvents([classified]);
  spec(issueDecider).given([seen, classified]).when({ type: 'ClassifyIssue', kind: 'bug', taskId: 't-9' }, ctx).thenEvents([]);
  spec(issueDecider).given([seen, classified]).when({ type: 'ClassifyIssue', kind: 'feature' }, ctx).thenFails('conflict');
});

test('an unseen issue cannot be classified or replied to', () => {
  spec(issueDecider).given([]).when({ type: 'ClassifyIssue', kind: 'bug' }, ctx).thenFails('not_found');
  spec(issueDecider).given([]).when({ type: 'RecordIssueReply', url: 'u' }, ctx).thenFails('not_found');
});

test('a reply is recorded once (W-36: only a reply actually posted is recorded)', () => {
  const replied: IssueEvent = { type: 'IssueReplied', data: { url: 'https://github.com/acme/tool/issues/7#c1' } };
  spec(issueDecider).given([seen]).when({ type: 'RecordIssueReply', url: 'https://github.com/acme/tool/issues/7#c1' }, ctx).thenEvents([replied]);
  spec(issueDecider).given([seen, replied]).when({ type: 'RecordIssueReply', url: 'https://github.com/acme/tool/issues/7#c2' }, ctx).thenEvents([]);
});

test.run();
