import { credentialOf, startRestFake, type FakeReply, type FakeRequest, type RestFake } from '../rest/rest-fake-server.js';

/**
 * A local stand-in for the GitHub REST API, for testing through the real `@octokit/rest`: issues (listed with
 * `since`, `state`, `sort`, `direction`, pages with a Link header; pull requests come back among them, as on
 * GitHub), issue comments, releases by tag, release assets (listed, and uploaded at the release's `upload_url`),
 * token checks (401 Bad credentials) and rate limits (403 with `x-ratelimit-remaining: 0` and `x-ratelimit-reset`,
 * or 429 with `retry-after`), set by `rateLimitNext`.
 */
export interface FakeIssue {
  number: number;
  title: string;
  body: string | null;
  labels: string[];
  updated_at: string;
  created_at: string;
  state: 'open' | 'closed';
  pull_request?: boolean;
}

export interface FakeRelease {
  id: number;
  tag_name: string;
  name: string;
  body: string;
  assets: { id: number; name: string; size: number; data: Buffer }[];
}

export interface FakeGithub extends RestFake {
  readonly repos: Map<string, { issues: FakeIssue[]; comments: Map<number, { id: number; body: string }[]>; releases: FakeRelease[] }>;
  /** The next N requests answer a rate limit (403 primary limit with reset one second ahead, or 429). */
  rateLimitNext: { count: number; kind: '403' | '429' };
}

export const startFakeGithub = async (options: { token: string; pageSize?: number }): Promise<FakeGithub> => {
  const pageSize = options.pageSize ?? 30;
  const repos: FakeGithub['repos'] = new Map();
  const limit = { count: 0, kind: '403' as '403' | '429' };
  let nextId = 1000;
  const base = { url: '' };
  const repo = (owner: string, name: string) => {
    const key = `${owner}/${name}`;
    if (!repos.has(key)) repos.set(key, { issues: [], comments: new Map(), releases: [] });
    return repos.get(key)!;
  };
  const guard = (req: FakeRequest): FakeReply | undefined => {
    if (limit.count > 0) {
      limit.count--;
      if (limit.kind === '429') return { status: 429, body: { message: 'You have exceeded a secondary rate limit.' }, headers: { 'retry-after': '1' } };
      return {
        status: 403,
        body: { message: 'API rate limit exceeded for installation.', documentation_url: 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api' },
        headers: { 'x-ratelimit-limit': '5000', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(Math.ceil(Date.now() / 1000) + 1) },
      };
    }
    if (credentialOf(req) !== options.token) return { status: 401, body: { message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest' } };
    return undefined;
  };
  const paged = <A>(req: FakeRequest, items: A[]): FakeReply => {
    const per = Math.min(Number(req.query.get('per_page') ?? pageSize), pageSize);
    const page = Number(req.query.get('page') ?? 1);
    const slice = items.slice((page - 1) * per, page * per);
    const next = page * per < items.length;
    const link = new URL(`${base.url}${req.path}`);
    req.query.forEach((v, k) => link.searchParams.set(k, v));
    link.searchParams.set('page', String(page + 1));
    return { status: 200, body: slice, headers: next ? { link: `<${link.href}>; rel="next"` } : {} };
  };
  const releaseJson = (owner: string, name: string, r: FakeRelease) => ({
    id: r.id,
    tag_name: r.tag_name,
    name: r.name,
    body: r.body,
    html_url: `${base.url}/${owner}/${name}/releases/tag/${r.tag_name}`,
    upload_url: `${base.url}/uploads/repos/${owner}/${name}/releases/${r.id}/assets{?name,label}`,
    assets: r.assets.map((a) => ({ id: a.id, name: a.name, size: a.size })),
  });
  const issueJson = (owner: string, name: string, i: FakeIssue) => ({
    id: i.number * 7,
    number: i.number,
    title: i.title,
    body: i.body,
    state: i.state,
    labels: i.labels.map((l) => ({ name: l })),
    created_at: i.created_at,
    updated_at: i.updated_at,
    html_url: `${base.url}/${owner}/${name}/issues/${i.number}`,
    user: { login: 'someone' },
    ...(i.pull_request ? { pull_request: { url: `${base.url}/repos/${owner}/${name}/pulls/${i.number}` } } : {}),
  });
  const R = '([^/]+)/([^/]+)';
  const fake = await startRestFake([
    ['GET', new RegExp(`^/repos/${R}/issues$`), (req, m) => {
      const denied = guard(req);
      if (denied) return denied;
      const since = req.query.get('since');
      const state = req.query.get('state') ?? 'open';
      const issues = repo(m[1]!, m[2]!)
        .issues.filter((i) => (state === 'all' || i.state === state) && (!since || Date.parse(i.updated_at) >= Date.parse(since)))
        .sort((a, b) => Date.parse(a.updated_at) - Date.parse(b.updated_at) || a.number - b.number);
      if (req.query.get('direction') !== 'asc') issues.reverse();
      return paged(req, issues.map((i) => issueJson(m[1]!, m[2]!, i)));
    }],
    ['GET', new RegExp(`^/repos/${R}/issues/(\\d+)/comments$`), (req, m) => {
      const denied = guard(req);
      if (denied) return denied;
      return paged(req, (repo(m[1]!, m[2]!).comments.get(Number(m[3])) ?? []).map((c) => ({ id: c.id, body: c.body, html_url: `${base.url}/${m[1]}/${m[2]}/issues/${m[3]}#issuecomment-${c.id}` })));
    }],
    ['POST', new RegExp(`^/repos/${R}/issues/(\\d+)/comments$`), (req, m) => {
      const denied = guard(req);
      if (denied) return denied;
      const r = repo(m[1]!, m[2]!);
      const n = Number(m[3]);
      if (!r.issues.some((i) => i.number === n)) return { status: 404, body: { message: 'Not Found' } };
      const comment = { id: nextId++, body: String(req.body.body ?? '') };
      r.comments.set(n, [...(r.comments.get(n) ?? []), comment]);
      return { status: 201, body: { id: comment.id, body: comment.body, html_url: `${base.url}/${m[1]}/${m[2]}/issues/${n}#issuecomment-${comment.id}` } };
    }],
    ['GET', new RegExp(`^/repos/${R}/releases/tags/(.+)$`), (req, m) => {
      const denied = guard(req);
      if (denied) return denied;
      const found = repo(m[1]!, m[2]!).releases.find((r) => r.tag_name === decodeURIComponent(m[3]!));
      return found ? { status: 200, body: releaseJson(m[1]!, m[2]!, found) } : { status: 404, body: { message: 'Not Found' } };
    }],
    ['POST', new RegExp(`^/repos/${R}/releases$`), (req, m) => {
      const denied = guard(req);
      if (denied) return denied;
      const r = repo(m[1]!, m[2]!);
      const tag = String(req.body.tag_name ?? '');
      if (r.releases.some((x) => x.tag_name === tag)) return { status: 422, body: { message: 'Validation Failed', errors: [{ resource: 'Release', code: 'already_exists', field: 'tag_name' }] } };
      const release: FakeRelease = { id: nextId++, tag_name: tag, name: String(req.body.name ?? tag), body: String(req.body.body ?? ''), assets: [] };
      r.releases.push(release);
      return { status: 201, body: releaseJson(m[1]!, m[2]!, release) };
    }],
    ['GET', new RegExp(`^/repos/${R}/releases/(\\d+)/assets$`), (req, m) => {
      const denied = guard(req);
      if (denied) return denied;
      const release = repo(m[1]!, m[2]!).releases.find((r) => r.id === Number(m[3]));
      if (!release) return { status: 404, body: { message: 'Not Found' } };
      return paged(req, release.assets.map((a) => ({ id: a.id, name: a.name, size: a.size })));
    }],
    ['POST', new RegExp(`^/uploads/repos/${R}/releases/(\\d+)/assets$`), (req, m) => {
      const denied = guard(req);
      if (denied) return denied;
      const release = repo(m[1]!, m[2]!).releases.find((r) => r.id === Number(m[3]));
      if (!release) return { status: 404, body: { message: 'Not Found' } };
      const name = req.query.get('name') ?? '';
      if (release.assets.some((a) => a.name === name)) return { status: 422, body: { message: 'Validation Failed', errors: [{ resource: 'ReleaseAsset', code: 'already_exists', field: 'name' }] } };
      const asset = { id: nextId++, name, size: req.raw.length, data: req.raw };
      release.assets.push(asset);
      return { status: 201, body: { id: asset.id, name, size: asset.size } };
    }],
  ]);
  base.url = fake.url;
  return Object.assign(fake, { repos, rateLimitNext: limit }) as FakeGithub;
};
