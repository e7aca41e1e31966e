import { isLeft } from 'fp-ts/lib/Either.js';
import { RepoName } from '../../domain/issue/index.js';
import { roleOfAgent } from '../../domain/task/task-rules.js';
import { defaultGithubApiUrl, githubClient } from '../../infra/publishing/github-releases.js';
import { processSecrets } from '../../infra/secrets/process-secrets.js';
import { replyOnce } from '../../processes/github/issue-reply.js';
import { monitorIssues, watchedRepos } from '../../processes/github/monitor-issues.js';
import { parseCommandArgs } from '../cli-args.js';
import { cliCaller, type CliContext } from '../cli-context.js';
import { badInput, CliFailure, refused } from '../cli-failure.js';
import { failureOf } from '../../infra/publishing/service-errors.js';
import { failOn } from '../domain-failure.js';
import { render, table } from '../output.js';

export const usage = [
  'swarm github monitor [--json]   (Support: new and updated issues of SWARM_GITHUB_REPOS, each classified and routed once)',
  'swarm github reply OWNER/NAME#NUMBER --body TEXT [--json]   (Support: the one comment an issue gets)',
].join('\n  ');

/** GitHub's client with the swarm's own token (process.env, .env or SSM: never the command's or an agent's environment). */
const octokitOfSwarm = async () => {
  const secrets = await processSecrets();
  if (isLeft(secrets)) throw refused(`github: the secrets could not be read: ${secrets.left}`);
  const token = secrets.right.get('GITHUB_TOKEN');
  if (!token) throw refused('github: GITHUB_TOKEN is not set (environment, .env or the SSM prefix)', { field: 'GITHUB_TOKEN' });
  return githubClient(process.env.GITHUB_API_URL || defaultGithubApiUrl, token);
};

const onlySupport = (ctx: CliContext, what: string) => {
  if (ctx.agent && roleOfAgent(ctx.agent) !== 'support') throw refused(`swarm github ${what}: only Support works GitHub issues (agent "${ctx.agent}" is not support)`, { code: 'forbidden' });
};

export const run = async (argv: string[], ctx: CliContext): Promise<void> => {
  const [sub, ...rest] = argv;
  switch (sub) {
    case 'monitor': {
      const { flags: f, positionals } = parseCommandArgs(rest, {});
      if (positionals.length) throw badInput(`unexpected argument "${positionals[0]}"`, { field: 'arguments' });
      onlySupport(ctx, 'monitor');
      const { repos, bad } = watchedRepos(process.env.SWARM_GITHUB_REPOS);
      if (bad.length) throw badInput(`SWARM_GITHUB_REPOS: "${bad[0]}" is not owner/name or owner/name=Product`, { field: 'SWARM_GITHUB_REPOS' });
      // Nothing to watch is an answer, not a failure: Support completes its task with it.
      const secrets = await processSecrets();
      const missing = repos.length === 0 ? 'SWARM_GITHUB_REPOS' : isLeft(secrets) || !secrets.right.get('GITHUB_TOKEN') ? 'GITHUB_TOKEN' : undefined;
      if (missing) {
        const reason = `GitHub not configured: ${missing} is not set`;
        ctx.out(render({ configured: false, checked: 0, reason }, { json: !!f.json }, () => reason));
        return;
      }
      const reports = await monitorIssues(await ctx.runtime(), cliCaller(ctx), await octokitOfSwarm(), repos);
      ctx.out(
        render({ repos: reports }, { json: !!f.json }, () =>
          table(reports.map((r) => ({ repo: r.repo, listed: r.listed, handled: r.handled, already: r.alreadyHandled, pulls: r.pullRequests, skipped: r.skipped.length, stopped: r.stopped ?? '' }))),
        ),
      );
      if (reports.some((r) => r.stopped)) ctx.setExitCode(1);
      return;
    }
    case 'reply': {
      const { values: v, flags: f, positionals } = parseCommandArgs(rest, { body: { type: 'string' } });
      const [ref, extra] = positionals;
      const match = /^([^#\s]+)#(\d+)$/.exec(ref ?? '');
      if (!match || !RepoName.is(match[1])) throw badInput(`expected the issue as OWNER/NAME#NUMBER, got ${ref === undefined ? 'nothing' : `"${ref}"`}`, { field: 'issue' });
      if (extra !== undefined) throw badInput(`unexpected argument "${extra}"`, { field: 'arguments' });
      if (!v.body?.trim()) throw badInput('--body is required (the reply\'s text)', { field: '--body' });
      onlySupport(ctx, 'reply');
      let replied: Awaited<ReturnType<typeof replyOnce>>;
      try {
        replied = await replyOnce(await ctx.runtime(), cliCaller(ctx), await octokitOfSwarm(), { repo: match[1], number: Number(match[2]), body: v.body });
      } catch (e) {
        if (e instanceof CliFailure || (e as { status?: unknown }).status === undefined) throw e;
        // GitHub answered with an error (a rejected token names GITHUB_TOKEN): said, not a stack trace.
        const failure = failureOf(e, 'GitHub', 'GITHUB_TOKEN');
        throw refused(`github reply: ${failure.message}`, { code: failure.kind, ...(failure.setting ? { field: failure.setting } : {}) });
      }
      if (isLeft(replied)) return failOn(replied.left);
      ctx.out(render(replied.right, { json: !!f.json }, () => (replied.right.already ? `already answered: ${replied.right.url}` : `replied: ${replied.right.url}`)));
      return;
    }
    default:
      throw badInput(`github: expected "monitor" or "reply", got ${sub === undefined ? 'nothing' : `"${sub}"`}\nusage:\n  ${usage}`);
  }
};
