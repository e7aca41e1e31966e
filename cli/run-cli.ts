import { createCliContext, type CliContext } from './cli-context.js';
import { CliFailure } from './cli-failure.js';

export interface CommandModule {
  readonly usage: string;
  run(argv: string[], ctx: CliContext): Promise<void>;
}

/** Each command group is loaded only when it is called, so a call pays only for the modules it needs. */
export type CommandTable = Readonly<Record<string, () => Promise<CommandModule>>>;

const isParseArgsError = (e: unknown): e is Error & { code: string } => {
  const code = (e as { code?: unknown } | null)?.code;
  return e instanceof Error && typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS');
};

const wantsJson = (argv: string[]) => argv.includes('--json');

/** Runs one CLI invocation: dispatch, then map refusals to exit codes (2 bad input, 1 refused) and messages. */
export const runCli = async (program: string, commands: CommandTable, argv: string[]): Promise<void> => {
  const [name, ...rest] = argv;
  const help = async () => {
    const lines = await Promise.all(Object.values(commands).map(async (load) => (await load()).usage));
    return `usage:\n${[...new Set(lines)].map((l) => `  ${l}`).join('\n')}`;
  };
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    process.stdout.write(`${await help()}\n`);
    return;
  }
  const load = commands[name];
  if (!load) {
    process.stderr.write(`${program}: unknown command "${name}"\n${await help()}\n`);
    process.exitCode = 2;
    return;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(`usage:\n  ${(await load()).usage}\n`);
    return;
  }
  const ctx = createCliContext();
  try {
    await (await load()).run(rest, ctx);
  } catch (e) {
    const failure =
      e instanceof CliFailure ? e : isParseArgsError(e) ? new CliFailure(`${program} ${name}: ${e.message}`, 2) : undefined;
    if (!failure) throw e;
    if (wantsJson(rest) || program === 'claude-tasks') {
      process.stdout.write(`${JSON.stringify({ status: 'error', error: failure.message, ...failure.details })}\n`);
    }
    process.stderr.write(`${program} ${name}: ${failure.message}\n`);
    process.exitCode = failure.exitCode;
  } finally {
    await ctx.closeForExit();
  }
};
