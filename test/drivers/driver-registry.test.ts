import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { driverConfigFromEnv, driverFor, driverNames, isDriverName } from '../../agents/drivers/driver-registry.js';

const test = suite('driver registry');

test('every driver name gives its driver, and says whether it runs a real model', () => {
  assert.equal(
    driverNames.map((name) => [driverFor(name).name, driverFor(name).usesLlm]),
    [
      ['sim', false],
      ['claude', true],
      ['codex', true],
      ['anthropic', true],
    ],
  );
  assert.ok(isDriverName('codex'));
  assert.not.ok(isDriverName('gpt'));
});

test('operator overrides come from the environment; a malformed one is named', () => {
  const read = driverConfigFromEnv({ SWARM_CLAUDE_COMMAND: '/opt/claude', SWARM_CODEX_SANDBOX: 'workspace-write', ANTHROPIC_BASE_URL: 'http://127.0.0.1:1', SWARM_DRIVER_GRACE_MS: '2000' });
  assert.equal(read, {
    config: {
      claude: { command: '/opt/claude', graceMs: 2000 },
      codex: { graceMs: 2000, sandbox: 'workspace-write' },
      anthropic: { baseUrl: 'http://127.0.0.1:1' },
      sim: { killGraceMs: 2000 },
    },
  });
  assert.equal(driverConfigFromEnv({ SWARM_CODEX_SANDBOX: 'none' }), { error: 'SWARM_CODEX_SANDBOX: expected one of bypass, workspace-write, read-only, got "none"' });
  assert.ok('error' in driverConfigFromEnv({ SWARM_DRIVER_GRACE_MS: 'soon' }));
});

test.run();
