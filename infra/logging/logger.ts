import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { pino, type Logger, type StreamEntry } from 'pino';
import pretty from 'pino-pretty';

/** Paths of secrets wherever they appear in a log line: they are replaced, never written. */
export const REDACTED_PATHS = [
  '*.token',
  '*.apiKey',
  '*.api_key',
  '*.password',
  '*.secret',
  '*.authorization',
  '*.headers.authorization',
  'env.*_TOKEN',
  'env.*_KEY',
  'env.*_SECRET',
  'env.*_PASSWORD',
  'token',
  'apiKey',
  'password',
  'secret',
  'authorization',
];

const options = (name: string, level: string) => ({
  name,
  level,
  redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
  base: { pid: process.pid },
});

/**
 * JSON logs through pino, with secrets redacted. Written to stderr so a command's stdout stays its output
 * (JSON for machines). `SWARM_LOG_LEVEL` sets the level (default `info`; `silent` turns logging off).
 */
export const createLogger = (name: string, env: NodeJS.ProcessEnv = process.env): Logger =>
  pino(options(name, env.SWARM_LOG_LEVEL ?? 'info'), pino.destination(2));

/** How `swarm up`'s log lines show where it was started: `pretty` (a person's terminal) or `json` (a machine). */
export type ConsoleFormat = 'pretty' | 'json';

export interface ServiceLoggerOptions {
  /** The folder for the JSON log files (`$SWARM_HOME/logs`); made when missing. */
  readonly logDir: string;
  /** Whether stdout is a terminal (process.stdout.isTTY); decides the console format unless SWARM_LOG_FORMAT does. */
  readonly stdoutIsTty: boolean;
}

export interface ServiceLogger {
  readonly log: Logger;
  /** The JSON log file every line goes to. */
  readonly file: string;
  readonly consoleFormat: ConsoleFormat;
  /** The lowest level shown on the console. */
  readonly consoleLevel: string;
}

/** `SWARM_LOG_FORMAT`: `json` or `pretty`; anything else is refused at start (the message names the variable). */
export const consoleFormatOf = (env: NodeJS.ProcessEnv, stdoutIsTty: boolean): ConsoleFormat | { error: string } => {
  const asked = env.SWARM_LOG_FORMAT?.trim().toLowerCase();
  if (!asked) return stdoutIsTty ? 'pretty' : 'json';
  if (asked === 'json' || asked === 'pretty') return asked;
  return { error: `SWARM_LOG_FORMAT: expected json or pretty, got "${env.SWARM_LOG_FORMAT}"` };
};

/**
 * The logger of a long-running service (`swarm up`), through pino's own tools (pino.multistream, pino-pretty):
 * - every line, as JSON, to `<logDir>/swarm.log` (level `SWARM_LOG_LEVEL`, default info);
 * - on a terminal, human lines from pino-pretty on stderr, warnings and errors only unless `SWARM_LOG_LEVEL` asks
 *   for more (the terminal's own lines say what the swarm is doing; the details are in the file);
 * - when stdout is not a terminal, or `SWARM_LOG_FORMAT=json`, the JSON lines on stdout as well (level
 *   `SWARM_LOG_LEVEL`, default info), for a supervisor or a log shipper.
 * Secrets are redacted before any stream sees a line.
 */
export const createServiceLogger = (name: string, env: NodeJS.ProcessEnv, o: ServiceLoggerOptions): ServiceLogger => {
  const format = consoleFormatOf(env, o.stdoutIsTty);
  if (typeof format !== 'string') throw new Error(format.error);
  mkdirSync(o.logDir, { recursive: true });
  const file = join(o.logDir, 'swarm.log');
  const fileLevel = env.SWARM_LOG_LEVEL ?? 'info';
  const consoleLevel = env.SWARM_LOG_LEVEL ?? (format === 'pretty' ? 'warn' : 'info');
  const streams: StreamEntry[] = [];
  if (fileLevel !== 'silent') streams.push({ level: fileLevel as pino.Level, stream: pino.destination({ dest: file, append: true, sync: true }) });
  if (consoleLevel !== 'silent') {
    if (format === 'pretty') {
      streams.push({
        level: consoleLevel as pino.Level,
        stream: pretty({ destination: 2, sync: true, colorize: process.stderr.isTTY === true, translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname,name', singleLine: true }),
      });
    } else {
      const stdout = pino.destination({ fd: 1, sync: true });
      // A reader that went away (`swarm up | head`) ends the process quietly, as a closed pipe does for a command.
      stdout.on('error', (e: NodeJS.ErrnoException) => {
        if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
      });
      streams.push({ level: consoleLevel as pino.Level, stream: stdout });
    }
  }
  const levels = [fileLevel, consoleLevel].filter((l) => l !== 'silent');
  const lowest = levels.sort((a, b) => pino.levels.values[a]! - pino.levels.values[b]!)[0] ?? 'silent';
  const log = pino(options(name, lowest), pino.multistream(streams));
  return { log, file, consoleFormat: format, consoleLevel };
};

export type { Logger };
