import type { AgentDriver, DriverName, RunDriverName } from '../../agents/drivers/driver.js';

export interface DriverChoiceOptions {
  /** The provider agents start on. */
  readonly primary: DriverName;
  /** Where an agent goes after a rate limit (claude ↔ codex, or the API driver); undefined: pause until the reset. */
  readonly fallback?: DriverName;
  readonly autoFallback: boolean;
  /** Per-agent provider overrides from the config. */
  readonly perAgent?: Readonly<Record<string, DriverName | undefined>>;
  readonly create: (name: DriverName) => AgentDriver;
  readonly now: () => number;
}

/**
 * Which driver runs an agent's next session (SPEC §5 rate-limit fallback): its configured provider, or — after that
 * provider said "rate limited" — the fallback while the limit lasts, when fallback is allowed and the fallback is not
 * limited itself (the original's fallback was inert with per-agent overrides, W-11). With no usable provider the
 * agent waits for the earliest reset.
 */
export const driverChoice = (o: DriverChoiceOptions) => {
  const drivers = new Map<DriverName, AgentDriver>();
  const limitedUntil = new Map<DriverName, number>();
  const driver = (name: DriverName) => {
    let d = drivers.get(name);
    if (!d) drivers.set(name, (d = o.create(name)));
    return d;
  };
  const usable = (name: DriverName) => (limitedUntil.get(name) ?? 0) <= o.now();
  const providerOf = (agent: string): DriverName => {
    const own = o.perAgent?.[agent.replace(/-.*$/, '')] ?? o.primary;
    if (usable(own)) return own;
    if (o.autoFallback && o.fallback && o.fallback !== own && usable(o.fallback)) return o.fallback;
    return own;
  };
  return {
    providerOf,
    driverFor: (agent: string) => driver(providerOf(agent)),
    /** Records a provider's rate limit; returns when the agent can run again (now, on the fallback, or at the reset). */
    rateLimited: (provider: RunDriverName, resetAt: string | undefined, agent: string): number => {
      // A replayed run (what-if forks) calls no provider: there is nothing to hold back.
      if (provider === 'replay') return o.now();
      const until = resetAt && !Number.isNaN(Date.parse(resetAt)) ? Date.parse(resetAt) : o.now() + 15 * 60_000;
      limitedUntil.set(provider, Math.max(limitedUntil.get(provider) ?? 0, until));
      return usable(providerOf(agent)) ? o.now() : until;
    },
    usesLlm: (agent: string) => driver(providerOf(agent)).usesLlm,
  };
};
