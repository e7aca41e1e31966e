import { credentialOf, startRestFake, type RestFake } from '../rest/rest-fake-server.js';

/**
 * A local stand-in for the Vercel REST API: GET /v6/deployments (by `app` or `projectId`, with each deployment's
 * `meta`) and POST /v13/deployments with inline files (base64), answering the deployment's id and host. Bearer
 * token checked (403 invalidToken, as Vercel answers a bad token); `teamId` recorded.
 */
export interface FakeDeployment {
  uid: string;
  name: string;
  url: string;
  target: string;
  meta: Record<string, string>;
  files: Map<string, Buffer>;
  state: 'READY';
  teamId?: string;
}

export interface FakeVercel extends RestFake {
  readonly deployments: FakeDeployment[];
}

export const startFakeVercel = async (options: { token: string }): Promise<FakeVercel> => {
  const deployments: FakeDeployment[] = [];
  let next = 1;
  const fake = await startRestFake([
    ['GET', /^\/v6\/deployments$/, (req) => {
      if (credentialOf(req) !== options.token) return { status: 403, body: { error: { code: 'forbidden', message: 'Not authorized', invalidToken: true } } };
      const app = req.query.get('app') ?? req.query.get('projectId');
      const listed = deployments.filter((d) => !app || d.name === app);
      return { status: 200, body: { deployments: listed.map((d) => ({ uid: d.uid, name: d.name, url: d.url, state: d.state, target: d.target, meta: d.meta })), pagination: { count: listed.length, next: null } } };
    }],
    ['POST', /^\/v13\/deployments$/, (req) => {
      if (credentialOf(req) !== options.token) return { status: 403, body: { error: { code: 'forbidden', message: 'Not authorized', invalidToken: true } } };
      const b = req.body as { name?: string; files?: { file: string; data: string; encoding?: string }[]; target?: string; meta?: Record<string, string> };
      if (!b.name || !Array.isArray(b.files) || b.files.length === 0) return { status: 400, body: { error: { code: 'bad_request', message: 'name and files are required' } } };
      const uid = `dpl_${next++}`;
      const d: FakeDeployment = {
        uid,
        name: b.name,
        url: `${b.name}-${uid.toLowerCase()}.vercel.app`,
        target: b.target ?? 'preview',
        meta: b.meta ?? {},
        files: new Map(b.files.map((f) => [f.file, Buffer.from(f.data, f.encoding === 'base64' ? 'base64' : 'utf8')])),
        state: 'READY',
        ...(req.query.get('teamId') ? { teamId: req.query.get('teamId')! } : {}),
      };
      deployments.push(d);
      return { status: 200, body: { id: uid, url: d.url, name: d.name, readyState: 'READY', meta: d.meta } };
    }],
  ]);
  return Object.assign(fake, { deployments }) as FakeVercel;
};
