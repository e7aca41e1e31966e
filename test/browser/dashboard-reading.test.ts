// Pages a person reads at a glance (issue K point 8), in real Chromium against `swarm up --no-agents`: Chart.js
// charts with a value axis, day labels, values and tooltips; tables with human headings and formatted money; no
// mark that needs an emoji font; buttons that name their item; focus that lands somewhere sensible after a decision
// and after a page change; a title per page; a focusable chat list; a Tasks table that fits a phone; and axe-core
// finding no violation on any page.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createCliContext } from '../../cli/cli-context.js';
import { requestApproval } from '../../processes/commands/approval-commands.js';
import { submitProject } from '../../processes/commands/project-commands.js';
import { productInput, projectInput } from '../commands/gate-harness.js';
import { swarmHome } from '../e2e/swarm-process.js';
import { agent } from '../fixtures/test-runtime.js';
import { axeCheck, dashboardUrl, fontDependentMark, launchChromium, openPage, screenshot } from './browser-session.js';

spawnSync(process.execPath, ['scripts/build.mjs'], { stdio: 'ignore' });

const pageNames = ['Overview', 'Tasks', 'Approvals', 'Swarm', 'Chat', 'Ledger', 'Replay', 'Memory', 'Budgets'];

const s = swarmHome();
let browser: Browser;
let page: Page;
let url = '';
const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

test.before(async () => {
  try {
    await start();
  } catch (e) {
    // uvu does not report a failed `before`: say why, and fail every test.
    console.error(e);
    throw e;
  }
});

const start = async () => {
  const up = await s.up(['--driver', 'sim', '--no-agents', '--no-scheduler']);
  url = dashboardUrl(up.output());
  // What the agents would have put before a person: two project proposals and a product waiting for a decision.
  const ctx = createCliContext({ ...s.env, SWARM_LOG_LEVEL: 'silent' });
  try {
    const rt = await ctx.runtime();
    for (const title of ['Dotenv Linter CLI', 'Invoice parser']) assert.is((await submitProject(rt, agent('pm'), projectInput({ title })))._tag, 'Right');
    assert.is((await requestApproval(rt, agent('tester'), productInput({ productName: 'Markdown Table Formatter' })))._tag, 'Right');
  } finally {
    await ctx.close();
  }
  const sale = (id: string, amount: string, at: string) =>
    s.cli('swarm', ['income', 'record', '--source', 'gumroad', '--product', 'Dotenv Linter CLI', '--amount', amount, '--currency', 'USD', '--external-id', id, '--occurred-at', at]);
  assert.is(sale('sale_read_1', '8.00', `${day(-1)}T12:00:00Z`).code, 0);
  assert.is(sale('sale_read_2', '12.34', `${day(0)}T00:00:01Z`).code, 0);
  for (const [type, title] of <const>[
    ['research', 'Compare the pricing of every dotenv linter on the market and write down what each one charges'],
    ['write_spec', 'Spec for a podcast show-notes writer'],
  ])
    assert.is(s.cli('swarm', ['task', 'create', '--type', type, '--payload', JSON.stringify({ title })]).code, 0);
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.setDefaultTimeout(20_000);
  await page.goto(url);
  await page.locator('overview-page [data-ready]').waitFor();
};

test.after(async () => {
  await browser?.close();
  await s.cleanup();
});

interface ChartFacts {
  readonly type: string;
  readonly labels: string[];
  readonly values: number[];
  readonly xTicks: string[];
  readonly yTicks: string[];
}

const chartFacts = async (testId: string): Promise<ChartFacts> => {
  // Chart.js is its own chunk: the chart is drawn once it has loaded.
  await page.waitForFunction((id) => (document.querySelector(`[data-testid="${id}"]`) as unknown as { chart?: unknown } | null)?.chart !== undefined, testId);
  return page.evaluate((id) => {
    const chart = (document.querySelector(`[data-testid="${id}"]`) as unknown as { chart: any }).chart;
    return {
      type: chart.config.type,
      labels: chart.data.labels,
      values: chart.data.datasets[0].data,
      xTicks: chart.scales.x.ticks.map((t: { label: string }) => String(t.label)),
      yTicks: chart.scales.y.ticks.map((t: { label: string }) => String(t.label)),
    };
  }, testId);
};

test('charts are Chart.js bar charts with a money axis, day labels and a tooltip on hover', async () => {
  await openPage(page, 'Ledger');
  await page.locator('[data-testid="ledger-chart"] .bar[data-value="12.34"]').waitFor();
  const facts = await chartFacts('ledger-chart');
  assert.is(facts.type, 'bar');
  assert.equal(facts.labels, [day(-1), day(0)]);
  assert.equal(facts.values, [8, 12.34]);
  const short = (d: string) => new Date(`${d}T00:00:00Z`).toLocaleDateString('en-US', { month: 'short', day: 'numeric', timeZone: 'UTC' });
  assert.equal(facts.xTicks, [short(day(-1)), short(day(0))]);
  assert.ok(facts.yTicks.length >= 3, `a value scale: ${facts.yTicks}`);
  assert.ok(facts.yTicks.every((t) => /^\$\d+(\.\d\d)?$/.test(t)), `money on the axis: ${facts.yTicks}`);
  // Hover the second bar: the tooltip names the day and the amount.
  const box = (await page.getByTestId('ledger-chart').locator('canvas').boundingBox())!;
  const bar = await page.evaluate(() => {
    const chart = (document.querySelector('[data-testid="ledger-chart"]') as unknown as { chart: any }).chart;
    const element = chart.getDatasetMeta(0).data[1];
    return { x: element.x, y: (element.y + element.base) / 2 };
  });
  await page.mouse.move(box.x + bar.x, box.y + bar.y);
  const tooltip = await page.waitForFunction(() => {
    const chart = (document.querySelector('[data-testid="ledger-chart"]') as unknown as { chart: any }).chart;
    const t = chart.tooltip;
    return t.opacity > 0 && t.body?.length ? { title: t.title.join(' '), body: t.body.flatMap((b: { lines: string[] }) => b.lines).join(' ') } : undefined;
  });
  const shown = (await tooltip.jsonValue())!;
  assert.match(shown.body, '$12.34');
  assert.match(shown.title, new Date(`${day(0)}T00:00:00Z`).toLocaleDateString('en-US', { month: 'short', day: 'numeric', timeZone: 'UTC' }));
  // The same figures are in a table for screen readers.
  assert.is(await page.getByTestId('ledger-chart').locator('table caption').textContent(), 'Net income per day');
  await screenshot(page, 'ledger-chart-tooltip');
  await openPage(page, 'Overview');
  for (const id of ['income-chart', 'tokens-chart', 'cost-chart']) {
    const f = await chartFacts(id);
    assert.is(f.type, 'bar', id);
    assert.ok(f.yTicks.length >= 2, `${id} has a value axis`);
  }
  // The chart is drawn before the ledger's answer arrives: wait for the figures, not just the chart.
  await page.locator('[data-testid="income-chart"] .bar[data-value="12.34"]').waitFor();
  assert.equal((await chartFacts('income-chart')).values, [8, 12.34]);
});

test("the Ledger's tables have human headings and money as money", async () => {
  await openPage(page, 'Ledger');
  const totals = page.getByTestId('ledger-totals');
  await totals.locator('td').first().waitFor();
  assert.equal(await totals.locator('th').allTextContents(), [
    'Currency', 'Sales', 'Refunds', 'Gross', 'Refunded', 'Net income', 'Income per 1,000 tokens', 'Income per $1 of model cost',
  ]);
  assert.is((await totals.locator('[data-column="net"]').textContent())?.trim(), '$20.34');
  assert.is((await totals.locator('[data-column="gross"]').textContent())?.trim(), '$20.34');
  const text = (await page.locator('main').textContent()) ?? '';
  for (const internal of ['netMinor', 'incomePer1kTokens', 'incomePerUsdCost', 'costUsd']) assert.not.match(text, internal);
  assert.equal(await page.getByTestId('ledger-table').locator('th').allTextContents(), ['Product', 'Sales', 'Refunds', 'Gross', 'Refunded', 'Net income']);
  await page.getByLabel('Group by').selectOption('day');
  await page.getByTestId('ledger-table').locator('th', { hasText: 'Model cost' }).waitFor();
  assert.equal(await page.getByTestId('ledger-table').locator('th').allTextContents(), ['Day', 'Sales', 'Refunds', 'Net income', 'Tokens', 'Model cost', 'Income per 1,000 tokens']);
  assert.match((await page.getByTestId('ledger-table').textContent()) ?? '', '$12.34');
  await screenshot(page, 'ledger-tables');
});

test("buttons name their item, and after a decision focus moves to what was done (not the page body)", async () => {
  await openPage(page, 'Approvals');
  const approve = page.getByRole('button', { name: 'Approve Dotenv Linter CLI', exact: true });
  await approve.waitFor();
  await page.getByRole('button', { name: 'Reject Invoice parser', exact: true }).waitFor();
  await page.getByRole('button', { name: 'Defer Invoice parser', exact: true }).waitFor();
  await page.getByRole('button', { name: 'Approve Markdown Table Formatter', exact: true }).waitFor();
  // By keyboard: focus the button and press Enter.
  await approve.focus();
  await page.keyboard.press('Enter');
  await page.locator('#decision-note', { hasText: 'Approved Dotenv Linter CLI.' }).waitFor();
  assert.is(await page.evaluate(() => document.activeElement?.id), 'decision-note');

  await page.getByRole('button', { name: 'Reject Markdown Table Formatter', exact: true }).focus();
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Reason').fill('The README lacks install steps');
  await dialog.getByRole('button', { name: 'Confirm' }).focus();
  await page.keyboard.press('Enter');
  await page.locator('#decision-note', { hasText: 'Rejected Markdown Table Formatter.' }).waitFor();
  assert.is(await page.evaluate(() => document.activeElement?.id), 'decision-note');
  await page.locator('[data-testid^="approval-"][data-status="rejected"]').waitFor();
  assert.is(await page.evaluate(() => document.activeElement?.id), 'decision-note', 'still there after the live update');
});

test('every page has its own title, takes focus on its heading, shows no emoji-font mark, and axe finds no violation', async () => {
  const titles = new Set<string>();
  for (const name of pageNames) {
    await openPage(page, name);
    await page.waitForFunction((n) => document.title === `${n} · swarmlog`, name);
    titles.add(await page.title());
    assert.is(await page.evaluate(() => document.activeElement?.tagName), 'H1', `${name}: focus on the heading`);
    // Let the page's data arrive before it is checked.
    await page.waitForTimeout(300);
    const text = await page.evaluate(() => document.body.innerText);
    assert.not.ok(fontDependentMark.test(text), `${name} shows a mark that needs an emoji font: ${text.match(fontDependentMark)?.[0]}`);
    const checked = await axeCheck(page);
    assert.ok(checked.passes > 10, `${name}: axe ran its rules`);
    assert.equal(checked.violations, [], `${name}: axe violations`);
  }
  assert.is(titles.size, pageNames.length);
  const chat = page.getByTestId('chat-thread');
  await openPage(page, 'Chat');
  assert.is(await chat.getAttribute('tabindex'), '0', 'the scrollable chat list takes focus');
});

test("the dashboard's own text has no emoji-font marks", () => {
  const walk = (dir: string): string[] => readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? walk(join(dir, n)) : [join(dir, n)]));
  for (const file of walk('ui/app/src').filter((f) => /\.(ts|css|html)$/.test(f))) {
    const lines = readFileSync(file, 'utf8').split('\n');
    lines.forEach((line, i) => assert.not.ok(fontDependentMark.test(line), `${file}:${i + 1}: ${line.trim()}`));
  }
});

test('the Tasks table fits a phone (375 px wide)', async () => {
  const phone = await browser.newPage({ viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
  try {
    await phone.goto(new URL('/tasks', url).href);
    const table = phone.locator('table.tasks');
    await table.locator('tbody tr').first().waitFor();
    const widths = await phone.evaluate(() => ({
      page: document.documentElement.scrollWidth,
      table: document.querySelector('table.tasks')!.getBoundingClientRect().right,
      cells: Math.max(...[...document.querySelectorAll('table.tasks td, table.tasks th')].map((c) => c.getBoundingClientRect().right)),
    }));
    assert.ok(widths.page <= 375, `the page scrolls sideways: ${widths.page}px`);
    assert.ok(widths.table <= 375 && widths.cells <= 375, `the table is wider than the phone: ${JSON.stringify(widths)}`);
    // What the narrow table leaves out of its columns is under each title.
    assert.match((await table.locator('tbody tr').first().textContent()) ?? '', /priority \d+/);
    await screenshot(phone, 'tasks-phone');
  } finally {
    await phone.close();
  }
});

test.run();
