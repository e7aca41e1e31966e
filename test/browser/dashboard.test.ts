// The dashboard in real Chromium against `swarm up --driver sim` on a temporary SWARM_HOME: a person watches the
// agents, decides at both human gates, and sees every consequence arrive live (one WebSocket, no polling, no reload).
import { spawnSync } from 'node:child_process';
import type { Browser, Page } from 'playwright-core';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { swarmHome, waitFor } from '../e2e/swarm-process.js';
import { dashboardUrl, fontDependentMark, launchChromium, markDocument, openPage, sameDocument, screenshot } from './browser-session.js';

spawnSync(process.execPath, ['scripts/build.mjs'], { stdio: 'ignore' });

type Task = { id: string; type: string; status: string; payload: Record<string, unknown>; assigned_to: string | null };

const s = swarmHome();
let browser: Browser;
let page: Page;
let url: string;
const pipelineMs = 120_000;
const tasks = () => s.cli('swarm', ['task', 'list', '--limit', '500', '--json']).json<{ tasks: Task[] }>().tasks;
let productName = '';
let publishedApprovalId = '';

test.before(async () => {
  const up = await s.up(['--driver', 'sim', '--port', '0', '--no-scheduler']);
  url = dashboardUrl(up.output());
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.setDefaultTimeout(pipelineMs);
});

test.after(async () => {
  await browser?.close();
  await s.cleanup();
});

test('the printed URL opens the Overview with the simulated-agents banner and takes the token out of the address bar', async () => {
  await page.goto(url);
  await page.getByText('Simulated agents').waitFor();
  await page.locator('overview-page [data-ready]').waitFor();
  assert.not.match(page.url(), /token=/);
  await markDocument(page);
});

test('agents are seen working after a scan task is created', async () => {
  // A working status may last well under a second: the page records whether one was ever shown.
  await page.evaluate(() => {
    const w = window as unknown as { sawWorking?: string };
    new MutationObserver(() => {
      const row = document.querySelector('tr[data-testid^="agent-"] .status-working');
      if (row) w.sawWorking ??= row.closest('tr')!.getAttribute('data-testid')!;
    }).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
  });
  const created = s.cli('swarm', ['task', 'create', '--type', 'scan_platform', '--to', 'hunter', '--payload', '{"platform":"itch"}']);
  assert.is(created.code, 0, created.stderr);
  await page.waitForFunction(() => (window as unknown as { sawWorking?: string }).sawWorking !== undefined);
  assert.is(await page.evaluate(() => (window as unknown as { sawWorking?: string }).sawWorking), 'agent-hunter');
  await screenshot(page, 'overview');
});

test('approving a project in the browser starts its build without a reload', async () => {
  await openPage(page, 'Approvals');
  const project = page.locator('[data-testid^="project-"][data-status="pending"]').first();
  await project.waitFor();
  // Both of the scan's ideas are judged before a person decides (as in the CLI scenario).
  await waitFor('both ideas evaluated', () => tasks().filter((t) => t.type === 'evaluate_idea' && t.status === 'completed').length === 2 || undefined, pipelineMs);
  const testId = (await project.getAttribute('data-testid'))!;
  const card = page.getByTestId(testId);
  await card.getByRole('button', { name: 'Approve' }).click();
  await page.locator(`[data-testid="${testId}"][data-status="approved"]`).waitFor();
  await card.getByTestId('build-task').waitFor();
  assert.ok(await sameDocument(page), 'no reload');
  // The Critic's traffic lights and the swarm's notices are drawn, not left to an emoji font.
  const text = await page.locator('main').innerText();
  assert.not.ok(fontDependentMark.test(text), `a mark that needs an emoji font: ${text.match(fontDependentMark)?.[0]}`);
});

test('rejecting a product with a reason shows the Builder fix task', async () => {
  const pending = page.locator('[data-testid^="approval-"][data-status="pending"]').first();
  await pending.waitFor();
  const testId = (await pending.getAttribute('data-testid'))!;
  publishedApprovalId = testId;
  productName = (await pending.locator('h3').textContent())!.trim();
  await screenshot(page, 'approvals', { readme: true });
  await page.getByTestId(testId).getByRole('button', { name: 'Reject' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Reason').fill('The README lacks install steps');
  await dialog.getByRole('button', { name: 'Confirm' }).click();
  await page.locator(`[data-testid="${testId}"][data-status="rejected"]`).waitFor();
  const fixId = (await page.getByTestId(testId).getByTestId('fix-task').locator('a').getAttribute('href'))!.split('task=')[1]!;
  await openPage(page, 'Tasks');
  const row = page.getByTestId(`task-${fixId}`);
  await row.waitFor();
  assert.is(await row.getAttribute('data-type'), 'fix_product');
  assert.match((await row.textContent()) ?? '', /builder/);
  await screenshot(page, 'tasks');
  assert.ok(await sameDocument(page), 'no reload');
});

test('approving the fixed product publishes it, live', async () => {
  await openPage(page, 'Approvals');
  const pending = page.locator(`[data-testid^="approval-"][data-status="pending"]:not([data-testid="${publishedApprovalId}"])`).first();
  await pending.waitFor();
  const testId = (await pending.getAttribute('data-testid'))!;
  publishedApprovalId = testId;
  await page.getByTestId(testId).getByRole('button', { name: 'Approve' }).click();
  await page.locator(`[data-testid="${testId}"][data-status="published"]`).waitFor();
  assert.ok(await sameDocument(page), 'no reload');
});

test("a recorded sale appears in the ledger chart", async () => {
  await openPage(page, 'Ledger');
  await page.getByTestId('ledger-audit').getByText('agrees').waitFor();
  const recorded = s.cli('swarm', ['income', 'record', '--source', 'itch', '--product', productName, '--amount', '12.34', '--currency', 'USD', '--external-id', 'sale_browser_1']);
  assert.is(recorded.code, 0, recorded.stderr);
  await page.locator('[data-testid="ledger-chart"] .bar[data-value="12.34"]').waitFor();
  await page.getByTestId('ledger-table').getByText(productName).waitFor();
  await screenshot(page, 'ledger', { readme: true });
});

test("the published product's replay shows its runs with prompt and output", async () => {
  await openPage(page, 'Approvals');
  await page.getByTestId(publishedApprovalId).getByTestId('publish-task').locator('a').click();
  await page.getByTestId('timeline').waitFor();
  await page.locator('.timeline [data-type="TaskCompleted"]').first().waitFor();
  const run = page.locator('details[data-testid^="run-"]').first();
  await run.locator('summary').click();
  await run.locator('pre.prompt').filter({ hasText: /\S/ }).waitFor();
  await page.locator('#as-of').waitFor();
  await screenshot(page, 'replay', { readme: true });
});

test("a chat message gets Liaison's answer", async () => {
  await openPage(page, 'Chat');
  await page.getByLabel('Message').fill('What is blocking the itch product?');
  await page.getByRole('button', { name: 'Send', exact: true }).click();
  // The post is the operator's (the token's name, `admin` on a first start).
  await page.locator('.chat-line[data-author="admin"]').filter({ hasText: 'What is blocking the itch product?' }).waitFor();
  await page.locator('.chat-line[data-author="liaison"]').first().waitFor();
  await screenshot(page, 'chat');
});

test("a proposal's tally moves as votes land", async () => {
  const proposed = s.cli('claude-swarm', ['propose', 'rule_change', 'Review specs in pairs', 'Two agents read each spec before a build starts'], { SWARM_AGENT: 'meta' });
  assert.is(proposed.code, 0, proposed.stderr);
  const proposalId = s.cli('swarm', ['proposals', '--json']).json<{ proposals: { proposalId?: string; id?: string }[] }>().proposals.map((p) => p.proposalId ?? p.id)[0]!;
  await openPage(page, 'Swarm');
  const tallyFor = page.getByTestId(`tally-${proposalId}`).getByTestId('tally-for');
  await tallyFor.waitFor();
  assert.is(await tallyFor.textContent(), '0');
  assert.is(s.cli('claude-swarm', ['vote', proposalId, 'for', 'yes'], { SWARM_AGENT: 'critic' }).code, 0);
  await page.waitForFunction((id) => document.querySelector(`[data-testid="tally-${id}"] [data-testid="tally-for"]`)?.textContent === '1', proposalId);
  assert.is(s.cli('claude-swarm', ['vote', proposalId, 'against'], { SWARM_AGENT: 'builder' }).code, 0);
  await page.waitForFunction((id) => document.querySelector(`[data-testid="tally-${id}"] [data-testid="tally-against"]`)?.textContent === '1', proposalId);
  assert.ok(await sameDocument(page), 'no reload');
});

test('a script-tag payload in an agent post renders as text', async () => {
  const payload = '<script>window.swarmXss = 1</script><img src=x onerror="window.swarmXss = 2">';
  await openPage(page, 'Swarm');
  assert.is(s.cli('claude-swarm', ['discuss', 'hunter', payload], { SWARM_AGENT: 'hunter' }).code, 0);
  await page.locator('.post .content').filter({ hasText: '<script>window.swarmXss = 1</script>' }).waitFor();
  assert.is(await page.evaluate(() => (window as unknown as { swarmXss?: number }).swarmXss), undefined);
  assert.is(await page.locator('.post script, .post img').count(), 0);
  await screenshot(page, 'swarm');
});

test('the Memory and Budgets pages render', async () => {
  await openPage(page, 'Memory');
  await page.getByTestId('memory-feed').locator('li').first().waitFor();
  await screenshot(page, 'memory');
  await openPage(page, 'Budgets');
  await page.getByTestId('budgets').locator('table').waitFor();
  await screenshot(page, 'budgets');
  assert.ok(await sameDocument(page), 'no reload');
});

test("the README's Overview picture shows the swarm after its first product", async () => {
  await openPage(page, 'Overview');
  await page.locator('overview-page [data-ready]').waitFor();
  await page.locator('[data-testid="income-chart"] .bar[data-value="12.34"]').waitFor();
  await screenshot(page, 'overview', { readme: true });
});

test.run();
