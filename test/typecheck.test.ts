import { spawnSync } from 'node:child_process';
import { test } from 'uvu';
import * as assert from 'uvu/assert';

test('the whole project type-checks under strict TypeScript', () => {
  const r = spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '--noEmit', '-p', '.'], { encoding: 'utf8' });
  assert.is(r.status, 0, `${r.stdout}\n${r.stderr}`);
});

test.run();
