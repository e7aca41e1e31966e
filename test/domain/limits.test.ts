import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { isLeft, isRight, type Either } from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import type { DomainError } from '../../domain/errors.js';
import { decodeWith } from '../../domain/decode.js';
import {
  checkField,
  checkInput,
  checkTextField,
  fieldKindsOf,
  FreeText,
  IdString,
  inputLimits,
  JsonRecord,
  NameString,
  pathDeeperThan,
  utf8Bytes,
} from '../../domain/limits/index.js';

const refused = (result: Either<DomainError, unknown>): DomainError => {
  if (!isLeft(result)) throw new Error('expected a refusal');
  return result.left;
};

const nested = (levels: number): unknown => {
  let value: unknown = 1;
  for (let i = 0; i < levels; i++) value = { a: value };
  return value;
};

test('depth is measured without recursion: 100,000 levels are refused, not a stack overflow', () => {
  const deep = JSON.parse('['.repeat(100_000) + ']'.repeat(100_000));
  assert.ok(pathDeeperThan(deep, inputLimits.maxDepth));
  const e = refused(checkInput({})({ title: 'x', payload: deep }));
  assert.is(e.code, 'invalid');
  assert.is(e.field, 'payload');
  assert.match(e.message, /nested deeper than 32 levels/);
});

test('32 levels of nesting are accepted, 33 are not', () => {
  assert.is(pathDeeperThan(nested(32), 32), undefined);
  assert.equal(pathDeeperThan(nested(33), 32)?.length, 32);
  assert.ok(isRight(checkField('payload', 'json', nested(32))));
  assert.is(refused(checkField('payload', 'json', nested(33))).field, 'payload');
});

test('names hold no control or bidirectional-override characters and at most 200 characters', () => {
  for (const bad of ['a\u0000b', 'a\u202eb', 'a\u2066b', 'a\nb', 'a\u001b[31mb', 'a\u0085b', 'x'.repeat(201), 'a\ud800b']) {
    const e = refused(checkInput({ product: 'name' })({ product: bad }));
    assert.is(e.field, 'product', JSON.stringify(bad));
  }
  assert.ok(isRight(checkInput({ product: 'name' })({ product: 'Ünïcode ✓ 名前 😀 שלום' })));
  assert.ok(isRight(checkInput({ product: 'name' })({ product: 'x'.repeat(200) })));
});

test('ids keep to a safe set of characters', () => {
  for (const good of ['01a2-b3c4', 'builder-2', 'sale_1', 'FO5SWhE-0e-xNLD0yvdsfQ==', 'proposal:abc', 'a@b.c']) assert.ok(isRight(checkField('id', 'id', good)), good);
  for (const bad of ['a b', 'a"b', "a'b", 'a\u0000', 'a\u202e', 'é', 'a;b', 'x'.repeat(201)]) assert.is(refused(checkField('id', 'id', bad)).field, 'id', bad);
});

test('free text keeps tabs and line breaks and takes 10,000 characters, but not 10,001 or NUL', () => {
  assert.ok(isRight(checkField('message', 'text', 'line one\n\tline two\r\n')));
  assert.ok(isRight(checkField('message', 'text', 'x'.repeat(10_000))));
  assert.ok(isRight(checkField('message', 'text', 'right-to-left \u202e is text')));
  assert.match(refused(checkField('message', 'text', 'x'.repeat(10_001))).message, /^message: longer than 10,000 characters/);
  assert.match(refused(checkField('message', 'text', 'a\u0000')).message, /NUL/);
});

test('a json field is limited to 64 KiB and names the part of it at fault', () => {
  assert.ok(isRight(checkField('payload', 'json', { text: 'x'.repeat(60_000) })));
  assert.match(refused(checkField('payload', 'json', { text: 'x'.repeat(70_000) })).message, /larger than 64 KiB/);
  assert.is(refused(checkField('payload', 'json', { list: ['ok', 'bad\u0000'] })).field, 'payload.list.1');
  assert.is(refused(checkInput({ payload: 'json' })({ payload: JSON.parse('{"__proto__": 1}') })).field, 'payload.__proto__');
});

test('fields not named are free text, and strings inside a named field follow its kind', () => {
  assert.is(refused(checkInput({})({ junk: 'x'.repeat(10_001) })).field, 'junk');
  assert.is(refused(checkInput({ types: 'name' })({ types: ['research', 'a\u202eb'] })).field, 'types.1');
  assert.ok(isRight(checkInput({})({ n: 5, b: true, nothing: null })));
});

test('a CLI value is checked as text: JSON flags by size, then as JSON when they parse', () => {
  assert.ok(isRight(checkTextField('--result', 'json', 'plain text result')));
  assert.is(refused(checkTextField('--payload', 'json', '['.repeat(40) + ']'.repeat(40))).field, '--payload');
  assert.is(refused(checkTextField('--payload', 'json', JSON.stringify({ a: 'x'.repeat(70_000) }))).field, '--payload');
  assert.is(refused(checkTextField('--to', 'id', 'buil\u202eder')).field, '--to');
});

test('the limited codecs declare their kinds, and decode what the rules accept', () => {
  const Body = t.intersection([t.type({ message: FreeText }), t.partial({ to: IdString, title: NameString, payload: JsonRecord, count: t.number })]);
  assert.equal(fieldKindsOf(Body), { message: 'text', to: 'id', title: 'name', payload: 'json' });
  assert.ok(isRight(decodeWith(Body)({ message: 'hi', to: 'builder', payload: { a: 1 } })));
  assert.is((refused(decodeWith(Body)({ message: '  ' })) as DomainError).field, 'message');
  assert.is((refused(decodeWith(Body)({ message: 'hi', payload: nested(40) })) as DomainError).field, 'payload');
});

test('a decoding error about a deep value describes it instead of serialising it', () => {
  const e = refused(decodeWith(t.type({ n: t.number }))({ n: JSON.parse('['.repeat(50_000) + ']'.repeat(50_000)) }));
  assert.match(e.message, /nested deeper than 32 levels/);
});

test('UTF-8 sizes count multi-byte characters', () => {
  assert.is(utf8Bytes('aé€😀'), 1 + 2 + 3 + 4);
});

test.run();
