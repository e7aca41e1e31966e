import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';

/**
 * infra/compose/docker-compose.yml validated by Debian's docker-compose (`config -q` reads, interpolates and checks
 * the file against the Compose schema without a Docker engine; scripts/test.mjs installs it with apt-get when
 * missing and run as root). No container is started: there is no engine here.
 */
const test = suite('docker compose file');
const file = resolve('infra', 'compose', 'docker-compose.yml');
const env = { ...process.env, QDRANT_API_KEY: 'test-only-key' };

const config = (path: string, extra: Record<string, string> = {}, args: string[] = ['config', '-q']) =>
  spawnSync('docker-compose', ['-f', path, ...args], { encoding: 'utf8', env: { ...env, ...extra } });

test('docker-compose config -q accepts the file', () => {
  const r = config(file);
  assert.is(r.error, undefined, 'docker-compose is installed (apt-get install docker-compose)');
  assert.is(r.status, 0, r.stderr);
});

test('and refuses a broken one (the check can fail)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'swarmlog-compose-'));
  try {
    const broken = join(dir, 'docker-compose.yml');
    writeFileSync(broken, readFileSync(file, 'utf8').replace('restart: unless-stopped', 'restart: [unless-stopped]'));
    const r = config(broken);
    assert.is.not(r.status, 0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('KurrentDB, Qdrant and the swarm; only the dashboard is published, on loopback by default', () => {
  const r = config(file, {}, ['config']);
  assert.is(r.status, 0, r.stderr);
  const text = r.stdout;
  for (const service of ['kurrentdb:', 'qdrant:', 'swarm:']) assert.match(text, new RegExp(`^  ${service}`, 'm'));
  // Only one published port in the whole file: the swarm's 8080, bound to 127.0.0.1.
  // docker-compose 1.29 prints ports in the short form (host_ip:published:target/protocol).
  const published = [...text.matchAll(/^\s+- '?(?:([\d.]+):)?(\d+):(\d+)(?:\/\w+)?'?$/gm)].map((m) => `${m[1]}:${m[2]}`);
  assert.equal(published, ['127.0.0.1:8080']);
  assert.match(text, /SWARM_STORE: esdb:\/\/kurrentdb:2113\?tls=false/);
  assert.match(text, /QDRANT_URL: http:\/\/qdrant:6333/);
  assert.match(text, /- swarm\n\s+- up\n\s+- --host/);
});

test('as the issue runs it, with no environment: it validates; Qdrant and the swarm share whatever key is set', () => {
  const { QDRANT_API_KEY: _unset, ...rest } = env;
  const bare = spawnSync('docker-compose', ['-f', file, 'config', '-q'], { encoding: 'utf8', env: rest });
  assert.is(bare.status, 0, bare.stderr);
  const keyed = config(file, { QDRANT_API_KEY: 'k-123' }, ['config']).stdout;
  assert.match(keyed, /QDRANT__SERVICE__API_KEY: k-123/);
  assert.match(keyed, /QDRANT_API_KEY: k-123/);
});

test('every secret the swarm reads is passed through from the environment, and none is written in the file', () => {
  const text = readFileSync(file, 'utf8');
  for (const name of ['ANTHROPIC_API_KEY', 'OPENAI_API_KEY', 'GITHUB_TOKEN', 'GUMROAD_ACCESS_TOKEN', 'NPM_TOKEN', 'VERCEL_TOKEN', 'SLACK_BOT_TOKEN', 'SLACK_SIGNING_SECRET'])
    assert.match(text, new RegExp(`${name}: \\$\\{${name}:-\\}`), name);
});

test.run();
