import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { text, type SimSession } from '../sim-session.js';

/** implement_proposal: takes the proposal the task names (else the oldest approved one), records the change, marks it implemented. */
export const meta = (s: SimSession): void => {
  const listed = s.must('claude-swarm', ['proposals', '--approved', '--json']);
  const proposals = Array.isArray(listed.proposals) ? (listed.proposals as Array<Record<string, unknown>>) : [];
  const named = text(s.task.payload, 'proposal_id');
  const proposal = named ? proposals.find((p) => typeof p.id === 'string' && p.id.startsWith(named)) : proposals[proposals.length - 1];
  if (!proposal || typeof proposal.id !== 'string') {
    s.complete({ implemented: null, reason: named ? `proposal ${named} is not an approved, unimplemented proposal` : 'no approved proposals to implement' });
    return;
  }
  const dir = join(s.home, 'meta');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `proposal-${proposal.id}.md`);
  writeFileSync(file, `# ${String(proposal.title)}\n\nType: ${String(proposal.type)}\n\n${String(proposal.description ?? '')}\n\nImplemented by ${s.agent} for task ${s.task.id}.\n`);
  s.progress(`recorded the change in ${file}`);
  s.must('claude-swarm', ['implemented', proposal.id, '--notes', `implemented by ${s.agent}; notes in ${file}`, '--json']);
  s.complete({ implemented: proposal.id, notes: file });
};
