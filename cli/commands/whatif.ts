import { randomBytes } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { isLeft } from 'fp-ts/lib/Either.js';
import type { DriverName } from '../../agents/drivers/driver.js';
import { driverConfigFromEnv, driverFor } from '../../agents/drivers/driver-registry.js';
import { simDirectivesHelp } from '../../agents/sim/directives.js';
import { agentNames } from '../../domain/agent/roles.js';
import { projectionStorePath } from '../../infra/config/store-location.js';
import { followUpEventId, newEventId } from '../../infra/log/event-ids.js';
import { createOverlayEventStore } from '../../infra/log/fork/overlay-event-store.js';
import { openSemanticMemory } from '../../infra/memory/open-semantic-memory.js';
import { createSqliteProjectionStore } from '../../infra/projections/sqlite-projection-store.js';
import type { SwarmRuntime } from '../../processes/commands/runtime.js';
import { runPreparer } from '../../processes/dispatcher/prepare-run.js';
import { relevantMemories } from '../../processes/memory/relevant-memories.js';
import { budgetGuard } from '../../processes/pipeline/budget-guard.js';
import { notificationsProcess } from '../../processes/notifications/notifications-process.js';
import { pipelineManager } from '../../processes/pipeline/pipeline-manager.js';
import { compareFork, type ForkComparison, type RunSide } from '../../processes/whatif/compare-fork.js';
import { forkFolder, forkLogFile, isForkId, listManifests, readManifest, type ForkManifest } from '../../processes/whatif/fork-manifest.js';
import { isWhatIfDriver, planWhatIf, runWhatIf, type OpenedFork, type WhatIfDeps, type WhatIfDriver } from '../../processes/whatif/run-fork.js';
import { startContainment } from '../agent-endpoint/start-containment.js';
import { parseCommandArgs } from '../cli-args.js';
import type { CliContext } from '../cli-context.js';
import { badInput, refused } from '../cli-failure.js';
import { integerInRange } from '../cli-values.js';
import { failOn } from '../domain-failure.js';
import { installationRoot } from '../installation.js';

export const usage = `swarm whatif --run RUN_ID [--prompt-file PATH] [--driver sim|claude|codex|anthropic|replay] [--model NAME] [--continue N] [--decide-gates-as-recorded] [--json]
  swarm whatif show ID [--json] | swarm whatif list [--json] | swarm whatif rm ID
    Re-runs one recorded run in a fork of the log as of the run's start ($SWARM_HOME/forks/<id>/; the live log is only
    read), with only what the flags change; --continue N lets the fork's process managers and dispatcher go on for up
    to N more runs (a human gate stops the fork, unless --decide-gates-as-recorded). Runs whose prompt is unchanged are
    replayed from their recordings (driver replay, no tokens). Prompt directives the simulated agents honour:
${simDirectivesHelp()}`;

const newForkId = () => `wf-${new Date().toISOString().replace(/[-:T]/g, '').slice(0, 14)}-${randomBytes(3).toString('hex')}`;

/** Where a fork's own messages go (the terminal stays for the comparison): `forks/<id>/whatif.log`, JSON lines. */
const fileLog = (file: string) => {
  const write = (level: string) => (fields: object, message: string) => {
    const err = (fields as { err?: unknown }).err;
    appendFileSync(file, `${JSON.stringify({ level, at: new Date().toISOString(), message, ...fields, ...(err instanceof Error ? { err: err.message } : {}) })}\n`);
  };
  return { info: write('info'), warn: write('warn'), error: write('error'), debug: write('debug') };
};

const shortDecision = (s: RunSide | null): string => {
  if (!s) return '—';
  if (s.decision.status === 'none') return 'no verdict';
  if (s.decision.status === 'failed') return `failed: ${(s.decision.reason ?? '').slice(0, 40)}`;
  const r = s.decision.result as Record<string, unknown> | undefined;
  const said = r && typeof r === 'object' ? (r.decision ?? r.result ?? r.status) : undefined;
  const text = typeof said === 'string' ? said : JSON.stringify(r ?? null);
  return text.length > 40 ? `${text.slice(0, 39)}…` : text;
};

const sideText = (s: RunSide | null): string =>
  s ? `${s.agent} ${s.mode === 'recorded' ? '' : `[${s.mode}] `}${shortDecision(s)} · ${s.toolCalls.length} tools · ${s.followUps.length} follow-ups · ${s.tokens} tok $${s.costUsd.toFixed(4)}` : '—';

/** The side-by-side comparison as text: one line per pair, `≠` where they differ, then where they part and the cost. */
export const comparisonText = (c: ForkComparison): string => {
  const m = c.fork;
  const head = [
    `what-if ${m.id}: run ${m.run} (${m.agent}) — ${m.status}${m.note ? ` (${m.note})` : ''}`,
    `changed: ${[m.changes.prompt ? 'prompt' : '', m.changes.driver ? `driver ${m.changes.driver}` : '', m.changes.model ? `model ${m.changes.model}` : ''].filter(Boolean).join(', ') || 'nothing (a replay)'}`,
    ...(m.files
      ? [`files: ${m.files.files} in ${m.files.folders.join(', ') || 'no work folder'} (${Math.ceil(m.files.bytes / 1024)} KiB), copied from the live home as they were at ${m.files.copiedAt}`]
      : []),
  ];
  const rows = c.pairs.map((p, i) => [String(i + 1), sideText(p.original), p.differences.length ? '≠' : '=', sideText(p.fork), p.differences.join(', ')]);
  const header = ['#', 'ORIGINAL', '', 'FORK', 'DIFFERS IN'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: readonly string[]) => cells.map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  ').trimEnd();
  const divergence = c.firstDivergence
    ? `first divergence: #${c.firstDivergence.index + 1} (${c.firstDivergence.differences.join(', ')}; original ${c.firstDivergence.originalRunId ?? '—'}, fork ${c.firstDivergence.forkRunId ?? '—'})`
    : 'first divergence: none — the fork agrees with the original as far as it went';
  const spent = `tokens: original ${c.totals.original.tokens} ($${c.totals.original.costUsd.toFixed(4)}), fork spent ${c.totals.fork.tokens} ($${c.totals.fork.costUsd.toFixed(4)})`;
  return [...head, line(header), ...rows.map(line), divergence, spent].join('\n');
};

/** Opens a fork's own world: the overlay log, its read models and memory, the sandbox and endpoint of its runs. */
const opener =
  (ctx: CliContext, live: Awaited<ReturnType<CliContext['store']>>, log: ReturnType<typeof fileLog>, simulated: boolean) =>
  async (folder: string, forkBefore: number): Promise<OpenedFork> => {
    const config = ctx.config();
    const storeUrl = `sqlite:${forkLogFile(folder)}`;
    // A fork never writes to a shared vector store: its memory index is its own file.
    const env: NodeJS.ProcessEnv = { ...ctx.env, SWARM_STORE: storeUrl };
    delete env.QDRANT_URL;
    const forkLog = createOverlayEventStore({ base: live, forkBefore, path: forkLogFile(folder) });
    const projections = createSqliteProjectionStore(projectionStorePath(storeUrl, env));
    const runtime: SwarmRuntime = {
      log: forkLog,
      projections,
      settings: {
        leaseSeconds: config.tasks.leaseSeconds,
        maxAttempts: config.tasks.maxAttempts,
        maxFixRounds: config.tasks.maxFixRounds,
        lockTtlSeconds: config.locks.ttlSeconds,
        quorum: config.governance.quorum,
        threshold: config.governance.threshold,
        proposalExpiryHours: config.governance.proposalExpiryHours,
        dailyBudgetPerAgent: config.tokens.dailyBudgetPerAgent,
        dailyBudgetSwarm: config.tokens.dailyBudgetSwarm,
        budgetWarningThreshold: config.tokens.warningThreshold,
      },
      now: () => new Date().toISOString(),
      newEventId,
      newId: newEventId,
      followUpId: followUpEventId,
    };
    const root = installationRoot();
    const memory = await openSemanticMemory(storeUrl, env);
    const sandbox = await startContainment({
      unsafe: false,
      simulated,
      hasAgents: true,
      readOnlyPaths: config.sandbox.readOnlyPaths.map((p) => resolve(p)),
      homeFiles: Object.fromEntries(Object.entries(config.sandbox.homeFiles).map(([inside, host]) => [inside, resolve(host)])),
      installationRoot: root,
      home: folder,
      storeUrl,
      env,
      runtime,
      config,
      log,
    });
    if ('refusal' in sandbox) {
      await memory.close();
      projections.close();
      await forkLog.close();
      throw refused(sandbox.refusal);
    }
    return {
      runtime,
      runContext: {
        runtime,
        home: folder,
        liveHome: resolve(ctx.home),
        baseEnv: { PATH: `${root}/cli/bin:${ctx.env.PATH ?? '/usr/bin:/bin'}`, SWARM_HOME: folder, SWARM_LOG_LEVEL: ctx.env.SWARM_LOG_LEVEL ?? 'warn', ...(ctx.env.LANG ? { LANG: ctx.env.LANG } : {}) },
        progressTimeoutMs: config.supervisor.progressTimeoutSeconds * 1000,
        sessionCapMs: config.supervisor.sessionCapSeconds * 1000,
        leaseRenewEveryMs: Math.max(1000, (config.tasks.leaseSeconds * 1000) / 3),
        log,
        containment: sandbox.containment,
      },
      prepareAt: (now) =>
        runPreparer({
          runtime: { ...runtime, now: () => now },
          config,
          secrets: ctx.env,
          driverOf: () => 'sim',
          memoriesFor: (role, taskText) => relevantMemories({ ...runtime, memory }, { role, taskText }),
        }),
      close: async () => {
        await sandbox.close();
        await memory.close();
        projections.close();
        await forkLog.close();
      },
    };
  };

const start = async (argv: string[], ctx: CliContext): Promise<void> => {
  const { values: v, flags: f, positionals } = parseCommandArgs(argv, {
    run: { type: 'string' },
    'prompt-file': { type: 'string' },
    driver: { type: 'string' },
    model: { type: 'string' },
    continue: { type: 'string' },
    'decide-gates-as-recorded': { type: 'boolean' },
  });
  if (positionals.length > 0) throw badInput(`whatif: unexpected argument "${positionals[0]}" (use --run RUN_ID, or show, list, rm)`);
  if (!v.run) throw badInput('--run is required: the id of the recorded run to re-decide (swarm replay shows run ids)', { field: '--run' });
  if (v.driver !== undefined && !isWhatIfDriver(v.driver)) throw badInput(`--driver: expected sim, claude, codex, anthropic or replay, got "${v.driver}"`, { field: '--driver' });
  if (v.model !== undefined && !v.model.trim()) throw badInput('--model: expected a model name', { field: '--model' });
  const continueRuns = v.continue === undefined ? 0 : integerInRange('--continue', v.continue, 0, 1000);
  let prompt: string | undefined;
  if (v['prompt-file'] !== undefined) {
    const path = resolve(v['prompt-file']);
    if (!existsSync(path)) throw badInput(`--prompt-file: no file at ${path}`, { field: '--prompt-file' });
    prompt = readFileSync(path, 'utf8');
    if (!prompt.trim()) throw badInput(`--prompt-file: ${path} is empty`, { field: '--prompt-file' });
  }
  const driverConfig = driverConfigFromEnv(ctx.env);
  if ('error' in driverConfig) throw badInput(driverConfig.error);
  const home = resolve(ctx.home);
  const live = await ctx.store();
  mkdirSync(join(home, 'forks'), { recursive: true });
  let log = fileLog(join(home, 'forks', 'whatif.log'));
  const json = f.json === true;
  // The sandbox is chosen for the drivers the fork may run: the one asked for, else the recorded run's.
  let simulated = v.driver === 'sim';
  const deps: WhatIfDeps = {
    live,
    liveStore: ctx.storeUrl,
    liveHome: home,
    newForkId,
    folderOf: (id) => forkFolder(home, id),
    openFork: (folder, before) => opener(ctx, live, log, simulated)(folder, before),
    driverFor: (name: DriverName) => driverFor(name, driverConfig.config),
    // Notifications are raised in the fork as in the original (so the histories compare), but delivered to no one.
    managers: [pipelineManager, budgetGuard, notificationsProcess({ notify: async (n) => log.info({ kind: n.kind, title: n.title }, 'a fork notifies no one') })],
    agents: agentNames,
    log,
    onUpdate: (m) => {
      if (json) return;
      const last = m.runs[m.runs.length - 1];
      if (last && last.runId !== reported) {
        reported = last.runId;
        ctx.out(`  run ${m.runs.length}: ${last.agent} on task ${last.taskId ?? '—'} — ${last.mode}${last.mode === 're-run' ? ` on ${last.driver}` : ''} (${last.runId})`);
      }
    },
  };
  let reported: string | undefined;
  const request = {
    runId: v.run,
    ...(prompt !== undefined ? { prompt } : {}),
    ...(v.driver !== undefined ? { driver: v.driver as WhatIfDriver } : {}),
    ...(v.model !== undefined ? { model: v.model } : {}),
    continueRuns,
    decideGatesAsRecorded: f['decide-gates-as-recorded'] === true,
  };
  const planned = await planWhatIf(deps, request);
  if (isLeft(planned)) return failOn({ ...planned.left, ...(planned.left.field === 'run' ? { field: '--run' } : {}) });
  log = fileLog(join(forkFolder(home, planned.right.manifest.id), 'whatif.log'));
  simulated = (v.driver === undefined || v.driver === 'replay' ? planned.right.target.driver : v.driver) === 'sim';
  if (!json) ctx.out(`what-if ${planned.right.manifest.id}: forked as of run ${v.run} (${planned.right.target.agent}), live log untouched`);
  const manifest = await runWhatIf({ ...deps, log }, request, planned.right);
  const comparison = await compareWith(live, home, manifest);
  if (json) ctx.out(JSON.stringify(comparison));
  else ctx.out(comparisonText(comparison));
  if (manifest.status === 'failed') ctx.setExitCode(1);
};

const compareWith = async (live: Awaited<ReturnType<CliContext['store']>>, home: string, manifest: ForkManifest): Promise<ForkComparison> => {
  const forkLog = createOverlayEventStore({ base: live, forkBefore: manifest.forkBefore, path: forkLogFile(forkFolder(home, manifest.id)) });
  try {
    return await compareFork(live, forkLog, manifest);
  } finally {
    await forkLog.close();
  }
};

const manifestOf = (ctx: CliContext, id: string | undefined, verb: string): ForkManifest => {
  if (!id) throw badInput(`whatif ${verb}: name the fork (swarm whatif list shows them)`, { field: 'id' });
  const home = resolve(ctx.home);
  // The whole id, else a unique prefix of one (a prefix can look like an id: `wf-20261205…`).
  const exact = isForkId(id) && readManifest(forkFolder(home, id)) !== undefined;
  const matches = exact ? [id] : listManifests(home).map((m) => m.id).filter((known) => known.startsWith(id));
  if (matches.length > 1) throw badInput(`whatif ${verb}: "${id}" matches several forks (${matches.join(', ')})`, { field: 'id' });
  const manifest = matches[0] ? readManifest(forkFolder(home, matches[0])) : undefined;
  if (!manifest) throw refused(`no what-if fork ${id} in ${join(home, 'forks')}`, { field: 'id' });
  return manifest;
};

export const run = async (argv: string[], ctx: CliContext): Promise<void> => {
  const [verb, ...rest] = argv;
  if (verb === 'list') {
    const { positionals, flags } = parseCommandArgs(rest, {});
    if (positionals.length) throw badInput(`whatif list: unexpected argument "${positionals[0]}"`);
    const forks = listManifests(resolve(ctx.home));
    if (flags.json) return ctx.out(JSON.stringify({ forks }));
    if (forks.length === 0) return ctx.out('no what-if forks (swarm whatif --run RUN_ID makes one)');
    for (const m of forks) ctx.out(`${m.id}  ${m.createdAt}  run ${m.run} (${m.agent})  ${m.status}  ${m.runs.length} run${m.runs.length === 1 ? '' : 's'}  ${m.note}`);
    return;
  }
  if (verb === 'show') {
    const { positionals, flags } = parseCommandArgs(rest, {});
    const manifest = manifestOf(ctx, positionals[0], 'show');
    const comparison = await compareWith(await ctx.store(), resolve(ctx.home), manifest);
    ctx.out(flags.json ? JSON.stringify(comparison) : comparisonText(comparison));
    return;
  }
  if (verb === 'rm') {
    const { positionals, flags } = parseCommandArgs(rest, {});
    const manifest = manifestOf(ctx, positionals[0], 'rm');
    rmSync(forkFolder(resolve(ctx.home), manifest.id), { recursive: true, force: true });
    ctx.out(flags.json ? JSON.stringify({ status: 'removed', id: manifest.id }) : `removed what-if ${manifest.id}`);
    return;
  }
  return start(argv, ctx);
};
