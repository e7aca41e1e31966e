import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isLeft, left, right, type Either } from 'fp-ts/lib/Either.js';
import { isDriverName, type AgentDriver, type DriverName } from '../../agents/drivers/driver.js';
import { createReplayDriver } from '../../agents/drivers/replay-driver.js';
import { notFound, invalid, type DomainError } from '../../domain/errors.js';
import type { EventStore } from '../../domain/log/event-store.js';
import type { RecordedEvent } from '../../domain/log/envelope.js';
import { approvalStream } from '../../domain/approval/index.js';
import { projectStream } from '../../domain/project/index.js';
import { runStream } from '../../domain/run/index.js';
import { allProjections } from '../../projections/all-projections.js';
import { approvalsProjection } from '../../projections/approvals/approvals-projection.js';
import { listApprovals, listProjects } from '../../projections/approvals/queries.js';
import { causationProjection } from '../../projections/causation/causation-projection.js';
import { eventById, type CausationIndex } from '../../projections/causation/queries.js';
import { catchUp } from '../../projections/engine/catch-up.js';
import { freshReader } from '../../projections/engine/fresh-reader.js';
import type { TaskView } from '../../projections/tasks/task-view.js';
import { decideGateItem } from '../commands/gate-decisions.js';
import type { CommandCaller, SwarmRuntime } from '../commands/runtime.js';
import { claimTask, resolveTask } from '../commands/task-commands.js';
import { runClaimedTask, type AgentRunContext, type PreparedRun } from '../dispatcher/agent-run.js';
import type { ProcessManager } from '../engine/process-manager.js';
import { reactTo } from '../engine/run-process-managers.js';
import { copyWorkFolders } from './fork-files.js';
import { writeManifest, type ForkManifest, type ForkRun } from './fork-manifest.js';
import { findRecordedRun, recordingOf, runsFrom, type RecordedRun } from './recorded-runs.js';
import { forkEffects } from './replay-effects.js';

/** A driver a what-if may be asked for: one of the agents' drivers, or `replay`. */
export type WhatIfDriver = DriverName | 'replay';
export const isWhatIfDriver = (name: string): name is WhatIfDriver => name === 'replay' || isDriverName(name);

export interface WhatIfRequest {
  readonly runId: string;
  /** The whole prompt the run gets instead of its recorded one (`--prompt-file`). */
  readonly prompt?: string;
  /**
   * The driver of the chosen run (`--driver`); `replay` plays every run that has a recording back from it, the chosen
   * one included whatever its prompt, so only runs the original never had reach a driver (the recorded one).
   */
  readonly driver?: WhatIfDriver;
  readonly model?: string;
  /** How many more runs the fork's dispatcher may start after the re-decided one. */
  readonly continueRuns: number;
  readonly decideGatesAsRecorded: boolean;
}

/** The fork's own world, opened by the caller at the edge: its log (an overlay on the live one), read models, runs. */
export interface OpenedFork {
  readonly runtime: SwarmRuntime;
  /** Everything a run needs except its preparation (the fork's home, sandbox and agent endpoint …). */
  readonly runContext: Omit<AgentRunContext, 'prepare'>;
  /** The fork's run preparer (prompt from the fork's task, mail and memories), for a runtime whose clock says `now`. */
  prepareAt(now: string): AgentRunContext['prepare'];
  close(): Promise<void>;
}

export interface WhatIfDeps {
  readonly live: EventStore;
  readonly liveStore: string;
  /** `$SWARM_HOME` of the live swarm, whose work folders (products, specs …) the fork gets a copy of. */
  readonly liveHome: string;
  readonly newForkId: () => string;
  /** `$SWARM_HOME/forks/<id>` */
  readonly folderOf: (id: string) => string;
  readonly openFork: (folder: string, forkBefore: number) => Promise<OpenedFork>;
  readonly driverFor: (name: DriverName) => AgentDriver;
  readonly managers: readonly ProcessManager[];
  /** The agents the fork's dispatcher serves, in the order it offers them work. */
  readonly agents: readonly string[];
  readonly log: { info(o: object, m: string): void; warn(o: object, m: string): void; error(o: object, m: string): void };
  /** Told each time the fork's manifest changes (the CLI prints progress; the dashboard follows the file). */
  readonly onUpdate?: (manifest: ForkManifest) => void;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** The time a stored prompt was written for (its "Current time (UTC)" line), so a fork's prompt can say the same. */
const promptTime = (run: RecordedRun): string => {
  if (existsSync(run.promptPath)) {
    const found = /^Current time \(UTC\): (\S+)$/m.exec(readFileSync(run.promptPath, 'utf8'));
    if (found) return found[1]!;
  }
  return run.at;
};

const recordedDriver = (name: string | undefined): DriverName | undefined =>
  name === 'sim' || name === 'claude' || name === 'codex' || name === 'anthropic' ? name : undefined;

const system: CommandCaller = { actor: { kind: 'system', id: 'dispatcher' } };

/** Creates the fork's folder and manifest for a recorded run; refuses a run the log does not have. */
export const planWhatIf = async (deps: WhatIfDeps, request: WhatIfRequest): Promise<Either<DomainError, { manifest: ForkManifest; target: RecordedRun }>> => {
  const target = await findRecordedRun(deps.live, request.runId);
  if (!target) return left(notFound(`no recorded run ${request.runId}`, { field: 'run' }));
  if (!target.taskId) return left(invalid(`run ${request.runId} worked on no task: there is no decision to re-run`, { field: 'run' }));
  const id = deps.newForkId();
  const now = new Date().toISOString();
  const manifest: ForkManifest = {
    id,
    createdAt: now,
    updatedAt: now,
    run: target.runId,
    agent: target.agent,
    taskId: target.taskId,
    correlationId: target.correlationId,
    forkBefore: target.startedAt,
    baseStore: deps.liveStore,
    changes: {
      prompt: request.prompt !== undefined && sha256(request.prompt) !== target.promptHash,
      promptHash: request.prompt !== undefined ? sha256(request.prompt) : target.promptHash,
      driver: request.driver ?? null,
      model: request.model ?? null,
    },
    continueRuns: request.continueRuns,
    decideGatesAsRecorded: request.decideGatesAsRecorded,
    status: 'running',
    note: 'starting',
    runs: [],
  };
  writeManifest(deps.folderOf(id), manifest);
  if (request.prompt !== undefined) writeFileSync(join(deps.folderOf(id), 'prompt.md'), request.prompt);
  return right({ manifest, target });
};

/**
 * Runs a what-if (issue 20 points 1–3): in a fork as of the recorded run's start, the run's task is run again on its
 * recorded context with only what the request changed, then (with `continueRuns`) the fork's process managers and
 * dispatcher go on for up to that many more runs. A run whose prompt hash is the recorded one is replayed by the
 * `replay` driver (no tokens); the rest run on a real driver. Human gates stop the fork unless the recorded
 * decisions are to be replayed. The live log is only read.
 */
export const runWhatIf = async (deps: WhatIfDeps, request: WhatIfRequest, planned: { manifest: ForkManifest; target: RecordedRun }): Promise<ForkManifest> => {
  const { target } = planned;
  let manifest = planned.manifest;
  const folder = deps.folderOf(manifest.id);
  const update = (change: Partial<ForkManifest>) => {
    manifest = { ...manifest, ...change, updatedAt: new Date().toISOString() };
    writeManifest(folder, manifest);
    deps.onUpdate?.(manifest);
  };
  update({ note: 'copying the work folders (products, specs …) into the fork' });
  try {
    update({ files: copyWorkFolders(deps.liveHome, folder, new Date().toISOString()) });
  } catch (e) {
    deps.log.error({ fork: manifest.id, err: e }, 'what-if failed copying the work folders');
    update({ status: 'failed', note: `copying the work folders failed: ${(e as Error).message}` });
    return manifest;
  }
  const fork = await deps.openFork(folder, target.startedAt);
  const runtime = fork.runtime;
  const shutdown = new AbortController();
  try {
    update({ note: 'folding the read models as of the fork point' });
    await catchUp(runtime.log, runtime.projections, allProjections);
    const originals = await runsFrom(deps.live, target.startedAt);
    const used = new Set<string>();
    const counterpartOf = (agent: string, taskId: string) => {
      const found = originals.find((r) => !used.has(r.runId) && r.taskId === taskId && r.agent === agent);
      if (found) used.add(found.runId);
      return found;
    };
    const asked = request.driver === 'replay' ? undefined : request.driver;
    const reRunDriver = (counterpart: RecordedRun | undefined): DriverName =>
      asked ?? recordedDriver(counterpart?.driver) ?? recordedDriver(target.driver) ?? 'sim';

    /** One run in the fork: replayed when its prompt is the recorded one, else given to a driver. */
    const runOne = async (agent: string, task: TaskView & { generation: number }, counterpart: RecordedRun | undefined, chosen: { prompt?: string; first: boolean }) => {
      const prepared = await fork.prepareAt(counterpart ? promptTime(counterpart) : runtime.now())(agent, task, '');
      const prompt = chosen.prompt ?? prepared.prompt;
      const promptHash = chosen.prompt !== undefined ? sha256(chosen.prompt) : prepared.promptHash;
      const overridden = chosen.first && (asked !== undefined || request.model !== undefined);
      const replay = counterpart !== undefined && (request.driver === 'replay' || (promptHash === counterpart.promptHash && !overridden));
      const driver = replay ? createReplayDriver(await recordingOf(deps.live, counterpart), forkEffects(runtime)) : deps.driverFor(reRunDriver(counterpart));
      const model = replay ? counterpart.model : (request.model ?? counterpart?.model ?? prepared.model);
      const run: PreparedRun = { ...prepared, prompt, promptHash, model };
      update({ note: `${replay ? 'replaying' : 're-running'} ${agent} on task ${task.id}` });
      const finished = await runClaimedTask({ ...fork.runContext, prepare: async () => run }, driver, agent, task, { shutdown: shutdown.signal });
      const entry: ForkRun = { runId: finished.runId, agent, taskId: task.id, mode: replay ? 'replayed' : 're-run', driver: driver.name, counterpart: counterpart?.runId ?? null };
      update({ runs: [...manifest.runs, entry] });
    };

    // 1. Runs that were under way at the fork point finish as recorded (they started before anything changed); then
    //    the recorded run's task, claimed as it was at the fork point.
    const inFlight = await finishRunsInFlight(deps.live, runtime, target.startedAt);
    if (inFlight > 0) update({ note: `${inFlight} run${inFlight === 1 ? '' : 's'} under way at the fork point finished as recorded` });
    const task = await resolveTask(runtime, target.taskId!);
    if (isLeft(task)) throw new Error(`the fork has no task ${target.taskId}: ${task.left.message}`);
    const view = task.right;
    if (view.status !== 'claimed' || view.claimedBy !== target.agent || view.generation === undefined)
      throw new Error(`task ${view.id} is not claimed by ${target.agent} at the fork point (${view.status})`);
    const storedPrompt = existsSync(target.promptPath) ? readFileSync(target.promptPath, 'utf8') : undefined;
    const firstPrompt = request.prompt ?? storedPrompt;
    await runOne(target.agent, { ...view, generation: view.generation }, counterpartOf(target.agent, view.id), { ...(firstPrompt !== undefined ? { prompt: firstPrompt } : {}), first: true });

    // 2. What follows, for up to `continueRuns` more runs.
    const index = { docs: await freshReader(runtime.log, runtime.projections, causationProjection), log: runtime.log };
    const react = managersIn(runtime, deps.managers, deps.log, target.startedAt, await managersStartAt(deps.live, index, target.startedAt));
    let more = 0;
    for (;;) {
      await react();
      if (more >= request.continueRuns) {
        update({ status: 'done', note: request.continueRuns === 0 ? 'the run was re-decided (no --continue)' : `stopped after ${more} more run${more === 1 ? '' : 's'} (--continue ${request.continueRuns})` });
        break;
      }
      const claimed = await claimNext(runtime, deps.agents);
      if (claimed) {
        more++;
        await runOne(claimed.agent, claimed.task, counterpartOf(claimed.agent, claimed.task.id), { first: false });
        continue;
      }
      const gates = await pendingGates(runtime);
      if (gates.length === 0) {
        update({ status: 'done', note: `no more work after ${more} more run${more === 1 ? '' : 's'}` });
        break;
      }
      const decided = request.decideGatesAsRecorded ? await decideAsRecorded(deps.live, runtime, gates) : 0;
      if (decided === 0) {
        update({ status: 'stopped_at_gate', note: `waiting for a person: ${gates.map((g) => `${g.kind} "${g.title}"`).join(', ')}${request.decideGatesAsRecorded ? ' (no recorded decision for it)' : ''}` });
        break;
      }
    }
  } catch (e) {
    deps.log.error({ fork: manifest.id, err: e }, 'what-if failed');
    update({ status: 'failed', note: (e as Error).message });
  } finally {
    shutdown.abort();
    await fork.close();
  }
  return manifest;
};

/**
 * Runs under way at the fork point started before anything the what-if changes, so in the fork they go on as they
 * did: every event recorded under their run id after the fork point is copied into the fork as it was (same ids).
 * Returns how many such runs there were.
 */
const finishRunsInFlight = async (live: EventStore, runtime: SwarmRuntime, forkBefore: number, window = 5_000): Promise<number> => {
  const startedBefore = new Map<string, boolean>();
  const isInFlight = async (runId: string) => {
    let known = startedBefore.get(runId);
    if (known === undefined) {
      const read = await live.readStream(runStream(runId), { maxCount: 1 });
      known = !isLeft(read) && read.right[0] !== undefined && read.right[0].position < forkBefore;
      startedBefore.set(runId, known);
    }
    return known;
  };
  const copied = new Set<string>();
  const open = new Set<string>();
  let read = 0;
  for await (const e of live.readAll({ fromPosition: forkBefore, inclusive: true })) {
    if (++read > window && open.size === 0) break;
    const runId = e.metadata.runId;
    if (runId === undefined || !(await isInFlight(runId))) continue;
    if (!copied.has(runId)) open.add(runId);
    copied.add(runId);
    const appended = await runtime.log.append(e.stream, [{ id: e.id, type: e.type, data: e.data, metadata: e.metadata }]);
    if (isLeft(appended)) throw new Error(`could not finish run ${runId} in the fork: ${appended.left.message}`);
    if (e.type === 'RunFinished' && e.stream === runStream(runId)) open.delete(runId);
  }
  return copied.size;
};

/**
 * Where the fork's process managers start reading (inclusive). When the run started, the live managers had reacted to
 * nearly everything before it: only an event whose follow-up the live log recorded after the fork point (a follow-up
 * names its cause's id as its causation id; looked for within `window` events after the fork point) still needs its
 * reaction in the fork. So the managers start at the earliest such event, or else at the fork's own events: reacting
 * again to a whole history, whose follow-ups are all in the fork already, took longer than the what-if itself on a
 * long log. `index` is the fork's causation index (its events before the fork point are the live log's).
 */
export const managersStartAt = async (live: EventStore, index: CausationIndex, forkBefore: number, window = 5_000): Promise<number | undefined> => {
  const after = new Set<string>();
  const causes = new Set<string>();
  for await (const e of live.readAll({ fromPosition: forkBefore, inclusive: true, maxCount: window })) {
    after.add(e.id);
    // A cause among the events after the fork point is the fork's own to react to (or to replace).
    if (!after.has(e.metadata.causationId)) causes.add(e.metadata.causationId);
  }
  let earliest: number | undefined;
  for (const id of causes) {
    if (after.has(id)) continue;
    const cause = await eventById(index, id);
    if (cause && cause.position < forkBefore && (earliest === undefined || cause.position < earliest)) earliest = cause.position;
  }
  return earliest;
};

/**
 * The fork's process managers, run by hand between runs: each reacts to every fork event it has not seen yet, from
 * `startAt` (inclusive; see managersStartAt), else from the fork's own events.
 */
const managersIn = (runtime: SwarmRuntime, managers: readonly ProcessManager[], log: WhatIfDeps['log'], forkBefore: number, startAt: number | undefined) => {
  let cursor: number | undefined;
  return async () => {
    for (;;) {
      let seen = 0;
      const from = cursor !== undefined ? { fromPosition: cursor } : startAt !== undefined ? { fromPosition: startAt, inclusive: true } : { fromPosition: forkBefore };
      for await (const event of runtime.log.readAll(from)) {
        seen++;
        cursor = event.position;
        const interested = managers.filter((m) => m.eventTypes.includes(event.type));
        if (interested.length === 0) continue;
        await catchUp(runtime.log, runtime.projections, allProjections);
        for (const manager of interested) {
          // Follow-ups of events before the fork point are mostly there already (their ids derive from the cause).
          await reactTo(manager, event, runtime).catch((e: unknown) => log.warn({ manager: manager.name, event: event.id, err: e }, 'a follow-up in the fork failed'));
        }
      }
      if (seen === 0) return;
    }
  };
};

const claimNext = async (runtime: SwarmRuntime, agents: readonly string[]) => {
  for (const agent of agents) {
    const claimed = await claimTask(runtime, system, { agent });
    if (!isLeft(claimed) && claimed.right.status === 'claimed') return { agent, task: claimed.right.task };
  }
  return undefined;
};

interface Gate {
  readonly kind: 'project' | 'product';
  readonly id: string;
  readonly title: string;
}

const pendingGates = async (runtime: SwarmRuntime): Promise<Gate[]> => {
  const docs = await freshReader(runtime.log, runtime.projections, approvalsProjection);
  return [
    ...listProjects(docs, { status: 'pending' }).map((p) => ({ kind: 'project' as const, id: p.id, title: p.title })),
    ...listApprovals(docs, { status: 'pending' }).map((a) => ({ kind: 'product' as const, id: a.id, title: a.productName })),
  ];
};

const decisionTypes = ['ProjectApproved', 'ProjectRejected', 'ProjectDeferred', 'ApprovalGranted', 'ApprovalRejected'];

/** The person's recorded decision on the same item (same id, else the same title), applied in the fork as they made it. */
const decideAsRecorded = async (live: EventStore, runtime: SwarmRuntime, gates: readonly Gate[]): Promise<number> => {
  let decided = 0;
  for (const gate of gates) {
    const recorded = (await decisionOn(live, gate.kind === 'project' ? projectStream(gate.id) : approvalStream(gate.id))) ?? (await decisionByTitle(live, gate));
    if (!recorded) continue;
    const d = recorded.data as { note?: string; reason?: string; overrideTests?: boolean };
    const decision = recorded.type === 'ProjectApproved' || recorded.type === 'ApprovalGranted' ? 'approve' : recorded.type === 'ProjectDeferred' ? 'defer' : 'reject';
    const applied = await decideGateItem(runtime, { actor: recorded.metadata.actor, correlationId: recorded.metadata.correlationId }, {
      id: gate.id,
      decision,
      ...(d.note ? { note: d.note } : {}),
      ...(d.reason ? { reason: d.reason } : {}),
      ...(d.overrideTests ? { overrideTests: true } : {}),
    });
    if (!isLeft(applied)) decided++;
  }
  return decided;
};

const decisionOn = async (live: EventStore, stream: string): Promise<RecordedEvent | undefined> => {
  const read = await live.readStream(stream);
  return isLeft(read) ? undefined : read.right.find((e) => decisionTypes.includes(e.type) && e.metadata.actor.kind === 'human');
};

const decisionByTitle = async (live: EventStore, gate: Gate): Promise<RecordedEvent | undefined> => {
  const submitted = gate.kind === 'project' ? 'ProjectSubmitted' : 'ApprovalRequested';
  for await (const e of live.readAll({ filter: { eventTypes: [submitted] } })) {
    const d = e.data as { title?: string; productName?: string };
    if ((gate.kind === 'project' ? d.title : d.productName) !== gate.title) continue;
    const found = await decisionOn(live, e.stream);
    if (found) return found;
  }
  return undefined;
};
