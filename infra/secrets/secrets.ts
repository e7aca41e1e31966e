/**
 * The secrets port: the one place the swarm asks for a credential by name (`GITHUB_TOKEN`, `NPM_TOKEN` …). Values
 * stay inside the swarm process: they are handed to an adapter's client and never put into events, prompts, run
 * logs, log lines or an agent's environment. Listing what was found gives names and sources, never values.
 */
export type SecretSource = 'environment' | '.env' | 'ssm';

export interface FoundSecret {
  readonly name: string;
  readonly source: SecretSource;
}

export interface Secrets {
  /** The named secret, or undefined when no source has it. */
  get(name: string): string | undefined;
  sourceOf(name: string): SecretSource | undefined;
  /** Every name found, with where it was found (no values). */
  found(): readonly FoundSecret[];
  /** Where the sources are (the .env file, the SSM prefix), for `swarm secrets check` and `swarm up`. */
  readonly sources: { readonly envFile?: string; readonly ssmPrefix?: string };
  /** Reads SSM again now (the cache is also refreshed on a timer); the old values stay when it fails. */
  refresh(): Promise<void>;
  close(): void;
}

/** The credentials of the integrations, as each ecosystem names them (SPEC §8); Slack's are read by its adapter. */
export const integrationSecretNames = [
  'GITHUB_TOKEN',
  'NPM_TOKEN',
  'GUMROAD_ACCESS_TOKEN',
  'VERCEL_TOKEN',
  'SLACK_BOT_TOKEN',
  'SLACK_SIGNING_SECRET',
  'SLACK_APP_TOKEN',
] as const;

/** A lookup that gives a named secret or undefined: what adapters take, so a test can hand them a plain object. */
export type SecretLookup = (name: string) => string | undefined;
