// The dashboard does what the CLI does for a person (issue K point 5): create a task, give an agent a directive,
// record a sale, and set, raise or resume a budget, in real Chromium against `swarm up --no-agents`. The server is
// the authority on what is valid: each refusal's field and error appear next to that field, which takes the focus,
// and nothing is appended; an accepted command says what it did.
import { spawnSync } from 'node:child_process';
import type { Browser, Page } from 'playwright-core';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { swarmHome } from '../e2e/swarm-process.js';
import { axeCheck, dashboardUrl, launchChromium, openPage, screenshot } from './browser-session.js';

spawnSync(process.execPath, ['scripts/build.mjs'], { stdio: 'ignore' });

type Task = { id: string; type: string; status: string; priority: number; payload: Record<string, unknown>; assigned_to?: string | null; assignedTo?: string };

const s = swarmHome();
let browser: Browser;
let page: Page;
const tasks = () => s.cli('swarm', ['task', 'list', '--limit', '500', '--json']).json<{ tasks: Task[] }>().tasks;
const head = () => s.cli('swarm', ['events', '--json']).stdout.trim().split('\n').filter(Boolean).length;

/** The id of the focused element (the field a refusal names, or the sentence after a command). */
const focused = (p: Page) => p.evaluate(() => document.activeElement?.id ?? '');

test.before(async () => {
  const up = await s.up(['--driver', 'sim', '--no-agents', '--no-scheduler']);
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.setDefaultTimeout(20_000);
  await page.goto(dashboardUrl(up.output()));
  await page.locator('overview-page [data-ready]').waitFor();
});

test.after(async () => {
  await browser?.close();
  await s.cleanup();
});

test('creating a task: a refused priority and payload are shown beside their fields, then the task is created', async () => {
  await openPage(page, 'Tasks');
  const form = page.getByTestId('new-task');
  await form.locator('summary').click();
  await form.getByLabel('Type').fill('research');
  await form.getByLabel('Priority').fill('11');
  await form.getByLabel('Payload (JSON object)').fill('{"title": "Compare invoice tools"');
  const before = head();
  await form.getByRole('button', { name: 'Create task' }).click();
  const priorityError = page.getByTestId('new-task-priority-error');
  await priorityError.waitFor();
  assert.match((await priorityError.textContent()) ?? '', 'priority: expected a whole number from 1 to 10, got 11');
  assert.is(await form.getByLabel('Priority').getAttribute('aria-invalid'), 'true');
  assert.match((await form.getByLabel('Priority').getAttribute('aria-describedby')) ?? '', 'new-task-priority-error');
  assert.is(await focused(page), 'new-task-priority');
  assert.is(head(), before, 'nothing appended');

  await form.getByLabel('Priority').fill('7');
  await form.getByRole('button', { name: 'Create task' }).click();
  const payloadError = page.getByTestId('new-task-payload-error');
  await payloadError.waitFor();
  assert.match((await payloadError.textContent()) ?? '', 'payload: expected a JSON object');
  assert.is(await page.getByTestId('new-task-priority-error').count(), 0, 'the earlier error is gone');
  assert.is(await focused(page), 'new-task-payload');

  await form.getByLabel('Payload (JSON object)').fill('{"title": "Compare invoice tools"}');
  await form.getByLabel('For agent').selectOption('hunter');
  await form.getByRole('button', { name: 'Create task' }).click();
  const done = page.locator('#new-task-done');
  await done.waitFor();
  assert.is(await focused(page), 'new-task-done');
  const created = tasks().find((t) => t.payload?.title === 'Compare invoice tools')!;
  assert.ok(created, 'the task is in the log');
  assert.is(created.type, 'research');
  assert.is(created.priority, 7);
  assert.is(created.assigned_to ?? created.assignedTo, 'hunter');
  assert.is(await done.locator('a').getAttribute('href'), `/replay?task=${created.id}`);
  await page.getByTestId(`task-${created.id}`).waitFor();
  assert.equal((await axeCheck(page)).violations, [], 'the open form and its outcome have no accessibility violation');
  await screenshot(page, 'tasks-create');
});

test('telling an agent: a blank directive is refused beside its field, then the directive task is created', async () => {
  await openPage(page, 'Chat');
  const form = page.locator('form#directive');
  await form.getByLabel('Agent').selectOption('builder');
  await form.getByLabel('Priority').fill('high');
  const before = head();
  await form.getByRole('button', { name: 'Send directive' }).click();
  const error = page.getByTestId('directive-message-error');
  await error.waitFor();
  assert.match((await error.textContent()) ?? '', 'message: expected a text');
  assert.is(await focused(page), 'directive-message');
  assert.is(head(), before, 'nothing appended');

  await form.getByLabel('Directive (required)').fill('Add install steps to every README');
  await form.getByRole('button', { name: 'Send directive' }).click();
  await page.getByTestId('directive-priority-error').waitFor();
  assert.match((await page.getByTestId('directive-priority-error').textContent()) ?? '', 'priority: expected a whole number from 1 to 10, got "high"');

  await form.getByLabel('Priority').fill('9');
  await form.getByRole('button', { name: 'Send directive' }).click();
  await page.locator('#directive-done').waitFor();
  assert.match((await page.locator('#directive-done').textContent()) ?? '', 'Told builder');
  const directive = tasks().find((t) => t.type === 'directive')!;
  assert.ok(directive);
  assert.is(directive.assigned_to ?? directive.assignedTo, 'builder');
  assert.is(directive.priority, 9);
  assert.is(directive.payload.instruction, 'Add install steps to every README');
  assert.is(directive.payload.from, 'admin', 'sent with the operator token: the operator is named');
  await screenshot(page, 'chat-directive');
});

test('recording a sale: each refused field is named beside it, then the sale lands in the chart and the table', async () => {
  await openPage(page, 'Ledger');
  const form = page.getByTestId('new-sale');
  await form.locator('summary').click();
  await form.getByLabel('Product').fill('Invoice Parser');
  await form.getByLabel('Amount').fill('12.345');
  await form.getByLabel('Currency').fill('US');
  await form.getByLabel('Sale id at the source').fill('sale_form_1');
  const before = head();
  await form.getByRole('button', { name: 'Record sale' }).click();
  await page.getByTestId('new-sale-source-error').waitFor();
  // The server found two problems: the first is the refusal's field, the other sits beside its own field.
  assert.match((await page.getByTestId('new-sale-source-error').textContent()) ?? '', 'source: expected a source name');
  assert.match((await page.getByTestId('new-sale-currency-error').textContent()) ?? '', 'currency: expected an ISO 4217 currency code');
  assert.is(await focused(page), 'new-sale-source');
  assert.equal((await axeCheck(page)).violations, [], 'a form showing its refusals has no accessibility violation');

  await page.locator('#new-sale-source').fill('itch');
  await form.getByLabel('Currency').fill('USD');
  await form.getByRole('button', { name: 'Record sale' }).click();
  await page.getByTestId('new-sale-amount-error').waitFor();
  assert.match((await page.getByTestId('new-sale-amount-error').textContent()) ?? '', 'amount: USD has 2 decimal places, got "12.345"');
  assert.is(head(), before, 'nothing appended');

  await form.getByLabel('Amount').fill('12.34');
  await form.getByRole('button', { name: 'Record sale' }).click();
  await page.locator('#new-sale-done').waitFor();
  assert.match((await page.locator('#new-sale-done').textContent()) ?? '', 'Recorded a sale of $12.34 for Invoice Parser');
  await page.locator('[data-testid="ledger-chart"] .bar[data-value="12.34"]').waitFor();
  const row = page.getByTestId('ledger-table').locator('tr').filter({ hasText: 'Invoice Parser' });
  await row.waitFor();
  assert.is((await row.locator('[data-column="net"]').textContent())?.trim(), '$12.34');
  const ledger = s.cli('swarm', ['ledger', '--json']).json<{ totals: { net: string }[] }>();
  assert.is(ledger.totals[0]!.net, '12.34');
});

test('budgets: raising without tokens is refused beside the field; set, raise and resume are done as the operator', async () => {
  await openPage(page, 'Budgets');
  const form = page.locator('form#budget');
  await form.getByLabel('Budget of').selectOption('builder');
  await form.getByRole('button', { name: "Raise today's limit" }).click();
  const error = page.getByTestId('budget-tokens-error');
  await error.waitFor();
  assert.match((await error.textContent()) ?? '', 'tokens: a whole number of tokens is required to raise a budget');
  assert.is(await focused(page), 'budget-tokens');

  await form.getByLabel('Tokens per day').fill('500000');
  await form.getByRole('button', { name: 'Set standing limit' }).click();
  await page.locator('#budget-done').waitFor();
  assert.match((await page.locator('#budget-done').textContent()) ?? '', 'Set the standing limit of builder to 500,000 tokens');
  const builderRow = page.getByTestId('budgets').locator('tr').filter({ hasText: 'builder' });
  await builderRow.locator('[data-column="daily_limit"]', { hasText: '500,000' }).waitFor();

  await form.getByLabel('Tokens per day').fill('800000');
  await form.getByRole('button', { name: "Raise today's limit" }).click();
  await builderRow.locator('[data-column="daily_limit"]', { hasText: '800,000' }).waitFor();
  assert.match((await page.locator('#budget-done').textContent()) ?? '', "Raised today's limit of builder to 800,000 tokens");

  await form.getByRole('button', { name: 'Resume for today' }).click();
  // Resuming a budget that is not exhausted is the server's call: either way the answer is shown, not lost.
  await page.locator('#budget-done, #budget-problem, [data-testid^="budget-"][data-testid$="-error"]').first().waitFor();
  const budgets = s.cli('swarm', ['budget', 'show', '--json']);
  if (budgets.code === 0) assert.match(budgets.stdout, '800000');
  await screenshot(page, 'budgets-forms');
});

test.run();
