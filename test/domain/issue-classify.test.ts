import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { classifyIssue } from '../../domain/issue/classify.js';

test('a label decides first', () => {
  assert.is(classifyIssue({ title: 'How do I export?', body: 'It crashes', labels: ['enhancement'] }), 'feature');
  assert.is(classifyIssue({ title: 'Please add CSV', body: '', labels: ['bug'] }), 'bug');
  assert.is(classifyIssue({ title: 'Crash', body: 'error', labels: ['Question'] }), 'question');
});

test('without a label: errors and crashes are bugs, requests are features, the rest are questions', () => {
  assert.is(classifyIssue({ title: 'Crash on empty input', body: 'TypeError: x is undefined', labels: [] }), 'bug');
  assert.is(classifyIssue({ title: 'Export to CSV', body: 'Please add an export.', labels: ['triage'] }), 'feature');
  assert.is(classifyIssue({ title: 'How do I change the folder?', body: 'Where is it set?', labels: [] }), 'question');
});

test('words inside other words do not count ("address" is not "add", "prefix" is not "fix")', () => {
  assert.is(classifyIssue({ title: 'Which address prefix is used?', body: 'Curious about the format.', labels: [] }), 'question');
});

test.run();
