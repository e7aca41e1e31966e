// Synthetic swarm history for `npm run bench:core`: what months of a busy swarm leave in the log — mostly task
// lifecycles (created, claimed, completed, sometimes failed or released), agent runs with tool calls and TokensUsed,
// discussions and votes, mail, heartbeats, memories and a few sales and refunds — interleaved as they would be, with
// the metadata the command layer writes. Deterministic (seeded), so every run folds the same log.
import type { EventData, EventMetadata } from '../domain/log/envelope.js';
import type { EventStore } from '../domain/log/event-store.js';
import { newEventId } from '../infra/log/event-ids.js';

/** One append: events for one stream, as the command layer would write them. */
export interface HistoryAppend {
  readonly stream: string;
  readonly events: EventData[];
}

const roles: Record<string, readonly string[]> = {
  hunter: ['scan_platform', 'research'],
  critic: ['evaluate_idea'],
  pm: ['write_spec'],
  builder: ['build_product', 'fix_product'],
  reviewer: ['code_review', 'review_product'],
  tester: ['test_product'],
  publisher: ['deploy', 'market', 'write_content'],
  meta: ['implement_proposal'],
  liaison: ['respond_to_human'],
  support: ['monitor_github', 'triage_issue'],
};
const agents = Object.keys(roles);
const topics = ['ideas', 'architecture', 'pricing', 'marketing', 'retrospective', 'process'];
const words = 'a lean tool for indie makers that turns notes into invoices with a clean api and fast search across teams'.split(' ');

/** mulberry32: small, fast, seedable. */
const rng = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

interface OpenTask {
  readonly id: string;
  readonly type: string;
  readonly agent: string;
  generation: number;
  attempt: number;
}

/**
 * Yields appends until at least `totalEvents` events were produced. Time starts at `start` and moves a few seconds
 * per append, so days, leases and token days look like real ones.
 */
export function* swarmHistory(totalEvents: number, seed = 7, start = '2026-01-05T08:00:00.000Z'): Generator<HistoryAppend> {
  const random = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  const sentence = (n: number) => Array.from({ length: n }, () => pick(words)).join(' ');
  let clock = Date.parse(start);
  let produced = 0;
  let taskCounter = 0;
  let postCounter = 0;
  const pending: OpenTask[] = [];
  const claimed: OpenTask[] = [];
  const posts: string[] = [];
  const sales: string[] = [];

  const at = () => new Date(clock).toISOString();
  const meta = (actorId: string, correlationId: string, runId?: string): EventMetadata => ({
    correlationId,
    causationId: correlationId,
    actor: { kind: agents.includes(actorId) ? 'agent' : actorId === 'pipeline' ? 'system' : 'human', id: actorId },
    at: at(),
    schemaVersion: 1,
    ...(runId ? { runId } : {}),
  });
  const event = (type: string, data: unknown, metadata: EventMetadata): EventData => ({ id: newEventId(), type, data, metadata });
  const emit = (stream: string, events: EventData[]): HistoryAppend => {
    produced += events.length;
    clock += 500 + Math.floor(random() * 4000);
    return { stream, events };
  };
  const take = <T>(xs: T[]): T => xs.splice(Math.floor(random() * Math.min(xs.length, 16)), 1)[0]!;

  while (produced < totalEvents) {
    const r = random();
    if (r < 0.2 || (pending.length === 0 && r < 0.45)) {
      // A task is created by the agent upstream of it.
      const agent = pick(agents);
      const type = pick(roles[agent]!);
      const id = `${String(++taskCounter).padStart(8, '0')}-${Math.floor(random() * 1e9).toString(36)}`;
      const title = `${sentence(3)} ${taskCounter}`;
      pending.push({ id, type, agent, generation: 0, attempt: 0 });
      yield emit(`task-${id}`, [
        event(
          'TaskCreated',
          { taskId: id, type, priority: 1 + Math.floor(random() * 10), payload: { title, description: sentence(12) }, title, createdBy: pick(agents) },
          meta(pick(agents), id),
        ),
      ]);
    } else if (r < 0.4 && pending.length > 0) {
      const task = take(pending);
      task.generation += 1;
      task.attempt += 1;
      claimed.push(task);
      yield emit(`task-${task.id}`, [
        event('TaskClaimed', { agent: task.agent, generation: task.generation, attempt: task.attempt, leaseUntil: new Date(clock + 900_000).toISOString() }, meta(task.agent, task.id)),
      ]);
    } else if (r < 0.6 && claimed.length > 0) {
      const task = take(claimed);
      const outcome = random();
      if (outcome < 0.9) {
        yield emit(`task-${task.id}`, [
          event('TaskCompleted', { agent: task.agent, generation: task.generation, result: { summary: sentence(8), files: Math.floor(random() * 9) } }, meta(task.agent, task.id)),
        ]);
      } else if (outcome < 0.96 && task.attempt < 3) {
        pending.push(task);
        yield emit(`task-${task.id}`, [event('TaskReleased', { agent: task.agent, generation: task.generation, reason: 'rate limited', attemptRefunded: true }, meta(task.agent, task.id))]);
      } else {
        yield emit(`task-${task.id}`, [
          event('TaskFailed', { agent: task.agent, generation: task.generation, reason: `error: ${sentence(6)}`, deadLettered: task.attempt >= 3 }, meta(task.agent, task.id)),
        ]);
      }
    } else if (r < 0.72) {
      // An agent run: started, then its tool calls and token reports, then finished.
      const agent = pick(agents);
      const runId = newEventId();
      const stream = `run-${runId}`;
      const m = () => meta(agent, runId, runId);
      yield emit(stream, [
        event('RunStarted', { runId, agent, driver: 'claude-code', model: pick(['opus', 'sonnet']), promptHash: runId.replace(/-/g, ''), promptPath: `runs/${runId}/prompt.md`, logPath: `runs/${runId}/output.log` }, m()),
      ]);
      const body: EventData[] = [];
      let input = 0;
      let output = 0;
      let cost = 0;
      const steps = 2 + Math.floor(random() * 4);
      for (let i = 0; i < steps; i++) {
        body.push(event('ToolCalled', { name: pick(['Read', 'Edit', 'Bash', 'Grep', 'Write']), inputSummary: sentence(4) }, m()));
        const inputTokens = 500 + Math.floor(random() * 20_000);
        const outputTokens = 100 + Math.floor(random() * 4000);
        const costUsd = Math.round((inputTokens * 3 + outputTokens * 15) / 1000) / 1000;
        input += inputTokens;
        output += outputTokens;
        cost += costUsd;
        body.push(event('TokensUsed', { agent, inputTokens, outputTokens, costUsd, model: 'sonnet', provider: 'anthropic' }, m()));
      }
      body.push(event('RunFinished', { exitCode: 0, durationMs: 20_000 + Math.floor(random() * 600_000), inputTokens: input, outputTokens: output, costUsd: Math.round(cost * 1000) / 1000, outcome: 'completed' }, m()));
      yield emit(stream, body);
    } else if (r < 0.8) {
      const topic = pick(topics);
      const author = pick(agents);
      const postId = `p${++postCounter}`;
      const replyTo = posts.length > 0 && random() < 0.4 ? pick(posts.slice(-50)) : undefined;
      posts.push(postId);
      yield emit(`discussion-${topic}`, [event('PostAdded', { postId, author, topic, content: sentence(20), ...(replyTo ? { replyTo } : {}) }, meta(author, postId))]);
    } else if (r < 0.86 && posts.length > 0) {
      const postId = pick(posts.slice(-100));
      const voter = pick(agents);
      yield emit(`discussion-${pick(topics)}`, [event('PostVoted', { postId, voter: `${voter}-${Math.floor(random() * 1e6)}`, direction: random() < 0.8 ? 'up' : 'down' }, meta(voter, postId))]);
    } else if (r < 0.92) {
      const agent = pick(agents);
      yield emit(
        `agent-${agent}`,
        random() < 0.7
          ? [event('AgentHeartbeat', { at: at() }, meta(agent, agent))]
          : [event('AgentStatusChanged', { status: pick(['working', 'idle', 'online']) }, meta(agent, agent))],
      );
    } else if (r < 0.96) {
      const from = pick(agents);
      const to = pick(agents);
      const messageId = newEventId();
      yield emit(`mailbox-${to}`, [event('MessageSent', { messageId, from, to, type: 'note', payload: { text: sentence(10) } }, meta(from, messageId))]);
    } else if (r < 0.98) {
      const by = pick(agents);
      const memoryId = newEventId();
      yield emit(`memory-${memoryId}`, [
        event('MemoryRecorded', { memoryId, type: pick(['fact', 'lesson', 'discovery']), content: sentence(15), tags: ['bench'], importance: 1 + Math.floor(random() * 10), incomePotential: 0, by }, meta(by, memoryId)),
      ]);
    } else if (sales.length > 0 && random() < 0.1) {
      const stream = pick(sales);
      yield emit(stream, [event('IncomeRefunded', { amountMinor: 900, reason: 'customer asked', externalRefundId: `r-${stream.slice(-10)}` }, meta('pipeline', stream))]);
    } else {
      const externalId = `g${sales.length + 1}`;
      const stream = `sale-gumroad-${externalId}`;
      sales.push(stream);
      yield emit(stream, [
        event('IncomeRecorded', { source: 'gumroad', product: `product-${1 + Math.floor(random() * 40)}`, amountMinor: 900 + Math.floor(random() * 4000), currency: 'USD', externalId, occurredAt: at() }, meta('pipeline', stream)),
      ]);
    }
  }
}

/** Appends `history` through the adapter, calling `every` after each `interval` events (e.g. to fold incrementally). */
export const appendHistory = async (
  log: EventStore,
  history: Iterable<HistoryAppend>,
  options: { interval?: number; every?: (events: number) => Promise<void> } = {},
): Promise<number> => {
  let events = 0;
  let nextCall = options.interval ?? Number.POSITIVE_INFINITY;
  for (const { stream, events: batch } of history) {
    const appended = await log.append(stream, batch);
    if (appended._tag === 'Left') throw new Error(`append to ${stream}: ${appended.left.message}`);
    events += batch.length;
    if (events >= nextCall) {
      await options.every?.(events);
      nextCall += options.interval!;
    }
  }
  return events;
};
