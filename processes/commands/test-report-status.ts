import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TestStatus } from '../../domain/approval/index.js';

/**
 * What a product's TEST_REPORT.md says (its `Result: PASS|FAIL` line), for an approval request that did not say:
 * the approval card shows the test status first, so it is taken from the report the Tester wrote rather than
 * left blank. `unknown` when there is no report or it has no result line.
 */
export const testStatusOfReport = (filesPath: string): TestStatus => {
  const file = join(filesPath, 'TEST_REPORT.md');
  if (!existsSync(file)) return 'unknown';
  try {
    const result = /^Result:\s*(PASS|FAIL)\b/im.exec(readFileSync(file, 'utf8'))?.[1]?.toUpperCase();
    return result === 'PASS' ? 'pass' : result === 'FAIL' ? 'fail' : 'unknown';
  } catch {
    return 'unknown';
  }
};
