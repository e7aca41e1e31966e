import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ideaTitled, type ProductTemplateName } from './idea-catalogue.js';
import { productTemplates, templateNames, type ProductTemplate } from './product-templates.js';
import { slugOf, stablePick } from './stable-choice.js';

/** The template of a product: the catalogue's for a known title, otherwise one chosen by the title's hash. */
export const templateFor = (title: string): ProductTemplate => {
  const known = ideaTitled(title)?.template;
  return productTemplates[known ?? stablePick<ProductTemplateName>(templateNames, `template:${title}`)];
};

export interface ProductDraft {
  readonly title: string;
  readonly dir: string;
  readonly template: ProductTemplate;
  readonly defective: boolean;
  readonly specPath?: string;
}

const packageJson = (slug: string, title: string, template: ProductTemplate) =>
  `${JSON.stringify(
    {
      name: slug,
      version: '1.0.0',
      description: title,
      type: 'module',
      bin: { [slug]: `bin/${slug}.mjs` },
      files: ['bin', 'lib', 'README.md'],
      scripts: { test: `node --test test/${template.libFile.replace(/\.mjs$/, '.test.mjs')}` },
      license: 'MIT',
      engines: { node: '>=20' },
    },
    null,
    2,
  )}\n`;

const cliSource = (template: ProductTemplate) => `#!/usr/bin/env node
// Reads the file named on the command line (or stdin) and prints the result.
import { readFileSync } from 'node:fs';
import { ${template.functionName} } from '../lib/${template.libFile}';

const input = process.argv[2] ? readFileSync(process.argv[2], 'utf8') : readFileSync(0, 'utf8');
const output = ${template.functionName}(input);
if (output !== '') process.stdout.write(\`\${output}\\n\`);
`;

const readme = (slug: string, title: string, template: ProductTemplate, specPath?: string) => `# ${title}

${template.behaviours.map((b) => `- ${b.charAt(0).toUpperCase()}${b.slice(1)}.`).join('\n')}

## Install

\`\`\`sh
npm install --global ./${slug}
\`\`\`

## Usage

\`\`\`sh
${slug} examples/${template.exampleFile}
cat examples/${template.exampleFile} | ${slug}
\`\`\`

Output for the example:

\`\`\`
${template.exampleOutput}
\`\`\`

## Tests

\`\`\`sh
npm test
\`\`\`
${specPath ? `\nBuilt from the spec \`${specPath}\`.\n` : ''}`;

/** Writes (or rewrites) the whole product into its directory; returns the files written, relative to it. */
export const writeProduct = (draft: ProductDraft): string[] => {
  const slug = slugOf(draft.title);
  const t = draft.template;
  const files: Record<string, string> = {
    'package.json': packageJson(slug, draft.title, t),
    'README.md': readme(slug, draft.title, t, draft.specPath),
    [`bin/${slug}.mjs`]: cliSource(t),
    [`lib/${t.libFile}`]: t.library(draft.defective),
    [`test/${t.libFile.replace(/\.mjs$/, '.test.mjs')}`]: t.tests,
    [`examples/${t.exampleFile}`]: t.exampleInput,
    [`examples/${t.exampleFile}.expected`]: `${t.exampleOutput}\n`,
  };
  for (const [path, content] of Object.entries(files)) {
    const full = join(draft.dir, path);
    mkdirSync(join(full, '..'), { recursive: true });
    writeFileSync(full, content);
  }
  return Object.keys(files);
};

/** The product's test files (`test/*.test.mjs`), relative to its directory. */
export const testFilesOf = (dir: string): string[] => {
  const testDir = join(dir, 'test');
  if (!existsSync(testDir)) return [];
  return readdirSync(testDir)
    .filter((f) => /\.test\.(m|c)?js$/.test(f))
    .sort()
    .map((f) => `test/${f}`);
};
