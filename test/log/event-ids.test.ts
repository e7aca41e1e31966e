import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { followUpEventId, newEventId } from '../../infra/log/event-ids.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

test('new event ids are UUIDv7 and sort in creation order', () => {
  const ids = Array.from({ length: 1000 }, newEventId);
  assert.ok(ids.every((id) => UUID.test(id) && id[14] === '7'));
  assert.equal([...ids].sort(), ids);
  assert.is(new Set(ids).size, ids.length);
});

test('a follow-up id is the same for the same cause and purpose, different otherwise', () => {
  const cause = newEventId();
  assert.is(followUpEventId(cause, 'create-build-task'), followUpEventId(cause, 'create-build-task'));
  assert.is.not(followUpEventId(cause, 'create-build-task'), followUpEventId(cause, 'notify'));
  assert.is.not(followUpEventId(cause, 'notify'), followUpEventId(newEventId(), 'notify'));
  assert.ok(UUID.test(followUpEventId(cause, 'x')));
  assert.is(followUpEventId(cause, 'x')[14], '8');
});

test('a follow-up id keeps the time prefix of a v7 cause, so follow-ups stay time-ordered', () => {
  const cause = newEventId();
  assert.is(followUpEventId(cause, 'x').slice(0, 13), cause.slice(0, 13));
  assert.ok(UUID.test(followUpEventId('not-a-uuid', 'x')));
});

test.run();
