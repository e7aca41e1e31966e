import { isRight, type Either } from 'fp-ts/lib/Either.js';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { DomainError } from '../../domain/errors.js';
import { classifyIssue, recordIssueReply, seeIssue } from '../../processes/commands/issue-commands.js';
import { freshReader } from '../../projections/engine/fresh-reader.js';
import { issuesProjection } from '../../projections/issues/issues-projection.js';
import { findIssue, seenIssues } from '../../projections/issues/queries.js';
import { agent, createTestRuntime, type TestRuntime } from '../fixtures/test-runtime.js';
import { assertRebuildEqualsLive, assertRedeliveryChangesNothing } from './projection-checks.js';

const test = suite<{ rt: TestRuntime }>('issues projection');
test.before.each((ctx) => {
  ctx.rt = createTestRuntime();
});
test.after.each(({ rt }) => rt.dispose());

const ok = <A>(e: Either<DomainError, A>): A => {
  if (!isRight(e)) throw new Error(`refused: ${e.left.code} ${e.left.message}`);
  return e.right;
};
const support = agent('support');
const issue = (number: number) => ({ repo: 'acme/tool', number, title: `Issue ${number}`, url: `https://github.com/acme/tool/issues/${number}` });

test('an issue is seen once, classified with its task, and replied to', async ({ rt }) => {
  assert.equal(ok(await seeIssue(rt, support, issue(7))).appended, ['IssueSeen']);
  assert.equal(ok(await seeIssue(rt, support, issue(7))).appended, []);
  ok(await classifyIssue(rt, support, { repo: 'acme/tool', number: 7, kind: 'bug', taskId: 't-9' }));
  ok(await recordIssueReply(rt, support, { repo: 'acme/tool', number: 7, url: 'https://github.com/acme/tool/issues/7#c1' }));
  const reader = await freshReader(rt.log, rt.projections, issuesProjection);
  const view = findIssue(reader, 'acme/tool', 7)!;
  assert.equal([view.kind, view.taskId, view.replyUrl], ['bug', 't-9', 'https://github.com/acme/tool/issues/7#c1']);
  assert.is(seenIssues(reader).length, 1);
});

test('a bad repository name is refused naming the field', async ({ rt }) => {
  const refused = await seeIssue(rt, support, { ...issue(1), repo: 'not a repo' });
  assert.is(refused._tag === 'Left' && refused.left.field, 'repo');
});

test('rebuild equals live, and redelivery changes nothing', async ({ rt }) => {
  for (let n = 1; n <= 6; n++) {
    ok(await seeIssue(rt, support, issue(n)));
    if (n % 2) ok(await classifyIssue(rt, support, { repo: 'acme/tool', number: n, kind: 'question' }));
    if (n === 3) await freshReader(rt.log, rt.projections, issuesProjection);
  }
  await assertRebuildEqualsLive(rt.log, rt.projections, issuesProjection);
  await assertRedeliveryChangesNothing(rt.log, issuesProjection);
});

test.run();
