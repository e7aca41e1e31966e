import { isLeft, type Either } from 'fp-ts/lib/Either.js';
import type { DomainError } from '../../domain/errors.js';
import { acquireLock, listLocks, releaseLock } from '../../processes/commands/lock-commands.js';
import { parseCommandArgs } from '../cli-args.js';
import { cliCaller, type CliContext } from '../cli-context.js';
import { badInput } from '../cli-failure.js';
import { integerInRange } from '../cli-values.js';
import { failOn } from '../domain-failure.js';
import { render, table } from '../output.js';

export const usage = 'swarm lock acquire PATH [--ttl S] | lock release PATH | lock list [--holder H]';

const ok = <A>(e: Either<DomainError, A>): A => (isLeft(e) ? failOn(e.left) : e.right);

const onePath = (positionals: readonly string[], sub: string): string => {
  if (positionals.length !== 1) throw badInput(`PATH: swarm lock ${sub} takes one file path`, { field: 'PATH' });
  return positionals[0]!;
};

/** File locks (SPEC §3.2): the holder is the caller (the agent of the run, or the human at the terminal). */
export const run = async (argv: string[], ctx: CliContext): Promise<void> => {
  const [sub, ...rest] = argv;
  switch (sub) {
    case 'acquire': {
      const { values: v, flags: f, positionals } = parseCommandArgs(rest, { ttl: { type: 'string' } }, [['PATH', 'path']]);
      const path = onePath(positionals, 'acquire');
      const ttl = v.ttl === undefined ? {} : { ttlSeconds: integerInRange('--ttl', v.ttl, 1, 86_400) };
      const lock = ok(await acquireLock(await ctx.runtime(), cliCaller(ctx), { path, ...ttl }));
      const out = { status: lock.refreshed ? 'refreshed' : 'acquired', path: lock.path, holder: lock.holder, expires_at: lock.expiresAt, ...(lock.previousHolder ? { taken_over_from: lock.previousHolder } : {}) };
      ctx.out(render(out, { json: !!f.json }));
      return;
    }
    case 'release': {
      const { flags: f, positionals } = parseCommandArgs(rest, {}, [['PATH', 'path']]);
      const released = ok(await releaseLock(await ctx.runtime(), cliCaller(ctx), { path: onePath(positionals, 'release') }));
      ctx.out(render({ status: 'released', path: released.path }, { json: !!f.json }));
      return;
    }
    case 'list': {
      const { values: v, flags: f, positionals } = parseCommandArgs(rest, { holder: { type: 'string' } });
      if (positionals.length > 0) throw badInput(`swarm lock list takes no arguments, got "${positionals[0]}"`);
      const locks = await listLocks(await ctx.runtime(), v.holder !== undefined ? { holder: v.holder } : {});
      ctx.out(render({ locks }, { json: !!f.json }, (x: { locks: typeof locks }) => table(x.locks.map((l) => ({ ...l })), ['path', 'holder', 'acquiredAt', 'expiresAt'], 80)));
      return;
    }
    default:
      throw badInput(`swarm lock: expected acquire, release or list, got ${sub === undefined ? 'nothing' : `"${sub}"`}\nusage: ${usage}`);
  }
};
