import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseStoreUrl } from '../../infra/log/open-event-store.js';
import { esdbSettings } from '../../infra/log/esdb/esdb-client.js';
import { hostStateDir, projectionStorePath, storeUrl, swarmHome } from '../../infra/config/store-location.js';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

test('SWARM_HOME defaults to <installation>/data (whatever the working directory) and SWARM_STORE to a SQLite file inside it', () => {
  const installation = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
  const cwd = process.cwd();
  try {
    process.chdir(tmpdir());
    assert.is(swarmHome({}), join(installation, 'data'));
    assert.is(storeUrl({}), `sqlite:${join(installation, 'data', 'swarm.db')}`);
  } finally {
    process.chdir(cwd);
  }
  assert.is(storeUrl({ SWARM_HOME: '/tmp/h' }), 'sqlite:/tmp/h/swarm.db');
  assert.is(storeUrl({ SWARM_HOME: '/tmp/h', SWARM_STORE: 'esdb://x:2113' }), 'esdb://x:2113');
});

test('a remote log keeps its read models in the host state folder (SWARM_STATE_DIR, default SWARM_HOME); an embedded log beside itself', () => {
  const remote = 'kurrentdb://a:2113?tls=false';
  assert.match(projectionStorePath(remote, { SWARM_HOME: '/shared/home' }), /^\/shared\/home\/projections-[0-9a-f]+\.db$/);
  assert.match(projectionStorePath(remote, { SWARM_HOME: '/shared/home', SWARM_STATE_DIR: '/local/state' }), /^\/local\/state\/projections-[0-9a-f]+\.db$/);
  assert.is(projectionStorePath('sqlite:/shared/home/swarm.db', { SWARM_STATE_DIR: '/local/state' }), '/shared/home/swarm.projections.db');
  assert.is(hostStateDir('/shared/home', {}), '/shared/home');
  assert.is(hostStateDir('/shared/home', { SWARM_STATE_DIR: '/local/state' }), '/local/state');
});

test('sqlite locations are durable (FULL) by default, NORMAL on request', () => {
  assert.equal(parseStoreUrl('sqlite:/a/b.db'), { _tag: 'Right', right: { kind: 'sqlite', path: '/a/b.db', synchronous: 'FULL' } });
  assert.equal(parseStoreUrl('sqlite:/a/b.db?synchronous=normal'), {
    _tag: 'Right',
    right: { kind: 'sqlite', path: '/a/b.db', synchronous: 'NORMAL' },
  });
});

test('EventStoreDB connection strings are accepted, kurrentdb://, kdb:// and kurrent:// as well', () => {
  assert.equal(parseStoreUrl('esdb://localhost:2113?tls=false'), {
    _tag: 'Right',
    right: { kind: 'esdb', connectionString: 'esdb://localhost:2113?tls=false' },
  });
  for (const url of ['kurrentdb+discover://a:2113,b:2113', 'kurrentdb://admin:changeit@a:2113?tls=true', 'kdb://a:2113', 'kurrent://a:2113']) {
    assert.equal(parseStoreUrl(url), { _tag: 'Right', right: { kind: 'esdb', connectionString: url } });
  }
});

test('the client gets its own scheme and prefers the leader unless the string says otherwise; maxAppendSize is the adapter\'s', () => {
  const settings = (url: string) => esdbSettings(url);
  assert.equal(settings('esdb://localhost:2113?tls=false'), { connectionString: 'kurrentdb://localhost:2113?tls=false&nodePreference=leader', maxAppendSize: undefined });
  assert.equal(settings('esdb+discover://a:2113'), { connectionString: 'kurrentdb+discover://a:2113?nodePreference=leader', maxAppendSize: undefined });
  assert.equal(settings('kdb://a:2113?nodePreference=follower&maxAppendSize=4194304'), { connectionString: 'kdb://a:2113?nodePreference=follower', maxAppendSize: 4194304 });
  assert.throws(() => settings('kurrentdb://a:2113?maxAppendSize=lots'), /maxAppendSize/);
});

test('bad locations are refused with a message naming SWARM_STORE', () => {
  for (const bad of ['postgres://x', 'sqlite:', 'sqlite:/a.db?synchronous=off']) {
    const r = parseStoreUrl(bad);
    assert.is(r._tag, 'Left', bad);
    assert.ok(r._tag === 'Left' && r.left.startsWith('SWARM_STORE'), bad);
  }
});

test.run();
