import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { refusalMessage, SimRefusal, text, type SimSession } from '../sim-session.js';
import { slugOf } from '../stable-choice.js';
import { productDir } from './builder.js';

/**
 * Why a product is not ready to go out, from its reports (PIPE-09); empty when it is. A person who approved it over
 * failing tests (`overrideTests`) decided the test report does not block it.
 */
export const publishBlockers = (dir: string, overrideTests = false): string[] => {
  const read = (file: string) => (existsSync(join(dir, file)) ? readFileSync(join(dir, file), 'utf8') : undefined);
  const review = read('REVIEW_REPORT.md');
  const test = read('TEST_REPORT.md');
  return [
    ...(review === undefined ? ['REVIEW_REPORT.md is missing'] : /(Status|Verdict): APPROVED/.test(review) ? [] : ['REVIEW_REPORT.md is not APPROVED']),
    ...(overrideTests ? [] : test === undefined ? ['TEST_REPORT.md is missing'] : /Result: PASS/.test(test) ? [] : ['TEST_REPORT.md is not PASS']),
    ...(!overrideTests && test !== undefined && !/^## .*Functional Test/im.test(test) ? ['TEST_REPORT.md has no functional testing section'] : []),
  ];
};

/** publish: verify the human approval, check the reports, then ask the swarm to publish it (`swarm publish`). */
const publish = (s: SimSession): void => {
  const verified = s.cli('claude-tasks', ['verify-publish', '--task-id', s.task.id]);
  if (verified.json?.verified !== true) throw new SimRefusal(`verify-publish did not verify this task: ${refusalMessage(verified)}`);
  const p = s.task.payload;
  const product = text(p, 'product_name') || text(p, 'product');
  const dir = productDir(s, p, product);
  const blockers = publishBlockers(dir, p.override_tests === true);
  if (blockers.length > 0) {
    // Not ready after all: the publish fails with the reason (the approval shows "publish failed" and a person decides).
    throw new SimRefusal(`not published: ${blockers.join('; ')}`);
  }
  // The swarm publishes, with credentials this run never holds (SPEC §6): the agent only asks.
  const approvalId = text(p, 'approval_id');
  const platform = text(p, 'platform') || 'local';
  const published = s.cli('swarm', ['publish', approvalId, '--platform', platform, '--json']);
  const url = published.json?.url;
  if (published.exitCode !== 0 || typeof url !== 'string') throw new SimRefusal(`swarm publish did not publish ${product} on ${platform}: ${refusalMessage(published)}`);
  s.progress(`published ${product} on ${platform}: ${url}`);
  s.cli('claude-swarm', ['discuss', s.agent, `Published ${product} on ${platform}: ${url}`]);
  s.complete({ deployed_to: platform, url, approval_id: approvalId, ...(platform !== 'local' && typeof published.json?.externalId === 'string' ? { external_id: published.json.externalId } : {}) });
};

/** market / write_content: a short announcement in `$SWARM_HOME/content/`; deploy never publishes (only publish tasks do). */
const other = (s: SimSession): void => {
  if (s.task.type === 'deploy') {
    s.complete({ deployed: false, reason: 'only a publish task made from a human approval deploys a product' });
    return;
  }
  const product = text(s.task.payload, 'product') || text(s.task.payload, 'product_name') || text(s.task.payload, 'title') || 'the swarm';
  const dir = join(s.home, 'content');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${slugOf(product)}-${s.task.type}.md`);
  writeFileSync(file, `# ${product}\n\nA small, offline developer tool built and tested by the swarm. Download it from the swarm's downloads.\n`);
  s.complete({ content_path: file });
};

export const publisher = (s: SimSession): void => (s.task.type === 'publish' ? publish(s) : other(s));
