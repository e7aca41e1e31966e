import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { requestApproval } from '../../processes/commands/approval-commands.js';
import { submitProject } from '../../processes/commands/project-commands.js';
import { agent } from '../fixtures/test-runtime.js';
import { productInput, projectInput } from '../commands/gate-harness.js';
import { must, startApi } from './api-harness.js';
import { storeCases } from '../fixtures/store-cases.js';

const deepArray = (levels: number) => '['.repeat(levels) + ']'.repeat(levels);

for (const store of storeCases) {
  test(`JSON nested 4,100 deep is a 400 naming the field on every POST route, and nothing is appended (${store.name})`, async () => {
    const api = await startApi({ mutationLimits: { max: 10_000, windowMs: 60_000 } }, store);
    try {
      const doc = (await api.get('/docs/json')).body;
      const posts = Object.entries(doc.paths as Record<string, Record<string, unknown>>)
        .filter(([, methods]) => 'post' in methods)
        .map(([path]) => path.replace(/\{[^}]+\}/g, (p) => (p === '{scope}' ? 'swarm' : p === '{name}' ? 'builder' : 'some-id')));
      assert.ok(posts.length >= 15);
      for (const path of posts) {
        const inField = await api.post(path, undefined, { raw: `{"reason":"x","message":"x","payload":${deepArray(4100)}}` });
        assert.is(inField.status, 400, path);
        assert.is(inField.body.field, 'payload', path);
        const whole = await api.post(path, undefined, { raw: deepArray(4100) });
        assert.is(whole.status, 400, path);
        assert.is(whole.body.field, 'body', path);
      }
      assert.is(await api.rt.log.headPosition(), 0);
    } finally {
      await api.close();
    }
  });

  test(`chat and directive share the free-text cap: 10,001 characters are refused (400), 10,000 are posted in full (${store.name})`, async () => {
    const api = await startApi({}, store);
    try {
      for (const path of ['/api/chat', '/api/directive']) {
        const over = await api.post(path, { message: 'x'.repeat(10_001) });
        assert.is(over.status, 400, path);
        assert.is(over.body.field, 'message');
        assert.match(over.body.error, /longer than 10,000 characters/);
      }
      assert.is((await api.post('/api/directive', { message: 'x'.repeat(1_000_000) })).status, 413);
      assert.is(await api.rt.log.headPosition(), 0);
      const directive = await api.post('/api/directive', { message: 'd'.repeat(10_000), to: 'builder' });
      assert.is(directive.status, 200);
      assert.type(directive.body.post_id, 'string', 'the directive topic post is made, not dropped');
      const chat = await api.post('/api/chat', { message: 'c'.repeat(10_000) });
      assert.is(chat.status, 200);
      const posts = (await api.get('/api/discussions?topic=directive')).body.discussions;
      assert.ok(posts.some((p: { content: string }) => p.content.endsWith('d'.repeat(10_000))));
    } finally {
      await api.close();
    }
  });

  test(`NUL, control and bidirectional-override characters never reach a name or an id (400 naming the field) (${store.name})`, async () => {
    const api = await startApi({}, store);
    try {
      const sale = { source: 'gumroad', product: 'Invoice Parser', amount: '9.00', currency: 'USD', external_id: 'g-1' };
      for (const [field, value] of [
        ['product', 'Invoice\u0000Parser'],
        ['product', 'Invoice \u202eresraP'],
        ['product', 'Invoice\u2067Parser'],
        ['external_id', 'g\u00001'],
        ['external_id', 'g 1'],
        ['currency', 'US\u001bD'],
      ] as const) {
        const r = await api.post('/api/income', { ...sale, [field]: value });
        assert.is(r.status, 400, `${field} ${JSON.stringify(value)}`);
        assert.is(r.body.field, field);
      }
      const task = await api.post('/api/tasks', { type: 'research', to: 'buil\u202eder', payload: { title: 'x' } });
      assert.is(task.status, 400);
      assert.is(task.body.field, 'to');
      for (const id of ['ab%00cd', 'ab%E2%80%AEcd', 'a%20b', 'x'.repeat(300)]) {
        const r = await api.post(`/api/projects/${id}/approve`, {});
        assert.is(r.status, 400, id);
        assert.is(r.body.field, 'id');
      }
      const query = await api.get('/api/tasks?agent=buil%E2%80%AEder');
      assert.is(query.status, 400);
      assert.is(query.body.field, 'agent');
      assert.is(await api.rt.log.headPosition(), 0);
    } finally {
      await api.close();
    }
  });

  test(`a payload over 64 KiB is refused naming it; the limits are in the OpenAPI document (${store.name})`, async () => {
    const api = await startApi({}, store);
    try {
      const big = await api.post('/api/tasks', { type: 'research', payload: { notes: 'x'.repeat(70_000) } });
      assert.is(big.status, 400);
      assert.is(big.body.field, 'payload');
      assert.is(await api.rt.log.headPosition(), 0);
      const schema = (await api.get('/docs/json')).body.paths['/api/tasks'].post.requestBody.content['application/json'].schema;
      assert.is(schema.properties.type.maxLength, 200);
      assert.is(schema.properties.to['x-input-kind'], 'id');
      assert.is(schema.properties.payload['x-max-bytes'], 65_536);
      assert.is(schema.properties.payload['x-max-depth'], 32);
    } finally {
      await api.close();
    }
  });

  test(`the commands behind the edges refuse names with control characters too (agents and the API alike) (${store.name})`, async () => {
    const api = await startApi({}, store);
    try {
      const rtlProduct = await requestApproval(api.rt, agent('builder'), productInput({ productName: 'Invoice \u202eresraP' }));
      assert.is(rtlProduct._tag, 'Left');
      const nulTitle = await submitProject(api.rt, agent('pm'), projectInput({ title: 'Invoice\u0000Parser' }));
      assert.is(nulTitle._tag, 'Left');
      assert.is(await api.rt.log.headPosition(), 0);
      must(await submitProject(api.rt, agent('pm'), projectInput()));
    } finally {
      await api.close();
    }
  });
}

test.run();
