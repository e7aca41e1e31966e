// Apart from the adapter, so that naming the repository (swarm up's start lines) does not load GitHub's client.

/**
 * The repository (owner/name) releases go to: `SWARM_GITHUB_RELEASES_REPO`, else `GITHUB_REPOSITORY` (GitHub's own
 * name for "this repository", set in its Actions), else the first repository Support watches (`SWARM_GITHUB_REPOS`,
 * `owner/name` or `owner/name=Product`): the swarm's own repository on GitHub, where its products' issues come in.
 */
export const githubReleasesRepo = (env: Readonly<Record<string, string | undefined>>): string | undefined =>
  env.SWARM_GITHUB_RELEASES_REPO || env.GITHUB_REPOSITORY || env.SWARM_GITHUB_REPOS?.split(',')[0]?.split('=')[0]?.trim() || undefined;
