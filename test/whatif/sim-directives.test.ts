// Prompt directives for the simulated agents (issue 20 point 5): parsed from the prompt, passed by the sim driver,
// honoured by the roles.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createSimDriver } from '../../agents/drivers/sim-driver.js';
import { directivesOf, parseSimDirectives, simDirectivesEnv, simDirectivesVariable } from '../../agents/sim/directives.js';
import { judgeIdea } from '../../agents/sim/roles/critic.js';
import { directedRound, submissionPlatform, type TestFindings } from '../../agents/sim/roles/tester.js';
import { unconfinedTestSandbox } from '../drivers/driver-harness.js';

test('directive lines are read from anywhere in the prompt; values out of range and unknown keys are ignored', () => {
  const prompt = ['# Critic', 'sim: critic.minGreen=4', '  - sim: tester.failRounds = 2', 'sim: hunter.platform=gumroad', 'sim: critic.minGreen=9', 'sim: builder.speed=3', 'no sim: here=1'].join('\n');
  const parsed = parseSimDirectives(prompt);
  assert.equal(parsed.values, { 'critic.minGreen': 4, 'tester.failRounds': 2, 'hunter.platform': 'gumroad' });
  assert.equal(parsed.ignored, ['sim: critic.minGreen=9', 'sim: builder.speed=3']);
  assert.equal(simDirectivesEnv('no directives'), {});
  assert.equal(directivesOf({ [simDirectivesVariable]: JSON.stringify({ 'critic.minGreen': 2, 'tester.failRounds': 99 }) }), { 'critic.minGreen': 2 });
  assert.equal(directivesOf({ [simDirectivesVariable]: 'not json' }), {});
});

test('critic.minGreen decides how many green dimensions approval needs', () => {
  // An idea the critic approves with one yellow dimension (3 of 4 green) by default.
  const idea = { title: 'Dotenv Linter CLI', hunter_rating: 7.3, differentiation: 'line numbers', pitch: 'lints .env files' };
  const byDefault = judgeIdea(idea);
  const greens = byDefault.marks.filter((m) => m === '🟢').length;
  assert.ok(byDefault.approved);
  assert.ok(judgeIdea(idea, 1).approved);
  assert.ok(judgeIdea(idea, greens).approved);
  assert.is(greens, 3, 'this idea has one yellow dimension');
  const strict = judgeIdea(idea, 4);
  assert.not.ok(strict.approved);
  assert.match(strict.reason, '3 of 4 dimensions green, 4 required');
});

test('tester.failRounds: the first N test rounds of a product fail, the next one passes, whatever its tests say', () => {
  const dir = mkdtempSync(join(tmpdir(), 'swarmlog-rounds-'));
  try {
    const passing: TestFindings = { testsPassed: true, passCount: 3, failCount: 0, failedTests: [], exampleMatches: true, emptyInputOk: true, readmeOk: true, issues: [], pass: true };
    const failing: TestFindings = { ...passing, testsPassed: false, failCount: 1, issues: ['test fails: parses'], pass: false };
    const rounds = [passing, passing, failing].map((findings) => directedRound(dir, findings, 2));
    assert.equal(rounds.map((r) => r.pass), [false, false, true]);
    assert.match(rounds[0]!.issues.join(), 'round 1 of 2 set to fail (sim: tester.failRounds=2)');
    assert.equal(rounds[2]!.issues, []);
    assert.equal(directedRound(dir, failing, undefined), failing, 'without the directive the tests decide');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('tester.platform: where a passing product is submitted for; else the task names it; else local', () => {
  assert.equal(parseSimDirectives('sim: tester.platform=npm\nsim: tester.platform=myspace').values, { 'tester.platform': 'npm' });
  assert.equal(parseSimDirectives('sim: tester.platform=myspace').ignored, ['sim: tester.platform=myspace']);
  assert.is(submissionPlatform({ product: 'p' }, undefined), 'local', 'by default');
  assert.is(submissionPlatform({ product: 'p', platform: 'gumroad' }, undefined), 'gumroad', "the task's platform");
  assert.is(submissionPlatform({ product: 'p', platform: 'myspace' }, undefined), 'local', 'a platform swarm publish does not know');
  assert.is(submissionPlatform({ product: 'p', platform: 'gumroad' }, 'vercel'), 'vercel', 'the directive first');
  assert.is(submissionPlatform({ product: 'p' }, 'myspace'), 'local');
});

test('the sim driver hands the prompt\'s directives to the simulated agent in its environment', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'swarmlog-directives-'));
  try {
    const program = join(dir, 'env.mjs');
    writeFileSync(program, `import { writeFileSync } from 'node:fs'; writeFileSync(${JSON.stringify(join(dir, 'env.json'))}, process.env.${simDirectivesVariable} ?? 'none');\n`);
    const outcome = await createSimDriver({ program }).run(
      {
        runId: 'r1',
        agent: 'critic',
        role: 'critic',
        model: 'simulated',
        prompt: 'Judge the idea.\nsim: critic.minGreen=4\n',
        workspace: join(dir, 'ws'),
        env: { PATH: process.env.PATH ?? '' },
        logPath: join(dir, 'run.log'),
        signal: new AbortController().signal,
        sandbox: unconfinedTestSandbox(dir),
      },
      () => {},
    );
    assert.is(outcome.outcome, 'completed');
    assert.equal(JSON.parse(readFileSync(join(dir, 'env.json'), 'utf8')), { 'critic.minGreen': 4 });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
