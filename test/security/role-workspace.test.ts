import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { roleWorkspace } from '../../agents/sandbox/role-workspace.js';

const test = suite('where a run starts');
const run = '/data/runs/r1';
const writable = ['/data/projects'];

test('the product folder the task names, when the role may write it', () => {
  assert.is(roleWorkspace(run, writable, { product: 'x', path: '/data/projects/x' }), '/data/projects/x');
  assert.is(roleWorkspace(run, writable, { files_path: '/data/projects/x/' }), '/data/projects/x');
});

test('its own run folder otherwise: no path, a relative path, a folder outside its writable ones, a climb out', () => {
  assert.is(roleWorkspace(run, writable, { product: 'x' }), run);
  assert.is(roleWorkspace(run, writable, { path: 'projects/x' }), run);
  assert.is(roleWorkspace(run, writable, { path: '/etc' }), run);
  assert.is(roleWorkspace(run, writable, { path: '/data/projects/../operators' }), run);
  assert.is(roleWorkspace(run, writable, { path: '/data/projects' }), run);
  assert.is(roleWorkspace(run, [], { path: '/data/projects/x' }), run);
  assert.is(roleWorkspace(run, writable, null), run);
});

test.run();
