import { createRequire } from 'node:module';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { startApi } from './api-harness.js';

// ui/server/schema-compilers.ts: the route schemas only document (the codecs validate), so the server is built without
// Fastify's default compilers and the packages behind them are never loaded (they cost every `swarm up` ~110 modules).
const loaded = (pkg: string) => Object.keys(createRequire(import.meta.url).cache).some((path) => path.includes(`/node_modules/${pkg}/`));

test("the API is built and answers without loading Ajv or Fastify's default compilers", async () => {
  const api = await startApi();
  try {
    assert.is((await api.get('/api/tasks')).status, 200);
    const doc = (await api.get('/docs/json')).body as { paths: Record<string, unknown> };
    assert.ok(doc.paths['/api/tasks'], 'the schemas still document the routes');
    assert.is((await api.get('/api/tasks?limit=many')).status, 400, 'the codecs still validate');
    assert.ok(loaded('fastify'), 'this test looks where Fastify is loaded from');
    // (Fastify's error serializer is a precompiled part of fast-json-stringify: that part is loaded in any case.)
    for (const pkg of ['ajv', 'ajv-formats', '@fastify/ajv-compiler', '@fastify/fast-json-stringify-compiler']) assert.not.ok(loaded(pkg), `${pkg} was loaded`);
  } finally {
    await api.close();
  }
});

test.run();
