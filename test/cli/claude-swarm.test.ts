import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { buildOnce, cliHome } from './collaboration-cli.js';

buildOnce();

type Proposals = { proposals: { id: string; status: string; proposed_by: string; tally: { for: number; against: number }; votes_for: string[] }[] };

const openProposal = (h: ReturnType<typeof cliHome>, author = 'hunter') => {
  const r = h.run('claude-swarm', ['propose', 'new_agent', 'Researcher', 'We need market validation', '--json'], author);
  assert.is(r.code, 0, r.stderr);
  return r.json<{ proposal_id: string }>().proposal_id;
};

test('claude-swarm discuss "hunter" "Found a gap" posts as the agent, and --recent shows it', () => {
  const h = cliHome();
  const posted = h.run('claude-swarm', ['discuss', 'hunter', 'Found a gap'], 'hunter');
  assert.is(posted.code, 0, posted.stderr);
  assert.match(posted.stdout, /Posted to general as hunter/);
  const recent = h.run('claude-swarm', ['discuss', '--recent']);
  assert.match(recent.stdout, /\[hunter\] #general: Found a gap/);
  h.cleanup();
});

test('claude-swarm discuss --in-topic posts there; --recent --topic and --topic read only that topic', () => {
  const h = cliHome();
  assert.is(h.run('claude-swarm', ['discuss', 'liaison', 'On it', '--in-topic', 'human_chat'], 'liaison').code, 0);
  assert.is(h.run('claude-swarm', ['discuss', 'critic', 'elsewhere'], 'critic').code, 0);
  const recent = h.run('claude-swarm', ['discuss', '--recent', '--topic', 'human_chat', '--json']).json<{ posts: { content: string }[] }>();
  assert.equal(recent.posts.map((p) => p.content), ['On it']);
  const topic = h.run('claude-swarm', ['discuss', '--topic', 'general', '--json']).json<{ posts: { author: string }[] }>();
  assert.equal(topic.posts.map((p) => p.author), ['critic']);
  h.cleanup();
});

test('claude-swarm discuss as another agent than SWARM_AGENT is refused with exit 2 and appends nothing', () => {
  const h = cliHome();
  const r = h.run('claude-swarm', ['discuss', 'critic', 'pretending'], 'hunter');
  assert.is(r.code, 2);
  assert.match(r.stderr, /AGENT/);
  assert.is(h.eventCount(), 0);
  h.cleanup();
});

test('at a terminal, claude-swarm discuss NAME posts as the person; a NAME that is no agent, human or the person is refused (exit 2)', () => {
  const h = cliHome();
  const seedForm = h.run('claude-swarm', ['discuss', 'hunter', 'from the terminal']);
  assert.is(seedForm.code, 0, seedForm.stderr);
  const unknown = h.run('claude-swarm', ['discuss', 'nobody', 'hi']);
  assert.is(unknown.code, 2);
  assert.match(unknown.stderr, /AGENT: "nobody" is not an agent/);
  assert.is(h.run('claude-swarm', ['discuss', 'human', 'hi']).code, 0);
  assert.is(h.eventCount(), 2);
  h.cleanup();
});

test('claude-swarm propose opens a proposal and posts it in its topic', () => {
  const h = cliHome();
  const id = openProposal(h);
  const listed = h.run('claude-swarm', ['proposals', '--json']).json<Proposals>();
  assert.equal(listed.proposals.map((p) => [p.id, p.status, p.proposed_by]), [[id, 'open', 'hunter']]);
  const topic = h.run('claude-swarm', ['discuss', '--topic', `proposal:${id}`, '--json']).json<{ posts: { content: string }[] }>();
  assert.match(topic.posts[0]!.content, /^🗳️ PROPOSAL: Researcher/);
  h.cleanup();
});

test('claude-swarm propose with an unknown type exits 2 naming the type and listing the accepted ones', () => {
  const h = cliHome();
  const r = h.run('claude-swarm', ['propose', 'new_robot', 'x', 'y'], 'hunter');
  assert.is(r.code, 2);
  assert.match(r.stderr, /type: expected one of new_agent, modify_agent, kill_agent, new_skill, pivot, rule_change/);
  assert.is(h.eventCount(), 0);
  h.cleanup();
});

test('claude-swarm propose with a payload that is not JSON exits 2 naming payload', () => {
  const h = cliHome();
  const r = h.run('claude-swarm', ['propose', 'pivot', 'x', 'y', '{nope'], 'hunter');
  assert.is(r.code, 2);
  assert.match(r.stderr, /payload/);
  assert.is(h.eventCount(), 0);
  h.cleanup();
});

test('claude-swarm vote <id> for "good idea": 2–1 approves, creates meta\'s task and tells every agent', () => {
  const h = cliHome();
  const id = openProposal(h);
  assert.is(h.run('claude-swarm', ['vote', id, 'for', 'good idea'], 'critic').code, 0);
  assert.is(h.run('claude-swarm', ['vote', id, 'No'], 'pm').code, 0);
  const deciding = h.run('claude-swarm', ['vote', id, '👍', '--json'], 'builder');
  assert.is(deciding.code, 0, deciding.stderr);
  const out = deciding.json<{ proposal_status: string; implementation_task_id: string }>();
  assert.is(out.proposal_status, 'approved');
  const approved = h.run('claude-swarm', ['proposals', '--approved', '--json']).json<Proposals>();
  assert.equal(approved.proposals.map((p) => [p.id, p.tally.for, p.tally.against]), [[id, 2, 1]]);
  const tasks = h.run('claude-tasks', ['list']).json<{ tasks: { id?: string; task_id?: string; type: string; assigned_to: string }[] }>().tasks;
  assert.equal(tasks.map((t) => [t.type, t.assigned_to]), [['implement_proposal', 'meta']]);
  for (const agent of ['meta', 'hunter', 'support']) {
    const mail = h.run('claude-tasks', ['messages', '--agent', agent]).json<{ messages: { type: string }[] }>();
    assert.equal(mail.messages.map((m) => m.type), ['proposal_approved'], agent);
  }
  h.cleanup();
});

test('a vote after the decision is refused with exit 1 (W-24)', () => {
  const h = cliHome();
  const id = openProposal(h);
  for (const voter of ['critic', 'pm', 'tester']) assert.is(h.run('claude-swarm', ['vote', id, 'against'], voter).code, 0);
  const late = h.run('claude-swarm', ['vote', id, 'for'], 'builder');
  assert.is(late.code, 1);
  assert.match(late.stderr, /rejected; votes are closed/);
  h.cleanup();
});

test('voting twice is refused, and --agent must be SWARM_AGENT (W-24)', () => {
  const h = cliHome();
  const id = openProposal(h);
  assert.is(h.run('claude-swarm', ['vote', id, 'yes'], 'critic').code, 0);
  assert.is(h.run('claude-swarm', ['vote', id, 'yes'], 'critic').code, 1);
  const spoof = h.run('claude-swarm', ['vote', id, 'yes', '--agent', 'pm'], 'critic');
  assert.is(spoof.code, 2);
  assert.match(spoof.stderr, /--agent/);
  h.cleanup();
});

test('an unknown vote word exits 2 listing the accepted words, and appends nothing (the original counted it against)', () => {
  const h = cliHome();
  const id = openProposal(h);
  const before = h.eventCount();
  const r = h.run('claude-swarm', ['vote', id, 'maybe'], 'critic');
  assert.is(r.code, 2);
  assert.match(r.stderr, /direction: "maybe" is not a vote; accepted .*yes, approve.*no, reject/);
  assert.is(h.eventCount(), before);
  h.cleanup();
});

test('claude-swarm status shows agents, the queue, open proposals and recent discussions', () => {
  const h = cliHome();
  openProposal(h);
  h.run('claude-swarm', ['discuss', 'hunter', 'hello'], 'hunter');
  const status = h.run('claude-swarm', ['status', '--json']).json<{ openProposals: number; topProposals: unknown[]; discussionsLast30Min: number; agents: unknown[]; queue: { total: number } }>();
  assert.is(status.openProposals, 1);
  assert.is(status.topProposals.length, 1);
  assert.is(status.discussionsLast30Min, 2);
  assert.is(status.agents.length, 10);
  assert.is(status.queue.total, 0);
  h.cleanup();
});

test('meta marks an approved rule_change implemented, which changes the quorum (W-32)', () => {
  const h = cliHome();
  const made = h.run('claude-swarm', ['propose', 'rule_change', 'Quorum 4', 'More voices', '{"setting":"quorum","value":4}', '--json'], 'meta');
  assert.is(made.code, 0, made.stderr);
  const id = made.json<{ proposal_id: string }>().proposal_id;
  for (const voter of ['critic', 'pm', 'tester']) h.run('claude-swarm', ['vote', id, 'for'], voter);
  assert.is(h.run('claude-swarm', ['implemented', id], 'builder').code, 1);
  const done = h.run('claude-swarm', ['implemented', id, '--json'], 'meta');
  assert.is(done.code, 0, done.stderr);
  assert.equal(done.json<{ setting_changed: unknown }>().setting_changed, { setting: 'quorum', value: 4, previous: 3 });
  // With quorum 4, three votes for no longer decide.
  const next = h.run('claude-swarm', ['propose', 'pivot', 'P', 'D', '--json'], 'hunter').json<{ proposal_id: string }>().proposal_id;
  for (const voter of ['critic', 'pm', 'tester']) h.run('claude-swarm', ['vote', next, 'for'], voter);
  const open = h.run('claude-swarm', ['proposals', '--json']).json<Proposals>();
  assert.equal(open.proposals.map((p) => p.id), [next]);
  h.cleanup();
});

test.run();
