import { isLeft, type Either } from 'fp-ts/lib/Either.js';
import type { DomainError } from '../../domain/errors.js';
import type { RecordedEvent } from '../../domain/log/envelope.js';
import { postDiscussion } from './discussion-commands.js';
import type { CommandCaller, SwarmRuntime } from './runtime.js';

/**
 * What a human decision (or a submission) sets off: tasks, mail and discussion posts. Each follow-up's ids derive
 * from the deciding event's id, so running the follow-ups of one decision again (a retried request, a crash between
 * the decision and its follow-ups, the pipeline replaying the event) appends nothing new.
 */

/** Follow-ups act as the one who decided, in the decision's causal chain, caused by the decision event. */
export const followUpCaller = (cause: RecordedEvent): CommandCaller => ({
  actor: cause.metadata.actor,
  correlationId: cause.metadata.correlationId,
  causationId: cause.id,
  ...(cause.metadata.runId ? { runId: cause.metadata.runId } : {}),
});

/** The ids of a follow-up's events: the same cause and purpose always give the same ids. */
export const followUpEventIds =
  (runtime: SwarmRuntime, cause: RecordedEvent, purpose: string) =>
  (index: number): string =>
    runtime.followUpId(cause.id, `${purpose}#${index}`);

/** What became of one follow-up, for the caller's answer. */
export interface FollowUpOutcome {
  readonly purpose: string;
  /** The task, message or post id it made (or had made before). */
  readonly id?: string;
  readonly error?: DomainError;
}

/** Posts a line to a discussion topic on behalf of the decision (the original's ORCH-70…84 notices). */
export const postNotice = async (runtime: SwarmRuntime, cause: RecordedEvent, topic: string, content: string): Promise<FollowUpOutcome> => {
  const purpose = `post:${topic}`;
  const postId = runtime.followUpId(cause.id, purpose);
  const posted = await postDiscussion(runtime, followUpCaller(cause), { topic, content }, { postId, eventIds: followUpEventIds(runtime, cause, purpose) });
  return isLeft(posted) ? { purpose, error: posted.left } : { purpose, id: postId };
};

export const outcomeOf = <R>(purpose: string, result: Either<DomainError, R>, idOf: (r: R) => string): FollowUpOutcome =>
  isLeft(result) ? { purpose, error: result.left } : { purpose, id: idOf(result.right) };

/** The decision event of a stream (its last event of one of `types`), to finish its follow-ups. */
export const lastEventOf = async (runtime: SwarmRuntime, stream: string, types: readonly string[]): Promise<RecordedEvent | undefined> => {
  const read = await runtime.log.readStream(stream);
  if (isLeft(read)) return undefined;
  return [...read.right].reverse().find((e) => types.includes(e.type));
};
