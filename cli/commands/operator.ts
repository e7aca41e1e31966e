import { openOperatorTokens, slackUserIdPattern } from '../../infra/auth/operator-tokens.js';
import { parseCommandArgs } from '../cli-args.js';
import type { CliContext } from '../cli-context.js';
import { badInput, refused } from '../cli-failure.js';
import { render, table } from '../output.js';

export const usage = [
  'swarm operator add NAME [--slack U…] [--json]   (a dashboard/API token for a person: printed once, stored only as a hash; --slack lets that Slack user decide from Slack)',
  'swarm operator list [--json] | operator remove NAME',
].join('\n  ');

/**
 * Operators are the people who may send commands through the HTTP API (approve, reject, chat …). Tokens are made
 * here, at the terminal of the machine that holds SWARM_HOME, never by an agent run.
 */
export const run = async (argv: string[], ctx: CliContext): Promise<void> => {
  const [sub, ...rest] = argv;
  if (ctx.agent && sub !== 'list') throw refused(`only a person at the terminal manages operators (SWARM_AGENT is set: this is agent "${ctx.agent}")`);
  const tokens = openOperatorTokens(ctx.home);
  switch (sub) {
    case 'add': {
      const { values: v, flags: f, positionals } = parseCommandArgs(rest, { slack: { type: 'string' } }, [['NAME', 'id']]);
      if (positionals.length !== 1) throw badInput('operator add: give one NAME (the person the token is for)', { field: 'NAME' });
      const slack = v.slack?.trim();
      if (slack !== undefined && !slackUserIdPattern.test(slack))
        throw badInput(`--slack: expected a Slack user id such as U012AB3CD (in Slack: the person's profile → ⋮ → Copy member ID), got "${v.slack}"`, { field: '--slack' });
      const added = tokens.add(positionals[0]!);
      if (added.kind === 'bad_name') throw badInput(added.message, { field: 'NAME' });
      if (added.kind === 'exists') {
        // An operator who has a token already gets the Slack id alone (no new token).
        if (slack !== undefined && tokens.linkSlack(added.name, slack)) {
          ctx.out(render({ name: added.name, slack_user_id: slack, file: tokens.path }, { json: !!f.json }, () => `operator "${added.name}" may now decide from Slack as ${slack}`));
          return;
        }
        throw refused(`operator "${added.name}" already exists; remove it first (swarm operator remove ${added.name}) to make a new token`, { code: 'conflict' });
      }
      const { name, token } = added.operator;
      if (slack !== undefined) tokens.linkSlack(name, slack);
      ctx.out(
        render({ name, token, file: tokens.path, ...(slack !== undefined ? { slack_user_id: slack } : {}) }, { json: !!f.json }, () =>
          [
            `operator "${name}" added${slack !== undefined ? ` (Slack user ${slack} may decide from Slack)` : ''}. Its token is shown only now; keep it secret:`,
            `  ${token}`,
            `Open the dashboard at the URL swarm up prints, adding #token=<token>, e.g. http://127.0.0.1:8080/#token=${token}`,
            `(API clients send: Authorization: Bearer <token>)`,
          ].join('\n'),
        ),
      );
      return;
    }
    case 'list': {
      const { flags: f, positionals } = parseCommandArgs(rest, {});
      if (positionals.length) throw badInput(`operator list: unexpected argument "${positionals[0]}"`, { field: 'arguments' });
      const operators = tokens.list();
      ctx.out(f.json ? JSON.stringify({ operators }) : table(operators.map((o) => ({ name: o.name, created: o.createdAt, slack: o.slackUserId ?? '' }))));
      return;
    }
    case 'remove': {
      const { flags: f, positionals } = parseCommandArgs(rest, {}, [['NAME', 'id']]);
      if (positionals.length !== 1) throw badInput('operator remove: give one NAME', { field: 'NAME' });
      if (!tokens.remove(positionals[0]!)) throw refused(`no operator "${positionals[0]}"`, { code: 'not_found' });
      ctx.out(render({ removed: positionals[0] }, { json: !!f.json }, () => `operator "${positionals[0]}" removed: its token no longer works`));
      return;
    }
    default:
      throw badInput(`operator: expected add, list or remove, got ${sub === undefined ? 'nothing' : `"${sub}"`}\nusage:\n  ${usage}`, { field: 'subcommand' });
  }
};
