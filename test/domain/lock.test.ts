import { test } from 'uvu';
import type { Actor } from '../../domain/log/envelope.js';
import { lockDecider, type LockContext, type LockEvent } from '../../domain/lock/index.js';
import { spec } from './spec.js';

const path = 'products/app/index.ts';
const agent = (id: string): Actor => ({ kind: 'agent', id });
const at = (now: string, actor: Actor = agent('builder')): LockContext => ({ now, actor, defaultTtlSeconds: 300 });
const acquired = (holder = 'builder', expiresAt = '2026-01-01T00:05:00.000Z'): LockEvent => ({
  type: 'LockAcquired',
  data: { path, holder, acquiredAt: '2026-01-01T00:00:00.000Z', expiresAt },
});

test('a free path is locked for the default TTL', () => {
  spec(lockDecider).given([]).when({ type: 'AcquireLock', path }, at('2026-01-01T00:00:00.000Z')).thenEvents([acquired()]);
});

test('a given TTL sets the expiry', () => {
  spec(lockDecider)
    .given([])
    .when({ type: 'AcquireLock', path, ttlSeconds: 60 }, at('2026-01-01T00:00:00.000Z'))
    .thenEvents([acquired('builder', '2026-01-01T00:01:00.000Z')]);
});

test('a TTL that is not a positive whole number of seconds is refused, naming ttlSeconds', () => {
  spec(lockDecider).given([]).when({ type: 'AcquireLock', path, ttlSeconds: 0 }, at('2026-01-01T00:00:00.000Z')).thenFails('invalid', { field: 'ttlSeconds' });
  spec(lockDecider).given([]).when({ type: 'AcquireLock', path, ttlSeconds: 1.5 }, at('2026-01-01T00:00:00.000Z')).thenFails('invalid', { field: 'ttlSeconds' });
});

test('an empty path is refused, naming path', () => {
  spec(lockDecider).given([]).when({ type: 'AcquireLock', path: ' ' }, at('2026-01-01T00:00:00.000Z')).thenFails('invalid', { field: 'path' });
});

test('the holder acquiring again refreshes the expiry', () => {
  spec(lockDecider)
    .given([acquired()])
    .when({ type: 'AcquireLock', path }, at('2026-01-01T00:04:00.000Z'))
    .thenEvents([{ type: 'LockRefreshed', data: { path, holder: 'builder', expiresAt: '2026-01-01T00:09:00.000Z' } }]);
});

test('another actor cannot take a lock that has not expired', () => {
  spec(lockDecider).given([acquired()]).when({ type: 'AcquireLock', path }, at('2026-01-01T00:04:59.000Z', agent('tester'))).thenFails('conflict', { message: /locked by builder/ });
});

test('another actor takes over an expired lock, and the previous holder is recorded', () => {
  spec(lockDecider)
    .given([acquired()])
    .when({ type: 'AcquireLock', path }, at('2026-01-01T00:05:00.000Z', agent('tester')))
    .thenEvents([
      { type: 'LockAcquired', data: { path, holder: 'tester', acquiredAt: '2026-01-01T00:05:00.000Z', expiresAt: '2026-01-01T00:10:00.000Z', previousHolder: 'builder' } },
    ]);
});

test('the holder releases its lock', () => {
  spec(lockDecider)
    .given([acquired()])
    .when({ type: 'ReleaseLock', path }, at('2026-01-01T00:01:00.000Z'))
    .thenEvents([{ type: 'LockReleased', data: { path, holder: 'builder' } }]);
});

test('only the holder releases a lock', () => {
  spec(lockDecider).given([acquired()]).when({ type: 'ReleaseLock', path }, at('2026-01-01T00:01:00.000Z', agent('tester'))).thenFails('forbidden');
});

test('releasing a path that is not locked is refused as not found', () => {
  spec(lockDecider).given([]).when({ type: 'ReleaseLock', path }, at('2026-01-01T00:01:00.000Z')).thenFails('not_found', { field: 'path' });
});

test('a released path is free for anyone', () => {
  spec(lockDecider)
    .given([acquired(), { type: 'LockReleased', data: { path, holder: 'builder' } }])
    .when({ type: 'AcquireLock', path }, at('2026-01-01T00:01:00.000Z', agent('tester')))
    .thenEvents([{ type: 'LockAcquired', data: { path, holder: 'tester', acquiredAt: '2026-01-01T00:01:00.000Z', expiresAt: '2026-01-01T00:06:00.000Z' } }]);
});

test('the system expires a lock past its TTL', () => {
  spec(lockDecider)
    .given([acquired()])
    .when({ type: 'ExpireLock', path }, at('2026-01-01T00:06:00.000Z', { kind: 'system', id: 'lock-cleanup' }))
    .thenEvents([{ type: 'LockExpired', data: { path, holder: 'builder', expiresAt: '2026-01-01T00:05:00.000Z' } }]);
});

test('a lock within its TTL is not expired', () => {
  spec(lockDecider).given([acquired()]).when({ type: 'ExpireLock', path }, at('2026-01-01T00:04:00.000Z', { kind: 'system', id: 'lock-cleanup' })).thenFails('conflict');
});

test('only the system expires locks', () => {
  spec(lockDecider).given([acquired()]).when({ type: 'ExpireLock', path }, at('2026-01-01T00:06:00.000Z', agent('tester'))).thenFails('forbidden');
});

test('expiring a lock nobody holds appends nothing', () => {
  spec(lockDecider).given([]).when({ type: 'ExpireLock', path }, at('2026-01-01T00:06:00.000Z', { kind: 'system', id: 'lock-cleanup' })).thenEvents([]);
});

test.run();
