/**
 * The ideas the swarm already has, for the simulated agents. A model reads them in its prompt's "Ideas the swarm
 * already has" section and looks elsewhere; the simulated agent never reads the prompt, so the sim driver hands the
 * titles on in `SWARM_SIM_KNOWN_IDEAS` (a JSON array), as it hands on the prompt's directives.
 */
import { knownIdeaTitles } from '../prompt-builder.js';

export const knownIdeasVariable = 'SWARM_SIM_KNOWN_IDEAS';

/** The environment that carries a prompt's known ideas to the simulated agent (nothing when the prompt lists none). */
export const knownIdeasEnv = (prompt: string): Record<string, string> => {
  const titles = knownIdeaTitles(prompt);
  return titles.length > 0 ? { [knownIdeasVariable]: JSON.stringify(titles) } : {};
};

/** Inside the simulated agent: the titles the driver passed (none when absent or not a list of strings). */
export const knownIdeasOf = (env: NodeJS.ProcessEnv): string[] => {
  const text = env[knownIdeasVariable];
  if (!text) return [];
  try {
    const parsed: unknown = JSON.parse(text);
    return Array.isArray(parsed) ? parsed.filter((t): t is string => typeof t === 'string') : [];
  } catch {
    return [];
  }
};
