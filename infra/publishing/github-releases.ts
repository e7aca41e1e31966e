import { readFileSync } from 'node:fs';
import { Octokit } from '@octokit/rest';
import { left, right } from 'fp-ts/lib/Either.js';
import type { SecretLookup } from '../secrets/secrets.js';
import { notConfigured, type PlatformAdapter } from './publication.js';
import { failureOf, isUnavailableError, withBackoff } from './service-errors.js';

export const defaultGithubApiUrl = 'https://api.github.com';

/** A file's name as a release asset: GitHub assets are flat, so `src/cli.js` becomes `src.cli.js`. */
export const assetName = (path: string): string => path.replace(/\//g, '.');

/** The Octokit the swarm uses: `GITHUB_API_URL` (GitHub Enterprise, a proxy or a test server) and `GITHUB_TOKEN`. */
export const githubClient = (apiUrl: string, token: string): Octokit =>
  new Octokit({ auth: token, baseUrl: apiUrl.replace(/\/+$/, ''), userAgent: 'swarmlog', log: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} } });

const isNotFound = (e: unknown) => (e as { status?: number }).status === 404;

/**
 * GitHub Releases through `@octokit/rest`: a release tagged `<slug>-v<version>` in `SWARM_GITHUB_RELEASES_REPO`
 * (owner/name) with the product's files as assets. Idempotent: the release is looked up by its tag first and each
 * asset by its name, so a retry after a crash adds only what is missing.
 */
export const githubReleasesAdapter = (secret: SecretLookup, settings: { apiUrl?: string; repo?: string }): PlatformAdapter => ({
  platform: 'github',
  publish: async (product) => {
    const token = secret('GITHUB_TOKEN');
    if (!token) return left(notConfigured('GITHUB_TOKEN', 'github'));
    if (!settings.repo) return left(notConfigured('SWARM_GITHUB_RELEASES_REPO', 'github'));
    const [owner, repo] = settings.repo.split('/') as [string, string];
    if (!owner || !repo) return left({ kind: 'not_configured', setting: 'SWARM_GITHUB_RELEASES_REPO', message: `SWARM_GITHUB_RELEASES_REPO: expected owner/name, got "${settings.repo}"` });
    const octokit = githubClient(settings.apiUrl || defaultGithubApiUrl, token);
    const tag = `${product.slug}-v${product.version}`;
    const call = <A>(f: () => Promise<A>) => withBackoff(f, isUnavailableError);
    try {
      const existing = await call(() => octokit.rest.repos.getReleaseByTag({ owner, repo, tag }).then((r) => r.data)).catch((e: unknown) => {
        if (isNotFound(e)) return undefined;
        throw e;
      });
      const found = existing !== undefined;
      const release =
        existing ??
        (await call(() =>
          octokit.rest.repos.createRelease({ owner, repo, tag_name: tag, name: `${product.name} ${product.version}`, body: product.description }).then((r) => r.data),
        ));
      if (!release) throw new Error(`GitHub answered no release for ${tag}`);
      const releaseId = release.id;
      const uploadUrl = release.upload_url;
      const assets = await call(() => octokit.paginate(octokit.rest.repos.listReleaseAssets, { owner, repo, release_id: releaseId, per_page: 100 }));
      const have = new Set(assets.map((a) => a.name));
      for (const file of product.files) {
        const name = assetName(file.path);
        if (have.has(name)) continue;
        const data = readFileSync(file.absolutePath);
        // The upload URL comes from the release itself (GitHub's convention, which also serves Enterprise and tests).
        // Content-Length is left to fetch, which counts the buffer: a number given here was refused as an "invalid
        // content-length header" by the fetch inside swarm up.
        await call(() => octokit.request({ method: 'POST', url: uploadUrl, name, data, headers: { 'content-type': 'application/octet-stream' } }));
      }
      return right({ platform: 'github', url: release.html_url, externalId: String(releaseId), found });
    } catch (e) {
      return left(failureOf(e, 'GitHub', 'GITHUB_TOKEN'));
    }
  },
});
