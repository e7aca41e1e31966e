/**
 * The agent endpoint (SPEC §6 "Containment"): the only way a command from inside an agent run reaches the swarm. The
 * `swarm up` process that spawned the run serves it on a Unix socket bound into each run's sandbox; the CLI inside a
 * run (`swarm`, `claude-tasks`, `claude-swarm`) sends its program name and arguments with the run's token, and the
 * swarm runs the command here, on its own log and read models, as the agent the token names. The caller's
 * `SWARM_AGENT`, `--agent` and `--from` are only checked against it. Refusals of authority are recorded.
 */
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as t from 'io-ts';
import { isLeft } from 'fp-ts/lib/Either.js';
import { agentMayRun, type RefusalReason } from '../../domain/refusal/index.js';
import { recordRefusal } from '../../processes/commands/refusal-commands.js';
import type { RunCapabilities, RunCapability } from '../../processes/dispatcher/run-capabilities.js';
import { executeCli, type CommandTable } from '../run-cli.js';
import { claudeSwarmCommands } from '../tables/claude-swarm-table.js';
import { claudeTasksCommands } from '../tables/claude-tasks-table.js';
import { swarmCommands } from '../tables/swarm-table.js';
import { agentCliContext, type AgentCliBase } from './agent-cli-context.js';

/** The path every agent CLI call is sent to. */
export const agentCliRoute = '/v1/cli';

const maxBodyBytes = 1024 * 1024;
const maxArgs = 200;

const AgentCliRequest = t.intersection([
  t.type({ program: t.keyof({ swarm: null, 'claude-tasks': null, 'claude-swarm': null }), argv: t.array(t.string) }),
  t.partial({ agent: t.string }),
]);
type AgentCliRequest = t.TypeOf<typeof AgentCliRequest>;

export interface AgentCliReply {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

const tables: Readonly<Record<AgentCliRequest['program'], CommandTable>> = {
  swarm: swarmCommands,
  'claude-tasks': claudeTasksCommands,
  'claude-swarm': claudeSwarmCommands,
};

export interface AgentEndpointOptions extends AgentCliBase {
  readonly capabilities: RunCapabilities;
  readonly log: { warn(o: object, m: string): void; error(o: object, m: string): void };
  /** Called after a refusal is recorded (tests and the status line count them). */
  readonly onRefusal?: (refusal: { agent: string; reason: RefusalReason; command: string }) => void;
}

export interface AgentEndpoint {
  /** The socket's path on this host (bound into each sandbox at a fixed path). */
  readonly socketPath: string;
  close(): Promise<void>;
}

const readBody = (req: IncomingMessage): Promise<string | undefined> =>
  new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBodyBytes) {
        resolve(undefined);
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', () => resolve(undefined));
  });

const send = (res: ServerResponse, status: number, reply: AgentCliReply) => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(reply));
};

const commandLine = (request: AgentCliRequest) => [request.program, ...request.argv].join(' ');

export const startAgentEndpoint = async (o: AgentEndpointOptions): Promise<AgentEndpoint> => {
  // A folder of the swarm user's own (0700): nothing outside a sandbox that binds the socket can reach it.
  const folder = mkdtempSync(join(tmpdir(), 'swarmlog-agent-'));
  chmodSync(folder, 0o700);
  const socketPath = join(folder, 'agent.sock');

  const refuse = async (
    res: ServerResponse,
    refusal: { agent: string; reason: RefusalReason; message: string; command: string; capability?: RunCapability },
  ) => {
    try {
      const recorded = await recordRefusal(o.runtime, {
        agent: refusal.agent,
        command: refusal.command,
        reason: refusal.reason,
        message: refusal.message,
        ...(refusal.capability ? { runId: refusal.capability.runId, taskId: refusal.capability.taskId, correlationId: refusal.capability.correlationId } : {}),
      });
      if (isLeft(recorded)) o.log.error({ err: recorded.left, refusal }, 'could not record a refused agent command');
    } catch (e) {
      o.log.error({ err: e, refusal }, 'could not record a refused agent command');
    }
    o.onRefusal?.({ agent: refusal.agent, reason: refusal.reason, command: refusal.command });
    send(res, 403, { exitCode: 1, stdout: '', stderr: `${refusal.command.split(' ').slice(0, 2).join(' ')}: refused — ${refusal.message}\n` });
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    if (req.method !== 'POST' || req.url !== agentCliRoute) {
      send(res, 404, { exitCode: 2, stdout: '', stderr: `agent endpoint: no route ${req.method} ${req.url}\n` });
      return;
    }
    const body = await readBody(req);
    if (body === undefined) {
      send(res, 413, { exitCode: 2, stdout: '', stderr: `agent endpoint: request over ${maxBodyBytes} bytes\n` });
      return;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      send(res, 400, { exitCode: 2, stdout: '', stderr: 'agent endpoint: the request is not JSON\n' });
      return;
    }
    const decoded = AgentCliRequest.decode(parsed);
    if (isLeft(decoded) || decoded.right.argv.length > maxArgs) {
      send(res, 400, { exitCode: 2, stdout: '', stderr: `agent endpoint: expected {program: swarm|claude-tasks|claude-swarm, argv: string[≤${maxArgs}]}\n` });
      return;
    }
    const request = decoded.right;
    const command = commandLine(request);
    const claimed = request.agent && /^[a-z][a-z0-9-]{0,40}$/.test(request.agent) ? request.agent : 'unknown';
    const header = req.headers.authorization ?? '';
    const token = header.startsWith('Bearer ') ? header.slice('Bearer '.length).trim() : '';
    const checked = token ? o.capabilities.check(token) : ({ status: 'unknown' } as const);
    if (checked.status === 'unknown') {
      return refuse(res, { agent: claimed, reason: 'unknown_token', command, message: 'this token was never issued by this swarm (no run capability)' });
    }
    const capability = checked.capability;
    if (checked.status === 'ended') {
      return refuse(res, { agent: capability.agent, reason: 'run_ended', command, capability, message: `run ${capability.runId} has ended: its token is dead` });
    }
    if (request.agent !== undefined && request.agent !== '' && request.agent !== capability.agent) {
      return refuse(res, {
        agent: capability.agent,
        reason: 'acting_for_another_agent',
        command,
        capability,
        message: `SWARM_AGENT="${request.agent}" but this run is agent "${capability.agent}" (an agent acts only as itself)`,
      });
    }
    const verdict = agentMayRun(request.program, request.argv);
    if (!verdict.allowed) return refuse(res, { agent: capability.agent, reason: verdict.reason, command, capability, message: verdict.message });

    let stdout = '';
    let stderr = '';
    let actingForAnother: string | undefined;
    try {
      const exitCode = await executeCli(
        request.program,
        tables[request.program],
        [...request.argv],
        { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s) },
        () => agentCliContext(o, capability, (line) => (stdout += `${line}\n`)),
        (failure) => {
          if (failure.details?.refusal === 'acting_for_another_agent') actingForAnother = failure.message;
        },
      );
      if (actingForAnother !== undefined) {
        const recorded = await recordRefusal(o.runtime, {
          agent: capability.agent,
          command,
          reason: 'acting_for_another_agent',
          message: actingForAnother,
          runId: capability.runId,
          taskId: capability.taskId,
          correlationId: capability.correlationId,
        });
        if (isLeft(recorded)) o.log.error({ err: recorded.left }, 'could not record a refused agent command');
        o.onRefusal?.({ agent: capability.agent, reason: 'acting_for_another_agent', command });
      }
      send(res, 200, { exitCode, stdout, stderr });
    } catch (e) {
      o.log.error({ err: e, command, runId: capability.runId }, 'an agent command failed');
      send(res, 500, { exitCode: 1, stdout, stderr: `${stderr}${request.program}: internal error: ${(e as Error).message}\n` });
    }
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      o.log.error({ err: e }, 'agent endpoint request failed');
      if (!res.headersSent) send(res, 500, { exitCode: 1, stdout: '', stderr: 'agent endpoint: internal error\n' });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(socketPath, () => resolve());
  });
  chmodSync(socketPath, 0o600);
  return {
    socketPath,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => {
          rmSync(folder, { recursive: true, force: true });
          resolve();
        });
        server.closeAllConnections();
      }),
  };
};
