/**
 * Prompt directives for the simulated agents (issue 20 point 5): a line `sim: <key>=<value>` anywhere in a run's
 * prompt changes how the `sim` roles decide, so a what-if with an edited prompt changes outcomes without an LLM.
 * The sim driver reads them from the prompt and hands them to the simulated agent in `SWARM_SIM_DIRECTIVES`
 * (the agent never sees the prompt itself). Unknown keys and values out of range are ignored, and said so in the
 * run's output, as a model would ignore an instruction it cannot follow.
 */
import { isPublishPlatform, publishPlatforms } from '../../infra/publishing/publication.js';

export interface SimDirective {
  readonly key: string;
  /** What the value may be, for `swarm whatif --help` and docs/whatif.md. */
  readonly values: string;
  readonly meaning: string;
  readonly parse: (value: string) => string | number | undefined;
}

const wholeIn = (low: number, high: number) => (value: string) => {
  const n = Number(value);
  return Number.isInteger(n) && n >= low && n <= high ? n : undefined;
};

/** Every directive the simulated roles honour. */
export const simDirectives: readonly SimDirective[] = [
  {
    key: 'critic.minGreen',
    values: '1-4',
    meaning: 'how many of the four dimensions must be green for the Critic to approve an idea (default: 3, one yellow allowed)',
    parse: wholeIn(1, 4),
  },
  {
    key: 'tester.failRounds',
    values: '0-10',
    meaning: 'how many test rounds of a product fail before one passes (default: the product\'s own tests decide)',
    parse: wholeIn(0, 10),
  },
  {
    key: 'tester.platform',
    values: publishPlatforms.join(', '),
    meaning: "where the Tester asks to publish a product that passes (default: the task's payload.platform when it names one of these, else local)",
    parse: (value) => (isPublishPlatform(value) ? value : undefined),
  },
  {
    key: 'hunter.platform',
    values: 'a platform name',
    meaning: 'the platform a scan looks at, which decides the ideas it finds (default: the task\'s payload.platform)',
    parse: (value) => (/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(value) ? value : undefined),
  },
];

export type SimDirectiveValues = Readonly<Record<string, string | number>>;

/** The environment variable that carries the directives from the sim driver to the simulated agent (JSON). */
export const simDirectivesVariable = 'SWARM_SIM_DIRECTIVES';

const directiveLine = /^[ \t>*-]*sim:[ \t]*([A-Za-z]+\.[A-Za-z]+)[ \t]*=[ \t]*(\S+)[ \t]*$/gm;

/** The directives a prompt gives, and the lines it tried that no role honours (the last of a key wins). */
export const parseSimDirectives = (prompt: string): { values: SimDirectiveValues; ignored: readonly string[] } => {
  const values: Record<string, string | number> = {};
  const ignored: string[] = [];
  for (const match of prompt.matchAll(directiveLine)) {
    const [line, key, raw] = match as unknown as [string, string, string];
    const directive = simDirectives.find((d) => d.key === key);
    const value = directive?.parse(raw);
    if (value === undefined) ignored.push(line.trim());
    else values[key] = value;
  }
  return { values, ignored };
};

/** The environment the sim driver adds to a run whose prompt has directives (nothing when it has none). */
export const simDirectivesEnv = (prompt: string): Record<string, string> => {
  const { values } = parseSimDirectives(prompt);
  return Object.keys(values).length > 0 ? { [simDirectivesVariable]: JSON.stringify(values) } : {};
};

/** Inside the simulated agent: the directives of this run, as the driver passed them. */
export const directivesOf = (env: NodeJS.ProcessEnv): SimDirectiveValues => {
  const text = env[simDirectivesVariable];
  if (!text) return {};
  try {
    const parsed: unknown = JSON.parse(text);
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return {};
    const out: Record<string, string | number> = {};
    for (const d of simDirectives) {
      const value = (parsed as Record<string, unknown>)[d.key];
      const checked = value === undefined ? undefined : d.parse(String(value));
      if (checked !== undefined) out[d.key] = checked;
    }
    return out;
  } catch {
    return {};
  }
};

/** A number directive of this run, if given. */
export const numberDirective = (env: NodeJS.ProcessEnv, key: string): number | undefined => {
  const value = directivesOf(env)[key];
  return typeof value === 'number' ? value : undefined;
};

/** A text directive of this run, if given. */
export const textDirective = (env: NodeJS.ProcessEnv, key: string): string | undefined => {
  const value = directivesOf(env)[key];
  return typeof value === 'string' ? value : undefined;
};

/** The directives as `swarm whatif --help` and the docs list them. */
export const simDirectivesHelp = (): string =>
  simDirectives.map((d) => `  sim: ${d.key}=<${d.values}>  ${d.meaning}`).join('\n');
