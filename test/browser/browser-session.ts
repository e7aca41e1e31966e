// A real Chromium (Debian's, never a downloaded browser) driving the dashboard of a `swarm up` child process.
import { mkdirSync } from 'node:fs';
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

/** Saves the page as `test-artifacts/screenshots/<name>.png` (kept as a test artifact). */
export const screenshot = async (page: Page, name: string): Promise<void> => {
  mkdirSync(screenshots, { recursive: true });
  await page.screenshot({ path: join(screenshots, `${name}.png`), fullPage: true });
};

/** Goes to a page through its nav link, as a person would (no reload). */
export const openPage = async (page: Page, name: string): Promise<void> => {
  await page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name, exact: true }).click();
  await page.waitForFunction((n) => document.querySelector('nav a[aria-current="page"]')?.textContent === n, name);
};

/** Marks the document so a later check can tell that it was never reloaded. */
export const markDocument = (page: Page): Promise<void> => page.evaluate(() => void ((window as unknown as { swarmMark: number }).swarmMark = 1));
export const sameDocument = (page: Page): Promise<boolean> => page.evaluate(() => (window as unknown as { swarmMark?: number }).swarmMark === 1);
