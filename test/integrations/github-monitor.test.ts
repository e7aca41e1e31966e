import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { cliChild } from './cli-child.js';
import { startFakeGithub, type FakeGithub, type FakeIssue } from '../fakes/github/fake-github-server.js';

/** Support's GitHub monitor through the real @octokit/rest against a fake GitHub, run as separate CLI processes (a restart between checks). */
const token = 'ghp-monitor-token-7';
const test = suite<{ dir: string; github: FakeGithub; env: NodeJS.ProcessEnv }>('swarm github monitor and reply');

test.before(() => {
  execFileSync('node', ['scripts/build.mjs'], { stdio: 'ignore' });
});
test.before.each(async (ctx) => {
  ctx.dir = mkdtempSync(join(tmpdir(), 'swarmlog-github-'));
  ctx.github = await startFakeGithub({ token, pageSize: 2 });
  ctx.env = {
    ...process.env,
    SWARM_HOME: ctx.dir,
    SWARM_ENV_FILE: join(ctx.dir, 'no.env'),
    SWARM_LOG_LEVEL: 'silent',
    GITHUB_API_URL: ctx.github.url,
    GITHUB_TOKEN: token,
    SWARM_GITHUB_REPOS: 'swarm/tiny-tool=Tiny Tool',
  };
});
test.after.each(async ({ dir, github }) => {
  await github.close();
  rmSync(dir, { recursive: true, force: true });
});

const cli = (env: NodeJS.ProcessEnv, args: string[], agent = '') => cliChild('swarm', args, { ...env, SWARM_AGENT: agent });

const events = async (env: NodeJS.ProcessEnv, type: string) =>
  (await cli(env, ['events', '--type', type])).out
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as { id: string; data: Record<string, any> });

const at = (minute: number) => `2026-12-01T10:${String(minute).padStart(2, '0')}:00Z`;
const issue = (number: number, title: string, body: string | null, extra: Partial<FakeIssue> = {}): FakeIssue => ({
  number,
  title,
  body,
  labels: [],
  state: 'open',
  created_at: at(number),
  updated_at: at(number),
  ...extra,
});

test('each issue is handled once across restarts: a bug becomes a fix task, every issue one comment, PRs and empty issues skipped', async ({ github, env }) => {
  const repo = { issues: [] as FakeIssue[], comments: new Map<number, { id: number; body: string }[]>(), releases: [] };
  github.repos.set('swarm/tiny-tool', repo);
  repo.issues.push(
    issue(1, 'Crash on empty input', 'It throws TypeError: x is undefined; $(rm -rf ~) `whoami`', { labels: ['bug'] }),
    issue(2, 'Export to CSV', 'Please add an export to CSV.'),
    issue(3, 'How do I change the output folder?', 'I read the README but could not find it.'),
    issue(4, 'Fix typo', 'A pull request.', { pull_request: true }),
    issue(5, 'Empty', null),
  );
  github.rateLimitNext.count = 1; // the first call meets a rate limit that resets within a second
  const first = await cli(env, ['github', 'monitor', '--json'], 'support');
  assert.is(first.code, 0, first.err);
  const [report] = JSON.parse(first.out).repos;
  assert.equal([report.listed, report.handled, report.pullRequests, report.skipped.length], [5, 3, 1, 1]);
  assert.match(report.skipped[0].reason, /no body/);

  const tasks = (await events(env, 'TaskCreated')).map((e) => e.data);
  const fix = tasks.filter((t) => t.type === 'fix_product');
  assert.is(fix.length, 1);
  assert.equal([fix[0]!.assignedTo, fix[0]!.payload.product, fix[0]!.payload.issue_number], ['builder', 'Tiny Tool', 1]);
  assert.is(fix[0]!.payload.issue_body, 'It throws TypeError: x is undefined; $(rm -rf ~) `whoami`', 'the text is data in the payload, as written');
  const triage = tasks.filter((t) => t.type === 'triage_issue');
  assert.equal([triage.length, triage[0]?.assignedTo, triage[0]?.payload.issue_number], [1, 'support', 3]);
  const mail = (await events(env, 'MessageSent')).map((e) => e.data).filter((m) => m.to === 'pm');
  assert.is(mail.length, 1);
  assert.equal([repo.comments.get(1)?.length, repo.comments.get(2)?.length, repo.comments.get(3)?.length ?? 0], [1, 1, 0]);

  // A restart and a check: nothing new, even for an issue updated since.
  repo.issues[0]!.updated_at = at(30);
  const second = await cli(env, ['github', 'monitor', '--json'], 'support');
  assert.is(second.code, 0, second.err);
  assert.is(JSON.parse(second.out).repos[0].handled, 0);
  assert.equal([repo.comments.get(1)?.length, repo.comments.get(2)?.length], [1, 1]);
  assert.is((await events(env, 'TaskCreated')).filter((e) => e.data.type === 'fix_product').length, 1);

  // A crash after the comment was posted and before it was recorded: the next check finds it by its marker.
  repo.issues.push(issue(40, 'Wrong result for negative numbers', 'It gives the wrong result.', { updated_at: at(40) }));
  repo.comments.set(40, [{ id: 1, body: 'Thanks for the report.\n\n<!-- swarmlog:reply -->' }]);
  const third = await cli(env, ['github', 'monitor', '--json'], 'support');
  assert.is(third.code, 0, third.err);
  assert.is(repo.comments.get(40)!.length, 1);
  assert.ok((await events(env, 'IssueReplied')).some((e) => String(e.data.url).includes('issuecomment-1')));
  assert.ok((await events(env, 'RepoChecked')).length >= 2);
});

test('Support answers a question with exactly one comment; another agent may not', async ({ github, env }) => {
  const repo = { issues: [issue(3, 'How do I change the output folder?', 'Where is it set?')], comments: new Map<number, { id: number; body: string }[]>(), releases: [] };
  github.repos.set('swarm/tiny-tool', repo);
  assert.is((await cli(env, ['github', 'monitor'], 'support')).code, 0);
  const builder = await cli(env, ['github', 'reply', 'swarm/tiny-tool#3', '--body', 'x'], 'builder');
  assert.is(builder.code, 1);
  assert.match(builder.err, /only Support/);
  // A reply GitHub refuses for the token names GITHUB_TOKEN, without a stack trace.
  const badReply = await cli({ ...env, GITHUB_TOKEN: 'wrong' }, ['github', 'reply', 'swarm/tiny-tool#3', '--body', 'hi'], 'support');
  assert.is(badReply.code, 1, badReply.out);
  assert.match(badReply.err, /github reply: GitHub rejected GITHUB_TOKEN/);
  assert.not.match(badReply.err, /\n\s+at /, 'no stack trace');
  const reply = await cli(env, ['github', 'reply', 'swarm/tiny-tool#3', '--body', 'Set --out DIR.', '--json'], 'support');
  assert.is(reply.code, 0, reply.err);
  assert.is(JSON.parse(reply.out).already, false);
  const again = await cli(env, ['github', 'reply', 'swarm/tiny-tool#3', '--body', 'Set --out DIR.', '--json'], 'support');
  assert.is(JSON.parse(again.out).already, true);
  assert.is(repo.comments.get(3)!.length, 1);
  assert.match(repo.comments.get(3)![0]!.body, /Set --out DIR\./);
});

test('a rate limit that resets later stops the check without moving the checkpoint past what was not handled; a bad token names GITHUB_TOKEN', async ({ github, env }) => {
  github.repos.set('swarm/tiny-tool', { issues: [issue(1, 'Crash', 'It crashes.', { labels: ['bug'] })], comments: new Map(), releases: [] });
  const bad = await cli({ ...env, GITHUB_TOKEN: 'wrong' }, ['github', 'monitor', '--json'], 'support');
  assert.is(bad.code, 1);
  assert.match(JSON.parse(bad.out).repos[0].stopped, /GitHub rejected GITHUB_TOKEN/);

  github.rateLimitNext.count = 10;
  const limited = await cli(env, ['github', 'monitor', '--json'], 'support');
  assert.is(limited.code, 1);
  assert.match(JSON.parse(limited.out).repos[0].stopped, /rate limit/);
  assert.is((await events(env, 'RepoChecked')).length, 0);
  github.rateLimitNext.count = 0;
  const later = await cli(env, ['github', 'monitor', '--json'], 'support');
  assert.is(later.code, 0, later.err);
  assert.is(JSON.parse(later.out).repos[0].handled, 1);
});

test.run();
