import type { LogHealth } from '../../processes/health/log-health.js';
import type { SemanticMemory } from '../../processes/memory/semantic-memory.js';
import type { SwarmRuntime } from '../../processes/commands/runtime.js';
import { freshReader } from '../../projections/engine/fresh-reader.js';
import type { DocReader, Projection } from '../../projections/engine/projection.js';

/** What the route modules share: the command layer's runtime, where run files live, and how agents are driven. */
export interface ApiContext {
  readonly runtime: SwarmRuntime;
  /** `SWARM_HOME`: run prompts and output logs are read only from under it. */
  readonly home: string;
  readonly simulated: boolean;
  readonly driver: string;
  /** Agents run without a sandbox (`swarm up` chose mode `none`): the dashboard shows a banner. */
  readonly unsandboxed?: () => boolean;
  /** Whether the log answers (`swarm up` probes it); absent: assumed reachable. */
  readonly logHealth?: () => LogHealth;
  /** Long-term memory (vector index and embedder), opened on first use. */
  memory(): Promise<SemanticMemory>;
  /** A read model that has seen every event appended before the call (SPEC §4). */
  read(projection: Projection): Promise<DocReader>;
}

export const apiContext = (options: Omit<ApiContext, 'read'>): ApiContext => ({
  ...options,
  read: (projection) => freshReader(options.runtime.log, options.runtime.projections, projection),
});
