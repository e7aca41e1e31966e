import * as t from 'io-ts';
import { NonEmptyText, NonNegativeNumber } from '../run/quantities.js';
import { Importance, MemoryType, Tag } from './events.js';

export const RecordMemory = t.type({
  type: t.literal('RecordMemory'),
  memoryId: NonEmptyText,
  memoryType: MemoryType,
  content: NonEmptyText,
  tags: t.array(Tag),
  importance: Importance,
  incomePotential: NonNegativeNumber,
});
export const ForgetMemory = t.type({ type: t.literal('ForgetMemory'), reason: NonEmptyText });

export const MemoryCommandCodec = t.union([RecordMemory, ForgetMemory]);
export type MemoryCommand = t.TypeOf<typeof MemoryCommandCodec>;
