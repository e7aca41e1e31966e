import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { agentMayRun } from '../../domain/refusal/authority.js';

// Which commands a run's token may send (issue 13 point 5): refused ones are recorded by the agent endpoint.
const test = suite('what an agent may run');
const reason = (...a: Parameters<typeof agentMayRun>) => {
  const v = agentMayRun(...a);
  return v.allowed ? 'allowed' : v.reason;
};

test('the human gates and the decisions around them are refused as human_only', () => {
  assert.is(reason('swarm', ['approve', 'a1']), 'human_only');
  assert.is(reason('swarm', ['approvals', 'retry', 'a1', '--note', 'again']), 'human_only');
  assert.is(reason('swarm', ['approvals', '--status', 'publish_failed', 'retry', 'a1']), 'human_only');
  assert.is(reason('swarm', ['budget', 'raise', 'builder', '10']), 'human_only');
  assert.is(reason('swarm', ['task', 'create', '--type', 'evaluate_idea', '--revive', 'worth another go']), 'human_only');
  assert.is(reason('claude-tasks', ['submit-project', '-t', 'Dotenv Linter', '--revive=again']), 'human_only');
});

test('agent work is allowed: reading the queue, its own tasks, submitting a project without --revive', () => {
  assert.is(reason('swarm', ['approvals', '--status', 'publish_failed']), 'allowed');
  assert.is(reason('swarm', ['task', 'create', '--type', 'evaluate_idea', '--payload', '{"title":"x"}']), 'allowed');
  assert.is(reason('claude-tasks', ['submit-project', '-t', 'Dotenv Linter']), 'allowed');
  assert.is(reason('swarm', ['budget', 'show']), 'allowed');
});

test('running the swarm, its config and sales are not for agents', () => {
  assert.is(reason('swarm', ['up']), 'not_for_agents');
  assert.is(reason('swarm', ['income', 'record']), 'not_for_agents');
  assert.is(reason('swarm', ['events', '--follow']), 'not_for_agents');
  assert.is(reason('swarm', ['doctor']), 'not_for_agents');
});

test.run();
