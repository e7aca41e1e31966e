/**
 * The scripted model server's own contract, where the real CLIs do not reach it: the Messages API without streaming
 * (through the real @anthropic-ai/sdk), the conversation read from the request, failures served in order.
 */
import Anthropic from '@anthropic-ai/sdk';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { startScriptedModelServer, type ScriptedModelServer } from '../fakes/model-server/scripted-model-server.js';

const test = suite<{ server: ScriptedModelServer }>('scripted model server');

test.before(async (ctx) => {
  ctx.server = await startScriptedModelServer({
    two: [
      { kind: 'shell', command: 'swarm task show "$SWARM_TASK_ID"', usage: { input: 100, output: 7, cacheRead: 50 } },
      { kind: 'answer', text: 'Finished.', usage: { input: 20, output: 3 }, failFirst: [{ status: 529 }, { status: 429, headers: { 'retry-after': '0' } }] },
    ],
  });
});
test.after(async ({ server }) => server.close());

const tools = [{ name: 'Bash', description: 'run', input_schema: { type: 'object' as const, properties: { command: { type: 'string' } } } }];

test('without streaming: one JSON message per turn, the turn read from the tool results sent back, failures first', async ({ server }) => {
  const client = new Anthropic({ baseURL: server.url, apiKey: 'sk-scripted', maxRetries: 3 });
  const first = await client.messages.create({ model: 'claude-sonnet-4-6', max_tokens: 100, tools, messages: [{ role: 'user', content: 'script:two go' }] });
  assert.is(first.stop_reason, 'tool_use');
  const use = first.content[0]!;
  assert.ok(use.type === 'tool_use' && use.name === 'Bash');
  assert.equal((use as { input: unknown }).input, { command: 'swarm task show "$SWARM_TASK_ID"', description: 'Run a command' });
  assert.equal(first.usage.input_tokens, 100);
  assert.equal(first.usage.cache_read_input_tokens, 50);
  assert.equal(first.usage.output_tokens, 7);
  const second = await client.messages.create({
    model: 'claude-sonnet-4-6',
    max_tokens: 100,
    tools,
    messages: [
      { role: 'user', content: 'script:two go' },
      { role: 'assistant', content: first.content },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: (use as { id: string }).id, content: 'task t-1: claimed' }] },
    ],
  });
  assert.equal(second.content, [{ type: 'text', text: 'Finished.' }]);
  assert.is(second.stop_reason, 'end_turn');
  assert.equal(server.requests.filter((r) => r.script === 'two').map((r) => `${r.turn}:${r.status}`), ['0:200', '1:529', '1:429', '1:200']);
});

test('a request outside any script gets a short answer; an unknown path a 404', async ({ server }) => {
  const client = new Anthropic({ baseURL: server.url, apiKey: 'sk-scripted', maxRetries: 0 });
  const reply = await client.messages.create({ model: 'claude-haiku-4-5', max_tokens: 10, messages: [{ role: 'user', content: 'a title for this session' }] });
  assert.equal(reply.content, [{ type: 'text', text: 'OK.' }]);
  assert.is((await fetch(`${server.url}/v1/models`)).status, 404);
});

test.run();
