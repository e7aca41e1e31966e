import { isLeft } from 'fp-ts/lib/Either.js';
import { openSecrets } from '../../infra/secrets/open-secrets.js';
import { integrationSecretNames } from '../../infra/secrets/secrets.js';
import { parseCommandArgs } from '../cli-args.js';
import type { CliContext } from '../cli-context.js';
import { badInput, refused } from '../cli-failure.js';
import { table } from '../output.js';

export const usage = 'swarm secrets check [--json]   (which secrets were found where: environment, .env or AWS SSM; never a value)';

/**
 * `swarm secrets check`: every credential the integrations use and every other name found in `.env` or under the
 * SSM prefix, each with where it was found. Values are never printed. Exit 1 when SSM is configured but unreadable.
 */
export const run = async (argv: string[], ctx: CliContext): Promise<void> => {
  const [sub, ...rest] = argv;
  if (sub !== 'check') throw badInput(`secrets: expected "check", got ${sub === undefined ? 'nothing' : `"${sub}"`}\nusage: ${usage}`);
  const { flags: f, positionals } = parseCommandArgs(rest, {});
  if (positionals.length) throw badInput(`unexpected argument "${positionals[0]}"`, { field: 'arguments' });
  const opened = await openSecrets(ctx.env, { refreshTimer: false });
  if (isLeft(opened)) throw refused(`secrets: ${opened.left}`, { field: 'SWARM_SSM_PREFIX' });
  const secrets = opened.right;
  try {
    const names = [...new Set([...integrationSecretNames, ...secrets.found().map((s) => s.name)])];
    const rows = names.map((name) => ({ name, found: secrets.sourceOf(name) ?? 'missing' }));
    if (f.json) {
      ctx.out(JSON.stringify({ sources: { environment: true, envFile: secrets.sources.envFile, ssmPrefix: secrets.sources.ssmPrefix ?? null }, secrets: rows }));
      return;
    }
    ctx.out(`Sources: environment, ${secrets.sources.envFile}${secrets.sources.ssmPrefix ? `, AWS SSM ${secrets.sources.ssmPrefix}` : ' (AWS SSM: SWARM_SSM_PREFIX unset)'}`);
    ctx.out(table(rows, ['name', 'found']));
  } finally {
    secrets.close();
  }
};
