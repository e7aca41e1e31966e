import { isLeft, left, right, type Either } from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { decodeWith } from '../../domain/decode.js';
import { invalid, notFound, type DomainError } from '../../domain/errors.js';
import type { EventStore } from '../../domain/log/event-store.js';
import { NonEmptyText, PositiveWholeNumber } from '../../domain/run/quantities.js';
import { causationProjection, type CausationEntry } from '../../projections/causation/causation-projection.js';
import {
  childrenOf,
  eventAt,
  eventById,
  eventsOfCorrelation,
  eventsOfRun,
  eventsOfStream,
  newestOfAgent,
  runsOfTask,
  type CausationIndex,
} from '../../projections/causation/queries.js';
import { streamCategory } from '../../projections/causation/summaries.js';
import { freshReader } from '../../projections/engine/fresh-reader.js';
import { AgentId } from '../commands/agent-commands.js';
import { resolveTask } from '../commands/task-commands.js';
import type { SwarmRuntime } from '../commands/runtime.js';

/** Where a timeline stops: a global position, or a time (events recorded at or before it). */
export type AsOf = { readonly position: number } | { readonly time: string };

const isoTimeWithZone = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/** `--as-of`: a whole number is a log position; an ISO time must say its zone, so "as of 10:00" means one instant. */
export const AsOfCodec = new t.Type<AsOf, unknown, unknown>(
  'a log position (a whole number) or an ISO time with its zone (e.g. 2026-11-24T10:00:00Z)',
  (u): u is AsOf => typeof u === 'object' && u !== null && ('position' in u || 'time' in u),
  (u, context) => {
    if (typeof u === 'number' && Number.isSafeInteger(u) && u >= 0) return t.success({ position: u });
    if (typeof u === 'string' && /^\d{1,16}$/.test(u)) return t.success({ position: Number(u) });
    if (typeof u === 'string' && isoTimeWithZone.test(u) && !Number.isNaN(Date.parse(u))) return t.success({ time: new Date(u).toISOString() });
    return t.failure(u, context);
  },
  (a) => a,
);

/** What to replay: exactly one of task, run, agent, correlation; optionally bounded in time and length. */
export const ReplayRequest = t.partial({
  task: NonEmptyText,
  run: NonEmptyText,
  agent: AgentId,
  correlation: NonEmptyText,
  asOf: AsOfCodec,
  /** The newest events kept (default 50 for an agent, all otherwise). */
  limit: PositiveWholeNumber,
});
export type ReplayRequest = t.TypeOf<typeof ReplayRequest>;

export const replaySelectors = ['task', 'run', 'agent', 'correlation'] as const;
export type ReplaySelector = (typeof replaySelectors)[number];

const defaultAgentLimit = 50;

/** One event of a timeline: the index entry, how deep in the causal chain it sits, and (on request) its data. */
export interface TimelineEvent extends CausationEntry {
  /** 0 for an event whose cause is not in the timeline, else its cause's depth + 1. */
  readonly depth: number;
  readonly data?: unknown;
}

export interface Timeline {
  readonly selector: ReplaySelector;
  /** The id asked for (a task id prefix resolved to the full id). */
  readonly id: string;
  readonly asOf?: AsOf;
  readonly events: readonly TimelineEvent[];
}

type Visible = (e: CausationEntry) => boolean;

const decisionStreams = ['project', 'approval', 'proposal'];

const visibleAsOf = (asOf: AsOf | undefined): Visible => {
  if (!asOf) return () => true;
  if ('position' in asOf) return (e) => e.position <= asOf.position;
  const until = Date.parse(asOf.time);
  return (e) => Date.parse(e.at) <= until;
};

/** A growing set of timeline events, keyed by position. */
class Gathered {
  readonly byPosition = new Map<number, CausationEntry>();
  constructor(private readonly visible: Visible) {}
  add(entries: readonly (CausationEntry | undefined)[]): CausationEntry[] {
    const added: CausationEntry[] = [];
    for (const e of entries) {
      if (!e || !this.visible(e) || this.byPosition.has(e.position)) continue;
      this.byPosition.set(e.position, e);
      added.push(e);
    }
    return added;
  }
  /** Adds everything the gathered events caused, transitively (their children, their children's children …). */
  async addDescendants(index: CausationIndex): Promise<void> {
    const frontier = [...this.byPosition.values()];
    while (frontier.length > 0) frontier.push(...this.add(await childrenOf(index, frontier.pop()!.id)));
  }
  /**
   * Adds the chain of causes above `entries` (who decided what led to them), as far as it is recorded as events.
   * A cause in a decision stream (a project, product approval or proposal) brings that stream's history up to the
   * decision: what was put before the deciders, and how they voted. Those streams are short.
   */
  async addAncestors(index: CausationIndex, entries: readonly CausationEntry[]): Promise<void> {
    const seen = new Set<string>();
    for (const start of entries) {
      let cause = await eventById(index, start.causationId);
      while (cause && !seen.has(cause.id)) {
        seen.add(cause.id);
        const decision = cause;
        this.add(
          decisionStreams.includes(streamCategory(decision.stream))
            ? (await eventsOfStream(index, decision.stream)).filter((e) => e.position <= decision.position)
            : [decision],
        );
        cause = cause.causationId === cause.id ? undefined : await eventById(index, cause.causationId);
      }
    }
  }
  inOrder(): CausationEntry[] {
    return [...this.byPosition.values()].sort((a, b) => a.position - b.position);
  }
}

/**
 * A task's story: its own events, everything in its causal chains (their correlation ids), what its runs did, and
 * everything those events set off; plus the causes above its events (e.g. the human approval a build task follows).
 */
const taskTimeline = async (index: CausationIndex, taskId: string, visible: Visible): Promise<CausationEntry[]> => {
  const gathered = new Gathered(visible);
  const own = gathered.add(await eventsOfStream(index, `task-${taskId}`));
  for (const correlationId of new Set(own.map((e) => e.correlationId))) gathered.add(await eventsOfCorrelation(index, correlationId));
  for (const runId of await runsOfTask(index, taskId)) gathered.add(await eventsOfRun(index, runId));
  await gathered.addDescendants(index);
  await gathered.addAncestors(index, own);
  return gathered.inOrder();
};

const correlationTimeline = async (index: CausationIndex, correlationId: string, visible: Visible): Promise<CausationEntry[]> => {
  const gathered = new Gathered(visible);
  gathered.add(await eventsOfCorrelation(index, correlationId));
  await gathered.addDescendants(index);
  return gathered.inOrder();
};


const runTimeline = async (index: CausationIndex, runId: string, visible: Visible): Promise<CausationEntry[]> => {
  const gathered = new Gathered(visible);
  gathered.add(await eventsOfRun(index, runId));
  return gathered.inOrder();
};

/** Depth in the causal tree, within the timeline: causes come before what they cause in the log. */
const withDepth = (entries: readonly CausationEntry[]): TimelineEvent[] => {
  const depthOf = new Map<string, number>();
  return entries.map((e) => {
    const parent = depthOf.get(e.causationId);
    const depth = parent === undefined ? 0 : parent + 1;
    depthOf.set(e.id, depth);
    return { ...e, depth };
  });
};

/** The recorded data of each event, read back from the log by position (replay never recomputes anything). */
const withData = async (log: EventStore, events: readonly TimelineEvent[]): Promise<TimelineEvent[]> => {
  const out: TimelineEvent[] = [];
  for (const e of events) {
    const recorded = await eventAt(log, e.position);
    out.push({ ...e, data: recorded?.id === e.id ? recorded.data : undefined });
  }
  return out;
};

const selectorOf = (request: ReplayRequest): Either<DomainError, { selector: ReplaySelector; id: string }> => {
  const given = replaySelectors.filter((s) => request[s] !== undefined);
  if (given.length !== 1)
    return left(
      invalid(
        given.length === 0
          ? 'replay needs one of task, run, agent or correlation'
          : `replay takes one of task, run, agent or correlation, not several (${given.join(', ')})`,
        { field: 'selector' },
      ),
    );
  return right({ selector: given[0]!, id: request[given[0]!]! });
};

/**
 * The causal timeline of a task, run, agent or correlation id (SPEC §0.1): who decided what, in which run, with
 * which prompt, tools and token cost, in log order. Reads recorded history only (never calls an LLM). `asOf`
 * keeps only events at or before a position or time; `limit` keeps the newest events.
 */
export const replayTimeline = async (
  runtime: SwarmRuntime,
  input: unknown,
  options: { readonly withData?: boolean } = {},
): Promise<Either<DomainError, Timeline>> => {
  const decoded = decodeWith(ReplayRequest)(input);
  if (isLeft(decoded)) return decoded;
  const request = decoded.right;
  const selected = selectorOf(request);
  if (isLeft(selected)) return selected;
  let { selector, id } = selected.right;
  const index: CausationIndex = { docs: await freshReader(runtime.log, runtime.projections, causationProjection), log: runtime.log };
  const visible = visibleAsOf(request.asOf);
  let entries: CausationEntry[];
  switch (selector) {
    case 'task': {
      const task = await resolveTask(runtime, id);
      if (isLeft(task)) return left({ ...task.left, field: 'task' });
      id = task.right.id;
      entries = await taskTimeline(index, id, visible);
      break;
    }
    case 'run':
      if ((await eventsOfRun(index, id)).length === 0) return left(notFound(`no run ${id}`, { field: 'run' }));
      entries = await runTimeline(index, id, visible);
      break;
    case 'correlation': {
      if ((await eventsOfCorrelation(index, id)).length === 0) {
        // A task's id given for its chain (the README's `--correlation <scan-task-id>`): a task a person created
        // starts its own chain, but a scheduled one belongs to its firing's; either way, the chain it is in.
        const task = await resolveTask(runtime, id);
        if (isLeft(task) || (await eventsOfCorrelation(index, task.right.correlationId)).length === 0)
          return left(notFound(`no events with correlation id ${id} (and no task of that id: try --task ID)`, { field: 'correlation' }));
        id = task.right.correlationId;
      }
      entries = await correlationTimeline(index, id, visible);
      break;
    }
    case 'agent':
      entries = (await newestOfAgent(index, id, request.limit ?? defaultAgentLimit, visible)).reverse();
      break;
    default: {
      const unknown: never = selector;
      return unknown;
    }
  }
  const kept = request.limit !== undefined ? entries.slice(-request.limit) : entries;
  const events = withDepth(kept);
  return right({
    selector,
    id,
    ...(request.asOf ? { asOf: request.asOf } : {}),
    events: options.withData ? await withData(runtime.log, events) : events,
  });
};
