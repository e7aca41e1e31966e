/**
 * The simulated agent (SPEC §6, driver `sim`): a real program, started once per run with the run's environment
 * (SWARM_AGENT, SWARM_TASK_ID, SWARM_HOME …), that does its role's job through the real CLI and finishes its task
 * itself, as workflow.md says a model-driven agent must. Offline and deterministic: every choice comes from the
 * task (its id, its payload), never from randomness or the clock. Prints one JSON line per action (sim-protocol).
 */
import { roleOfAgent } from '../../domain/task/task-rules.js';
import type { AgentName } from '../../domain/agent/roles.js';
import { builder } from './roles/builder.js';
import { critic } from './roles/critic.js';
import { hunter } from './roles/hunter.js';
import { acknowledgeDirective, liaison } from './roles/liaison.js';
import { meta } from './roles/meta.js';
import { pm } from './roles/pm.js';
import { publisher } from './roles/publisher.js';
import { reviewer } from './roles/reviewer.js';
import { support } from './roles/support.js';
import { tester } from './roles/tester.js';
import { simLine } from './sim-protocol.js';
import { SimSession } from './sim-session.js';

const roles: Readonly<Record<AgentName, (s: SimSession) => void>> = {
  hunter,
  critic,
  pm,
  builder,
  reviewer,
  tester,
  publisher,
  meta,
  liaison,
  support,
};

const stop = (reason: string, exitCode: number): void => {
  process.stdout.write(`${simLine({ kind: 'failed', reason })}\n`);
  process.exitCode = exitCode;
};

const main = (): void => {
  const agent = process.env.SWARM_AGENT;
  const taskId = process.env.SWARM_TASK_ID;
  if (!agent || !taskId) return stop('the simulated agent needs SWARM_AGENT and SWARM_TASK_ID', 2);
  const role = roleOfAgent(agent);
  if (!role) return stop(`SWARM_AGENT="${agent}" is not one of the ten roles (or an instance such as builder-2)`, 2);
  const session = new SimSession(agent, taskId, process.env);
  try {
    const task = session.readTask();
    session.progress(`${agent} works on ${task.type} task ${task.id}`);
    session.readMail();
    // A person's directive is handled alike by every role (it may be addressed to any agent).
    if (task.type === 'directive') acknowledgeDirective(session);
    else roles[role](session);
    if (!session.isFinished) session.fail('the simulated agent ended without finishing the task');
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    if (!session.isFinished) {
      try {
        session.fail(reason);
      } catch {
        // The task could not be failed either (the claim is gone): the dispatcher decides from the log.
      }
    }
    stop(reason, 1);
  }
};

main();
