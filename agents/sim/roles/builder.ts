import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { templateFor, writeProduct } from '../product-files.js';
import { SimRefusal, text, type SimSession } from '../sim-session.js';
import { slugOf } from '../stable-choice.js';

/** Where a product lives: the path the task names, else `$SWARM_HOME/projects/<slug>/`. */
export const productDir = (s: SimSession, payload: Readonly<Record<string, unknown>>, product: string): string => {
  const named = text(payload, 'path') || text(payload, 'files_path');
  if (named) return isAbsolute(named) ? named : join(s.home, named);
  return join(s.home, 'projects', slugOf(product));
};

const handOn = (s: SimSession, args: string[], what: string): void => {
  const created = s.cli('claude-tasks', args);
  if (created.exitCode !== 0 && created.json?.status !== 'duplicate_rejected')
    throw new SimRefusal(`could not hand the product on for ${what}: ${String(created.json?.error ?? created.stderr.trim())}`);
};

/** build_product: reads the spec, writes the product with its tests (the first build has a deliberate defect), asks for a review. */
const build = (s: SimSession): void => {
  const p = s.task.payload;
  const title = text(p, 'title') || text(p, 'product') || text(p, 'product_name');
  if (!title) throw new SimRefusal('the build task names no product (payload.title)');
  const specPath = text(p, 'spec_path');
  if (specPath && existsSync(specPath)) s.progress(`read the spec ${specPath} (${readFileSync(specPath, 'utf8').split('\n').length} lines)`);
  else s.progress(`no spec at "${specPath}": building from the task alone`);
  const dir = productDir(s, {}, title);
  const files = writeProduct({ title, dir, template: templateFor(title), defective: true, ...(specPath ? { specPath } : {}) });
  s.progress(`wrote ${files.length} files to ${dir}`);
  handOn(
    s,
    ['create', '--type', 'code_review', '--to', 'reviewer', '--from', s.agent, '--priority', '8', '--payload',
      JSON.stringify({ product: title, path: dir, spec_path: specPath || null, project_id: text(p, 'project_id') || null })],
    'review',
  );
  s.complete({ path: dir });
};

/** fix_product (from the reviewer, the tester or a human's rejection): fixes the defect, then goes straight back to the tester. */
const fix = (s: SimSession): void => {
  const p = s.task.payload;
  const product = text(p, 'product') || text(p, 'product_name') || text(p, 'title');
  if (!product) throw new SimRefusal('the fix task names no product (payload.product)');
  const dir = productDir(s, p, product);
  const specPath = join(s.home, 'specs', `${slugOf(product)}.md`);
  writeProduct({ title: product, dir, template: templateFor(product), defective: false, ...(existsSync(specPath) ? { specPath } : {}) });
  const issues = Array.isArray(p.issues) ? p.issues.map(String) : text(p, 'reason') ? [text(p, 'reason')] : [];
  writeFileSync(join(dir, 'FIXES.md'), `# Fixes\n\n${issues.length ? issues.map((i) => `- Fixed: ${i}`).join('\n') : '- Fixed the reported defect.'}\n`);
  s.progress(`fixed ${dir}`);
  handOn(s, ['create', '--type', 'test_product', '--to', 'tester', '--from', s.agent, '--priority', '9', '--payload', JSON.stringify({ product, path: dir, retest: true })], 'a retest');
  s.complete({ path: dir });
};

export const builder = (s: SimSession): void => (s.task.type === 'fix_product' ? fix(s) : build(s));
