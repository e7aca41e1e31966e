/**
 * The configuration as `swarm up` and `swarm config` apply it: the typed settings with their sources, the driver
 * choice's inputs, and the cron jobs after `scheduler.jobs`. A bad setting is bad input (exit code 2) naming the field.
 */
import { isLeft } from 'fp-ts/lib/Either.js';
import { loadConfigWithSources, type LoadedConfig, type SettingSource, type SwarmConfig } from '../infra/config/swarm-config.js';
import { configureJobs, defaultJobs, type ScheduledJob } from '../processes/scheduler/scheduled-jobs.js';
import type { DriverChoiceSettings } from '../processes/swarm/llm-choice.js';
import { badInput } from './cli-failure.js';

export const loadSettings = (env: NodeJS.ProcessEnv): LoadedConfig => {
  const loaded = loadConfigWithSources(env);
  if (isLeft(loaded)) throw badInput(loaded.left);
  return loaded.right;
};

/** Where a setting came from, in words: `default`, `file <path>`, `environment <VARIABLE>`. */
export const sourceText = (source: SettingSource | undefined): string =>
  !source || source.kind === 'default' ? 'default' : source.kind === 'file' ? `file ${source.file}` : `environment ${source.variable}`;

/** What the driver choice needs from the config: the override variable, and the provider if one was written down. */
export const driverChoiceSettings = (loaded: LoadedConfig): DriverChoiceSettings => {
  const source = loaded.sources['llm.defaultProvider'];
  return {
    manualOverrideEnv: loaded.config.llm.manualOverrideEnv,
    ...(source && source.kind !== 'default' ? { configuredProvider: { name: loaded.config.llm.defaultProvider, where: sourceText(source) } } : {}),
  };
};

/** The built-in cron jobs after `scheduler.jobs` (enabled, cron, graceSeconds); a bad one is bad input naming it. */
export const configuredJobs = (config: SwarmConfig, configFile = 'config'): ScheduledJob[] => {
  const jobs = configureJobs(defaultJobs, config.scheduler.jobs);
  if (isLeft(jobs)) throw badInput(`${configFile}: ${jobs.left.message}`, { field: jobs.left.field });
  return jobs.right;
};
