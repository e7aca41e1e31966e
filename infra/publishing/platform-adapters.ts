import type { SecretLookup } from '../secrets/secrets.js';
import { githubReleasesAdapter } from './github-releases.js';
import { githubReleasesRepo } from './github-releases-repo.js';
import { gumroadAdapter } from './gumroad-products.js';
import { localFolderAdapter } from './local-folder.js';
import { npmAdapter } from './npm-registry.js';
import type { PlatformAdapter, PublishPlatform } from './publication.js';
import { vercelAdapter } from './vercel-deployments.js';

/**
 * The adapter of each platform, with its settings from the swarm's environment (base URLs by each ecosystem's
 * convention) and its credentials from the secrets port.
 */
export const platformAdapter = (platform: PublishPlatform, o: { env: NodeJS.ProcessEnv; secret: SecretLookup }): PlatformAdapter => {
  switch (platform) {
    case 'local':
      return localFolderAdapter();
    case 'github':
      return githubReleasesAdapter(o.secret, { ...(o.env.GITHUB_API_URL ? { apiUrl: o.env.GITHUB_API_URL } : {}), ...(githubReleasesRepo(o.env) ? { repo: githubReleasesRepo(o.env)! } : {}) });
    case 'gumroad':
      return gumroadAdapter(o.secret, o.env.GUMROAD_API_URL ? { apiUrl: o.env.GUMROAD_API_URL } : {});
    case 'npm':
      return npmAdapter(o.secret, { env: o.env, cwd: process.cwd(), ...(o.env.SWARM_NPM_SCOPE ? { scope: o.env.SWARM_NPM_SCOPE } : {}) });
    case 'vercel':
      return vercelAdapter(o.secret, { ...(o.env.VERCEL_API_URL ? { apiUrl: o.env.VERCEL_API_URL } : {}), ...(o.env.VERCEL_TEAM_ID ? { teamId: o.env.VERCEL_TEAM_ID } : {}) });
    default: {
      const unknownPlatform: never = platform;
      return unknownPlatform;
    }
  }
};
