/**
 * Every operation of the OpenAPI document (/docs/json) gets malformed requests, generated from a seeded PRNG: broken
 * JSON, wrong root types, JSON nested past the limit (thousands deep too), wrong media types, each field with a
 * wrong type, an over-long value or a forbidden character, required fields missing, bad path parameters and query
 * values, over-large bodies, wrong tokens. Whatever arrives: never a 5xx, never a hang, nothing appended, and a 400
 * names the field. A malformed mutation is always refused (4xx).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { requestApproval } from '../../processes/commands/approval-commands.js';
import { submitProject } from '../../processes/commands/project-commands.js';
import { createProposal } from '../../processes/commands/proposal-commands.js';
import { createTask } from '../../processes/commands/task-commands.js';
import { productInput, projectInput } from '../commands/gate-harness.js';
import { agent } from '../fixtures/test-runtime.js';
import { must, startApi } from '../api/api-harness.js';
import { brokenJson, deepJson, fuzzSeed, overLong, poisoned, seededRandom, tooDeep, type Random } from './malformed-values.js';

type Schema = {
  type?: string;
  enum?: unknown[];
  anyOf?: Schema[];
  properties?: Record<string, Schema>;
  required?: string[];
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  'x-input-kind'?: string;
};

interface Operation {
  readonly method: 'GET' | 'POST';
  /** As the document spells it: /api/projects/{id}/approve */
  readonly path: string;
  readonly params: readonly string[];
  readonly query: Readonly<Record<string, Schema>>;
  readonly requiredQuery: readonly string[];
  readonly body?: Schema;
}

interface FuzzCase {
  readonly label: string;
  readonly method: string;
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly body?: string | Uint8Array<ArrayBuffer>;
  /** The request is malformed beyond doubt: it must be refused with a 4xx. */
  readonly mustRefuse: boolean;
}

const casesPerMutation = 110;
const casesPerRead = 70;
const timeoutMs = 10_000;
const inFlight = 6;

const operationsOf = (doc: { paths: Record<string, Record<string, any>> }): Operation[] =>
  Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods)
      .filter(([method]) => method === 'get' || method === 'post')
      .map(([method, op]) => {
        const parameters = (op.parameters ?? []) as { in: string; name: string; required?: boolean; schema: Schema }[];
        const body = op.requestBody?.content?.['application/json']?.schema as Schema | undefined;
        return {
          method: method.toUpperCase() as 'GET' | 'POST',
          path,
          params: parameters.filter((p) => p.in === 'path').map((p) => p.name),
          query: Object.fromEntries(parameters.filter((p) => p.in === 'query').map((p) => [p.name, p.schema])),
          requiredQuery: parameters.filter((p) => p.in === 'query' && p.required).map((p) => p.name),
          ...(body ? { body } : {}),
        };
      }),
  );

/** A value the field's schema accepts (only ever sent with something else wrong). */
const plausible = (s: Schema): unknown => {
  if (s.enum) return s.enum[0];
  if (s.anyOf) return plausible(s.anyOf[0]!);
  switch (s['x-input-kind']) {
    case 'id':
      return 'fuzz-1';
    case 'name':
      return 'fuzz';
    case 'text':
      return 'fuzz text';
    case 'path':
      return 'fuzz/path';
    case 'json':
      return {};
  }
  if (s.type === 'number' || s.type === 'integer') return 5;
  if (s.type === 'boolean') return false;
  if (s.type === 'object') return {};
  return 'fuzz';
};

const jsonTypeOf = (v: unknown): string => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v === 'number' ? 'number' : typeof v);

/** The JSON types a schema accepts, or undefined when it does not say (then no value is surely of a wrong type). */
const acceptedTypes = (s: Schema): Set<string> | undefined => {
  if (s.enum) return new Set(s.enum.map(jsonTypeOf));
  if (s.anyOf) {
    const parts = s.anyOf.map(acceptedTypes);
    return parts.some((p) => p === undefined) ? undefined : new Set(parts.flatMap((p) => [...p!]));
  }
  if (s.type === 'integer') return new Set(['number']);
  return s.type ? new Set([s.type]) : undefined;
};

/** A value the field surely refuses, with a label saying what is wrong with it. */
const malformedValue = (r: Random, s: Schema): { label: string; value: unknown; raw?: string } | undefined => {
  const options: (() => { label: string; value: unknown; raw?: string } | undefined)[] = [];
  const accepted = acceptedTypes(s);
  if (accepted) {
    const wrong = [123, -7.5, true, [], ['x'], {}, { a: 1 }, null, 'text', ''].filter((v) => !accepted.has(jsonTypeOf(v)));
    options.push(() => {
      const value = r.pick(wrong);
      return { label: `wrong type ${jsonTypeOf(value)}`, value };
    });
  }
  const kind = s['x-input-kind'];
  if (s.enum) options.push(() => ({ label: 'not one of the words', value: `zz-${r.int(0, 999)}` }));
  if (kind && kind !== 'json') {
    const max = s.maxLength ?? 10_000;
    options.push(() => ({ label: `over ${max} characters`, value: overLong(r, max) }));
    options.push(() => ({ label: `forbidden character in a ${kind}`, value: poisoned(r, kind) }));
    if (s.minLength) options.push(() => ({ label: 'empty', value: '' }));
    if (kind === 'id') options.push(() => ({ label: 'id with a character outside the set', value: r.pick(['a b', 'a"b', "a'b", 'a;b', 'a<b>', 'é', 'a\\b', 'a,b']) }));
  }
  if (kind === 'json') {
    options.push(() => ({ label: 'nested too deep', value: undefined, raw: deepJson(r, tooDeep(r)) }));
    options.push(() => ({ label: 'over 64 KiB', value: { notes: 'x'.repeat(r.int(66_000, 100_000)) } }));
    options.push(() => ({ label: 'NUL in a string', value: { title: poisoned(r, 'json') } }));
    options.push(() => ({ label: 'NUL in a key', value: { ['ti\u0000tle']: 'x' } }));
    options.push(() => ({ label: '__proto__ key', value: undefined, raw: '{"__proto__":{"polluted":true}}' }));
  }
  if (accepted?.has('number') && !accepted.has('string') && s.type !== undefined) {
    options.push(() => ({ label: 'number out of range', value: r.pick([-1, 1.5, -0.5, -1e12, 2.000001]) }));
  }
  if (options.length === 0) return undefined;
  return r.pick(options)();
};

/** A JSON body: `raw` texts are spliced in as they are (deep nesting, keys JSON.stringify would not write). */
const bodyText = (fields: Record<string, unknown>, raws: Record<string, string> = {}): string => {
  const parts = Object.entries(fields).map(([k, v]) => `${JSON.stringify(k)}:${k in raws ? raws[k] : JSON.stringify(v)}`);
  for (const [k, raw] of Object.entries(raws)) if (!(k in fields)) parts.push(`${JSON.stringify(k)}:${raw}`);
  return `{${parts.join(',')}}`;
};

const badParams = (r: Random): { label: string; text: string } =>
  r.pick([
    { label: 'NUL', text: '%00' },
    { label: 'NUL inside', text: `ab%00${r.int(0, 99)}` },
    { label: 'right-to-left override', text: 'ab%E2%80%AEcd' },
    { label: 'left-to-right embedding', text: '%E2%80%AAab' },
    { label: 'isolate', text: 'ab%E2%81%A7' },
    { label: 'space', text: 'a%20b' },
    { label: 'quote', text: 'a%22b' },
    { label: 'escape', text: 'a%1B%5B31m' },
    { label: 'DEL', text: 'a%7F' },
    { label: 'over 200 characters', text: 'x'.repeat(r.int(201, 500)) },
    { label: 'past the router limit', text: 'y'.repeat(r.int(513, 3000)) },
    { label: 'bad percent-encoding', text: `a%zz${r.int(0, 9)}` },
    { label: 'truncated percent-encoding', text: 'a%E2%80' },
    { label: 'lone surrogate (CESU-8)', text: 'a%ED%A0%80' },
    { label: 'non-ASCII letter', text: '%C3%A9t%C3%A9' },
  ]);

/** Real ids for path parameters, so the handlers behind a route are reached when the fault is elsewhere. */
const realParams = (path: string, ids: { projectId: string; approvalId: string; proposalId: string; taskId: string }): Record<string, string> => {
  if (path.startsWith('/api/projects/')) return { id: ids.projectId };
  if (path.startsWith('/api/approvals/')) return { id: ids.approvalId };
  if (path.startsWith('/api/proposals/')) return { id: ids.proposalId };
  if (path.startsWith('/api/runs/')) return { id: ids.taskId };
  return { scope: 'swarm', name: 'builder' };
};

const urlOf = (path: string, params: Record<string, string>, query = ''): string => `${path.replace(/\{(\w+)\}/g, (_m, name: string) => params[name] ?? 'x')}${query}`;

const mutationCases = (r: Random, op: Operation, params: Record<string, string>, token: string): FuzzCase[] => {
  const schema = op.body ?? { properties: {} };
  const props = schema.properties ?? {};
  const required = schema.required ?? [];
  const base = Object.fromEntries(required.map((k) => [k, plausible(props[k]!)]));
  const json = { 'content-type': 'application/json', authorization: `Bearer ${token}` };
  const url = urlOf(op.path, params);
  const families: (() => FuzzCase | undefined)[] = [
    () => ({ label: 'broken JSON', method: 'POST', url, headers: json, body: brokenJson(r), mustRefuse: true }),
    () => {
      const root = r.pick(['[]', '[{}]', '"text"', '5', 'true', '-0', '[1,2,3]']);
      return { label: `root is ${root}`, method: 'POST', url, headers: json, body: root, mustRefuse: true };
    },
    () => {
      const levels = tooDeep(r);
      return { label: `root nested ${levels} deep`, method: 'POST', url, headers: json, body: deepJson(r, levels), mustRefuse: true };
    },
    () => {
      const names = Object.keys(props);
      const field = names.length > 0 && r.next() < 0.7 ? r.pick(names) : `junk${r.int(0, 9)}`;
      const levels = tooDeep(r);
      return { label: `${field} nested ${levels} deep`, method: 'POST', url, headers: json, body: bodyText(base, { [field]: deepJson(r, levels) }), mustRefuse: true };
    },
    () => {
      const type = r.pick(['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/jsonx', 'application/json-patch+json', 'text/json', 'application/xml']);
      return { label: `content type ${type}`, method: 'POST', url, headers: { 'content-type': type, authorization: `Bearer ${token}` }, body: JSON.stringify(base), mustRefuse: true };
    },
    () => ({ label: 'no content type', method: 'POST', url, headers: { authorization: `Bearer ${token}` }, body: new TextEncoder().encode(JSON.stringify(base)), mustRefuse: true }),
    () => {
      const names = Object.keys(props);
      if (names.length === 0) return undefined;
      const field = r.pick(names);
      const bad = malformedValue(r, props[field]!);
      if (!bad) return undefined;
      const fields = { ...base, [field]: bad.value };
      return { label: `${field}: ${bad.label}`, method: 'POST', url, headers: json, body: bad.raw ? bodyText(base, { [field]: bad.raw }) : JSON.stringify(fields), mustRefuse: true };
    },
    () => {
      if (required.length === 0) return undefined;
      const missing = r.pick(required);
      const { [missing]: _gone, ...rest } = base;
      return { label: `${missing} missing`, method: 'POST', url, headers: json, body: JSON.stringify(rest), mustRefuse: true };
    },
    () => {
      if (op.params.length === 0) return undefined;
      const name = r.pick(op.params);
      const bad = badParams(r);
      return { label: `path ${name}: ${bad.label}`, method: 'POST', url: urlOf(op.path, { ...params, [name]: bad.text }), headers: json, body: JSON.stringify(base), mustRefuse: true };
    },
    () => {
      const junk = r.next() < 0.5 ? overLong(r, 10_000) : poisoned(r, 'text', 'junk text');
      return { label: 'unknown field with bad text', method: 'POST', url, headers: json, body: JSON.stringify({ ...base, [`extra${r.int(0, 9)}`]: junk }), mustRefuse: true };
    },
    () => ({ label: 'body over 128 KiB', method: 'POST', url, headers: json, body: JSON.stringify({ ...base, filler: 'z'.repeat(r.int(140_000, 400_000)) }), mustRefuse: true }),
    () => {
      const auth = r.pick([undefined, 'Bearer swarm_op_wrong', 'Bearer', 'Basic YWxpY2U6c2VjcmV0', `Bearer ${token}x`, `bearer ${'x'.repeat(5000)}`]);
      return { label: `authorization ${auth?.slice(0, 30) ?? 'missing'}`, method: 'POST', url, headers: { 'content-type': 'application/json', ...(auth ? { authorization: auth } : {}) }, body: JSON.stringify(base), mustRefuse: true };
    },
    () => {
      const method = r.pick(['PUT', 'DELETE', 'PATCH']);
      return { label: `method ${method}`, method, url, headers: json, body: JSON.stringify(base), mustRefuse: true };
    },
  ];
  return generate(r, families, casesPerMutation);
};

const readCases = (r: Random, op: Operation, params: Record<string, string>): FuzzCase[] => {
  const names = Object.keys(op.query);
  const baseQuery = Object.fromEntries(op.requiredQuery.map((k) => [k, String(plausible(op.query[k]!))]));
  const query = (pairs: [string, string][]) => (pairs.length === 0 ? '' : `?${pairs.map(([k, v]) => `${encodeURIComponent(k)}=${v}`).join('&')}`);
  const baseText = (except?: string): [string, string][] => Object.entries(baseQuery).filter(([k]) => k !== except).map(([k, v]) => [k, encodeURIComponent(v)]);
  const families: (() => FuzzCase | undefined)[] = [
    () => {
      if (names.length === 0) return undefined;
      const name = r.pick(names);
      const s = op.query[name]!;
      const kind = s['x-input-kind'];
      const candidates: { label: string; text: string }[] = [
        { label: 'two values', text: `${encodeURIComponent(String(plausible(s)))}&${encodeURIComponent(name)}=${encodeURIComponent(String(plausible(s)))}` },
      ];
      if (s.type === 'integer') {
        candidates.push(
          { label: 'not a number', text: r.pick(['abc', '1.5', '-1', '1e3', '0x10', '', '%20', 'NaN', 'Infinity', '9'.repeat(40)]) },
          ...(s.maximum !== undefined && s.maximum < 1e15 ? [{ label: 'over the maximum', text: String(s.maximum + r.int(1, 1000)) }] : []),
          ...(s.minimum !== undefined && s.minimum > 0 ? [{ label: 'under the minimum', text: String(s.minimum - 1) }] : []),
        );
      }
      if (s.enum) candidates.push({ label: 'not one of the words', text: `zz${r.int(0, 99)}` });
      if (kind) {
        candidates.push(
          { label: 'over the length limit', text: encodeURIComponent(overLong(r, s.maxLength ?? 200)) },
          { label: 'NUL', text: `ab%00${r.int(0, 9)}` },
          { label: 'escape', text: 'ab%1B%5B31m' },
          { label: 'C1 control', text: 'ab%C2%9B' },
          ...(kind !== 'text' ? [{ label: 'right-to-left override', text: 'ab%E2%80%AEcd' }] : []),
          ...(kind === 'id' ? [{ label: 'space in an id', text: 'a%20b' }] : []),
        );
      }
      const bad = r.pick(candidates);
      return { label: `query ${name}: ${bad.label}`, method: 'GET', url: urlOf(op.path, params, query([...baseText(name), [name, bad.text]])), headers: {}, mustRefuse: true };
    },
    () => {
      // Bytes that are not UTF-8 decode to U+FFFD, a character like any other: answered, never a 5xx.
      if (names.length === 0) return undefined;
      const name = r.pick(names);
      const text = r.pick(['ab%ED%A0%80', '%FF%FE', 'a%C3', '%80abc']);
      return { label: `query ${name}: not UTF-8`, method: 'GET', url: urlOf(op.path, params, query([...baseText(name), [name, text]])), headers: {}, mustRefuse: false };
    },
    () => {
      if (op.requiredQuery.length === 0) return undefined;
      const missing = r.pick(op.requiredQuery);
      return { label: `query ${missing} missing`, method: 'GET', url: urlOf(op.path, params, query(baseText(missing))), headers: {}, mustRefuse: true };
    },
    () => {
      if (op.params.length === 0) return undefined;
      const name = r.pick(op.params);
      const bad = badParams(r);
      return { label: `path ${name}: ${bad.label}`, method: 'GET', url: urlOf(op.path, { ...params, [name]: bad.text }), headers: {}, mustRefuse: true };
    },
    () => {
      const junk = r.pick(['%zz', '%', '%E2%80', 'a%00b', '%E2%80%AE', 'x'.repeat(r.int(100, 6000)), '%ED%A0%80', '[]', '{"a":1}', '&&&', '=', 'a=b=c']);
      return { label: `unknown query value ${junk.slice(0, 20)}`, method: 'GET', url: urlOf(op.path, params, query([...baseText(), [`junk${r.int(0, 9)}`, junk]])), headers: {}, mustRefuse: false };
    },
    () => {
      const text = r.pick(['%zz', '&&', '?', '#', 'a[b]=1', 'a[0]=1&a[1]=2', '__proto__[x]=1', 'constructor[prototype][x]=1']);
      return { label: `raw query ${text}`, method: 'GET', url: `${urlOf(op.path, params)}?${text}`, headers: {}, mustRefuse: false };
    },
    () => ({ label: 'a body on a GET', method: 'POST', url: urlOf(op.path, params), headers: { 'content-type': 'application/json' }, body: deepJson(r, tooDeep(r)), mustRefuse: true }),
  ];
  return generate(r, families, casesPerRead);
};

/** `count` cases, taking the families in turn (so each is used), skipping those that do not apply to the operation. */
const generate = (r: Random, families: (() => FuzzCase | undefined)[], count: number): FuzzCase[] => {
  const out: FuzzCase[] = [];
  for (let i = 0, misses = 0; out.length < count && misses < count * 4; i++) {
    const made = families[i % families.length]!();
    if (made) out.push(made);
    else misses++;
  }
  return out;
};

interface Outcome {
  readonly fuzzCase: FuzzCase;
  readonly status: number;
  readonly body: any;
  readonly error?: string;
}

const send = async (base: string, c: FuzzCase): Promise<Outcome> => {
  try {
    const response = await fetch(`${base}${c.url}`, {
      method: c.method,
      headers: c.headers,
      ...(c.body !== undefined && c.method !== 'GET' ? { body: c.body } : {}),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await response.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // not JSON: kept as text for the report
    }
    return { fuzzCase: c, status: response.status, body };
  } catch (e) {
    return { fuzzCase: c, status: 0, body: undefined, error: (e as Error).name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : (e as Error).message };
  }
};

const problemOf = (o: Outcome): string | undefined => {
  if (o.error) return o.error;
  if (o.status >= 500) return `answered ${o.status}: ${JSON.stringify(o.body).slice(0, 200)}`;
  if (o.fuzzCase.mustRefuse && (o.status < 400 || o.status >= 500)) return `a malformed request was answered ${o.status}, not refused`;
  if (o.status === 400 && !(typeof o.body?.field === 'string' && o.body.field.length > 0)) return `a 400 that names no field: ${JSON.stringify(o.body).slice(0, 200)}`;
  return undefined;
};

test('thousands of malformed requests to every operation of the OpenAPI document: no 5xx, no hang, nothing appended, 400s name the field', async () => {
  const seed = fuzzSeed();
  const r = seededRandom(seed);
  const api = await startApi({ mutationLimits: { max: 1_000_000, windowMs: 60_000 }, authFailureLimits: { max: 1_000_000, windowMs: 60_000 } });
  try {
    const projectId = must(await submitProject(api.rt, agent('pm'), projectInput())).projectId;
    const approvalId = must(await requestApproval(api.rt, agent('builder'), productInput())).approvalId;
    const proposalId = must(await createProposal(api.rt, agent('hunter'), { type: 'new_skill', title: 'Fuzz skill', description: 'Learn to fuzz' })).proposalId;
    const taskId = must(await createTask(api.rt, agent('hunter'), { type: 'research', payload: { title: 'fuzz target' } })).taskId;
    const head = await api.rt.log.headPosition();

    const doc = (await api.get('/docs/json')).body;
    const operations = operationsOf(doc);
    assert.ok(operations.length >= 38, `the document lists ${operations.length} operations`);
    const cases = operations.flatMap((op) => {
      const params = realParams(op.path, { projectId, approvalId, proposalId, taskId });
      return (op.method === 'POST' ? mutationCases(r, op, params, api.token) : readCases(r, op, params)).map((c) => ({ ...c, label: `${op.method} ${op.path} — ${c.label}` }));
    });
    assert.ok(cases.length >= 3_000, `${cases.length} cases`);

    const problems: string[] = [];
    const statuses = new Map<number, number>();
    const queue = [...cases];
    await Promise.all(
      Array.from({ length: inFlight }, async () => {
        for (let c = queue.shift(); c; c = queue.shift()) {
          const outcome = await send(api.url, c);
          statuses.set(outcome.status, (statuses.get(outcome.status) ?? 0) + 1);
          if (process.env.FUZZ_SHOW) console.log(outcome.status, c.label, JSON.stringify(outcome.body).slice(0, 160));
          const problem = problemOf(outcome);
          if (problem) problems.push(`${c.label} (${c.method} ${c.url.slice(0, 120)}): ${problem}`);
        }
      }),
    );
    const appended = (await api.rt.log.headPosition()) - head;
    if (problems.length > 0 || appended !== 0) {
      const events: string[] = [];
      for await (const e of api.rt.log.readAll({ fromPosition: head })) if (e.position > head) events.push(`${e.type} ${JSON.stringify(e.data).slice(0, 150)}`);
      assert.unreachable(
        [
          `seed ${seed} (FUZZ_SEED=${seed} replays it): ${cases.length} requests, statuses ${JSON.stringify(Object.fromEntries(statuses))}`,
          ...problems.slice(0, 40),
          ...(problems.length > 40 ? [`… and ${problems.length - 40} more`] : []),
          ...(appended !== 0 ? [`${appended} events appended:`, ...events.slice(0, 20)] : []),
        ].join('\n'),
      );
    }
    assert.ok((statuses.get(400) ?? 0) > cases.length / 3, `most malformed requests are 400s: ${JSON.stringify(Object.fromEntries(statuses))}`);
  } finally {
    await api.close();
  }
});

test.run();
