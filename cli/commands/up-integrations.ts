import { isLeft } from 'fp-ts/lib/Either.js';
import { processSecrets } from '../../infra/secrets/process-secrets.js';
import type { Secrets } from '../../infra/secrets/secrets.js';
import { watchedRepos } from '../../processes/github/monitor-issues.js';
import { githubReleasesRepo } from '../../infra/publishing/github-releases-repo.js';

/** Where a credential came from, for the start lines (never its value). */
const from = (secrets: Secrets, name: string): string | undefined => {
  const source = secrets.sourceOf(name);
  return source === undefined ? undefined : `${name} from ${source === 'ssm' ? 'SSM' : source}`;
};

/**
 * The start lines about the outside world: where secrets come from and which integrations are configured (each
 * with the source of its credential, never a value). Opens the process's secrets once, so an unreadable SSM prefix
 * is said at start.
 */
export const integrationLines = async (env: NodeJS.ProcessEnv, log: { warn(o: object, m: string): void }): Promise<string[]> => {
  const opened = await processSecrets(log);
  if (isLeft(opened)) return [`  secrets: ${opened.left}`, '  publish: local only (the secrets could not be read)'];
  const s = opened.right;
  const on = (name: string, credential: string, extra: string) => {
    const source = from(s, credential);
    return source ? `${name} (${source}${extra ? `; ${extra}` : ''})` : undefined;
  };
  const { repos } = watchedRepos(env.SWARM_GITHUB_REPOS);
  const releasesRepo = githubReleasesRepo(env);
  const platforms = [
    on('gumroad', 'GUMROAD_ACCESS_TOKEN', env.GUMROAD_API_URL ? `API ${env.GUMROAD_API_URL}` : ''),
    on('npm', 'NPM_TOKEN', "registry from npm's config"),
    on('vercel', 'VERCEL_TOKEN', env.VERCEL_API_URL ? `API ${env.VERCEL_API_URL}` : ''),
    s.get('GITHUB_TOKEN') ? on('github', 'GITHUB_TOKEN', releasesRepo ? `releases in ${releasesRepo}` : 'no releases until SWARM_GITHUB_RELEASES_REPO names the repository') : undefined,
  ].filter((x): x is string => x !== undefined);
  return [
    `  secrets: environment, ${s.sources.envFile}${s.sources.ssmPrefix ? `, AWS SSM ${s.sources.ssmPrefix} (${s.found().filter((f) => f.source === 'ssm').length} found)` : ''}`,
    `  publish: local${platforms.length ? `, ${platforms.join(', ')}` : ' only (no platform credentials)'}`,
    `  github:  ${s.get('GITHUB_TOKEN') && repos.length ? `watching ${repos.map((r) => r.repo).join(', ')} (${from(s, 'GITHUB_TOKEN')})` : 'no issue monitor (set GITHUB_TOKEN and SWARM_GITHUB_REPOS)'}`,
    `  sales:   ${s.get('GUMROAD_ACCESS_TOKEN') ? `Gumroad sales synced hourly (gumroad_sales_sync)${s.get('GUMROAD_PING_KEY') ? `; sale notifications at POST /hooks/gumroad?key=… (${from(s, 'GUMROAD_PING_KEY')})` : ''}` : 'no sales import (set GUMROAD_ACCESS_TOKEN)'}`,
  ];
};
