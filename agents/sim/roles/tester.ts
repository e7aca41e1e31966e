import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { testFilesOf } from '../product-files.js';
import { refusalMessage, SimRefusal, text, type SimSession } from '../sim-session.js';
import { productDir, projectKeys, specOf } from './builder.js';
import { isPublishPlatform, type PublishPlatform } from '../../../infra/publishing/publication.js';
import { numberDirective, textDirective } from '../directives.js';

export interface TestFindings {
  readonly testsPassed: boolean;
  readonly passCount: number;
  readonly failCount: number;
  readonly failedTests: readonly string[];
  readonly exampleMatches: boolean;
  readonly emptyInputOk: boolean;
  readonly readmeOk: boolean;
  readonly issues: readonly string[];
  readonly pass: boolean;
}

/** The product's child processes get the run's environment, minus what would make Node's runner report elsewhere. */
const childEnv = (): NodeJS.ProcessEnv => {
  const env = { ...process.env };
  delete env.NODE_TEST_CONTEXT;
  delete env.NODE_OPTIONS;
  return env;
};

const binOf = (dir: string): string | undefined => {
  const binDir = join(dir, 'bin');
  return existsSync(binDir) ? readdirSync(binDir).filter((f) => /\.(m|c)?js$/.test(f)).sort()[0] : undefined;
};

/** Runs the product's own tests with `node --test`, then uses it: the example, empty input, the README. */
export const testProduct = (s: SimSession, dir: string): TestFindings => {
  const files = testFilesOf(dir);
  s.progress(`node --test ${files.join(' ')} in ${dir}`);
  const run = files.length ? spawnSync(process.execPath, ['--test', ...files], { cwd: dir, env: childEnv(), encoding: 'utf8', timeout: 60_000 }) : undefined;
  const output = `${run?.stdout ?? ''}${run?.stderr ?? ''}`;
  const count = (label: string) => Number(new RegExp(`^# ${label} (\\d+)`, 'm').exec(output)?.[1] ?? 0);
  const failedTests = [...output.matchAll(/^not ok \d+ - (.+)$/gm)].map((m) => m[1]!.trim());
  const testsPassed = run !== undefined && run.status === 0;

  const bin = binOf(dir);
  const examples = existsSync(join(dir, 'examples')) ? readdirSync(join(dir, 'examples')).filter((f) => !f.endsWith('.expected')).sort() : [];
  const example = examples.find((f) => existsSync(join(dir, 'examples', `${f}.expected`)));
  let exampleMatches = false;
  let emptyInputOk = false;
  if (bin) {
    if (example) {
      const used = spawnSync(process.execPath, [join('bin', bin), join('examples', example)], { cwd: dir, env: childEnv(), encoding: 'utf8', timeout: 30_000 });
      exampleMatches = used.status === 0 && used.stdout === readFileSync(join(dir, 'examples', `${example}.expected`), 'utf8');
    }
    const empty = spawnSync(process.execPath, [join('bin', bin)], { cwd: dir, env: childEnv(), encoding: 'utf8', input: '', timeout: 30_000 });
    emptyInputOk = empty.status === 0;
  }
  const readme = existsSync(join(dir, 'README.md')) ? readFileSync(join(dir, 'README.md'), 'utf8') : '';
  const readmeOk = /^## Install/m.test(readme) && /^## Usage/m.test(readme);

  const issues = [
    ...(files.length === 0 ? ['the product has no tests under test/'] : []),
    ...failedTests.map((t) => `test fails: ${t}`),
    ...(files.length && !testsPassed && failedTests.length === 0 ? [`node --test exited with ${run?.status ?? 'a signal'}`] : []),
    ...(!bin ? ['there is no CLI under bin/'] : []),
    ...(bin && !exampleMatches ? [`the CLI's output for examples/${example ?? '(none)'} differs from the documented output`] : []),
    ...(bin && !emptyInputOk ? ['the CLI fails on empty input'] : []),
    ...(!readmeOk ? ['the README lacks Install and Usage sections'] : []),
  ];
  return { testsPassed, passCount: count('pass'), failCount: count('fail'), failedTests, exampleMatches, emptyInputOk, readmeOk, issues, pass: issues.length === 0 };
};

const mark = (ok: boolean) => (ok ? 'PASS' : 'FAIL');

/** The spec's acceptance criteria, each marked by the check that covers its section. */
const acceptance = (specPath: string, f: TestFindings): string[] => {
  if (!existsSync(specPath)) return [`- (no spec at ${specPath}; judged on the product's own tests)`];
  const section = /## Acceptance Criteria\n([\s\S]*?)(\n## |$)/.exec(readFileSync(specPath, 'utf8'))?.[1] ?? '';
  let kind = '';
  const lines: string[] = [];
  for (const line of section.split('\n')) {
    const heading = /^### (.+)/.exec(line);
    if (heading) kind = heading[1]!.toLowerCase();
    const criterion = /^- \[ \] (.+)/.exec(line);
    if (!criterion) continue;
    const ok = kind.startsWith('functional') ? f.testsPassed && f.exampleMatches : kind.startsWith('quality') ? f.testsPassed && f.readmeOk : f.emptyInputOk;
    lines.push(`- [${ok ? 'x' : ' '}] ${criterion[1]} — ${mark(ok)}`);
  }
  return lines.length ? lines : ['- (the spec lists no acceptance criteria)'];
};

export const testReport = (product: string, dir: string, specPath: string, f: TestFindings, round: string): string => `# Test Report: ${product}

Round: ${round}

## 1. Build Verification
- Tests run with \`node --test\`: ${f.passCount} passed, ${f.failCount} failed — ${mark(f.testsPassed)}
${f.failedTests.map((t) => `  - failed: ${t}\n`).join('')}
## 2. Functional Testing
- The CLI on the documented example prints the documented output — ${mark(f.exampleMatches)}
- The CLI on empty input exits cleanly — ${mark(f.emptyInputOk)}

## 3. Customer Experience
- The README explains install and usage — ${mark(f.readmeOk)}
- Product directory: ${dir}

## Acceptance Criteria
${acceptance(specPath, f).join('\n')}

## Issues
${f.issues.length ? f.issues.map((i) => `- ${i}`).join('\n') : '- none'}

Result: ${mark(f.pass)}
`;

/**
 * The prompt directive `sim: tester.failRounds=N` (agents/sim/directives.ts): rounds 1 to N of a product fail and the
 * next one passes, whatever its own tests say. The rounds are counted in the product folder (TEST_ROUNDS).
 */
export const directedRound = (dir: string, findings: TestFindings, failRounds: number | undefined): TestFindings => {
  if (failRounds === undefined) return findings;
  const counter = join(dir, 'TEST_ROUNDS');
  const round = (existsSync(counter) ? Number(readFileSync(counter, 'utf8').trim()) || 0 : 0) + 1;
  writeFileSync(counter, `${round}\n`);
  if (round > failRounds) return { ...findings, issues: [], pass: true };
  return { ...findings, issues: [...findings.issues, `round ${round} of ${failRounds} set to fail (sim: tester.failRounds=${failRounds})`], pass: false };
};

/**
 * Where a product that passes is submitted for: the prompt directive `sim: tester.platform=NAME`, else the task's
 * `payload.platform` when it is a platform `swarm publish` knows, else `local` (the simulated Tester has no market
 * research of its own to choose from).
 */
export const submissionPlatform = (payload: Readonly<Record<string, unknown>>, directed: string | undefined): PublishPlatform => {
  if (directed !== undefined && isPublishPlatform(directed)) return directed;
  const named = payload.platform;
  return typeof named === 'string' && isPublishPlatform(named) ? named : 'local';
};

/** test_product: runs the product's tests, writes TEST_REPORT.md; PASS → approval request, FAIL → fix task (or a human once the loop is capped). */
export const tester = (s: SimSession): void => {
  const p = s.task.payload;
  const product = text(p, 'product') || text(p, 'product_name') || text(p, 'title');
  if (!product) throw new SimRefusal('the test task names no product (payload.product)');
  const dir = productDir(s, p, product);
  if (!existsSync(dir)) throw new SimRefusal(`the product directory ${dir} does not exist`);
  const findings = directedRound(dir, testProduct(s, dir), numberDirective(process.env, 'tester.failRounds'));
  const report = testReport(product, dir, specOf(s, p, product), findings, p.retest === true ? 'retest after a fix' : 'first test');
  const project = text(p, 'project_id');
  writeFileSync(join(dir, 'TEST_REPORT.md'), report);
  s.progress(`TEST_REPORT.md: ${mark(findings.pass)}`);
  const submit = (description: string): string => {
    const submitted = s.cli('claude-tasks', [
      'submit-approval', '--name', product, '--type', 'product', '--platform', submissionPlatform(p, textDirective(process.env, 'tester.platform')), '--description', description,
      '--files', dir, '--price', '9.99', '--from', s.agent, '--task-id', s.task.id, '--test-status', findings.pass ? 'pass' : 'fail',
      ...(project ? ['--project-id', project] : []),
    ]);
    const approvalId = submitted.json?.approval_id ?? submitted.json?.existing_approval_id;
    if (typeof approvalId !== 'string') throw new SimRefusal(`submit-approval was refused: ${refusalMessage(submitted)}`);
    return approvalId;
  };
  if (findings.pass) {
    const approvalId = submit(`${product}: ${findings.passCount} tests pass; the CLI does what the spec says. See TEST_REPORT.md.`);
    s.complete({ result: 'PASS', approval_id: approvalId });
    return;
  }
  const fixTask = s.cli('claude-tasks', [
    'create', '--type', 'fix_product', '--to', 'builder', '--from', s.agent, '--priority', '9',
    '--payload', JSON.stringify({ product, path: dir, issues: findings.issues, test_report: join(dir, 'TEST_REPORT.md'), ...projectKeys(p) }),
  ]);
  if (fixTask.exitCode === 0 || fixTask.json?.status === 'duplicate_rejected') {
    s.complete({ result: 'FAIL', issues: findings.issues });
    return;
  }
  // The system caps the test/fix loop: past the cap the product goes to a human with its history.
  if (/goes to a human/.test(refusalMessage(fixTask))) {
    const approvalId = submit(`${product} still fails its tests after the maximum number of fix rounds; a human decides. Open issues: ${findings.issues.join('; ')}. See TEST_REPORT.md and FIXES.md.`);
    s.complete({ result: 'FAIL', escalated_to_human: approvalId, issues: findings.issues });
    return;
  }
  throw new SimRefusal(`could not send the product back to the builder: ${refusalMessage(fixTask)}`);
};
