import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { testFilesOf } from '../product-files.js';
import { SimRefusal, text, type SimSession } from '../sim-session.js';
import { productDir, projectKeys } from './builder.js';

const secretPattern = /(api[_-]?key|secret|password|token)\s*[:=]\s*['"][^'"]{8,}['"]/i;

const filesUnder = (dir: string): string[] =>
  existsSync(dir) ? readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? filesUnder(join(dir, f)).map((g) => `${f}/${g}`) : [f])) : [];

/** What the reviewer finds wrong with a product directory (empty: approve). */
export const reviewIssues = (dir: string): string[] => {
  if (!existsSync(dir)) return [`the product directory ${dir} does not exist`];
  const issues: string[] = [];
  const pkgPath = join(dir, 'package.json');
  if (!existsSync(pkgPath)) issues.push('package.json is missing');
  else {
    try {
      const pkg = JSON.parse(readFileSync(pkgPath, 'utf8')) as { scripts?: { test?: unknown } };
      if (typeof pkg.scripts?.test !== 'string') issues.push('package.json has no test script');
    } catch {
      issues.push('package.json is not valid JSON');
    }
  }
  if (!existsSync(join(dir, 'README.md'))) issues.push('README.md is missing');
  if (filesUnder(join(dir, 'bin')).length === 0) issues.push('there is no CLI under bin/');
  if (filesUnder(join(dir, 'lib')).length === 0) issues.push('there is no library code under lib/');
  if (testFilesOf(dir).length === 0) issues.push('there are no tests under test/');
  for (const file of filesUnder(dir).filter((f) => /\.(m|c)?js$/.test(f)))
    if (secretPattern.test(readFileSync(join(dir, file), 'utf8'))) issues.push(`${file} contains what looks like a hard-coded secret`);
  return issues;
};

/** code_review / review_product: checks the product's files, writes REVIEW_REPORT.md, passes it to the tester or back to the builder. */
export const reviewer = (s: SimSession): void => {
  const p = s.task.payload;
  const product = text(p, 'product') || text(p, 'product_name') || text(p, 'title');
  if (!product) throw new SimRefusal('the review task names no product (payload.product)');
  const dir = productDir(s, p, product);
  const issues = reviewIssues(dir);
  const verdict = issues.length === 0 ? 'APPROVED' : 'CHANGES_REQUESTED';
  if (existsSync(dir))
    writeFileSync(
      join(dir, 'REVIEW_REPORT.md'),
      `# Review: ${product}\n\nStatus: ${verdict}\n\n## Checked\n- package.json with a test script\n- README.md\n- CLI in bin/, library in lib/, tests in test/\n- no hard-coded secrets\n\n## Issues\n${issues.length ? issues.map((i) => `- ${i}`).join('\n') : '- none'}\n`,
    );
  s.progress(`review of ${product}: ${verdict}`);
  const next =
    verdict === 'APPROVED'
      ? ['create', '--type', 'test_product', '--to', 'tester', '--from', s.agent, '--priority', '8', '--payload', JSON.stringify({ product, path: dir, ...projectKeys(p) })]
      : ['create', '--type', 'fix_product', '--to', 'builder', '--from', s.agent, '--priority', '9', '--payload', JSON.stringify({ product, path: dir, issues, ...projectKeys(p) })];
  const created = s.cli('claude-tasks', next);
  if (created.exitCode !== 0 && created.json?.status !== 'duplicate_rejected')
    throw new SimRefusal(`could not pass the review on: ${String(created.json?.error ?? created.stderr.trim())}`);
  s.complete({ verdict });
};
