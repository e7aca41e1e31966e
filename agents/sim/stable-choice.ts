import { createHash } from 'node:crypto';

/**
 * The simulated agent decides from its input alone (the task id, a title), never from Math.random or the clock,
 * so the same task always gets the same answer and a test can say what to expect.
 */
export const stableNumber = (text: string): number => createHash('sha256').update(text).digest().readUInt32BE(0);

export const stablePick = <T>(items: readonly T[], key: string): T => items[stableNumber(key) % items.length]!;

/** `Markdown TOC Generator` → `markdown-toc-generator` (file and folder names for specs and products). */
export const slugOf = (title: string): string =>
  title
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60) || 'product';
