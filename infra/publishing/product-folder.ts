import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { isAbsolute, join, relative } from 'node:path';
import { projectDownloadFolder } from '../../domain/project/project-folders.js';
import type { ProductFile, ProductToPublish } from './publication.js';

/** What never goes out with a product: the swarm's own reports, dependencies and version control. */
const leftOut = new Set(['REVIEW_REPORT.md', 'TEST_REPORT.md', 'node_modules', '.git']);

const filesUnder = (root: string, dir = root): ProductFile[] =>
  readdirSync(dir, { withFileTypes: true })
    .filter((e) => !leftOut.has(e.name))
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((e) => {
      const absolutePath = join(dir, e.name);
      if (e.isDirectory()) return filesUnder(root, absolutePath);
      if (!e.isFile()) return [];
      return [{ path: relative(root, absolutePath).split('\\').join('/'), absolutePath, size: statSync(absolutePath).size }];
    });

/** `Invoice Parser 2` → `invoice-parser-2`: the name every platform knows the product by. */
export const productSlug = (name: string): string =>
  name
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60) || 'product';

/** A path as the swarm writes it (`$SWARM_HOME/projects/…`, or relative to SWARM_HOME) on this host. */
const inHome = (path: string, home: string): string => {
  const expanded = path.replace(/^\$\{?SWARM_HOME\}?(?=$|[\\/])/, home);
  return isAbsolute(expanded) ? expanded : join(home, expanded);
};

const semver = /^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/;

/**
 * The product an approval describes, read from its folder: its files (reports left out), its version (the folder's
 * package.json, else 1.0.0) and its price in cents. Undefined with a reason when the folder is missing or empty.
 */
export const loadProduct = (
  approval: { id: string; productName: string; description: string; filesPath: string; price?: number; projectId?: string },
  home: string,
): ProductToPublish | { missing: string } => {
  const folder = inHome(approval.filesPath, home);
  if (!existsSync(folder) || !statSync(folder).isDirectory()) return { missing: `the product folder ${folder} does not exist` };
  const files = filesUnder(folder);
  if (files.length === 0) return { missing: `the product folder ${folder} has no files to publish` };
  let version = '1.0.0';
  const manifest = join(folder, 'package.json');
  if (existsSync(manifest)) {
    try {
      const v = (JSON.parse(readFileSync(manifest, 'utf8')) as { version?: unknown }).version;
      if (typeof v === 'string' && semver.test(v)) version = v;
    } catch {
      // A package.json that does not parse keeps the default version; npm would refuse it, the others do not read it.
    }
  }
  return {
    approvalId: approval.id,
    name: approval.productName,
    slug: productSlug(approval.productName),
    description: approval.description,
    ...(approval.price !== undefined ? { priceCents: Math.round(approval.price * 100) } : {}),
    version,
    folder,
    files,
    // The folder the local platform copies into: the project's download folder (domain/project), else by name.
    localFolder: inHome(approval.projectId ? projectDownloadFolder(approval.projectId) : join('downloads', productSlug(approval.productName)), home),
  };
};
