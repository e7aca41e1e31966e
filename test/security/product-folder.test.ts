import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { foldersForTask, productFolderOf } from '../../agents/sandbox/product-folder.js';
import { roleFolders } from '../../agents/sandbox/role-folders.js';

// Issue 13 point 2: a build, review or test run reaches its own product's folder, never another product's.
const test = suite('the product a run may reach');
const home = '/data/home';

test('the first folder under projects/ that the task names (path or files_path), under the home or a fork\'s live home', () => {
  assert.is(productFolderOf({ files_path: '/data/home/projects/p1' }, [home]), 'projects/p1');
  assert.is(productFolderOf({ path: '/data/home/projects/p1/src/index.js' }, [home]), 'projects/p1');
  assert.is(productFolderOf({ files_path: '/live/projects/p2/' }, [home, '/live']), 'projects/p2');
  assert.is(productFolderOf({ files_path: '$SWARM_HOME/projects/p3' }, [home]), 'projects/p3');
  assert.is(productFolderOf({ path: '${SWARM_HOME}/projects/p3/README.md' }, [home]), 'projects/p3');
  assert.is(productFolderOf({ files_path: 'projects/p4' }, [home]), 'projects/p4');
});

test('none when the task names no product: no path, a relative one, projects/ itself, a climb out, elsewhere', () => {
  for (const payload of [{}, null, 'x', { files_path: '/data/home/projects' }, { files_path: '/data/home/projects/../swarm.db' }, { path: '/data/home/specs/p1.md' }, { files_path: '/elsewhere/projects/p1' }])
    assert.is(productFolderOf(payload, [home]), undefined, JSON.stringify(payload));
});

test('projects/ narrows to that product, or goes, for every role that works on products', () => {
  assert.equal(foldersForTask(roleFolders.builder, 'projects/p1'), { writable: ['projects/p1'], readOnly: ['specs'] });
  assert.equal(foldersForTask(roleFolders.tester, undefined), { writable: [], readOnly: ['specs'] });
  assert.equal(foldersForTask(roleFolders.publisher, 'projects/p1'), { writable: ['downloads', 'content'], readOnly: ['projects/p1', 'specs'] });
  assert.equal(foldersForTask(roleFolders.pm, 'projects/p1'), roleFolders.pm);
});

test.run();
