import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { DecisionContext } from '../../domain/decider.js';
import { decodeWith } from '../../domain/decode.js';
import { memoryDecider, MemoryCommandCodec, type MemoryCommand, type MemoryEvent } from '../../domain/memory/index.js';
import { spec } from './spec.js';

const as = (kind: 'agent' | 'human', id: string): DecisionContext => ({ now: '2026-11-24T10:00:00.000Z', actor: { kind, id } });
const record: MemoryCommand = {
  type: 'RecordMemory', memoryId: 'm-1', memoryType: 'lesson', content: 'Demo GIFs sell', tags: ['marketing', 'marketing'], importance: 7, incomePotential: 12,
};
const recorded: MemoryEvent = {
  type: 'MemoryRecorded',
  data: { memoryId: 'm-1', type: 'lesson', content: 'Demo GIFs sell', tags: ['marketing'], importance: 7, incomePotential: 12, by: 'publisher' },
};

test('a memory is recorded with its author and its tags once each', () => {
  spec(memoryDecider).given([]).when(record, as('agent', 'publisher')).thenEvents([recorded]);
});

test('a memory id is used once', () => {
  spec(memoryDecider).given([recorded]).when(record, as('agent', 'publisher')).thenFails('conflict', { field: 'memoryId' });
});

test('importance outside 1–10 is refused naming the field', () => {
  for (const importance of [0, 11, 6.5]) {
    const decoded = decodeWith(MemoryCommandCodec)({ ...record, importance });
    assert.is(decoded._tag, 'Left');
    if (decoded._tag === 'Left') assert.is(decoded.left.field, 'importance');
  }
});

test('a negative income potential is refused', () => {
  const decoded = decodeWith(MemoryCommandCodec)({ ...record, incomePotential: -1 });
  assert.is(decoded._tag === 'Left' && decoded.left.field, 'incomePotential');
});

test('an agent may not forget another agent’s memory', () => {
  spec(memoryDecider).given([recorded]).when({ type: 'ForgetMemory', reason: 'wrong' }, as('agent', 'hunter')).thenFails('forbidden');
});

test('the author or a person may forget a memory; forgetting twice appends nothing', () => {
  spec(memoryDecider).given([recorded]).when({ type: 'ForgetMemory', reason: 'outdated' }, as('human', 'ana')).thenEvents([
    { type: 'MemoryForgotten', data: { by: 'ana', reason: 'outdated' } },
  ]);
  spec(memoryDecider)
    .given([recorded, { type: 'MemoryForgotten', data: { by: 'publisher', reason: 'x' } }])
    .when({ type: 'ForgetMemory', reason: 'again' }, as('agent', 'publisher'))
    .thenEvents([]);
});

test.run();
