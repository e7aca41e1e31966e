import { pino, type Logger } from 'pino';

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

/**
 * JSON logs through pino, with secrets redacted. Written to stderr so a command's stdout stays its output
 * (JSON for machines). `SWARM_LOG_LEVEL` sets the level (default `info`; `silent` turns logging off).
 */
export const createLogger = (name: string, env: NodeJS.ProcessEnv = process.env): Logger =>
  pino(
    {
      name,
      level: env.SWARM_LOG_LEVEL ?? 'info',
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      base: { pid: process.pid },
    },
    pino.destination(2),
  );

export type { Logger };
