import { readFileSync } from 'node:fs';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';

/**
 * The Dockerfile's commands are the README's: each command a RUN or CMD line runs appears in the README's
 * "Deploying" section (so the image is built the way a person installs by hand). No image is built here (no Docker
 * engine on this machine).
 */
const test = suite('Dockerfile');

const dockerfile = readFileSync('Dockerfile', 'utf8');
const readme = readFileSync('README.md', 'utf8');

/** The instructions of a Dockerfile, continuation lines joined, comments dropped. */
const instructions = (text: string) =>
  text
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => {
      const [keyword, ...rest] = l.split(/\s+/);
      return { keyword: keyword!.toUpperCase(), args: rest.join(' ') };
    });

/** The shell commands of a RUN (split at &&) or an exec-form CMD (joined by spaces). */
const commandsOf = (i: { keyword: string; args: string }): string[] => {
  if (i.keyword === 'RUN') return i.args.split('&&').map((c) => c.trim().replace(/\s+/g, ' '));
  if (i.keyword === 'CMD' || i.keyword === 'ENTRYPOINT') return [(JSON.parse(i.args) as string[]).join(' ')];
  return [];
};

const section = (() => {
  const start = readme.indexOf('\n## Deploying');
  assert.ok(start >= 0, 'README has a "## Deploying" section');
  const end = readme.indexOf('\n## ', start + 5);
  return readme.slice(start, end < 0 ? undefined : end);
})();
const readmeCommands = [...section.matchAll(/```[a-z]*\n([\s\S]*?)```/g)]
  .flatMap((m) => m[1]!.split('\n'))
  .map((l) => l.replace(/#.*$/, '').trim())
  .flatMap((l) => l.split('&&').map((c) => c.trim().replace(/\s+/g, ' ')))
  .filter(Boolean);

test('every command the Dockerfile runs is in the README', () => {
  const commands = instructions(dockerfile).flatMap(commandsOf);
  assert.ok(commands.length >= 5, commands.join(' | '));
  for (const c of commands) assert.ok(readmeCommands.includes(c), `the Dockerfile runs "${c}", which the README's Deploying section does not show`);
});

test('the image starts swarm up listening beyond loopback, with its data in a volume', () => {
  const all = instructions(dockerfile);
  assert.equal(all.filter((i) => i.keyword === 'CMD').map(commandsOf).flat(), ['swarm up --host 0.0.0.0 --port 8080']);
  assert.ok(all.some((i) => i.keyword === 'ENV' && /SWARM_HOME=\/data/.test(i.args)));
  assert.ok(all.some((i) => i.keyword === 'VOLUME' && i.args === '/data'));
  // Node 20, as package.json's engines and the machines the tests run on.
  assert.ok(all.filter((i) => i.keyword === 'FROM').every((i) => i.args.startsWith('node:20')));
});

test.run();
