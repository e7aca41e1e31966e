// A command an agent run sent without the authority for it raises a notification (issue 13 point 5), once per
// refusal however often it is delivered, and only the first few of one run (a looping agent does not flood people).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { RecordedEvent } from '../../domain/log/envelope.js';
import { recordRefusal, type RefusalInput } from '../../processes/commands/refusal-commands.js';
import { reactTo } from '../../processes/engine/run-process-managers.js';
import { refusalNotificationsPerRun } from '../../processes/notifications/notification-texts.js';
import type { Notification, Notifier } from '../../processes/notifications/notifier.js';
import { notificationsProcess } from '../../processes/notifications/notifications-process.js';
import type { TestRuntime } from '../fixtures/test-runtime.js';
import { testOnEachStore, type StoreCase } from '../fixtures/store-cases.js';

const now = '2026-03-02T10:00:00.000Z';

const recording = (): Notifier & { sent: Notification[] } => {
  const sent: Notification[] = [];
  return { sent, notify: async (n) => void sent.push(n) };
};

const withRuntime = (name: string, body: (rt: TestRuntime, store: StoreCase) => Promise<void>) => testOnEachStore(name, body, { now });

/** Records a refusal as the agent endpoint does and returns its AgentCommandRefused event as the log holds it. */
const refused = async (rt: TestRuntime, input: Partial<RefusalInput> = {}): Promise<RecordedEvent> => {
  const recorded = await recordRefusal(rt, {
    agent: 'tester',
    command: 'swarm approve 0192aaaa',
    reason: 'human_only',
    message: 'swarm approve: approving is for people (a human gate)',
    runId: '0192bbbb-cccc-7ddd-8eee-ffff00001111',
    taskId: '0192cccc-dddd-7eee-8fff-000011112222',
    ...input,
  });
  if (recorded._tag === 'Left') throw new Error(recorded.left.message);
  const read = await rt.log.readStream(`refusal-${recorded.right.refusalId}`);
  if (read._tag === 'Left') throw new Error('unreadable');
  return read.right[0]!;
};

const raised = async (rt: TestRuntime) => {
  const kinds: string[] = [];
  for await (const e of rt.log.readAll({ filter: { eventTypes: ['NotificationRaised'] } })) kinds.push((e.data as { kind: string }).kind);
  return kinds;
};

withRuntime('a refused agent command notifies who tried what in which run, why it was refused, with a link to the run', async (rt) => {
  const notifier = recording();
  await reactTo(notificationsProcess(notifier, { dashboardUrl: 'http://127.0.0.1:8080' }), await refused(rt), rt);
  assert.is(notifier.sent.length, 1);
  const [n] = notifier.sent;
  assert.is(n!.kind, 'agent_refused');
  assert.is(n!.title, '🚫 Agent command refused: tester — a human-only command');
  assert.match(n!.text, 'tester in run 0192bbbb-cccc-7ddd (task 0192cccc-dddd-7eee) sent: swarm approve 0192aaaa');
  assert.match(n!.text, 'Refused: swarm approve: approving is for people (a human gate)');
  assert.match(n!.text, 'Nothing was done');
  assert.is(n!.link, 'http://127.0.0.1:8080/replay?run=0192bbbb-cccc-7ddd-8eee-ffff00001111');
  assert.equal(await raised(rt), ['agent_refused']);
});

withRuntime('a token the swarm never issued is notified too, naming the claimed agent, without a run link', async (rt) => {
  const notifier = recording();
  const event = await refused(rt, { agent: 'unknown', reason: 'unknown_token', message: 'this token was never issued by this swarm (no run capability)', runId: undefined, taskId: undefined });
  await reactTo(notificationsProcess(notifier, { dashboardUrl: 'http://127.0.0.1:8080/' }), event, rt);
  assert.is(notifier.sent[0]!.title, '🚫 Agent command refused: unknown — a token the swarm never issued');
  assert.match(notifier.sent[0]!.text, /^unknown sent: swarm approve 0192aaaa/);
  assert.is(notifier.sent[0]!.link, 'http://127.0.0.1:8080/');
});

withRuntime('a redelivered refusal notifies once', async (rt) => {
  const notifier = recording();
  const manager = notificationsProcess(notifier);
  const event = await refused(rt);
  await reactTo(manager, event, rt);
  await reactTo(manager, event, rt);
  assert.is(notifier.sent.length, 1);
  assert.equal(await raised(rt), ['agent_refused']);
});

withRuntime('an agent that keeps trying is notified for its first refusals only; every refusal stays recorded', async (rt) => {
  const notifier = recording();
  const manager = notificationsProcess(notifier);
  const events: RecordedEvent[] = [];
  for (let i = 0; i < refusalNotificationsPerRun + 3; i++) events.push(await refused(rt, { command: `swarm approve attempt-${i}` }));
  // Delivered late and out of order (a restart): which refusals are notified is decided by their place in the log.
  for (const event of [...events].reverse()) await reactTo(manager, event, rt);
  assert.is(notifier.sent.length, refusalNotificationsPerRun);
  const texts = notifier.sent.map((n) => n.text).reverse();
  assert.match(texts[0]!, 'attempt-0');
  assert.match(texts[refusalNotificationsPerRun - 1]!, 'Further refused commands of this run are recorded but not notified.');
  assert.not.match(texts[0]!, 'Further refused');
  // Another run of the same agent is notified again.
  await reactTo(manager, await refused(rt, { runId: 'another-run' }), rt);
  assert.is(notifier.sent.length, refusalNotificationsPerRun + 1);
  let recorded = 0;
  for await (const _ of rt.log.readAll({ filter: { eventTypes: ['AgentCommandRefused'] } })) recorded++;
  assert.is(recorded, refusalNotificationsPerRun + 4);
});

withRuntime('refusals without a run count together per day, whatever agent the caller claims to be', async (rt) => {
  const notifier = recording();
  const manager = notificationsProcess(notifier);
  for (let i = 0; i < refusalNotificationsPerRun + 2; i++)
    await reactTo(manager, await refused(rt, { agent: `claimed-${i}`, reason: 'unknown_token', message: 'never issued', runId: undefined, taskId: undefined }), rt);
  assert.is(notifier.sent.length, refusalNotificationsPerRun);
  assert.match(notifier.sent[refusalNotificationsPerRun - 1]!.text, 'Further refused commands without a run today are recorded but not notified.');
});

withRuntime('a refusal older than a day is not notified', async (rt) => {
  const notifier = recording();
  rt.setNow('2026-02-20T10:00:00.000Z');
  const event = await refused(rt);
  rt.setNow(now);
  await reactTo(notificationsProcess(notifier), event, rt);
  assert.is(notifier.sent.length, 0);
});

test.run();
