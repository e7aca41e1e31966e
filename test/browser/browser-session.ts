// A real Chromium (Debian's, never a downloaded browser) driving the dashboard of a `swarm up` child process.
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

export const chromiumPath = process.env.SWARM_CHROMIUM ?? '/usr/bin/chromium';

export const launchChromium = (): Promise<Browser> =>
  chromium.launch({
    executablePath: chromiumPath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });

/** The dashboard URL `swarm up` printed (it carries the operator token in its fragment). */
export const dashboardUrl = (output: string): string => {
  const match = output.match(/Dashboard:\s+(http\S+)/);
  if (!match) throw new Error(`swarm up printed no dashboard URL:\n${output}`);
  return match[1]!;
};

const screenshots = join('test-artifacts', 'screenshots');

/** The README's pictures of the product (refreshed by the browser tests whenever they run). */
export const readmeScreenshots = join('docs', 'screenshots');

/**
 * Saves the page as `test-artifacts/screenshots/<name>.png` (kept as a test artifact); with `readme`, also what a
 * person sees in the window as `docs/screenshots/<name>.png`, the picture the README shows.
 */
export const screenshot = async (page: Page, name: string, options: { readme?: boolean } = {}): Promise<void> => {
  // Charts are drawn once Chart.js (a chunk of its own) has loaded.
  await page.waitForFunction(() => [...document.querySelectorAll('bar-chart')].every((c) => (c as unknown as { chart?: unknown }).chart !== undefined), undefined, { timeout: 10_000 });
  mkdirSync(screenshots, { recursive: true });
  await page.screenshot({ path: join(screenshots, `${name}.png`), fullPage: true });
  if (options.readme) {
    mkdirSync(readmeScreenshots, { recursive: true });
    await page.mouse.move(0, 0);
    await page.screenshot({ path: join(readmeScreenshots, `${name}.png`), fullPage: false, animations: 'disabled', caret: 'hide' });
  }
};

/** Goes to a page through its nav link, as a person would (no reload). */
export const openPage = async (page: Page, name: string): Promise<void> => {
  await page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name, exact: true }).click();
  await page.waitForFunction((n) => document.querySelector('nav a[aria-current="page"]')?.textContent === n, name);
};

/** Marks the document so a later check can tell that it was never reloaded. */
export const markDocument = (page: Page): Promise<void> => page.evaluate(() => void ((window as unknown as { swarmMark: number }).swarmMark = 1));
export const sameDocument = (page: Page): Promise<boolean> => page.evaluate(() => (window as unknown as { swarmMark?: number }).swarmMark === 1);

/** Pictographs and the symbol blocks whose glyphs come from an emoji or symbol font (check marks, ballot crosses, pie marks, emoji). */
export const fontDependentMark = /[\p{Extended_Pictographic}\u2300-\u23ff\u25a0-\u27bf\u2b00-\u2bff\ufe0f]/u;

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/**
 * Runs axe-core (all its rules) on the page as it is now and returns each violation as "rule: targets". axe is put
 * in through the DevTools protocol, so the dashboard's Content-Security-Policy (script-src 'self') stays as it is.
 */
export const axeCheck = async (page: Page): Promise<{ passes: number; violations: string[] }> => {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource);
  return page.evaluate(async () => {
    type Result = { id: string; nodes: { target: string[] }[] };
    const axe = (window as unknown as { axe: { run: (c: Document) => Promise<{ violations: Result[]; passes: Result[] }> } }).axe;
    const result = await axe.run(document);
    return { passes: result.passes.length, violations: result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`) };
  });
};
