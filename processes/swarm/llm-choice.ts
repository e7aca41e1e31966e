import { driverNames, isDriverName, type DriverName } from '../../agents/drivers/driver.js';

export interface DriverChoiceSettings {
  /** `llm.manualOverrideEnv`: the environment variable whose value (a driver name) overrides the provider. */
  readonly manualOverrideEnv: string;
  /** `llm.defaultProvider` when the config file (or environment) sets it, with where; the built-in default does not count. */
  readonly configuredProvider?: { readonly name: DriverName; readonly where: string };
}

/**
 * Which driver agents start on. The simulated agents unless an LLM is configured: `--driver`, then `SWARM_DRIVER`,
 * then the variable named by `llm.manualOverrideEnv` (default `SWARM_LLM_PROVIDER`), then `llm.defaultProvider`
 * written in the config. The built-in default provider (claude) is not enough on its own: a fresh machine has no model
 * access, and must still run end to end. A variable set to something that is not a driver is an error naming it.
 */
export const chooseDriverName = (
  flag: string | undefined,
  env: NodeJS.ProcessEnv,
  settings: DriverChoiceSettings,
): { name: DriverName; why: string } | { error: string } => {
  if (flag) return { name: flag as DriverName, why: '--driver' };
  for (const variable of ['SWARM_DRIVER', settings.manualOverrideEnv]) {
    const value = env[variable];
    if (value === undefined || value === '') continue;
    // The original lowercased the override (SUP-34); an unknown name silently ran claude there, and is refused here.
    const name = value.trim().toLowerCase();
    if (!isDriverName(name)) return { error: `${variable}: expected ${driverNames.join(', ')}, got ${JSON.stringify(value)}` };
    return { name, why: variable };
  }
  if (settings.configuredProvider) return { name: settings.configuredProvider.name, why: settings.configuredProvider.where };
  return { name: 'sim', why: 'no LLM configured' };
};
