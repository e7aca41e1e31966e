import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { simLine, type SimLine } from './sim-protocol.js';
import { installationRoot } from '../installation-root.js';

export type SwarmBin = 'swarm' | 'claude-tasks' | 'claude-swarm';

/** The task of the run, as `swarm task show --json` gives it. */
export interface SimTask {
  readonly id: string;
  readonly type: string;
  readonly priority: number;
  readonly payload: Readonly<Record<string, unknown>>;
}

export interface CliAnswer {
  readonly exitCode: number | null;
  /** The last stdout line as JSON, when it is JSON (every swarm command the agent uses answers in JSON). */
  readonly json: Readonly<Record<string, unknown>> | undefined;
  readonly stdout: string;
  readonly stderr: string;
}

/** A swarm command refused what the agent asked; the agent reports it on its task as the reason. */
export class SimRefusal extends Error {}

/** The repository root (where `cli/bin/` is). */
export const repoRoot = installationRoot;

const shortened = (text: string, max = 240): string => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/** What one run of the simulated agent works with: its identity, its task, the swarm CLI and its output protocol. */
export class SimSession {
  readonly home: string;
  private finished = false;
  private task_: SimTask | undefined;

  constructor(
    readonly agent: string,
    readonly taskId: string,
    private readonly env: NodeJS.ProcessEnv,
    private readonly root = repoRoot(),
    private readonly write: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
  ) {
    this.home = resolve(env.SWARM_HOME || './data');
  }

  get task(): SimTask {
    if (!this.task_) throw new Error('the task has not been read yet');
    return this.task_;
  }

  get isFinished(): boolean {
    return this.finished;
  }

  say(line: SimLine): void {
    this.write(simLine(line));
  }

  progress(note: string): void {
    this.say({ kind: 'progress', note });
  }

  /**
   * Runs one swarm bin as a child process with the arguments as an array (never through a shell) and the run's own
   * environment, and reports it as a tool call.
   */
  cli(bin: SwarmBin, args: readonly string[]): CliAnswer {
    this.say({ kind: 'tool', name: `${bin} ${args[0] ?? ''}`.trim(), summary: shortened(args.slice(1).join(' ')) });
    const r = spawnSync(process.execPath, [join(this.root, 'cli', 'bin', bin), ...args], { env: this.env, encoding: 'utf8', shell: false });
    const last = (r.stdout ?? '').trim().split('\n').pop() ?? '';
    let json: Record<string, unknown> | undefined;
    try {
      const parsed: unknown = JSON.parse(last);
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) json = parsed as Record<string, unknown>;
    } catch {
      json = undefined;
    }
    if (r.error) throw new SimRefusal(`${bin} ${args[0] ?? ''} could not start: ${r.error.message}`);
    return { exitCode: r.status, json, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
  }

  /** Like `cli`, but a refusal stops the agent's work with the command's own message. */
  must(bin: SwarmBin, args: readonly string[]): Readonly<Record<string, unknown>> {
    const answer = this.cli(bin, args);
    if (answer.exitCode !== 0) throw new SimRefusal(`${bin} ${args[0] ?? ''} was refused: ${refusalMessage(answer)}`);
    return answer.json ?? {};
  }

  /** Reads the run's task through the CLI (SWARM_TASK_ID), as a model-driven agent would. */
  readTask(): SimTask {
    const shown = this.must('swarm', ['task', 'show', this.taskId, '--json']);
    const payload = shown.payload && typeof shown.payload === 'object' ? (shown.payload as Record<string, unknown>) : {};
    this.task_ = { id: String(shown.id), type: String(shown.type), priority: Number(shown.priority), payload };
    return this.task_;
  }

  /** Reads unread mail and marks it read, as every role does first (the workflow's "all" row). */
  readMail(): ReadonlyArray<Readonly<Record<string, unknown>>> {
    const listed = this.cli('claude-tasks', ['messages', '--agent', this.agent, '--unread']);
    const messages = Array.isArray(listed.json?.messages) ? (listed.json.messages as Array<Record<string, unknown>>) : [];
    for (const message of messages.slice(0, 5)) if (typeof message.id === 'string') this.cli('swarm', ['mail', 'read', message.id, '--json']);
    return messages;
  }

  complete(result: Readonly<Record<string, unknown>>): void {
    this.must('claude-tasks', ['complete', '--task-id', this.taskId, '--result', JSON.stringify(result)]);
    this.finished = true;
  }

  /** Finishes the task as failed with a reason a person understands. */
  fail(reason: string): void {
    this.must('claude-tasks', ['complete', '--task-id', this.taskId, '--error', reason]);
    this.finished = true;
  }
}

/** The message of a refused command: the JSON error when there is one, else its stderr. */
export const refusalMessage = (answer: CliAnswer): string => {
  const error = answer.json?.error ?? answer.json?.message;
  if (typeof error === 'string' && error) return error;
  return answer.stderr.trim() || `exit code ${answer.exitCode}`;
};

/** A payload field as text, or the fallback. */
export const text = (payload: Readonly<Record<string, unknown>>, field: string, fallback = ''): string => {
  const value = payload[field];
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return fallback;
};

export const num = (payload: Readonly<Record<string, unknown>>, field: string, fallback: number): number => {
  const value = Number(payload[field]);
  return Number.isFinite(value) ? value : fallback;
};
