import { existsSync } from 'node:fs';
import { delimiter, join, sep } from 'node:path';

/** Where a shell with this PATH finds `command` (a path is taken as it is); undefined when it would not. */
export const commandOnPath = (command: string, env: Readonly<Record<string, string | undefined>>): string | undefined => {
  if (command.includes(sep)) return command;
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (dir && existsSync(join(dir, command))) return join(dir, command);
  }
  return undefined;
};
