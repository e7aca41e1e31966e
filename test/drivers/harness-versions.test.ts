import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { harnessFit, harnessRanges } from '../../agents/drivers/harness-versions.js';
import { checkLlms } from '../../cli/doctor/doctor-checks.js';
import { pinnedAgentClis } from '../../scripts/agent-clis.mjs';
import { realCliBins } from './real-cli-run.js';

const test = suite('agent harness versions (README "Agent harnesses", swarm doctor)');

test('the versions the tests install are the tested ones the range names', () => {
  assert.is(pinnedAgentClis.claude.version, harnessRanges.claude.tested);
  assert.is(pinnedAgentClis.codex.version, harnessRanges.codex.tested);
  assert.is(pinnedAgentClis.claude.package, harnessRanges.claude.package);
  assert.is(pinnedAgentClis.codex.package, harnessRanges.codex.package);
});

test('a --version answer is placed against the range: tested, in range, older, newer, unrecognised', () => {
  assert.is(harnessFit('claude', '2.1.332 (Claude Code)').fit, 'tested');
  assert.is(harnessFit('claude', '2.0.14 (Claude Code)').fit, 'in-range');
  assert.is(harnessFit('claude', '1.0.128 (Claude Code)').fit, 'older');
  assert.is(harnessFit('codex', 'codex-cli 0.171.0').fit, 'tested');
  assert.is(harnessFit('codex', 'codex-cli 0.43.2').fit, 'older');
  assert.match(harnessFit('codex', 'codex-cli 0.43.2').note, /another `codex exec --json` protocol/);
  assert.is(harnessFit('codex', 'codex-cli 0.200.1').fit, 'newer');
  assert.is(harnessFit('codex', 'codex dev build').fit, 'unknown');
});

test('swarm doctor: the installed real CLIs are ok at the tested version; an old one is a warning with the fix', () => {
  const bins = realCliBins();
  const driver = { name: 'claude', why: 'SWARM_DRIVER' };
  const real = checkLlms({ PATH: process.env.PATH, SWARM_CLAUDE_COMMAND: bins.claude, SWARM_CODEX_COMMAND: bins.codex }, driver);
  const byName = new Map(real.map((c) => [c.name, c]));
  assert.is(byName.get('claude')!.status, 'ok', byName.get('claude')!.detail);
  assert.match(byName.get('claude')!.detail, /2\.1\.332 \(Claude Code\) — 2\.1\.332, the version the tests run/);
  assert.is(byName.get('codex')!.status, 'ok', byName.get('codex')!.detail);
  const dir = mkdtempSync(join(tmpdir(), 'swarmlog-old-codex-'));
  try {
    const old = join(dir, 'codex');
    writeFileSync(old, '#!/bin/sh\necho "codex-cli 0.40.0"\n');
    chmodSync(old, 0o755);
    const codex = checkLlms({ PATH: process.env.PATH, SWARM_CODEX_COMMAND: old }, driver).find((c) => c.name === 'codex')!;
    assert.is(codex.status, 'warn');
    assert.match(codex.detail, /older than 0\.44\.0/);
    assert.is(codex.fix, 'npm install -g @openai/codex@0.171.0');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
