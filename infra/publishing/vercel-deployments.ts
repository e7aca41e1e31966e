import { readFileSync } from 'node:fs';
import { left, right } from 'fp-ts/lib/Either.js';
import type { SecretLookup } from '../secrets/secrets.js';
import { jsonRequest } from './json-client.js';
import { notConfigured, type PlatformAdapter } from './publication.js';
import { failureOf, isUnavailableError, withBackoff } from './service-errors.js';

export const defaultVercelApiUrl = 'https://api.vercel.com';

interface VercelDeployment {
  readonly id?: string;
  readonly uid?: string;
  readonly url: string;
  readonly meta?: Record<string, string>;
  readonly state?: string;
  readonly readyState?: string;
}

/**
 * Vercel through its REST API (`VERCEL_API_URL`, default https://api.vercel.com; `VERCEL_TOKEN`; `VERCEL_TEAM_ID`
 * when the project is a team's): a production deployment of the product's files as a static site, project named
 * by the slug. Each deployment carries the approval id in its `meta`, and the project's deployments are looked up
 * by it first (GET /v6/deployments), so a retry never makes a second deployment.
 */
export const vercelAdapter = (secret: SecretLookup, settings: { apiUrl?: string; teamId?: string }): PlatformAdapter => ({
  platform: 'vercel',
  publish: async (product) => {
    const token = secret('VERCEL_TOKEN');
    if (!token) return left(notConfigured('VERCEL_TOKEN', 'vercel'));
    const api = (settings.apiUrl || defaultVercelApiUrl).replace(/\/+$/, '');
    const team = settings.teamId ? `teamId=${encodeURIComponent(settings.teamId)}` : '';
    const call = <A>(path: string, init: { method?: string; body?: unknown } = {}) =>
      withBackoff(() => jsonRequest<A>('Vercel', `${api}${path}${team ? `${path.includes('?') ? '&' : '?'}${team}` : ''}`, { ...init, token }), isUnavailableError);
    try {
      const listed = await call<{ deployments: VercelDeployment[] }>(`/v6/deployments?app=${encodeURIComponent(product.slug)}&limit=100`).catch((e: unknown) => {
        if ((e as { status?: number }).status === 404) return { deployments: [] };
        throw e;
      });
      const earlier = listed.deployments.find((d) => d.meta?.swarmApprovalId === product.approvalId && d.state !== 'ERROR' && d.state !== 'CANCELED');
      if (earlier) return right({ platform: 'vercel', url: `https://${earlier.url}`, externalId: earlier.uid ?? earlier.id ?? '', found: true });
      const files = product.files.map((f) => ({ file: f.path, data: readFileSync(f.absolutePath).toString('base64'), encoding: 'base64' }));
      const made = await call<VercelDeployment>('/v13/deployments', {
        method: 'POST',
        body: { name: product.slug, target: 'production', files, projectSettings: { framework: null }, meta: { swarmApprovalId: product.approvalId, swarmVersion: product.version } },
      });
      return right({ platform: 'vercel', url: `https://${made.url}`, externalId: made.id ?? made.uid ?? '', found: false });
    } catch (e) {
      return left(failureOf(e, 'Vercel', 'VERCEL_TOKEN'));
    }
  },
});
