import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { locksProjection } from '../../projections/locks/locks-projection.js';
import { activeLocks, expiredLocks } from '../../projections/locks/queries.js';
import { projectionHarness } from './collaboration-harness.js';

const scenario = async () => {
  const h = projectionHarness(locksProjection);
  await h.append('lock-a', 'LockAcquired', { path: 'a.ts', holder: 'builder', acquiredAt: '2026-01-01T00:00:00.000Z', expiresAt: '2026-01-01T00:05:00.000Z' });
  await h.append('lock-b', 'LockAcquired', { path: 'b.ts', holder: 'tester', acquiredAt: '2026-01-01T00:00:00.000Z', expiresAt: '2026-01-01T00:02:00.000Z' });
  await h.append('lock-a', 'LockRefreshed', { path: 'a.ts', holder: 'builder', expiresAt: '2026-01-01T00:10:00.000Z' });
  await h.append('lock-c', 'LockAcquired', { path: 'c.ts', holder: 'builder', acquiredAt: '2026-01-01T00:00:00.000Z', expiresAt: '2026-01-01T00:05:00.000Z' });
  await h.append('lock-c', 'LockReleased', { path: 'c.ts', holder: 'builder' });
  return h;
};

test('active locks leave out released and expired ones, given the time of the query', async () => {
  const h = await scenario();
  assert.equal(activeLocks(h.reader(), '2026-01-01T00:01:00.000Z').map((l) => [l.path, l.holder, l.expiresAt]), [
    ['a.ts', 'builder', '2026-01-01T00:10:00.000Z'],
    ['b.ts', 'tester', '2026-01-01T00:02:00.000Z'],
  ]);
  assert.equal(activeLocks(h.reader(), '2026-01-01T00:03:00.000Z').map((l) => l.path), ['a.ts']);
  assert.equal(expiredLocks(h.reader(), '2026-01-01T00:03:00.000Z').map((l) => l.path), ['b.ts']);
  assert.equal(activeLocks(h.reader(), '2026-01-01T00:01:00.000Z', { holder: 'tester' }).map((l) => l.path), ['b.ts']);
  await h.close();
});

test('a take-over moves the lock to the new holder', async () => {
  const h = await scenario();
  await h.append('lock-b', 'LockAcquired', { path: 'b.ts', holder: 'builder', acquiredAt: '2026-01-01T00:03:00.000Z', expiresAt: '2026-01-01T00:08:00.000Z', previousHolder: 'tester' });
  assert.equal(activeLocks(h.reader(), '2026-01-01T00:04:00.000Z', { holder: 'tester' }), []);
  assert.equal(activeLocks(h.reader(), '2026-01-01T00:04:00.000Z', { holder: 'builder' }).map((l) => l.path), ['a.ts', 'b.ts']);
  await h.close();
});

test('locks: redelivery changes nothing and a rebuild equals the live model', async () => {
  const h = await scenario();
  await h.append('lock-b', 'LockExpired', { path: 'b.ts', holder: 'tester', expiresAt: '2026-01-01T00:02:00.000Z' });
  await h.assertRedeliveryChangesNothing();
  await h.assertRebuildEqualsLive();
  await h.close();
});

test.run();
