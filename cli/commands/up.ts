import { parseArgs } from 'node:util';
import type { CliContext } from '../cli-context.js';

export const usage = 'swarm up [--port 8080] [--host 127.0.0.1] [--driver sim|claude|codex|anthropic] [--roles a,b] [--no-agents]';

/** Starts the swarm: for now the log only (projections, process managers, agents and the dashboard come next). */
export const run = async (argv: string[], ctx: CliContext): Promise<void> => {
  parseArgs({
    args: argv,
    options: {
      port: { type: 'string', default: '8080' },
      host: { type: 'string', default: '127.0.0.1' },
      driver: { type: 'string' },
      roles: { type: 'string' },
      'no-agents': { type: 'boolean', default: false },
    },
    strict: true,
  });
  const store = await ctx.store();
  const head = await store.headPosition();
  ctx.out(`swarmlog: log ${ctx.storeUrl} (head position ${head}); data in ${ctx.home}`);
  const stopped = new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
  // Signal listeners alone do not keep Node running; this does until Ctrl-C.
  const keepAlive = setInterval(() => undefined, 60_000);
  ctx.out('swarmlog: running. Ctrl-C stops.');
  await stopped;
  clearInterval(keepAlive);
  ctx.out('swarmlog: stopped.');
};
