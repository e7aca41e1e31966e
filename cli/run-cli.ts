import { createCliContext, type CliContext } from './cli-context.js';
import { StoreFailure, storeFailureOfError } from '../infra/log/store-failures.js';
import { CliFailure, refused } from './cli-failure.js';
import { onlyReads } from './read-commands.js';

export interface CommandModule {
  readonly usage: string;
  run(argv: string[], ctx: CliContext): Promise<void>;
}

/** Each command group is loaded only when it is called, so a call pays only for the modules it needs. */
export type CommandTable = Readonly<Record<string, () => Promise<CommandModule>>>;

/** Where a CLI invocation writes: the process's streams at a terminal, buffers when the agent endpoint runs it. */
export interface CliStreams {
  stdout(text: string): void;
  stderr(text: string): void;
}

const isParseArgsError = (e: unknown): e is Error & { code: string } => {
  const code = (e as { code?: unknown } | null)?.code;
  return e instanceof Error && typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS');
};

/**
 * A failure of the log as the person sees it (exit 1, the code in the details). When the append's outcome is unknown,
 * it names the command id: the same command run again with it takes effect at most once (infra/log/command-ids.ts).
 */
const storeFailureOfCommand = (e: StoreFailure, commandId: string): CliFailure =>
  refused(
    e.code === 'append_outcome_unknown'
      ? `${e.message}. To settle it, run the same command again with SWARM_COMMAND_ID=${commandId}: with the same command id it takes effect at most once`
      : e.message,
    { code: e.code, ...(e.code === 'append_outcome_unknown' ? { commandId } : {}) },
  );

/** The log's server failing in a way no adapter named (unreachable, a position that is no event's) as a refusal. */
const storeFailureOf = (e: unknown): CliFailure | undefined => {
  const failure = storeFailureOfError(e);
  if (!failure) return undefined;
  return new CliFailure(failure.message, failure.code === 'invalid_position' ? 2 : 1, { code: failure.code });
};

const wantsJson = (argv: string[]) => argv.includes('--json');

/**
 * Runs one CLI invocation against a context and returns its exit code: dispatch, then map refusals to exit codes
 * (2 bad input, 1 refused) and messages. `onFailure` sees each refusal (the agent endpoint records refusals of
 * authority).
 */
export const executeCli = async (
  program: string,
  commands: CommandTable,
  argv: string[],
  io: CliStreams,
  makeContext: () => CliContext,
  onFailure?: (failure: CliFailure) => void,
): Promise<number> => {
  const [name, ...rest] = argv;
  const help = async () => {
    const lines = await Promise.all(Object.values(commands).map(async (load) => (await load()).usage));
    return `usage:\n${[...new Set(lines)].map((l) => `  ${l}`).join('\n')}`;
  };
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    io.stdout(`${await help()}\n`);
    return 0;
  }
  const load = Object.hasOwn(commands, name) ? commands[name] : undefined;
  if (!load) {
    io.stderr(`${program}: unknown command "${name}"\n${await help()}\n`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout(`usage:\n  ${(await load()).usage}\n`);
    return 0;
  }
  const ctx = makeContext();
  try {
    await (await load()).run(rest, ctx);
    return ctx.exitCode();
  } catch (e) {
    const failure =
      e instanceof CliFailure
        ? e
        : isParseArgsError(e)
          ? new CliFailure(e.message, 2)
          : e instanceof StoreFailure
            ? storeFailureOfCommand(e, ctx.commandId)
            : storeFailureOf(e);
    if (!failure) throw e;
    onFailure?.(failure);
    if (wantsJson(rest) || program === 'claude-tasks') {
      io.stdout(`${JSON.stringify({ status: 'error', error: failure.message, ...failure.details })}\n`);
    }
    io.stderr(`${program} ${name}: ${failure.message}\n`);
    return failure.exitCode;
  } finally {
    await ctx.closeForExit();
  }
};

const processStreams: CliStreams = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
};

/**
 * Output piped into a reader that stops early (`swarm events | head -1`) ends quietly: once the reader has gone
 * (EPIPE), there is nobody left to tell, so the process exits at once with what it had, without a stack trace.
 */
const endQuietlyWhenTheReaderLeaves = () => {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EPIPE' || e.code === 'ERR_STREAM_DESTROYED') process.exit(process.exitCode ?? 0);
      throw e;
    });
  }
};

/** Runs one CLI invocation in this process, on the store named by the environment. */
export const runCli = async (program: string, commands: CommandTable, argv: string[]): Promise<void> => {
  endQuietlyWhenTheReaderLeaves();
  process.exitCode = await executeCli(program, commands, argv, processStreams, () =>
    createCliContext(process.env, { createStore: !onlyReads(program, argv) }),
  );
};
