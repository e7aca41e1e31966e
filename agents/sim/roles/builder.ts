import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { templateFor, writeProduct } from '../product-files.js';
import { SimRefusal, text, type SimSession } from '../sim-session.js';
import { projectSpecPath } from '../../../domain/project/project-folders.js';
import { slugOf } from '../stable-choice.js';

/** A path the swarm gave (`$SWARM_HOME/...`, absolute, or relative to `$SWARM_HOME`) as a path on this machine. */
export const swarmPath = (s: SimSession, path: string): string => {
  const expanded = path.replace(/^\$\{?SWARM_HOME\}?(?=$|[\\/])/, s.home);
  return isAbsolute(expanded) ? expanded : join(s.home, expanded);
};

/**
 * Where a product lives: the folder the task names (the swarm gives every project its own, issue 17), else, for
 * tasks of older histories that name none, `$SWARM_HOME/projects/<slug>/`.
 */
export const productDir = (s: SimSession, payload: Readonly<Record<string, unknown>>, product: string): string => {
  const named = text(payload, 'path') || text(payload, 'files_path');
  if (named) return swarmPath(s, named);
  return join(s.home, 'projects', slugOf(product));
};

/** The spec of the task's project: the path the swarm gave, else the project's, else (older histories) the product name's. */
export const specOf = (s: SimSession, payload: Readonly<Record<string, unknown>>, product: string): string => {
  const given = text(payload, 'spec_path');
  if (given) return swarmPath(s, given);
  const project = text(payload, 'project_id');
  return project ? swarmPath(s, projectSpecPath(project)) : join(s.home, 'specs', `${slugOf(product)}.md`);
};

/** The keys that travel with a project's work from task to task. */
export const projectKeys = (payload: Readonly<Record<string, unknown>>): Record<string, string> => {
  const project = text(payload, 'project_id');
  const spec = text(payload, 'spec_path');
  return { ...(project ? { project_id: project } : {}), ...(spec ? { spec_path: spec } : {}) };
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
  const specPath = text(p, 'spec_path') ? swarmPath(s, text(p, 'spec_path')) : '';
  if (specPath && existsSync(specPath)) s.progress(`read the spec ${specPath} (${readFileSync(specPath, 'utf8').split('\n').length} lines)`);
  else s.progress(`no spec at "${specPath}": building from the task alone`);
  const dir = productDir(s, { files_path: text(p, 'files_path') }, title);
  const files = writeProduct({ title, dir, template: templateFor(title), defective: true, ...(specPath ? { specPath } : {}) });
  s.progress(`wrote ${files.length} files to ${dir}`);
  handOn(
    s,
    ['create', '--type', 'code_review', '--to', 'reviewer', '--from', s.agent, '--priority', '8', '--payload',
      JSON.stringify({ product: title, path: dir, ...projectKeys(p) })],
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
  const specPath = specOf(s, p, product);
  writeProduct({ title: product, dir, template: templateFor(product), defective: false, ...(existsSync(specPath) ? { specPath } : {}) });
  const issues = Array.isArray(p.issues) ? p.issues.map(String) : text(p, 'reason') ? [text(p, 'reason')] : [];
  writeFileSync(join(dir, 'FIXES.md'), `# Fixes\n\n${issues.length ? issues.map((i) => `- Fixed: ${i}`).join('\n') : '- Fixed the reported defect.'}\n`);
  s.progress(`fixed ${dir}`);
  handOn(s, ['create', '--type', 'test_product', '--to', 'tester', '--from', s.agent, '--priority', '9', '--payload', JSON.stringify({ product, path: dir, retest: true, ...projectKeys(p) })], 'a retest');
  s.complete({ path: dir });
};

export const builder = (s: SimSession): void => (s.task.type === 'fix_product' ? fix(s) : build(s));
