import type { ProductTemplateName } from './idea-catalogue.js';

/**
 * The small real products the simulated builder writes: a Node CLI over one pure function, with its own
 * `node --test` tests and an example. Each has a `defective` variant, one plausible mistake that its tests catch:
 * the first build always ships it, so the tester's first round fails and the fix loop runs for real.
 */
export interface ProductTemplate {
  readonly name: ProductTemplateName;
  /** The function the CLI prints the result of, and the file under `lib/` that holds it. */
  readonly functionName: string;
  readonly libFile: string;
  /** The library source; `defective` has the deliberate mistake. */
  readonly library: (defective: boolean) => string;
  /** `test/<libFile base>.test.mjs`. */
  readonly tests: string;
  readonly exampleFile: string;
  readonly exampleInput: string;
  /** What the CLI prints for the example (the tester's functional check compares with it). */
  readonly exampleOutput: string;
  /** What the spec's functional acceptance criteria say the product does. */
  readonly behaviours: readonly string[];
  /** The issue the tester reports when the defect shows. */
  readonly defectSymptom: string;
}

const markdownToc: ProductTemplate = {
  name: 'markdown-toc',
  functionName: 'toc',
  libFile: 'toc.mjs',
  library: (defective) => `/** The GitHub-style anchor of a heading. */
export const anchorOf = (heading) =>
  heading.trim().toLowerCase().replace(/[^a-z0-9 -]/g, '').replace(/ /g, '-');

/** A nested, linked list of the headings of a Markdown document, indented from its top heading level. */
export const toc = (markdown) => {
  const headings = markdown
    .split('\\n')
    .map((line) => /^(#{1,6})\\s+(.+)$/.exec(line))
    .filter(Boolean);
  if (headings.length === 0) return '';
  const top = Math.min(...headings.map((m) => m[1].length));
  return headings
    .map((m) => \`\${'  '.repeat(m[1].length - ${defective ? '1' : 'top'})}- [\${m[2].trim()}](#\${anchorOf(m[2])})\`)
    .join('\\n');
};
`,
  tests: `import { test } from 'node:test';
import assert from 'node:assert/strict';
import { anchorOf, toc } from '../lib/toc.mjs';

test('anchors are lower case with dashes', () => {
  assert.equal(anchorOf('Getting Started!'), 'getting-started');
});

test('the top heading level is not indented', () => {
  assert.equal(toc('## Install\\n### From npm\\n## Usage'), '- [Install](#install)\\n  - [From npm](#from-npm)\\n- [Usage](#usage)');
});

test('a document without headings has an empty table of contents', () => {
  assert.equal(toc('just text'), '');
});
`,
  exampleFile: 'example.md',
  exampleInput: '# Guide\n## Install\n### From npm\n## Usage\n',
  exampleOutput: '- [Guide](#guide)\n  - [Install](#install)\n    - [From npm](#from-npm)\n  - [Usage](#usage)',
  behaviours: [
    'prints one linked line per heading, with GitHub-style anchors',
    'indents each heading two spaces per level below the top heading level of the document',
    'prints nothing for a document without headings',
  ],
  defectSymptom: 'headings are indented from level 1 instead of the document\'s top level, so a README starting at "##" gets a wrongly nested table of contents',
};

const csvTable: ProductTemplate = {
  name: 'csv-table',
  functionName: 'csvToTable',
  libFile: 'csv-table.mjs',
  library: (defective) => `/** A Markdown table from CSV text: the first row is the header. */
export const csvToTable = (csv) => {
  const text = csv.trim();
  if (text === '') return '';
  const rows = text.split(/\\r?\\n/).map((line) => line.split(',').map((cell) => cell.trim()));
  const [header, ...body] = rows;
  const line = (cells) => \`| \${cells.join(' | ')} |\`;
  return [line(header), line(header.map(() => '---')), ...body${defective ? '.slice(0, -1)' : ''}.map(line)].join('\\n');
};
`,
  tests: `import { test } from 'node:test';
import assert from 'node:assert/strict';
import { csvToTable } from '../lib/csv-table.mjs';

test('the first row becomes the header', () => {
  assert.equal(csvToTable('name,qty').split('\\n')[0], '| name | qty |');
});

test('every data row is kept', () => {
  assert.equal(csvToTable('name,qty\\napple,3\\npear,5'), '| name | qty |\\n| --- | --- |\\n| apple | 3 |\\n| pear | 5 |');
});

test('empty input gives an empty table', () => {
  assert.equal(csvToTable(''), '');
});
`,
  exampleFile: 'example.csv',
  exampleInput: 'product,price\nTOC tool,9.99\nLinter,4.99\n',
  exampleOutput: '| product | price |\n| --- | --- |\n| TOC tool | 9.99 |\n| Linter | 4.99 |',
  behaviours: ['turns the first CSV row into the table header', 'keeps every data row, in order', 'prints nothing for empty input'],
  defectSymptom: 'the last data row of the CSV is missing from the table',
};

const changelog: ProductTemplate = {
  name: 'changelog',
  functionName: 'changelog',
  libFile: 'changelog.mjs',
  library: (defective) => `const sections = { feat: 'Features', fix: 'Bug Fixes', docs: 'Documentation' };

/** Markdown release notes from conventional-commit subjects, one section per kind, in first-seen order. */
export const changelog = (log) => {
  const groups = new Map();
  for (const raw of log.split('\\n')) {
    const m = /^(\\w+)(?:\\([^)]*\\))?!?:\\s*(.+)$/.exec(raw.trim());
    if (!m) continue;
    const title = ${defective ? "sections[m[1]] && m[1] !== 'fix' ? sections[m[1]] : 'Features'" : "sections[m[1]] ?? 'Other Changes'"};
    groups.set(title, [...(groups.get(title) ?? []), m[2]]);
  }
  return [...groups].map(([title, items]) => \`## \${title}\\n\${items.map((i) => \`- \${i}\`).join('\\n')}\`).join('\\n\\n');
};
`,
  tests: `import { test } from 'node:test';
import assert from 'node:assert/strict';
import { changelog } from '../lib/changelog.mjs';

test('features and fixes go to their own sections', () => {
  assert.equal(changelog('feat: add export\\nfix(cli): exit code'), '## Features\\n- add export\\n\\n## Bug Fixes\\n- exit code');
});

test('unknown kinds are other changes', () => {
  assert.equal(changelog('chore: bump deps'), '## Other Changes\\n- bump deps');
});

test('lines that are not conventional commits are skipped', () => {
  assert.equal(changelog('Merge branch main'), '');
});
`,
  exampleFile: 'example.log',
  exampleInput: 'feat: add --json output\nfix: handle empty input\ndocs: usage section\n',
  exampleOutput: '## Features\n- add --json output\n\n## Bug Fixes\n- handle empty input\n\n## Documentation\n- usage section',
  behaviours: [
    'groups feat, fix and docs commits under Features, Bug Fixes and Documentation',
    'puts any other kind under Other Changes',
    'skips lines that are not conventional commits',
  ],
  defectSymptom: 'fix commits are listed under Features and other kinds are not grouped as Other Changes',
};

const envLint: ProductTemplate = {
  name: 'env-lint',
  functionName: 'lintEnv',
  libFile: 'env-lint.mjs',
  library: (defective) => `/** The problems of a .env file, one line each with its line number; empty when the file is fine. */
export const lintEnv = (text) => {
  const problems = [];
  const seen = new Set();
  text.split('\\n').forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const eq = line.indexOf('=');
    if (eq <= 0) {
      problems.push(\`line \${i + 1}: expected KEY=value\`);
      return;
    }
    const key = line.slice(0, eq).trim();
    if (seen.has(key)) problems.push(\`line \${i + 1}: duplicate key \${key}\`);
${defective ? '' : '    seen.add(key);\n'}    if (line.slice(eq + 1).trim() === '') problems.push(\`line \${i + 1}: \${key} has no value\`);
  });
  return problems.join('\\n');
};
`,
  tests: `import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lintEnv } from '../lib/env-lint.mjs';

test('a clean file has no problems', () => {
  assert.equal(lintEnv('# comment\\nPORT=8080\\nHOST=localhost'), '');
});

test('a duplicate key is reported with its line', () => {
  assert.equal(lintEnv('PORT=1\\nPORT=2'), 'line 2: duplicate key PORT');
});

test('empty values and malformed lines are reported', () => {
  assert.equal(lintEnv('TOKEN=\\nnonsense'), 'line 1: TOKEN has no value\\nline 2: expected KEY=value');
});
`,
  exampleFile: 'example.env',
  exampleInput: 'PORT=8080\nHOST=\nPORT=9090\n',
  exampleOutput: 'line 2: HOST has no value\nline 3: duplicate key PORT',
  behaviours: ['reports duplicate keys with their line numbers', 'reports empty values and malformed lines', 'prints nothing for a clean file'],
  defectSymptom: 'duplicate keys are never reported',
};

export const productTemplates: Readonly<Record<ProductTemplateName, ProductTemplate>> = {
  'markdown-toc': markdownToc,
  'csv-table': csvTable,
  changelog,
  'env-lint': envLint,
};

export const templateNames = Object.keys(productTemplates) as ProductTemplateName[];
