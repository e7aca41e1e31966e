import { createHash, randomBytes } from 'node:crypto';

/** What a run's token lets its holder do: act as this agent, in this run, on this task and claim generation. */
export interface RunCapability {
  readonly agent: string;
  readonly runId: string;
  readonly taskId: string;
  readonly claimGeneration: number;
  readonly correlationId: string;
}

export type TokenCheck =
  | { readonly status: 'live'; readonly capability: RunCapability }
  | { readonly status: 'ended'; readonly capability: RunCapability }
  | { readonly status: 'unknown' };

export interface RunCapabilities {
  /** A new secret token for a run (given to the run's environment once; only its hash is kept). */
  issue(capability: RunCapability): string;
  check(token: string): TokenCheck;
  /** The run ended or was stopped: its token dies. */
  revoke(runId: string): void;
}

/** How many ended runs are remembered, so a reused token is refused as "run ended" (and recorded) rather than unknown. */
const rememberedEndedRuns = 10_000;

const hashOf = (token: string) => createHash('sha256').update(token).digest('hex');

/**
 * The run capabilities of one `swarm up` process (SPEC §6 "Containment"). Tokens are 256 random bits; the process
 * keeps only their SHA-256, valid from the run's start until it ends. A restart ends every run, and with it every
 * token.
 */
export const createRunCapabilities = (): RunCapabilities => {
  const live = new Map<string, RunCapability>();
  const ended = new Map<string, RunCapability>();
  const hashOfRun = new Map<string, string>();
  return {
    issue(capability) {
      const token = `swarm_run_${randomBytes(32).toString('base64url')}`;
      const hash = hashOf(token);
      live.set(hash, capability);
      hashOfRun.set(capability.runId, hash);
      return token;
    },
    check(token) {
      const hash = hashOf(token);
      const capability = live.get(hash);
      if (capability) return { status: 'live', capability };
      const old = ended.get(hash);
      return old ? { status: 'ended', capability: old } : { status: 'unknown' };
    },
    revoke(runId) {
      const hash = hashOfRun.get(runId);
      if (hash === undefined) return;
      hashOfRun.delete(runId);
      const capability = live.get(hash);
      live.delete(hash);
      if (!capability) return;
      ended.set(hash, capability);
      if (ended.size > rememberedEndedRuns) ended.delete(ended.keys().next().value!);
    },
  };
};
