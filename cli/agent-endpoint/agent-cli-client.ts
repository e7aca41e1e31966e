/**
 * The CLI inside an agent run (SPEC §6 "Containment"): when the run's token is in the environment
 * (`SWARM_RUN_TOKEN`), `swarm`, `claude-tasks` and `claude-swarm` never open the log or the read models. They send
 * the command to the agent endpoint (`SWARM_AGENT_ENDPOINT`, a Unix socket) and print what the swarm answers. Kept
 * to Node's own modules: agents call the CLI constantly, and this is all such a call loads.
 */
import { request } from 'node:http';

interface Reply {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

const fail = (bin: string, message: string) => {
  process.stderr.write(`${bin}: ${message}\n`);
  process.exitCode = 1;
};

export const runThroughEndpoint = (bin: string): void => {
  const token = process.env.SWARM_RUN_TOKEN ?? '';
  const socketPath = process.env.SWARM_AGENT_ENDPOINT;
  if (!socketPath) return fail(bin, 'SWARM_RUN_TOKEN is set but SWARM_AGENT_ENDPOINT is not: an agent run reaches the swarm only through its endpoint');
  const body = JSON.stringify({ program: bin, argv: process.argv.slice(2), ...(process.env.SWARM_AGENT !== undefined ? { agent: process.env.SWARM_AGENT } : {}) });
  const req = request(
    { socketPath, path: '/v1/cli', method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
    (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        let reply: Reply;
        try {
          reply = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Reply;
        } catch {
          return fail(bin, `the agent endpoint answered HTTP ${res.statusCode} without a reply`);
        }
        if (reply.stdout) process.stdout.write(reply.stdout);
        if (reply.stderr) process.stderr.write(reply.stderr);
        process.exitCode = typeof reply.exitCode === 'number' ? reply.exitCode : 1;
      });
    },
  );
  req.on('error', (e) => fail(bin, `the agent endpoint (${socketPath}) is not reachable: ${e.message}`));
  req.end(body);
};
