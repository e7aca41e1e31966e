import { isLeft, isRight } from 'fp-ts/lib/Either.js';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { agentDecider } from '../../domain/agent/index.js';
import type { EventData } from '../../domain/log/envelope.js';
import type { ReadStreamOptions } from '../../domain/log/event-store.js';
import { mailboxDecider } from '../../domain/mailbox/index.js';
import { eventIdsAfter } from '../../domain/log/event-ids.js';
import { handleCommand } from '../../processes/commands/handle-command.js';
import { snapshotsName, snapshotTrail } from '../../processes/commands/stream-snapshots.js';
import { createTestRuntime, type TestRuntime } from '../fixtures/test-runtime.js';

/**
 * Streams that never end are folded from a snapshot (processes/commands/stream-snapshots.ts): the command reads
 * only the events after it, decides as a fold of the whole stream would, and ignores a snapshot the log no longer
 * backs. On the real SQLite log and projection store.
 */
const test = suite<{ rt: TestRuntime; reads: (ReadStreamOptions | undefined)[] }>('stream snapshots');

test.before.each((ctx) => {
  ctx.rt = createTestRuntime();
  ctx.reads = [];
  const readStream = ctx.rt.log.readStream.bind(ctx.rt.log);
  // Every read of a stream is recorded, to see how much of it a command read.
  (ctx.rt.log as { readStream: typeof readStream }).readStream = (stream, options) => (ctx.reads.push(options), readStream(stream, options));
});
test.after.each(async ({ rt }) => rt.dispose());

const meta = { correlationId: 'c', causationId: 'c', actor: { kind: 'system' as const, id: 'test' }, at: '2026-01-01T00:00:00.000Z', schemaVersion: 1 };
const at = (i: number) => new Date(Date.parse('2026-01-01T00:00:00.000Z') + i * 30_000).toISOString();
const beats = (from: number, n: number): EventData[] => Array.from({ length: n }, (_, k) => ({ id: `beat-${from + k}`, type: 'AgentHeartbeat', data: { at: at(from + k) }, metadata: meta }));
const origin = { correlationId: 'c', causationId: 'c' };
const tester = { kind: 'agent' as const, id: 'tester' };
const stored = (rt: TestRuntime, stream: string) => rt.projections.reader(snapshotsName).get<{ revision: number; eventId: string }>('snapshots', stream);

test('an agent stream: snapshot taken behind the head, then only the tail is read, deciding as the whole fold', async ({ rt, reads }) => {
  // A pause early on, then 1,000 heartbeats: the pause must survive in the snapshot.
  await rt.log.append('agent-tester', [{ id: 'pause', type: 'AgentPaused', data: { by: 'ana', reason: 'budget' }, metadata: meta }], { expectedRevision: 'no_stream' });
  for (let i = 0; i < 1000; i += 250) await rt.log.append('agent-tester', beats(i, 250), { expectedRevision: 'any' });
  const ctx = { now: at(1000), actor: tester, agent: 'tester' };
  const first = await handleCommand(rt, agentDecider, 'agent-tester', { type: 'RecordHeartbeat' }, ctx, origin);
  assert.ok(isRight(first));
  assert.is(first.right.events.length, 1);
  assert.equal(reads, [undefined], 'no snapshot yet: the whole stream');
  // Revisions 0..1000 were folded; the snapshot is the state snapshotTrail events before the head.
  assert.is(stored(rt, 'agent-tester')?.revision, 1000 - snapshotTrail);
  reads.length = 0;
  // Paused (from revision 0, before the snapshot): going to work is refused, from the snapshot's state.
  const refused = await handleCommand(rt, agentDecider, 'agent-tester', { type: 'ChangeAgentStatus', status: 'working', currentTaskId: 't1' }, { ...ctx, now: at(1001) }, origin);
  assert.ok(isLeft(refused));
  assert.match(refused.left.message, /paused/);
  assert.equal(reads, [{ fromRevision: 1000 - snapshotTrail }]);
  // A beat too close to the last one (recorded after the snapshot) is not recorded.
  const close = await handleCommand(rt, agentDecider, 'agent-tester', { type: 'RecordHeartbeat' }, { ...ctx, now: new Date(Date.parse(at(1000)) + 1000).toISOString() }, origin);
  assert.ok(isRight(close));
  assert.is(close.right.events.length, 0);
  // And an append still uses the stream's real revision.
  const later = await handleCommand(rt, agentDecider, 'agent-tester', { type: 'RecordHeartbeat' }, { ...ctx, now: at(1002) }, origin);
  assert.ok(isRight(later));
  assert.is(later.right.events[0]!.revision, 1002);
});

test('a snapshot the log no longer backs (replaced log) is ignored', async ({ rt, reads }) => {
  await rt.log.append('agent-tester', beats(0, 400), { expectedRevision: 'no_stream' });
  const ctx = { now: at(400), actor: tester, agent: 'tester' };
  assert.ok(isRight(await handleCommand(rt, agentDecider, 'agent-tester', { type: 'RecordHeartbeat' }, ctx, origin)));
  const snapshot = stored(rt, 'agent-tester')!;
  // The event at the snapshot's revision is another one now (as after a restore of another log).
  rt.projections.write((tx) => tx.docs(snapshotsName).put('snapshots', 'agent-tester', { ...(tx.docs(snapshotsName).get('snapshots', 'agent-tester') as object), eventId: 'not-this-log' }), { projections: [snapshotsName] });
  reads.length = 0;
  const again = await handleCommand(rt, agentDecider, 'agent-tester', { type: 'RecordHeartbeat' }, { ...ctx, now: at(402) }, origin);
  assert.ok(isRight(again));
  assert.is(again.right.events.length, 1);
  assert.equal(reads, [{ fromRevision: snapshot.revision }, undefined], 'tried the snapshot, then read the whole stream');
});

test('a mailbox: a message sent long ago is found and read once, from the snapshot', async ({ rt }) => {
  const sent = (i: number): EventData => ({ id: `sent-${i}`, type: 'MessageSent', data: { messageId: `m${i}`, from: 'pm', to: 'tester', type: 'notify', payload: {} }, metadata: meta });
  await rt.log.append('mailbox-tester', Array.from({ length: 500 }, (_, i) => sent(i)), { expectedRevision: 'no_stream' });
  const ctx = { now: at(1), actor: tester, mailbox: 'tester' };
  const read = (id: string) => handleCommand(rt, mailboxDecider, 'mailbox-tester', { type: 'MarkMessageRead', messageId: id }, ctx, origin);
  const first = await read('m3');
  assert.ok(isRight(first) && first.right.events.length === 1);
  assert.ok(stored(rt, 'mailbox-tester'), 'a snapshot was taken');
  // From the snapshot: m3 already read (nothing appended), m4 unread, m999 unknown, a second sending refused.
  const again = await read('m3');
  assert.ok(isRight(again) && again.right.events.length === 0);
  const other = await read('m4');
  assert.ok(isRight(other) && other.right.events.length === 1);
  const missing = await read('m999');
  assert.ok(isLeft(missing) && missing.left.code === 'not_found');
  const resend = await handleCommand(rt, mailboxDecider, 'mailbox-tester', { type: 'SendMessage', messageId: 'm7', to: 'tester', messageType: 'notify', payload: {} }, { ...ctx, actor: { kind: 'agent', id: 'pm' } }, origin);
  assert.ok(isLeft(resend) && resend.left.code === 'conflict');
});

test('a redelivered cause whose follow-up is among the latest events is still recognised', async ({ rt }) => {
  await rt.log.append('agent-tester', beats(0, 400), { expectedRevision: 'no_stream' });
  const ctx = { now: at(400), actor: { kind: 'system' as const, id: 'pipeline' }, agent: 'tester' };
  const ids = (i: number) => `follow-up-${i}`;
  const once = await handleCommand(rt, agentDecider, 'agent-tester', { type: 'ChangeAgentStatus', status: 'idle' }, ctx, origin, { eventIds: ids });
  assert.ok(isRight(once) && once.right.events.length === 1);
  assert.ok(stored(rt, 'agent-tester'));
  await rt.log.append('agent-tester', beats(401, 20), { expectedRevision: 'any' });
  const redelivered = await handleCommand(rt, agentDecider, 'agent-tester', { type: 'ChangeAgentStatus', status: 'idle' }, ctx, origin, { eventIds: ids });
  assert.ok(isRight(redelivered));
  assert.is(redelivered.right.events[0]!.id, 'follow-up-0');
  assert.is(redelivered.right.position, once.right.position);
});

test('a redelivered cause whose follow-up is long before the snapshot is recognised, reading back only to the cause', async ({ rt, reads }) => {
  const appended = await rt.log.append('agent-tester', beats(0, 400), { expectedRevision: 'no_stream' });
  assert.ok(isRight(appended));
  // The cause (on another stream) comes after the first 400 beats; its follow-up is appended at once.
  const cause = await rt.log.append('run-r1', [{ id: 'cause', type: 'RunFinished', data: {}, metadata: meta }], { expectedRevision: 'no_stream' });
  assert.ok(isRight(cause));
  const ids = eventIdsAfter((i) => `follow-up-${i}`, cause.right.position);
  const ctx = { now: at(400), actor: { kind: 'system' as const, id: 'pipeline' }, agent: 'tester' };
  const once = await handleCommand(rt, agentDecider, 'agent-tester', { type: 'ChangeAgentStatus', status: 'idle' }, ctx, origin, { eventIds: ids });
  assert.ok(isRight(once) && once.right.events.length === 1);
  // 1,600 beats later (the snapshot moved far past the follow-up), the cause is delivered again.
  for (let i = 401; i < 2001; i += 400) await rt.log.append('agent-tester', beats(i, 400), { expectedRevision: 'any' });
  assert.ok(isRight(await handleCommand(rt, agentDecider, 'agent-tester', { type: 'RecordHeartbeat' }, { ...ctx, now: at(2002), actor: tester }, origin)));
  assert.ok(stored(rt, 'agent-tester')!.revision > 1500, 'the snapshot is far past the follow-up');
  reads.length = 0;
  const redelivered = await handleCommand(rt, agentDecider, 'agent-tester', { type: 'ChangeAgentStatus', status: 'idle' }, ctx, origin, { eventIds: ids });
  assert.ok(isRight(redelivered));
  assert.is(redelivered.right.events.length, 1);
  assert.is(redelivered.right.events[0]!.id, 'follow-up-0', 'found, not appended again');
  assert.is(redelivered.right.position, once.right.position);
  const backwards = reads.filter((r) => r?.direction === 'backwards');
  assert.ok(backwards.length >= 1 && backwards.length <= 4, `read back page by page to the follow-up (${backwards.length} pages)`);
  const last = await rt.log.readStream('agent-tester', { direction: 'backwards', maxCount: 1 });
  assert.ok(isRight(last) && last.right[0]!.type === 'AgentHeartbeat', 'nothing appended by the redelivery');
});

test('a first delivery reads back no further than its cause; new ids (a person\'s command) not at all', async ({ rt, reads }) => {
  await rt.log.append('agent-tester', beats(0, 1500), { expectedRevision: 'no_stream' });
  const cause = await rt.log.append('run-r2', [{ id: 'cause-2', type: 'RunFinished', data: {}, metadata: meta }], { expectedRevision: 'no_stream' });
  assert.ok(isRight(cause));
  await rt.log.append('agent-tester', beats(1500, 1500), { expectedRevision: 'any' });
  const ctx = { now: at(3000), actor: tester, agent: 'tester' };
  assert.ok(isRight(await handleCommand(rt, agentDecider, 'agent-tester', { type: 'RecordHeartbeat' }, ctx, origin)));
  reads.length = 0;
  const pm = { now: at(3001), actor: { kind: 'system' as const, id: 'pipeline' }, agent: 'tester' };
  const first = await handleCommand(rt, agentDecider, 'agent-tester', { type: 'ChangeAgentStatus', status: 'idle' }, pm, origin, { eventIds: eventIdsAfter((i) => `pm-${i}`, cause.right.position) });
  assert.ok(isRight(first) && first.right.events.length === 1);
  // The snapshot is ~1,400 beats after the cause: three pages of 500 back reach it, not the 1,500 beats before it.
  assert.is(reads.filter((r) => r?.direction === 'backwards').length, 3);
  // A cause after the snapshot: the events read after the snapshot hold its follow-ups; nothing is read back.
  const later = await rt.log.append('run-r3', [{ id: 'cause-3', type: 'RunFinished', data: {}, metadata: meta }], { expectedRevision: 'no_stream' });
  assert.ok(isRight(later));
  reads.length = 0;
  const second = await handleCommand(rt, agentDecider, 'agent-tester', { type: 'ChangeAgentStatus', status: 'idle' }, { ...pm, now: at(3002) }, origin, { eventIds: eventIdsAfter((i) => `pm3-${i}`, later.right.position) });
  assert.ok(isRight(second));
  assert.is(reads.filter((r) => r?.direction === 'backwards').length, 0);
  reads.length = 0;
  const fresh = await handleCommand(rt, agentDecider, 'agent-tester', { type: 'RecordHeartbeat' }, { ...ctx, now: at(3300) }, origin, { eventIds: eventIdsAfter((i) => `new-${i}`, 'new') });
  assert.ok(isRight(fresh) && fresh.right.events.length === 1);
  assert.is(reads.filter((r) => r?.direction === 'backwards').length, 0);
});

test.run();
