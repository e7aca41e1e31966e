// The dashboard in real Chromium against `swarm up --unsafe-no-sandbox` (issue 13 points 2 and 5): a banner says the
// agents run without a sandbox, and a refused agent command appears on the Overview live, as text, with no reload.
import { spawnSync } from 'node:child_process';
import type { Browser, Page } from 'playwright-core';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createCliContext } from '../../cli/cli-context.js';
import { recordRefusal } from '../../processes/commands/refusal-commands.js';
import { swarmHome } from '../e2e/swarm-process.js';
import { dashboardUrl, launchChromium, markDocument, sameDocument, screenshot } from './browser-session.js';

spawnSync(process.execPath, ['scripts/build.mjs'], { stdio: 'ignore' });

const s = swarmHome();
let browser: Browser;
let page: Page;
let upOutput = '';

test.before(async () => {
  const up = await s.up(['--driver', 'sim', '--no-agents', '--no-scheduler', '--unsafe-no-sandbox']);
  upOutput = up.output();
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.setDefaultTimeout(30_000);
});

test.after(async () => {
  await browser?.close();
  await s.cleanup();
});

test('an unsandboxed swarm says so when it starts and in a dashboard banner beside the simulated-agents one', async () => {
  assert.match(upOutput, /sandbox: NONE — agents run UNSANDBOXED \(--unsafe-no-sandbox\)/);
  await page.goto(dashboardUrl(upOutput));
  const banner = page.getByTestId('unsandboxed-banner');
  await banner.waitFor();
  assert.match((await banner.textContent()) ?? '', 'Agents run WITHOUT a sandbox');
  await page.getByTestId('simulated-banner').waitFor();
  await page.locator('overview-page [data-ready]').waitFor();
  await page.getByTestId('refusals').getByText('No agent command has been refused.').waitFor();
  await markDocument(page);
});

test('a refused agent command appears on the Overview live, its command rendered as text', async () => {
  const command = 'swarm approve <img src=x onerror="window.swarmXss = 1"><script>window.swarmXss = 2</script>';
  // Recorded as the agent endpoint records it, from another process on the same log (as every CLI call is).
  const ctx = createCliContext({ ...s.env, SWARM_LOG_LEVEL: 'silent' });
  try {
    const recorded = await recordRefusal(await ctx.runtime(), {
      agent: 'tester',
      command,
      reason: 'human_only',
      message: 'swarm approve: approving is for people (a human gate)',
      runId: '0192bbbb-cccc-7ddd-8eee-ffff00001111',
    });
    assert.ok(recorded._tag === 'Right');
  } finally {
    await ctx.close();
  }
  const section = page.getByTestId('refusals');
  const row = section.locator('tr[data-reason="human_only"]');
  await row.waitFor();
  assert.is(await row.locator('code.refused-command').textContent(), command);
  assert.match((await row.textContent()) ?? '', 'tester');
  assert.match((await row.textContent()) ?? '', 'approving is for people');
  assert.is(await row.locator('a').getAttribute('href'), '/replay?run=0192bbbb-cccc-7ddd-8eee-ffff00001111');
  assert.is(await section.locator('.chip[data-agent="tester"] strong').textContent(), '1');
  assert.is(await section.locator('img, script').count(), 0);
  assert.is(await page.evaluate(() => (window as unknown as { swarmXss?: number }).swarmXss), undefined);
  assert.ok(await sameDocument(page), 'no reload');
  await screenshot(page, 'overview-refusals');

  const status = s.cli('swarm', ['status']);
  assert.is(status.code, 0, status.stderr);
  assert.match(status.stdout, '🚫 Refused agent commands: 1 (tester 1)');
  assert.match(status.stdout, /tester +0192bbbb +swarm approve <img/);
});

test.run();
