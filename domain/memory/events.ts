import * as t from 'io-ts';
import { NonEmptyText, NonNegativeNumber } from '../run/quantities.js';

export const MemoryType = t.keyof(
  { fact: null, skill: null, preference: null, lesson: null, discovery: null, strategy: null },
  'one of fact, skill, preference, lesson, discovery, strategy',
);
export type MemoryType = t.TypeOf<typeof MemoryType>;

export const Importance = t.refinement(t.number, (n) => Number.isInteger(n) && n >= 1 && n <= 10, 'a whole number from 1 to 10');
export const Tag = t.refinement(t.string, (s) => /^[a-z0-9][a-z0-9_:.\-/]*$/.test(s), 'a tag of lowercase letters, digits and _:.-/');

export const MemoryRecorded = t.type({
  type: t.literal('MemoryRecorded'),
  data: t.type({
    memoryId: NonEmptyText,
    type: MemoryType,
    content: NonEmptyText,
    tags: t.array(Tag),
    importance: Importance,
    /** Estimated income in USD per hour the memory may lead to (the original prompts' unit). */
    incomePotential: NonNegativeNumber,
    by: t.string,
  }),
});
export const MemoryForgotten = t.type({ type: t.literal('MemoryForgotten'), data: t.type({ by: t.string, reason: NonEmptyText }) });

export const MemoryEventCodec = t.union([MemoryRecorded, MemoryForgotten]);
export type MemoryEvent = t.TypeOf<typeof MemoryEventCodec>;
