import type { DriverName } from '../../agents/drivers/driver.js';
import { buildRunPrompt, type PromptMemory } from '../../agents/prompt-builder.js';
import { roleSecrets, roleSettings, type RoleConfig } from '../../agents/roles.js';
import { roleOfAgent } from '../../domain/task/task-rules.js';
import type { TaskView } from '../../projections/tasks/task-view.js';
import { approvalsProjection } from '../../projections/approvals/approvals-projection.js';
import { takenIdeas } from '../../projections/approvals/queries.js';
import { freshReader } from '../../projections/engine/fresh-reader.js';
import { inbox } from '../commands/mail-commands.js';
import type { SwarmRuntime } from '../commands/runtime.js';
import type { PreparedRun } from './agent-run.js';

export interface RunPreparation {
  readonly runtime: SwarmRuntime;
  readonly config: RoleConfig;
  /** Where secrets come from (the process environment or a secrets store); a run gets only its role's. */
  readonly secrets: Readonly<Record<string, string | undefined>>;
  readonly driverOf: (agent: string) => DriverName;
  /** Relevant long-term memories for a task (memory search: shared words, or fused with a model), when memory is available. */
  readonly memoriesFor?: (role: string, taskText: string) => Promise<readonly PromptMemory[]>;
}

const ideaRoles: ReadonlySet<string> = new Set(['hunter', 'critic', 'pm']);

/** What a task is about, as text for the memory search. */
const taskText = (task: TaskView) => [task.type, task.title ?? '', JSON.stringify(task.payload)].join(' ');

/**
 * Builds a run's prompt (SPEC §6: role prompt + task context + unread mail + relevant memories), its model, its
 * limits (turns, tokens) and the secrets its role may see.
 */
export const runPreparer =
  (p: RunPreparation) =>
  async (agent: string, task: TaskView): Promise<PreparedRun> => {
    const role = roleOfAgent(agent);
    if (!role) throw new Error(`not an agent: ${agent}`);
    const mail = await inbox(p.runtime, role, { unreadOnly: true, limit: 20 });
    const memories = p.memoriesFor ? await p.memoriesFor(role, taskText(task)) : [];
    // The roles that find and judge ideas see what the swarm already has, so they look elsewhere (issue 17).
    const knownIdeas = ideaRoles.has(role) ? takenIdeas(await freshReader(p.runtime.log, p.runtime.projections, approvalsProjection)) : [];
    const prompt = buildRunPrompt({
      role,
      agent,
      task: { id: task.id, type: task.type, priority: task.priority, payload: task.payload, createdBy: task.createdBy, attempts: task.attempts },
      unreadMail: mail.map((m) => ({ messageId: m.messageId, from: m.from, type: m.type, payload: m.payload, sentAt: m.sentAt })),
      memories,
      ...(knownIdeas.length ? { knownIdeas } : {}),
      now: p.runtime.now(),
    });
    const settings = roleSettings(role, p.config);
    return {
      prompt: prompt.text,
      promptHash: prompt.hash,
      model: settings.model,
      maxTurns: settings.maxTurns,
      sessionMaxTokens: settings.sessionMaxTokens,
      env: roleSecrets(role, p.secrets, p.driverOf(agent)),
    };
  };
