import { isLeft } from 'fp-ts/lib/Either.js';
import { platformAdapter } from '../../infra/publishing/platform-adapters.js';
import { isPublishPlatform, publishPlatforms } from '../../infra/publishing/publication.js';
import { processSecrets } from '../../infra/secrets/process-secrets.js';
import { publishApprovedProduct } from '../../processes/publishing/publish-approved-product.js';
import { parseCommandArgs } from '../cli-args.js';
import { cliCaller, type CliContext } from '../cli-context.js';
import { badInput, refused } from '../cli-failure.js';
import { failOn } from '../domain-failure.js';
import { render } from '../output.js';

export const usage = `swarm publish <approval-id> --platform ${publishPlatforms.join('|')} [--json]   (the swarm publishes an approved product with its own credentials)`;

/**
 * `swarm publish`: from a person at the terminal, or from the Publisher's run through the agent endpoint (which
 * runs it here, in the swarm's process: the platform credentials come from the swarm's secrets, never the agent's
 * environment). Exit 1 with the reason when it was refused or failed; a failure names the setting at fault.
 */
export const run = async (argv: string[], ctx: CliContext): Promise<void> => {
  const { values: v, flags: f, positionals } = parseCommandArgs(argv, { platform: { type: 'string' } });
  const [id, extra] = positionals;
  if (!id) throw badInput(`the approval id is required\nusage: ${usage}`, { field: 'approval-id' });
  if (extra !== undefined) throw badInput(`unexpected argument "${extra}"`, { field: 'arguments' });
  if (v.platform === undefined) throw badInput(`--platform is required (${publishPlatforms.join(', ')})`, { field: '--platform' });
  const platform = v.platform.trim().toLowerCase();
  if (!isPublishPlatform(platform)) throw badInput(`--platform: expected one of ${publishPlatforms.join(', ')}, got "${v.platform}"`, { field: '--platform' });
  // The swarm's own environment (process.env), not the command's: inside the agent endpoint the command's
  // environment is the run's, and the run has no credentials.
  const secrets = await processSecrets();
  if (isLeft(secrets)) throw refused(`publish: the secrets could not be read: ${secrets.left}`);
  const taskId = ctx.agent ? ctx.env.SWARM_TASK_ID : undefined;
  const published = await publishApprovedProduct(
    await ctx.runtime(),
    cliCaller(ctx),
    { id, platform, ...(taskId ? { taskId } : {}) },
    ctx.home,
    (p) => platformAdapter(p, { env: process.env, secret: secrets.right.get }),
  );
  if (isLeft(published)) {
    const e = published.left;
    return failOn(e.field === 'platform' ? { ...e, field: '--platform', message: e.message.replace(/^platform:/, '--platform:') } : e);
  }
  const r = published.right;
  ctx.out(
    render(r, { json: !!f.json }, () =>
      r.alreadyPublished ? `${r.productName} was already published on ${r.platform}: ${r.url}` : `published ${r.productName} on ${r.platform}: ${r.url}${r.externalId ? ` (${r.externalId})` : ''}`,
    ),
  );
};
