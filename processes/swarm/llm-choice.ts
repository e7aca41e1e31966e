import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DriverName } from '../../agents/drivers/driver.js';
import { isDriverName } from '../../agents/drivers/driver-registry.js';


/**
 * Which driver agents start on. The simulated agents unless an LLM is configured: `--driver`, then
 * `SWARM_DRIVER` / `SWARM_LLM_PROVIDER`, then `llm.defaultProvider` written in the config file. The built-in default
 * provider (claude) is not enough on its own: a fresh machine has no model access, and must still run end to end.
 */
export const chooseDriverName = (flag: string | undefined, env: NodeJS.ProcessEnv, home: string): { name: DriverName; why: string } => {
  if (flag) return { name: flag as DriverName, why: '--driver' };
  for (const variable of ['SWARM_DRIVER', 'SWARM_LLM_PROVIDER']) {
    const value = env[variable];
    if (value && isDriverName(value)) return { name: value, why: variable };
  }
  const file = env.SWARM_CONFIG || join(home, 'config.json');
  if (existsSync(file)) {
    try {
      const provider = (JSON.parse(readFileSync(file, 'utf8')) as { llm?: { defaultProvider?: unknown } }).llm?.defaultProvider;
      if (typeof provider === 'string' && isDriverName(provider)) return { name: provider, why: file };
    } catch {
      // The typed config loader reports a broken file with the field at fault.
    }
  }
  return { name: 'sim', why: 'no LLM configured' };
};
