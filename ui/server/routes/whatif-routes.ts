import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { left, right } from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { installationRoot } from '../../../agents/installation-root.js';
import { invalid, notFound } from '../../../domain/errors.js';
import { IdString, JsonRecord, NameString } from '../../../domain/limits/index.js';
import { createOverlayEventStore } from '../../../infra/log/fork/overlay-event-store.js';
import { compareFork } from '../../../processes/whatif/compare-fork.js';
import { forkFolder, forkLogFile, forksFolder, isForkId, listManifests, readManifest } from '../../../processes/whatif/fork-manifest.js';
import type { ApiContext } from '../api-context.js';
import type { ApiRoutes } from '../api-routes.js';

const WhatIfBody = t.intersection([
  t.type({ run: IdString }),
  t.partial({
    /** `{ "text": "…" }`: the whole prompt the run gets instead of its recorded one (a prompt is longer than a text field). */
    prompt: JsonRecord,
    driver: t.keyof({ sim: null, claude: null, codex: null, anthropic: null, replay: null }),
    model: NameString,
    continue: t.number,
    decideGatesAsRecorded: t.boolean,
  }),
]);

/** How long the page waits for the what-if to name its fork (or refuse) before answering. */
const startTimeoutMs = 30_000;

/**
 * What-if forks from the dashboard (issue 20 point 4): list them, compare one with the original, start one, remove one.
 * A what-if runs as `swarm whatif` in a process of its own (its runs, sandbox and endpoint are the fork's, never the
 * dashboard's); the page follows its progress through the fork's manifest and comparison.
 */
export const whatifRoutes = (api: ApiRoutes, ctx: ApiContext): void => {
  api.read('/api/whatif', { tag: 'history', summary: 'The what-if forks of this swarm, newest first' }, async () => right({ forks: listManifests(ctx.home) }));

  api.read('/api/whatif/:id', { tag: 'history', summary: 'A what-if fork side by side with the original from the fork point: each run, what differs, the first divergence, the tokens spent' }, async ({ params }) => {
    const id = params.id!;
    const manifest = isForkId(id) ? readManifest(forkFolder(ctx.home, id)) : undefined;
    if (!manifest) return left(notFound(`no what-if fork ${id}`, { field: 'id' }));
    const forkLog = createOverlayEventStore({ base: ctx.runtime.log, forkBefore: manifest.forkBefore, path: forkLogFile(forkFolder(ctx.home, id)) });
    try {
      return right(await compareFork(ctx.runtime.log, forkLog, manifest));
    } finally {
      await forkLog.close();
    }
  });

  api.mutate(
    '/api/whatif',
    {
      tag: 'history',
      summary: 'Start a what-if: re-run one recorded run in a fork of the log (the live log is never written)',
      description: 'prompt: {"text": "…"} replaces the run\'s prompt; driver, model; continue: up to N more runs in the fork; decideGatesAsRecorded. Answers with the fork id at once; GET /api/whatif/{id} follows it.',
      body: WhatIfBody,
    },
    async ({ body }) => {
      const text = body.prompt?.text;
      if (body.prompt !== undefined && (typeof text !== 'string' || !text.trim())) return left(invalid('prompt: expected {"text": "the whole prompt"}', { field: 'prompt' }));
      if (body.continue !== undefined && !(Number.isInteger(body.continue) && body.continue >= 0 && body.continue <= 1000))
        return left(invalid('continue: expected a whole number from 0 to 1000', { field: 'continue' }));
      const scratch = join(forksFolder(ctx.home), '.requests');
      mkdirSync(scratch, { recursive: true });
      const name = randomBytes(6).toString('hex');
      const args = ['whatif', '--run', body.run];
      if (typeof text === 'string') {
        const promptFile = join(scratch, `${name}.md`);
        writeFileSync(promptFile, text);
        args.push('--prompt-file', promptFile);
      }
      if (body.driver) args.push('--driver', body.driver);
      if (body.model) args.push('--model', body.model);
      if (body.continue !== undefined) args.push('--continue', String(body.continue));
      if (body.decideGatesAsRecorded) args.push('--decide-gates-as-recorded');
      const outFile = join(scratch, `${name}.out`);
      const out = openSync(outFile, 'w');
      const child = spawn(process.execPath, [join(installationRoot(), 'cli', 'bin', 'swarm'), ...args], {
        env: { ...process.env, SWARM_HOME: resolve(ctx.home) },
        stdio: ['ignore', out, out],
        detached: true,
      });
      closeSync(out);
      let exited: number | null | undefined;
      child.on('exit', (code) => (exited = code));
      child.unref();
      const deadline = Date.now() + startTimeoutMs;
      for (;;) {
        const said = existsSync(outFile) ? readFileSync(outFile, 'utf8') : '';
        const named = /^what-if (wf-[a-z0-9-]+):/m.exec(said);
        if (named) return right({ id: named[1], status: 'running' });
        if (exited !== undefined || Date.now() > deadline) {
          const message = said.trim().split('\n').pop()?.replace(/^swarm whatif: /, '') || 'the what-if did not start';
          rmSync(outFile, { force: true });
          return left(/^no recorded run/.test(message) ? notFound(message, { field: 'run' }) : invalid(message, { field: 'run' }));
        }
        await new Promise((r) => setTimeout(r, 100));
      }
    },
  );

  api.mutate('/api/whatif/:id/remove', { tag: 'history', summary: 'Remove a what-if fork and everything it wrote' }, async ({ params }) => {
    const id = params.id!;
    if (!isForkId(id) || !readManifest(forkFolder(ctx.home, id))) return left(notFound(`no what-if fork ${id}`, { field: 'id' }));
    rmSync(forkFolder(ctx.home, id), { recursive: true, force: true });
    return right({ status: 'removed', id });
  });
};
