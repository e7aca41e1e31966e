import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { checkBudget } from '../../processes/commands/budget-commands.js';
import { addMemory } from '../../processes/commands/memory-commands.js';
import { recordTokens, startRun } from '../../processes/commands/run-commands.js';
import { createTask } from '../../processes/commands/task-commands.js';
import { runFileCap } from '../../ui/server/routes/history-routes.js';
import { agent, system } from '../fixtures/test-runtime.js';
import { must, startApi } from './api-harness.js';
import { storeCases } from '../fixtures/store-cases.js';

for (const store of storeCases) {
  test(`health, status and stats answer with the log head and whether agents are simulated (${store.name})`, async () => {
    const api = await startApi({}, store);
    try {
      assert.equal((await api.get('/health')).body, { status: 'ok', position: 0, simulated: true, driver: 'sim', unsandboxed: false });
      const status = await api.get('/api/status');
      assert.is(status.status, 200);
      assert.is(status.body.simulated, true);
      assert.ok(Array.isArray(status.body.agents));
      const stats = await api.get('/api/stats');
      assert.equal(Object.keys(stats.body).slice(0, 4), ['income', 'tokens', 'efficiency', 'recent_activity']);
    } finally {
      await api.close();
    }
  });

  test(`income: a sale recorded through the API shows in income, the ledger and its series, and the audit agrees (${store.name})`, async () => {
    const api = await startApi({}, store);
    try {
      const sale = { source: 'gumroad', product: 'Invoice Parser', amount: '12.34', currency: 'USD', external_id: 'g-1' };
      const recorded = await api.post('/api/income', sale);
      assert.is(recorded.status, 200, JSON.stringify(recorded.body));
      assert.is(recorded.body.amount_minor, 1234);
      assert.is((await api.post('/api/income', sale)).body.duplicate, true);
      const bad = await api.post('/api/income', { ...sale, external_id: 'g-2', occurred_at: 'yesterday' });
      assert.is(bad.status, 400);
      assert.is(bad.body.field, 'occurred_at');
      assert.is((await api.post('/api/income', { ...sale, amount: 'lots', external_id: 'g-3' })).body.field, 'amount');
      const income = await api.get('/api/income?days=30');
      assert.is(income.body.total, 12.34);
      assert.is(income.body.entries[0].external_id, 'g-1');
      assert.is(income.body.by_source.gumroad_USD, 12.34);
      const ledger = await api.get('/api/ledger?by=product');
      assert.is(ledger.body.rows[0].product, 'Invoice Parser');
      assert.is(ledger.body.series[0].net, '12.34');
      assert.is((await api.get('/api/ledger?by=planet')).body.field, 'by');
      const audit = await api.get('/api/ledger/audit');
      assert.equal([audit.body.ok, audit.body.sales, audit.body.differences], [true, 1, []]);
      assert.is((await api.get('/api/stats')).body.income.total_30d, 12.34);
    } finally {
      await api.close();
    }
  });

  test(`tokens and budgets: usage by agent and day; an operator sets, raises and resumes a budget (${store.name})`, async () => {
    const api = await startApi({}, store);
    try {
      const { runId } = must(await startRun(api.rt, agent('builder'), { agent: 'builder', driver: 'sim', model: 'sim', promptHash: 'h', promptPath: 'p', logPath: 'l' }));
      must(await recordTokens(api.rt, agent('builder'), { runId, inputTokens: 1000, outputTokens: 500, costUsd: 0.25 }));
      const tokens = await api.get('/api/tokens?days=7');
      assert.is(tokens.body.total, 1500);
      assert.is(tokens.body.by_agent.builder.tokens, 1500);
      assert.is(tokens.body.today, 1500);
      assert.is((await api.get('/api/tokens?days=0')).body.field, 'days');
      assert.is((await api.post('/api/budgets/builder/set', { tokens: 1000 })).status, 200);
      const budgets = await api.get('/api/budgets');
      const builder = budgets.body.budgets.find((b: any) => b.scope === 'builder');
      assert.equal([builder.daily_limit, builder.used_today], [1000, 1500]);
      must(await checkBudget(api.rt, system('budget-guard'), { scope: 'builder' }));
      assert.is((await api.get('/api/budgets')).body.budgets.find((b: any) => b.scope === 'builder').state, 'exhausted');
      assert.is((await api.post('/api/budgets/builder/resume', {})).status, 200);
      assert.is((await api.get('/api/budgets')).body.budgets.find((b: any) => b.scope === 'builder').state, 'resumed');
      assert.is((await api.post('/api/budgets/builder/raise', { tokens: 5000 })).status, 200);
      // Nothing to resume: the swarm's budget is not exhausted today.
      assert.is((await api.post('/api/budgets/swarm/resume', {})).status, 409);
      assert.is((await api.post('/api/budgets/builder/set', {})).body.field, 'tokens');
      assert.is((await api.post('/api/budgets/builder/set', { tokens: -1 })).body.field, 'tokens');
      assert.is((await api.post('/api/budgets/nobody/set', { tokens: 5 })).status, 400);
    } finally {
      await api.close();
    }
  });

  test(`memory: the short-term feed, and search by shared words naming the ranking and the embedder (${store.name})`, async () => {
    const api = await startApi({}, store);
    try {
      must(await addMemory(api.rt, agent('critic'), { type: 'lesson', content: 'Invoice tools sell well on Gumroad', tags: ['gumroad'], importance: 8 }));
      const feed = await api.get('/api/memories?limit=5');
      assert.match(feed.body.memories[0].text, /Invoice tools/);
      const found = await api.get('/api/memory/search?q=invoice%20tools&limit=3');
      assert.is(found.status, 200, JSON.stringify(found.body));
      assert.is(found.body.embedder, 'local-hash');
      assert.equal([found.body.ranking, found.body.rankingText], ['bm25', 'shared words (SQLite FTS5, BM25)']);
      assert.match(found.body.results[0].content, /Invoice tools/);
      assert.is((await api.get('/api/memory/search')).body.field, 'q');
      assert.is((await api.get('/api/memory/search?q=x&type=gossip')).body.field, 'type');
      // The filters of `swarm memory search`: a least importance and tags (a memory with any of them).
      must(await addMemory(api.rt, agent('critic'), { type: 'lesson', content: 'Invoice tools need a demo video', tags: ['video'], importance: 4 }));
      const ids = async (query: string) => ((await api.get(`/api/memory/search?q=invoice%20tools${query}`)).body.results as { content: string }[]).map((r) => r.content);
      assert.is((await ids('')).length, 2);
      assert.equal(await ids('&min_importance=6'), ['Invoice tools sell well on Gumroad']);
      assert.equal(await ids('&tags=video'), ['Invoice tools need a demo video']);
      assert.is((await ids('&tags=video,gumroad')).length, 2, 'a memory with any of the tags');
      assert.is((await api.get('/api/memory/search?q=x&min_importance=11')).body.field, 'min_importance');
    } finally {
      await api.close();
    }
  });

  test(`history: events after a position, the replay of a task, and a run with its prompt and the end of its output (${store.name})`, async () => {
    const api = await startApi({}, store);
    try {
      const { taskId } = must(await createTask(api.rt, agent('pm'), { type: 'research', payload: { title: 'x' } }));
      const folder = join(api.rt.dir, 'runs', 'r1');
      mkdirSync(folder, { recursive: true });
      writeFileSync(join(folder, 'prompt.md'), 'You are the builder.');
      writeFileSync(join(folder, 'output.log'), `${'a'.repeat(runFileCap)}THE END`);
      must(await startRun(api.rt, agent('builder'), { runId: 'r1', agent: 'builder', taskId, driver: 'sim', model: 'sim', promptHash: 'h', promptPath: join(folder, 'prompt.md'), logPath: join(folder, 'output.log') }));
      must(await startRun(api.rt, agent('builder'), { runId: 'r2', agent: 'builder', driver: 'sim', model: 'sim', promptHash: 'h', promptPath: '/etc/passwd', logPath: '/etc/hostname' }));
      const events = await api.get('/api/events?from=0&limit=1');
      // `next` is the position of the first event (1 on SQLite, a byte offset on EventStoreDB), as the log gave it.
      let firstPosition = 0;
      for await (const e of api.rt.log.readAll({ maxCount: 1 })) firstPosition = e.position;
      assert.equal([events.body.events.length, events.body.events[0].type, events.body.next], [1, 'TaskCreated', firstPosition]);
      assert.is((await api.get('/api/events?type=RunStarted')).body.events.length, 2);
      const replay = await api.get(`/api/replay?task=${taskId}`);
      assert.is(replay.status, 200, JSON.stringify(replay.body));
      assert.ok(replay.body.events.some((e: any) => e.type === 'RunStarted' && e.data.agent === 'builder'));
      assert.is((await api.get(`/api/replay?task=${taskId}&as_of=0`)).body.events.length, 0);
      assert.is((await api.get(`/api/replay?task=${taskId}&as_of=soon`)).body.field, 'as_of');
      assert.is((await api.get('/api/replay')).status, 400);
      const run = await api.get('/api/runs/r1');
      assert.is(run.body.prompt, 'You are the builder.');
      assert.ok(run.body.output.endsWith('THE END'));
      assert.is(run.body.outputTruncated, true);
      assert.is(run.body.output.length, runFileCap);
      const outside = await api.get('/api/runs/r2');
      assert.equal([outside.body.prompt, outside.body.output], [null, null]);
      assert.is((await api.get('/api/runs/nope')).status, 404);
    } finally {
      await api.close();
    }
  });
}

test.run();
