import type { Actor } from '../../domain/log/envelope.js';
import type { EventStore } from '../../domain/log/event-store.js';
import type { ProjectionStore } from '../../projections/engine/projection.js';

/** The settings the command layer applies (wired from the typed config at the edge). */
export interface CommandSettings {
  readonly leaseSeconds: number;
  readonly maxAttempts: number;
  readonly maxFixRounds: number;
  readonly lockTtlSeconds: number;
  readonly quorum: number;
  readonly threshold: number;
  readonly proposalExpiryHours: number;
  /** Tokens per agent per UTC day; 0 = unlimited. */
  readonly dailyBudgetPerAgent: number;
  /** Tokens per UTC day for the whole swarm; 0 = unlimited. */
  readonly dailyBudgetSwarm: number;
  /** Share of a budget at which a warning is raised (0.7). */
  readonly budgetWarningThreshold: number;
}

/**
 * What a command needs from the world, passed in so the command layer is the same for the CLI, the HTTP API,
 * process managers and tests: the log, the read models, the settings, a clock and an id source.
 */
export interface SwarmRuntime {
  readonly log: EventStore;
  readonly projections: ProjectionStore;
  readonly settings: CommandSettings;
  now(): string;
  newEventId(): string;
  /** The ids of one command's events on a stream, the same again when the command is retried (see CommandRuntime). */
  commandEventIds?(stream: string): (index: number) => string;
  /** A new id for an aggregate (task, proposal, …): time-ordered, so lists sort by age. */
  newId(): string;
  /** The id of a follow-up derived from its cause: the same cause and purpose always give the same id. */
  followUpId(causeId: string, purpose: string): string;
}

/** Who is asking, and on behalf of which causal chain. */
export interface CommandCaller {
  readonly actor: Actor;
  readonly correlationId?: string;
  readonly causationId?: string;
  readonly runId?: string;
  /** The task the calling agent run works on (from its capability), whose product the tasks it creates are about. */
  readonly taskId?: string;
}
