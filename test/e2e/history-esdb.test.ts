// Issue M point 2: replay, rebuild and the ledger audit through the built CLI, on the SQLite log and on EventStoreDB
// (the emulator in a process of its own, through the real client), with the same test body. The same history is
// recorded on each; the timelines must agree event for event (positions differ: 1, 2, 3 against byte offsets), a
// rebuild must give back the read models the CLI kept, and the audit must pass on an honest ledger and fail on a
// tampered one.
import { spawnSync } from 'node:child_process';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { projectionStorePath } from '../../infra/config/store-location.js';
import { createEsdbEventStore } from '../../infra/log/esdb/esdb-event-store.js';
import { createSqliteProjectionStore } from '../../infra/projections/sqlite-projection-store.js';
import { buildChain } from '../fixtures/replay-chain.js';
import { createTestRuntime, type TestRuntime } from '../fixtures/test-runtime.js';
import { startEsdbNodeProcess, type EsdbNodeProcess } from './esdb-node.js';

spawnSync(process.execPath, ['scripts/build.mjs'], { stdio: 'ignore' });

interface Line {
  readonly id: string;
  readonly type: string;
  readonly stream: string;
  readonly position: number;
  readonly metadata: { correlationId: string; runId?: string };
}
type ReplayLine = { position: number; type: string; stream: string; actor: string; depth: number; id: string };

/** What each store's run saw, compared across stores at the end. */
const seen: Record<string, unknown> = {};

let node: EsdbNodeProcess | undefined;
const stores = [
  { name: 'SQLite', env: (): Record<string, string> => ({}), runtime: () => createTestRuntime() },
  {
    name: 'EventStoreDB',
    env: (): Record<string, string> => ({ SWARM_STORE: node!.connectionString }),
    runtime: () => createTestRuntime({}, { log: createEsdbEventStore(node!.connectionString) }),
  },
] as const;

test.before(async () => {
  node = await startEsdbNodeProcess();
});
test.after(() => node?.end());

for (const store of stores) {
  test(`replay, rebuild and the ledger audit through the CLI (${store.name})`, async () => {
    const rt: TestRuntime = store.runtime();
    const env: NodeJS.ProcessEnv = { ...process.env, SWARM_HOME: rt.dir, SWARM_LOG_LEVEL: 'warn', ...store.env() };
    for (const k of ['SWARM_AGENT', 'SWARM_CORRELATION_ID', 'SWARM_CAUSATION_ID', 'SWARM_RUN_ID']) delete env[k];
    if (!store.env().SWARM_STORE) delete env.SWARM_STORE;
    const swarm = (args: string[]) => {
      const r = spawnSync(process.execPath, ['cli/bin/swarm', ...args], { encoding: 'utf8', env });
      return { code: r.status, out: r.stdout, err: r.stderr };
    };
    const ok = (args: string[]) => {
      const r = swarm(args);
      assert.is(r.code, 0, `swarm ${args.join(' ')}: ${r.err}`);
      return r.out;
    };
    const jsonLines = <T>(text: string) => text.split('\n').filter(Boolean).map((l) => JSON.parse(l) as T);
    try {
      const ids = await buildChain(rt);
      ok(['income', 'record', '--source', 'gumroad', '--product', 'Invoice Kit', '--amount', '12.34', '--currency', 'USD', '--external-id', 'g-1', '--occurred-at', '2026-11-24T11:00:00Z']);
      ok(['income', 'record', '--source', 'gumroad', '--product', 'Invoice Kit', '--amount', '1.00', '--currency', 'USD', '--external-id', 'g-2', '--occurred-at', '2026-11-24T11:05:00Z']);
      ok(['income', 'refund', '--source', 'gumroad', '--external-id', 'g-1', '--amount', '2.34', '--reason', 'asked']);
      const log = jsonLines<Line>(ok(['events']));
      if (store.name === 'EventStoreDB') assert.ok(log.some((e) => e.position > log.length * 10), 'positions are byte offsets here');

      // Replay: each timeline is the log's own events of the chain, in log order, with the log's positions.
      const chain = log.filter((e) => e.metadata.correlationId === ids.ideaTaskId);
      const byTask = jsonLines<ReplayLine>(ok(['replay', '--task', ids.ideaTaskId, '--json']));
      assert.equal(byTask.map((l) => l.position), chain.map((e) => e.position));
      const byCorrelation = jsonLines<ReplayLine>(ok(['replay', '--correlation', ids.ideaTaskId, '--json']));
      assert.equal(byCorrelation.map((l) => l.id), chain.map((e) => e.id));
      const byRun = jsonLines<ReplayLine>(ok(['replay', '--run', ids.runId, '--json']));
      assert.equal(byRun.map((l) => l.position), log.filter((e) => e.metadata.runId === ids.runId || e.stream === `run-${ids.runId}`).map((e) => e.position));
      const byBuild = jsonLines<ReplayLine>(ok(['replay', '--task', ids.buildTaskId!, '--json']));
      assert.ok(byBuild.some((l) => l.type === 'ProjectApproved'), 'the human decision the build follows');
      // As of the claim: the timeline up to and including it, whatever the claim's position is.
      const claim = chain.find((e) => e.type === 'TaskClaimed')!;
      const asOf = jsonLines<ReplayLine>(ok(['replay', '--task', ids.ideaTaskId, '--as-of', String(claim.position), '--json']));
      assert.equal(asOf.map((l) => l.id), chain.filter((e) => e.position <= claim.position).map((e) => e.id));
      assert.equal(asOf.map((l) => l.type), ['TaskCreated', 'TaskClaimed']);
      const text = ok(['replay', '--task', ids.ideaTaskId]);
      assert.match(text, `replay of task ${ids.ideaTaskId}: ${chain.length} events`);

      // The ledger audit agrees with the log; a tampered read model is found.
      assert.is(ok(['ledger', '--audit']).trim(), 'ledger audit: OK (2 sales, 1 refunds)');

      // Rebuild: the read models folded again from the start equal those the CLI kept as the log grew.
      const views = () => ({
        tasks: JSON.parse(ok(['task', 'list', '--limit', '500', '--json'])),
        projects: JSON.parse(ok(['projects', '--json'])),
        ledger: JSON.parse(ok(['ledger', '--by', 'product', '--json'])),
        agents: JSON.parse(ok(['agents', '--json'])),
        status: { ...JSON.parse(ok(['status', '--json'])), at: undefined },
      });
      const kept = views();
      const rebuilt = JSON.parse(ok(['rebuild', '--json'])) as { rebuilt: string[]; position: number };
      assert.is(rebuilt.position, log[log.length - 1]!.position, 'up to the last event the log handed out');
      assert.equal(views(), kept);
      assert.is(ok(['ledger', '--audit']).trim(), 'ledger audit: OK (2 sales, 1 refunds)');

      const projections = createSqliteProjectionStore(projectionStorePath(env.SWARM_STORE ?? `sqlite:${rt.dir}/swarm.db`, env));
      projections.write((tx) => {
        const docs = tx.docs('ledger');
        docs.put('totals', 'USD', { ...docs.get<Record<string, unknown>>('totals', 'USD'), netMinor: 1 });
      });
      projections.close();
      const tampered = swarm(['ledger', '--audit']);
      assert.is(tampered.code, 1);
      assert.match(tampered.err, /totals\.USD\.netMinor: projection 1, log 1100/);

      // Ids are new on each run: what is compared across stores is the shape of each timeline and the figures.
      const category = (stream: string) => stream.split('-')[0];
      seen[store.name] = {
        byTask: byTask.map((l) => [l.type, category(l.stream), l.actor, l.depth]),
        byRun: byRun.map((l) => l.type),
        byBuild: byBuild.map((l) => [l.type, category(l.stream)]),
        asOf: asOf.map((l) => l.type),
        ledger: kept.ledger,
        projects: (kept.projects as { projects: { title: string; status: string }[] }).projects.map((p) => [p.title, p.status]),
      };
    } finally {
      await rt.dispose();
    }
  });
}

test('both logs give the same timelines, event for event, and the same read models', () => {
  assert.ok(seen.SQLite && seen.EventStoreDB, 'both stores ran');
  assert.equal(seen.EventStoreDB, seen.SQLite);
});

test.run();
