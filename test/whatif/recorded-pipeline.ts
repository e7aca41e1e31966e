import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { swarmHome, waitFor } from '../e2e/swarm-process.js';

type Home = ReturnType<typeof swarmHome>;
type Task = { id: string; type: string; status: string; result: { decision?: string } | null };

export interface RecordedRunIds {
  /** The Critic's run that approved an idea with 3 of 4 dimensions green. */
  readonly approvingCriticRun: string;
  readonly approvedTask: string;
  readonly projectId: string;
}

/** The runs the log recorded, in order: id, agent and task. */
export const recordedRuns = (s: Home): { runId: string; agent: string; taskId: string }[] =>
  s
    .cli('swarm', ['events', '--type', 'RunStarted'])
    .stdout.trim()
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l).data as { runId: string; agent: string; taskId: string });

/**
 * A recorded pipeline: `swarm up` with the simulated agents from a scan of "itch" to a project proposal waiting for a
 * person (the Hunter finds two ideas, the Critic approves one with 3 of 4 dimensions green and rejects the other, the
 * PM writes the spec and submits the project). The swarm is stopped afterwards unless `keepRunning`.
 */
export const recordPipeline = async (s: Home, upArgs: readonly string[] = ['--no-scheduler', '--no-dashboard']) => {
  // Recorded in two phases (scan and evaluations, then the PM) so the history has one order: a fork's dispatcher runs
  // one run at a time, and a PM run overlapping the second evaluation would give that evaluation a different list of
  // known ideas in its prompt (issue 17), hence a different prompt hash, in the fork than in the original.
  const count = (type: string) => s.cli('swarm', ['events', '--type', type]).stdout.trim().split('\n').filter(Boolean).length;
  const tasks = () => s.cli('swarm', ['task', 'list', '--limit', '100', '--json']).json<{ tasks: Task[] }>().tasks;
  const settled = async () => {
    await waitFor('every agent idle', () => (s.cli('swarm', ['agents', '--json']).json<{ agents: { status: string }[] }>().agents.every((a) => a.status !== 'working') ? true : undefined), 60_000);
    await waitFor('every run finished', () => count('RunStarted') === count('RunFinished') || undefined, 60_000);
  };
  const judging = await s.up([...upArgs.filter((a) => a !== '--port' && a !== '0'), ...(upArgs.includes('--no-dashboard') ? [] : ['--no-dashboard']), '--roles', 'hunter,critic']);
  s.cli('swarm', ['task', 'create', '--type', 'scan_platform', '--to', 'hunter', '--payload', '{"platform":"itch"}']);
  await waitFor('both ideas evaluated', () => tasks().filter((t) => t.type === 'evaluate_idea' && t.status === 'completed').length === 2 || undefined, 120_000);
  await settled();
  await s.stop(judging.child);
  const up = await s.up([...upArgs, '--roles', 'pm']);
  const project = await waitFor('a project proposal', () => s.cli('swarm', ['projects', '--json']).json<{ projects: { id: string; status: string }[] }>().projects.find((p) => p.status === 'pending'), 120_000);
  await settled();
  const approved = tasks().find((t) => t.type === 'evaluate_idea' && t.result?.decision === 'APPROVED');
  if (!approved) throw new Error('the critic approved no idea');
  const run = recordedRuns(s).find((r) => r.agent === 'critic' && r.taskId === approved.id);
  if (!run) throw new Error('no critic run for the approved idea');
  const ids: RecordedRunIds = { approvingCriticRun: run.runId, approvedTask: approved.id, projectId: project.id };
  return { up, ids };
};

/** The live log's bytes, hashed (the main file and its write-ahead log when there is one). */
export const liveLogDigest = (home: string): string => {
  const hash = createHash('sha256');
  for (const file of ['swarm.db', 'swarm.db-wal']) {
    const path = join(home, file);
    hash.update(file);
    if (existsSync(path)) hash.update(readFileSync(path));
  }
  return hash.digest('hex');
};

export { swarmHome, waitFor };
