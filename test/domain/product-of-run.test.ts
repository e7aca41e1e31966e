import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { withProductOf } from '../../domain/task/task-rules.js';

// A run reaches only the product folder its task names (SPEC §6 "Containment"): a review, test or fix an agent asks
// for from a run on a product, naming no folder, is about that product.
const project = '0b5c2f8e-1111-4222-8333-444455556666';
const runTask = { title: 'Kit', project_id: project, files_path: `$SWARM_HOME/projects/${project}/`, spec_path: `$SWARM_HOME/specs/${project}.md` };

test('a product task naming no folder takes the run task’s project, folder and spec', () => {
  assert.equal(withProductOf('code_review', { title: 'Kit review' }, runTask), {
    title: 'Kit review',
    files_path: runTask.files_path,
    project_id: project,
    spec_path: runTask.spec_path,
  });
  assert.equal(withProductOf('test_product', { title: 'Kit', project_id: project }, runTask).files_path, runTask.files_path, 'the same project named');
  assert.equal(withProductOf('fix_product', { title: 'Kit' }, { path: 'projects/kit' }), { title: 'Kit', files_path: 'projects/kit' }, "the run task's `path`");
});

test('a task naming its own folder or another project, a non-product type, or no run task is as given', () => {
  assert.equal(withProductOf('code_review', { title: 'x', files_path: 'projects/other/' }, runTask), { title: 'x', files_path: 'projects/other/' });
  assert.equal(withProductOf('code_review', { title: 'x', path: 'projects/other/' }, runTask), { title: 'x', path: 'projects/other/' });
  assert.equal(withProductOf('code_review', { title: 'x', project_id: 'another' }, runTask), { title: 'x', project_id: 'another' });
  assert.equal(withProductOf('research', { title: 'x' }, runTask), { title: 'x' });
  assert.equal(withProductOf('evaluate_idea', { title: 'x' }, runTask), { title: 'x' });
  assert.equal(withProductOf('code_review', { title: 'x' }, undefined), { title: 'x' });
  assert.equal(withProductOf('code_review', { title: 'x' }, { title: 'a run task about no product' }), { title: 'x' });
});

test.run();
