import { waitFor, type swarmHome } from './swarm-process.js';

type Home = ReturnType<typeof swarmHome>;
type Task = { id: string; type: string; status: string; payload: Record<string, unknown> };

export const tasksOf = (s: Home): Task[] => s.cli('swarm', ['task', 'list', '--limit', '500', '--json']).json<{ tasks: Task[] }>().tasks;

/** What the swarm was doing, for a failure message: the task board and the agents. */
const snapshot = (s: Home): string =>
  [s.cli('swarm', ['task', 'list', '--limit', '100']).stdout, s.cli('swarm', ['agents']).stdout, s.cli('swarm', ['approvals', '--status', 'all']).stdout].join('\n');

/** Drives the product pipeline from a scan to a published product, making the two human decisions at the CLI. */
export const drivePipeline = async (s: Home, platform = 'itch', ms = 120_000): Promise<void> => {
  try {
    await drive(s, platform, ms);
  } catch (e) {
    throw new Error(`${(e as Error).message}\n--- the swarm at that moment ---\n${snapshot(s)}`);
  }
};

const drive = async (s: Home, platform: string, ms: number): Promise<void> => {
  s.cli('swarm', ['task', 'create', '--type', 'scan_platform', '--to', 'hunter', '--payload', JSON.stringify({ platform })]);
  const project = await waitFor('a project proposal', () => s.cli('swarm', ['projects', '--json']).json<{ projects: { id: string; status: string }[] }>().projects.find((p) => p.status === 'pending'), ms);
  await waitFor('both ideas evaluated', () => tasksOf(s).filter((t) => t.type === 'evaluate_idea' && t.status === 'completed').length === 2 || undefined, ms);
  const approved = s.cli('swarm', ['approve', project.id]);
  if (approved.code !== 0) throw new Error(`approve project: ${approved.stderr}`);
  const product = await waitFor('a product approval', () => s.cli('swarm', ['approvals', '--json']).json<{ products: { id: string; status: string }[] }>().products.find((p) => p.status === 'pending'), ms);
  const granted = s.cli('swarm', ['approve', product.id]);
  if (granted.code !== 0) throw new Error(`approve product: ${granted.stderr}`);
  await waitFor('the product published', () => s.cli('swarm', ['approvals', '--status', 'all', '--json']).json<{ products: { id: string; status: string }[] }>().products.find((p) => p.id === product.id && p.status === 'published'), ms);
  // Let the publisher's run finish recording (its RunFinished comes after the task's completion).
  await waitFor('every agent idle', () => (s.cli('swarm', ['agents', '--json']).json<{ agents: { status: string }[] }>().agents.every((a) => a.status !== 'working') ? true : undefined), ms);
};

/**
 * How many events of each type the log holds: two runs of the same deterministic scenario must agree. Heartbeats are
 * left out: they follow the wall clock (at most one per agent per 30 s), not the scenario.
 */
export const eventCounts = async (s: Home): Promise<Record<string, number>> => {
  const r = s.cli('swarm', ['events']);
  const counts: Record<string, number> = {};
  for (const line of r.stdout.trim().split('\n')) {
    const e = JSON.parse(line) as { type: string };
    if (e.type === 'AgentHeartbeat') continue;
    counts[e.type] = (counts[e.type] ?? 0) + 1;
  }
  return Object.fromEntries(Object.entries(counts).sort(([a], [b]) => a.localeCompare(b)));
};
