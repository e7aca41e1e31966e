import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';

// `swarm up` runs from one bundle (dist/cmd/swarm/up.cjs) that holds Fastify and its plugins: Swagger UI's page files
// stay in its package (ui/server/swagger-ui-files.ts), and Fastify builds no Ajv or fast-json-stringify compilers
// (ui/server/schema-compilers.ts). Through the built bin, as a person starts it.
spawnSync(process.execPath, ['scripts/build.mjs'], { stdio: 'ignore' });

test('the bundled swarm up serves /docs: Swagger UI with its files and logo, the OpenAPI document, and the API', async () => {
  const home = mkdtempSync(join(tmpdir(), 'swarmlog-up-docs-'));
  const { SWARM_AGENT: _a, SWARM_STORE: _s, ...env } = process.env;
  const child = spawn(process.execPath, ['cli/bin/swarm', 'up', '--no-agents', '--no-scheduler', '--port', '0'], { env: { ...env, SWARM_HOME: home, SWARM_LOG_LEVEL: 'warn' } });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  try {
    let url: string | undefined;
    for (const deadline = Date.now() + 60_000; !url; ) {
      if (Date.now() > deadline || child.exitCode !== null) throw new Error(`swarm up did not serve:\n${out}`);
      url = out.match(/Dashboard: (http:\/\/[^/\s#]+)/)?.[1];
      await new Promise((r) => setTimeout(r, 50));
    }
    const page = await fetch(`${url}/docs`);
    assert.is(page.status, 200);
    assert.match(await page.text(), /swagger-ui/i);
    const bundle = await fetch(`${url}/docs/static/swagger-ui-bundle.js`);
    assert.is(bundle.status, 200);
    assert.ok((await bundle.arrayBuffer()).byteLength > 100_000, "Swagger UI's script, served from its package");
    const initializer = await (await fetch(`${url}/docs/static/swagger-initializer.js`)).text();
    assert.match(initializer, /data:image\/svg\+xml;base64,/, 'the logo read from the package');
    const doc = (await (await fetch(`${url}/docs/json`)).json()) as { openapi: string; paths: Record<string, unknown> };
    assert.match(doc.openapi, /^3\./);
    assert.ok(doc.paths['/api/tasks'], 'the routes are documented');
    // The codecs validate (no Ajv): a mutation without a token is refused, a read answers.
    const refused = await fetch(`${url}/api/tasks`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    assert.is(refused.status, 401);
    const tasks = (await (await fetch(`${url}/api/tasks?limit=5`)).json()) as { tasks: unknown[] };
    assert.equal(tasks.tasks, []);
    const badQuery = await fetch(`${url}/api/tasks?limit=many`);
    assert.is(badQuery.status, 400);
    assert.match(((await badQuery.json()) as { error: string }).error, /limit/);
  } finally {
    child.kill('SIGINT');
    await exited;
    rmSync(home, { recursive: true, force: true });
  }
});

test.run();
