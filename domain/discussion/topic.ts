import { inputLimits } from '../limits/input-limits.js';

/**
 * A topic names a stream (`discussion-<topic>`) and an index key, so it is a short word: letters, digits and
 * `_ - . :` (e.g. `general`, `human_chat`, `proposal:<id>`).
 */
export const topicPattern = /^[A-Za-z0-9_.:-]{1,120}$/;

export const isValidTopic = (topic: string): boolean => topicPattern.test(topic);

/** Topics the swarm uses (SPEC §3.4); others are allowed, these are what the prompts and the pipeline post to. */
export const knownTopics = ['general', 'approvals', 'projects', 'human_chat', 'directive'] as const;

export const defaultTopic = 'general';

/** Where a proposal is discussed. */
export const proposalTopic = (proposalId: string): string => `proposal:${proposalId}`;

/**
 * Posts are short notes for the swarm, not documents: what a person or an agent writes is free text (domain/limits,
 * 10,000 characters), and a post may add a line of its own before it (a directive names its agent and priority).
 */
export const maxPostLength = inputLimits.textMaxChars + 200;
