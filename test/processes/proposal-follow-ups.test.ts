import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Actor } from '../../domain/log/envelope.js';
import { castVote, createProposal, followUpDecision } from '../../processes/commands/proposal-commands.js';
import { storeCases } from '../fixtures/store-cases.js';

const as = (id: string): { actor: Actor } => ({ actor: { kind: 'agent', id } });

for (const store of storeCases) {
  test(`running an approval's follow-ups again (a retry, a redelivery) creates no second task, mail or post (${store.name})`, async () => {
    const runtime = await store.runtime();
    const { log } = runtime;
    try {
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
    } finally {
      await runtime.dispose();
    }
  });
}

test.run();
