/**
 * Runs of the real agent CLIs (issue 14) for the driver tests: Claude Code and Codex at the pinned versions from the
 * cache of scripts/agent-clis.mjs (installed when missing), talking only to the scripted model server, inside the
 * real bubblewrap sandbox, with the swarm's CLI reaching the swarm through the agent endpoint and a run token — the
 * dispatcher's setup without the dispatcher.
 */
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { isLeft, type Either } from 'fp-ts/lib/Either.js';
import { ensureAgentClis } from '../../scripts/agent-clis.mjs';
import type { DriverEvent, RunRequest } from '../../agents/drivers/driver.js';
import type { DomainError } from '../../domain/errors.js';
import { typesOfRole } from '../../domain/task/task-rules.js';
import { claimTask, createTask, resolveTask } from '../../processes/commands/task-commands.js';
import type { TaskView } from '../../projections/tasks/task-view.js';
import { buildOnce } from '../cli/collaboration-cli.js';
import { startTestContainment, type TestContainment } from '../fixtures/containment.js';
import { agent, createTestRuntime, system, type TestRuntime } from '../fixtures/test-runtime.js';
import { startScriptedModelServer, type Script, type ScriptedModelServer } from '../fakes/model-server/scripted-model-server.js';

const ok = <A>(e: Either<DomainError, A>): A => {
  if (isLeft(e)) throw new Error(`${e.left.code}: ${e.left.message}`);
  return e.right;
};

/** The executables of the pinned CLIs (installed into the cache when missing, as `npm test` does first). */
export const realCliBins = (): { claude: string; codex: string } => {
  const { clis } = ensureAgentClis({ log: (line) => console.log(line) });
  for (const cli of Object.values(clis)) if (!cli.installed) throw new Error(`${cli.package}@${cli.version} is not installed: run node scripts/agent-clis.mjs`);
  return { claude: clis.claude.bin, codex: clis.codex.bin };
};

export interface RealCliWorld {
  readonly rt: TestRuntime;
  readonly containment: TestContainment;
  readonly model: ScriptedModelServer;
  /** A task for `agentName`, claimed by it, and the request of a run on it (the run's env has what `extraEnv` adds). */
  readonly prepareRun: (options: { agentName: string; taskType?: string; prompt: string; model: string; extraEnv?: (runFolder: string) => Record<string, string> }) => Promise<PreparedRun>;
  readonly close: () => Promise<void>;
}

export interface PreparedRun {
  readonly request: RunRequest;
  readonly runFolder: string;
  readonly events: DriverEvent[];
  readonly onEvent: (event: DriverEvent) => void;
  readonly task: () => Promise<TaskView>;
}

let runs = 0;

export const startRealCliWorld = async (scripts: Readonly<Record<string, Script>>): Promise<RealCliWorld> => {
  // The swarm CLI inside the sandbox is the built one (cli/bin → dist/).
  if (!process.env.SWARM_TEST_BUILT) buildOnce();
  const rt = createTestRuntime();
  const containment = await startTestContainment(rt, rt.dir);
  const model = await startScriptedModelServer(scripts);
  return {
    rt,
    containment,
    model,
    async prepareRun({ agentName, taskType, prompt, model: modelName, extraEnv }) {
      const role = agentName.replace(/-\d+$/, '') as Parameters<typeof typesOfRole>[0];
      const type = taskType ?? typesOfRole(role)[0]!;
      const taskId = ok(await createTask(rt, system(), { type, payload: { note: 'real CLI run' }, assignedTo: agentName })).taskId;
      const claimed = ok(await claimTask(rt, agent(agentName), { agent: agentName, types: [type] }));
      if (claimed.status !== 'claimed') throw new Error(`${agentName} could not claim ${taskId}: ${JSON.stringify(claimed)}`);
      const runId = `run-real-${++runs}`;
      const runFolder = join(rt.dir, 'runs', runId);
      mkdirSync(runFolder, { recursive: true });
      const contained = containment.forRun(
        { agent: agentName, runId, taskId, claimGeneration: claimed.task.generation, correlationId: claimed.task.correlationId },
        runFolder,
      );
      const events: DriverEvent[] = [];
      const request: RunRequest = {
        runId,
        agent: agentName,
        role,
        model: modelName,
        prompt,
        workspace: runFolder,
        env: {
          PATH: `${process.cwd()}/cli/bin:${dirname(process.execPath)}:/usr/local/bin:/usr/bin:/bin`,
          SWARM_HOME: rt.dir,
          LANG: 'C.UTF-8',
          ...contained.env,
          ...extraEnv?.(runFolder),
        },
        logPath: join(rt.dir, 'logs', `${runId}.log`),
        signal: new AbortController().signal,
        maxTurns: 20,
        sandbox: contained.sandbox,
      };
      return { request, runFolder, events, onEvent: (e) => events.push(e), task: async () => ok(await resolveTask(rt, taskId)) };
    },
    async close() {
      await model.close();
      await containment.close();
      await rt.dispose();
    },
  };
};

/**
 * Claude Code's settings for the scripted model: its base URL and a key (or a subscription token), as a run of
 * `swarm up` gets them (the driver itself turns Claude Code's outside traffic off).
 */
export const claudeEnv = (model: ScriptedModelServer, auth: 'api-key' | 'subscription' = 'api-key'): Record<string, string> => ({
  ANTHROPIC_BASE_URL: model.url,
  ...(auth === 'api-key' ? { ANTHROPIC_API_KEY: 'sk-ant-scripted' } : { CLAUDE_CODE_OAUTH_TOKEN: 'sk-ant-oat01-scripted' }),
});

/**
 * Codex's settings for the scripted model: a CODEX_HOME in the run folder whose config.toml names a provider at the
 * server (`wire_api = "responses"`, its key from SCRIPTED_MODEL_KEY), with few retries so a test of them is quick.
 */
export const codexEnv = (model: ScriptedModelServer, runFolder: string): Record<string, string> => {
  const codexHome = join(runFolder, 'codex-home');
  mkdirSync(codexHome, { recursive: true });
  writeFileSync(
    join(codexHome, 'config.toml'),
    [
      'model_provider = "scripted"',
      '',
      '[model_providers.scripted]',
      'name = "scripted model"',
      `base_url = "${model.url}/v1"`,
      'env_key = "SCRIPTED_MODEL_KEY"',
      'wire_api = "responses"',
      'request_max_retries = 2',
      'stream_max_retries = 2',
      '',
    ].join('\n'),
  );
  return { CODEX_HOME: codexHome, SCRIPTED_MODEL_KEY: 'sk-scripted' };
};

/**
 * With SWARM_RECORD_DIR set, a run's raw log is kept there as `<name>.jsonl` (how test/fixtures/recordings was made:
 * `SWARM_RECORD_DIR=test/fixtures/recordings node --import tsx test/drivers/claude-real.test.ts`).
 */
export const keepRecording = (name: string, logPath: string): void => {
  const dir = process.env.SWARM_RECORD_DIR;
  if (!dir) return;
  mkdirSync(dir, { recursive: true });
  copyFileSync(logPath, join(dir, `${name}.jsonl`));
};
