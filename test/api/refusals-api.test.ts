// Refused agent commands on the API (issue 13 point 5): /api/refusals and /api/status list them, the WebSocket says
// when one lands (stream category `refusal`); /health and the hello message say when agents run unsandboxed.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import WebSocket from 'ws';
import { recordRefusal } from '../../processes/commands/refusal-commands.js';
import { startApi } from './api-harness.js';
import { storeCases } from '../fixtures/store-cases.js';

const refuse = async (api: Awaited<ReturnType<typeof startApi>>, agent: string, command: string, runId?: string) => {
  const r = await recordRefusal(api.rt, { agent, command, reason: 'human_only', message: 'approving is for people (a human gate)', ...(runId ? { runId } : {}) });
  if (r._tag === 'Left') throw new Error(r.left.message);
};

for (const store of storeCases) {
  test(`/api/refusals lists refused agent commands newest first with counts per agent; /api/status carries them (${store.name})`, async () => {
    const api = await startApi({}, store);
    try {
      const empty = await api.get('/api/refusals');
      assert.equal(empty.body, { total: 0, byAgent: [], recent: [] });
      await refuse(api, 'tester', 'swarm approve a1', 'r1');
      await refuse(api, 'tester', 'swarm operator add eve', 'r1');
      await refuse(api, 'builder', 'swarm approve a1', 'r2');
      const listed = await api.get('/api/refusals?limit=2');
      assert.is(listed.status, 200);
      assert.is(listed.body.total, 3);
      assert.equal(listed.body.recent.map((r: { agent: string; command: string }) => [r.agent, r.command]), [
        ['builder', 'swarm approve a1'],
        ['tester', 'swarm operator add eve'],
      ]);
      assert.equal(listed.body.byAgent.map((a: { agent: string; count: number }) => [a.agent, a.count]), [['tester', 2], ['builder', 1]]);
      assert.is((await api.get('/api/refusals?limit=0')).status, 400);
      assert.is((await api.get('/api/refusals?limit=x')).body.field, 'limit');
      const status = await api.get('/api/status');
      assert.is(status.body.refusals.total, 3);
      assert.is(status.body.unsandboxed, false);
      const doc = await api.get('/docs/json');
      assert.ok(doc.body.paths['/api/refusals']?.get, 'in the OpenAPI document');
    } finally {
      await api.close();
    }
  });

  test(`a refusal landing is pushed on the WebSocket as a change of the \`refusal\` category (${store.name})`, async () => {
    const api = await startApi({}, store);
    const socket = new WebSocket(`${api.url.replace('http', 'ws')}/ws`);
    try {
      const received: { type: string; streams?: string[] }[] = [];
      socket.on('message', (data) => received.push(JSON.parse(String(data))));
      const until = async (match: (m: { type: string; streams?: string[] }) => boolean) => {
        const deadline = Date.now() + 5000;
        while (!received.some(match)) {
          if (Date.now() > deadline) throw new Error(`no matching message; got ${JSON.stringify(received)}`);
          await new Promise((r) => setTimeout(r, 20));
        }
      };
      await until((m) => m.type === 'hello');
      await refuse(api, 'tester', 'swarm approve a1', 'r1');
      await until((m) => m.type === 'changed' && (m.streams ?? []).includes('refusal'));
      // The read model was caught up before the change went out: a refetch sees the refusal.
      assert.is((await api.get('/api/refusals')).body.total, 1);
    } finally {
      socket.close();
      await api.close();
    }
  });

  test(`/health and the hello message say when agents run without a sandbox (${store.name})`, async () => {
    const api = await startApi({ unsandboxed: true }, store);
    const socket = new WebSocket(`${api.url.replace('http', 'ws')}/ws`);
    const hello = new Promise<{ unsandboxed: boolean }>((resolve) => socket.once('message', (data) => resolve(JSON.parse(String(data)))));
    try {
      assert.is((await api.get('/health')).body.unsandboxed, true);
      assert.is((await hello).unsandboxed, true);
    } finally {
      socket.close();
      await api.close();
    }
  });
}

test.run();
