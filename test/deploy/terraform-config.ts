// The Terraform of infra/terraform/ as JSON (parsed by HashiCorp's own HCL parser, compiled to WebAssembly in
// @cdktf/hcl2json), merged across files, for the structural tests of the deploy files.
import { parse } from '@cdktf/hcl2json';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const terraformDir = join('infra', 'terraform');

type Blocks = Record<string, Record<string, unknown>[]>;
export interface TerraformConfig {
  readonly files: readonly string[];
  readonly resource: Record<string, Blocks>;
  readonly data: Record<string, Blocks>;
  readonly variable: Blocks;
  readonly output: Blocks;
  readonly locals: Record<string, unknown>;
}

/** Parses every .tf file (a syntax error throws, naming the file and line) and merges them. */
export const loadTerraform = async (dir = terraformDir): Promise<TerraformConfig> => {
  const files = readdirSync(dir).filter((f) => f.endsWith('.tf')).sort();
  const merged = { files, resource: {} as Record<string, Blocks>, data: {} as Record<string, Blocks>, variable: {} as Blocks, output: {} as Blocks, locals: {} as Record<string, unknown> };
  for (const file of files) {
    const json = (await parse(file, readFileSync(join(dir, file), 'utf8'))) as Record<string, any>;
    for (const kind of ['resource', 'data'] as const)
      for (const [type, byName] of Object.entries((json[kind] ?? {}) as Record<string, Blocks>)) Object.assign((merged[kind][type] ??= {}), byName);
    Object.assign(merged.variable, json.variable ?? {});
    Object.assign(merged.output, json.output ?? {});
    for (const l of (json.locals ?? []) as Record<string, unknown>[]) Object.assign(merged.locals, l);
  }
  return merged;
};

/** The one block of a resource (or data source) by type and name. */
export const block = (blocks: Record<string, Blocks>, type: string, name: string): Record<string, any> => {
  const found = blocks[type]?.[name]?.[0];
  if (!found) throw new Error(`no ${type}.${name} in ${terraformDir}`);
  return found as Record<string, any>;
};

export const blocksOf = (blocks: Record<string, Blocks>, type: string): [string, Record<string, any>][] =>
  Object.entries(blocks[type] ?? {}).map(([name, list]) => [name, list[0] as Record<string, any>]);
