import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Actor } from '../../domain/log/envelope.js';
import { followUpEventId, newEventId } from '../../infra/log/event-ids.js';
import { createSqliteEventStore } from '../../infra/log/sqlite/sqlite-event-store.js';
import { createSqliteProjectionStore } from '../../infra/projections/sqlite-projection-store.js';
import { castVote, createProposal, followUpDecision } from '../../processes/commands/proposal-commands.js';
import type { SwarmRuntime } from '../../processes/commands/runtime.js';
import { defaultSettings } from '../fixtures/test-runtime.js';

const as = (id: string): { actor: Actor } => ({ actor: { kind: 'agent', id } });

test('running an approval\'s follow-ups again (a retry, a redelivery) creates no second task, mail or post', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'swarmlog-followups-'));
  const log = createSqliteEventStore({ path: join(dir, 'swarm.db') });
  const projections = createSqliteProjectionStore(join(dir, 'projections.db'));
  const runtime: SwarmRuntime = {
    log,
    projections,
    settings: defaultSettings,
    now: () => new Date().toISOString(),
    newEventId,
    newId: newEventId,
    followUpId: followUpEventId,
  };
  const created = await createProposal(runtime, as('hunter'), { type: 'new_agent', title: 'Researcher', description: 'We need one' });
  assert.ok(created._tag === 'Right');
  const proposalId = created.right.proposalId;
  for (const voter of ['critic', 'pm']) await castVote(runtime, as(voter), { proposalId, vote: 'for' });
  const deciding = await castVote(runtime, as('tester'), { proposalId, vote: 'for' });
  assert.ok(deciding._tag === 'Right' && deciding.right.status === 'approved');
  const headBefore = await log.headPosition();
  const stream = await log.readStream(`proposal-${proposalId}`);
  assert.ok(stream._tag === 'Right');
  const approved = stream.right.find((e) => e.type === 'ProposalApproved')!;
  const again = await followUpDecision(runtime, approved, { proposalId, title: 'Researcher', proposalType: 'new_agent' });
  assert.ok(again._tag === 'Right');
  assert.is(again.right.implementationTaskId, deciding.right.implementationTaskId);
  assert.is(await log.headPosition(), headBefore);
  projections.close();
  await log.close();
  rmSync(dir, { recursive: true, force: true });
});

test.run();
