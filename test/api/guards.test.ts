import { test } from 'uvu';
import * as assert from 'uvu/assert';
import WebSocket from 'ws';
import { must, startApi } from './api-harness.js';
import { storeCases } from '../fixtures/store-cases.js';
import { submitProject } from '../../processes/commands/project-commands.js';
import { agent } from '../fixtures/test-runtime.js';
import { projectInput } from '../commands/gate-harness.js';

/** Every POST route the OpenAPI document lists, with its path parameters filled in. */
const mutationPaths = async (get: (p: string) => Promise<{ body: any }>): Promise<string[]> => {
  const doc = (await get('/docs/json')).body;
  return Object.entries(doc.paths as Record<string, Record<string, unknown>>)
    .filter(([, methods]) => 'post' in methods)
    .map(([path]) => path.replace(/\{[^}]+\}/g, (p) => (p === '{scope}' ? 'swarm' : p === '{name}' ? 'builder' : 'some-id')));
};

for (const store of storeCases) {
  test(`every mutating route refuses a request without a valid operator token (401) and appends nothing (${store.name})`, async () => {
    const api = await startApi({ authFailureLimits: { max: 1000, windowMs: 60_000 } }, store);
    try {
      const paths = await mutationPaths(api.get);
      assert.ok(paths.length >= 15, `found ${paths.length} mutations: ${paths.join(', ')}`);
      for (const path of paths) {
        const none = await api.post(path, { reason: 'x', message: 'x', type: 'research', vote: 'for', tokens: 5 }, { token: null });
        assert.is(none.status, 401, path);
        assert.is(none.body.code, 'unauthorized');
        assert.is((await api.post(path, {}, { token: 'swarm_op_not-a-token' })).status, 401, path);
      }
      assert.is(await api.rt.log.headPosition(), 0);
    } finally {
      await api.close();
    }
  });

  test(`a form post or text/plain body is refused with 415 even with a token (W-20), and nothing is appended (${store.name})`, async () => {
    const api = await startApi({}, store);
    try {
      const { projectId } = must(await submitProject(api.rt, agent('pm'), projectInput()));
      const head = await api.rt.log.headPosition();
      const form = await api.post(`/api/projects/${projectId}/approve`, undefined, { contentType: 'application/x-www-form-urlencoded', raw: 'notes=ok' });
      assert.is(form.status, 415);
      const text = await api.post(`/api/projects/${projectId}/approve`, undefined, { contentType: 'text/plain', raw: '{"notes":"ok"}' });
      assert.is(text.status, 415);
      const multipart = await api.post('/api/chat', undefined, { contentType: 'multipart/form-data; boundary=x', raw: '--x--' });
      assert.is(multipart.status, 415);
      assert.is(await api.rt.log.headPosition(), head);
      assert.is((await api.get(`/api/projects/${projectId}`)).body.status, 'pending');
    } finally {
      await api.close();
    }
  });

  test(`a request without a token is 401 on every mutating route, whatever its body, and is not counted as a guess (${store.name})`, async () => {
    const api = await startApi({ authFailureLimits: { max: 3, windowMs: 60_000 } }, store);
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 6; i++) statuses.push((await api.post('/api/chat', { message: 'hello' }, { token: null })).status);
      statuses.push((await api.post('/api/chat', undefined, { token: null, contentType: 'text/plain', raw: 'hello' })).status);
      assert.equal(statuses, [401, 401, 401, 401, 401, 401, 401]);
      assert.is((await api.post('/api/chat', { message: 'hello' })).status, 200, 'the operator is not locked out by requests that sent no token');
    } finally {
      await api.close();
    }
  });

  test(`an address that keeps sending wrong tokens is answered 429, whatever token it sends next, and nothing is appended (${store.name})`, async () => {
    const api = await startApi({ authFailureLimits: { max: 3, windowMs: 60_000 } }, store);
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 3; i++) statuses.push((await api.post('/api/chat', { message: 'hello' }, { token: `swarm_op_guess-${i}` })).status);
      statuses.push((await api.post('/api/chat', { message: 'hello' }, { token: null })).status);
      // Once over the limit the token is not even looked at, so a right guess cannot be told from a wrong one.
      const right = await api.post('/api/chat', { message: 'hello' });
      statuses.push(right.status);
      assert.equal(statuses, [401, 401, 401, 429, 429]);
      assert.is(right.body.code, 'rate_limited');
      assert.is(await api.rt.log.headPosition(), 0);
      assert.is((await api.get('/api/chat')).status, 200, 'reads need no token and are not limited');
    } finally {
      await api.close();
    }
  });

  test(`mutations are rate limited per operator (429) (${store.name})`, async () => {
    const api = await startApi({ mutationLimits: { max: 3, windowMs: 60_000 } }, store);
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) statuses.push((await api.post('/api/chat', { message: `m${i}` })).status);
      assert.equal(statuses, [200, 200, 200, 429, 429]);
      assert.is((await api.get('/api/chat')).status, 200);
    } finally {
      await api.close();
    }
  });

  test(`no cookies, no CORS, and a foreign Host (DNS rebinding) is refused (${store.name})`, async () => {
    const api = await startApi({}, store);
    try {
      const response = await fetch(`${api.url}/api/tasks`, { headers: { origin: 'https://evil.example' } });
      assert.is(response.headers.get('access-control-allow-origin'), null);
      assert.is(response.headers.get('set-cookie'), null);
      const preflight = await fetch(`${api.url}/api/chat`, { method: 'OPTIONS', headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' } });
      assert.is(preflight.headers.get('access-control-allow-origin'), null);
      const { request } = await import('node:http');
      const status = await new Promise<number>((resolve, reject) => {
        const req = request(`${api.url}/api/tasks`, { headers: { host: 'evil.example' } }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        req.on('error', reject);
        req.end();
      });
      assert.is(status, 421);
    } finally {
      await api.close();
    }
  });

  test(`the OpenAPI document and its page are at /docs; page paths get the app, unknown API paths a JSON 404 (${store.name})`, async () => {
    const api = await startApi({}, store);
    try {
      const doc = await api.get('/docs/json');
      assert.ok(doc.body.paths['/api/approvals/{id}/reject'].post.requestBody, 'reject documents its body');
      assert.is((await fetch(`${api.url}/docs`)).status, 200);
      const page = await fetch(`${api.url}/approvals`);
      assert.is(page.status, 200);
      assert.match(page.headers.get('content-type') ?? '', /text\/html/);
      assert.match(page.headers.get('content-security-policy') ?? '', /frame-ancestors 'none'/);
      const missing = await api.get('/api/nothing');
      assert.equal([missing.status, missing.body.code], [404, 'not_found']);
    } finally {
      await api.close();
    }
  });

  test(`a WebSocket from a page of another origin is refused (${store.name})`, async () => {
    const api = await startApi({}, store);
    try {
      const socket = new WebSocket(`${api.url.replace('http', 'ws')}/ws`, { origin: 'https://evil.example' });
      const code = await new Promise<number>((resolve) => socket.on('close', (c) => resolve(c)));
      assert.is(code, 1008);
    } finally {
      await api.close();
    }
  });
}

test.run();
