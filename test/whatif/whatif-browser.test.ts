// A what-if from the dashboard's Replay page (issue 20 points 4 and 6), in real Chromium on a recorded pipeline.
import { spawnSync } from 'node:child_process';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Browser } from 'playwright-core';
import { dashboardUrl, launchChromium, screenshot } from '../browser/browser-session.js';
import { liveLogDigest, recordPipeline, swarmHome } from './recorded-pipeline.js';

test('a run on the Replay page reads as a decision, and "What if…" shows the original and the fork side by side', async () => {
  const built = spawnSync(process.execPath, ['scripts/build.mjs'], { encoding: 'utf8' });
  assert.is(built.status, 0, built.stderr);
  const s = swarmHome();
  let browser: Browser | undefined;
  try {
    const { up, ids } = await recordPipeline(s, ['--driver', 'sim', '--port', '0', '--no-scheduler']);
    const url = dashboardUrl(up.output());
    browser = await launchChromium();
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    // Another build on this machine may be replacing dist/ui/ for a moment (its files answer 404 then): ask again.
    const open = async (address: string) => {
      for (let tries = 0; ; tries++) {
        const response = await page.goto(address);
        if (response?.ok() || tries >= 30) return;
        await new Promise((r) => setTimeout(r, 1_000));
      }
    };
    await open(url);
    await open(`${new URL(url).origin}/replay?task=${ids.approvedTask}`);

    // The run is one row: its agent, its decision, its tokens and what it caused.
    const row = page.getByTestId(`run-${ids.approvingCriticRun}`);
    const summary = row.locator(':scope > summary');
    await summary.waitFor({ timeout: 60_000 }).catch(async (e: Error) => {
      await screenshot(page, 'whatif-no-row');
      const rows = await page.locator('.timeline > li').allInnerTexts();
      throw new Error(`${e.message}\nthe timeline shows:\n${rows.map((r) => r.split('\n')[0]).join('\n')}`);
    });
    assert.match(await summary.innerText(), /critic\s+APPROVED\s+[\d,]+ tokens \$0\.0000 · \d+ follow-ups?/);
    await summary.locator('.position').click();
    await row.locator('pre.prompt').filter({ hasText: /Current time/ }).waitFor();
    assert.ok(await row.locator('.timeline.inner [data-event-type="TaskCompleted"]').count() >= 1, 'the row holds its events');

    const digest = liveLogDigest(s.home);
    await page.getByTestId(`whatif-${ids.approvingCriticRun}`).click();
    const panel = page.getByTestId('whatif-panel');
    const prompt = panel.locator('textarea[name="prompt"]');
    await page.waitForFunction(() => ((document.querySelector('whatif-panel textarea') as HTMLTextAreaElement | null)?.value ?? '').includes('Current time'));
    await prompt.fill(`${await prompt.inputValue()}\nsim: critic.minGreen=4\n`);
    await panel.getByLabel('More runs').fill('5');
    await panel.getByRole('button', { name: 'Run what-if' }).click();

    const result = panel.getByTestId('whatif-result');
    // The fork's progress is shown while it runs (the re-run alone takes seconds), then its end.
    await page.locator('[data-testid="whatif-result"][data-status="running"]').waitFor({ timeout: 60_000 });
    await page.locator('[data-testid="whatif-result"][data-status="done"]').waitFor({ timeout: 180_000 });
    const columns = result.getByTestId('whatif-timelines');
    assert.match(await columns.innerText(), /Original[\s\S]*Fork/);
    const first = result.getByTestId('whatif-mark-0');
    assert.ok((await first.getAttribute('class'))!.includes('differs'));
    assert.match(await first.innerText(), /≠ decision/);
    const sides = result.locator('.whatif-side');
    assert.match(await sides.nth(0).innerText(), /critic\s+APPROVED/);
    assert.match(await sides.nth(1).innerText(), /critic\s+REJECTED[\s\S]*re-run/);
    assert.match(await result.innerText(), /First divergence: run 1 \(decision/);
    // The original PM run has no counterpart: no project follows in the fork.
    assert.ok(await result.locator('.whatif-side.missing').filter({ hasText: 'did not happen in the fork' }).count() >= 1);
    await screenshot(page, 'whatif');
    assert.is(liveLogDigest(s.home), digest, 'the what-if wrote nothing to the live log');
    await s.stop(up.child);
  } finally {
    await browser?.close();
    await s.cleanup();
  }
});

test.run();
