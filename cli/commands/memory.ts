import { isLeft, type Either } from 'fp-ts/lib/Either.js';
import type { DomainError } from '../../domain/errors.js';
import { addMemory, forgetMemory } from '../../processes/commands/memory-commands.js';
import { freshReader } from '../../projections/engine/fresh-reader.js';
import { memoryFeedProjection } from '../../projections/memory/memory-feed-projection.js';
import { memoryRecordsProjection } from '../../projections/memory/memory-records-projection.js';
import { recentFeed, searchMemories } from '../../projections/memory/queries.js';
import { parseCommandArgs } from '../cli-args.js';
import { cliCaller, type CliContext } from '../cli-context.js';
import { badInput } from '../cli-failure.js';
import { integerInRange } from '../cli-values.js';
import { failOn } from '../domain-failure.js';
import { render, table } from '../output.js';

export const usage = [
  'swarm memory add --type fact|skill|preference|lesson|discovery|strategy "content" [--importance 1-10] [--tags a,b] [--income-potential USD/h]',
  'swarm memory search "query" [--limit N] | memory recent [--agent A] | memory forget ID --reason R',
].join('\n  ');

const flagOf: Readonly<Record<string, string>> = {
  type: '--type',
  content: 'content',
  importance: '--importance',
  incomePotential: '--income-potential',
  memoryId: 'ID',
  reason: '--reason',
};

const ok = <A>(result: Either<DomainError, A>): A => {
  if (!isLeft(result)) return result.right;
  const e = result.left;
  const root = e.field?.split('.')[0];
  const flag = root === undefined ? undefined : flagOf[root];
  if (!flag) return failOn(e);
  const field = `${flag}${e.field!.slice(root!.length)}`;
  const message = e.message.startsWith(`${e.field}:`) ? `${field}${e.message.slice(e.field!.length)}` : e.message;
  return failOn({ ...e, field, message });
};

const numberFlag = (flag: string, text: string): number => {
  if (!/^\d+(\.\d+)?$/.test(text)) throw badInput(`${flag}: expected a number ≥ 0, got "${text}"`, { field: flag });
  return Number(text);
};

export const run = async (argv: string[], ctx: CliContext): Promise<void> => {
  const [sub, ...rest] = argv;
  switch (sub) {
    case 'add': {
      const { values: v, flags: f, positionals } = parseCommandArgs(rest, {
        type: { type: 'string', short: 't' },
        importance: { type: 'string', short: 'i' },
        tags: { type: 'string' },
        'income-potential': { type: 'string' },
      });
      if (!v.type) throw badInput('--type is required', { field: '--type' });
      if (positionals.length !== 1) throw badInput('memory add: give the content as one quoted argument', { field: 'content' });
      const input = {
        type: v.type,
        content: positionals[0],
        ...(v.importance !== undefined ? { importance: integerInRange('--importance', v.importance, 1, 10) } : {}),
        ...(v.tags !== undefined ? { tags: v.tags.split(',').map((t) => t.trim().toLowerCase()).filter(Boolean) } : {}),
        ...(v['income-potential'] !== undefined ? { incomePotential: numberFlag('--income-potential', v['income-potential']) } : {}),
      };
      const r = ok(await addMemory(await ctx.runtime(), cliCaller(ctx), input));
      ctx.out(render({ status: 'recorded', memoryId: r.memoryId }, { json: !!f.json }, () => `recorded memory ${r.memoryId}`));
      return;
    }
    case 'search': {
      const { values: v, flags: f, positionals } = parseCommandArgs(rest, { limit: { type: 'string', short: 'l' } });
      if (positionals.length !== 1 || positionals[0]!.trim() === '') throw badInput('memory search: give the query as one quoted argument', { field: 'query' });
      const limit = v.limit === undefined ? 5 : integerInRange('--limit', v.limit, 1, 1000);
      const rt = await ctx.runtime();
      const found = searchMemories(await freshReader(rt.log, rt.projections, memoryRecordsProjection), positionals[0]!, limit);
      if (f.json) return ctx.out(JSON.stringify(found));
      ctx.out(`ranking: keyword (shared words, then importance; semantic search comes with the vector index)`);
      ctx.out(table(found.results.map((r) => ({ id: r.memoryId, score: r.score, importance: r.importance, type: r.type, tags: r.tags.join(','), content: r.content })), undefined, 80));
      return;
    }
    case 'recent': {
      const { values: v, flags: f } = parseCommandArgs(rest, { agent: { type: 'string', short: 'a' } });
      const rt = await ctx.runtime();
      const items = recentFeed(await freshReader(rt.log, rt.projections, memoryFeedProjection), v.agent);
      ctx.out(f.json ? JSON.stringify({ items }) : table(items.map((i) => ({ at: i.at, agent: i.agent ?? '', kind: i.kind, text: i.text })), undefined, 100));
      return;
    }
    case 'forget': {
      const { values: v, flags: f, positionals } = parseCommandArgs(rest, { reason: { type: 'string' } });
      if (positionals.length !== 1) throw badInput('memory forget: give the memory id', { field: 'ID' });
      if (v.reason === undefined) throw badInput('--reason is required', { field: '--reason' });
      const r = ok(await forgetMemory(await ctx.runtime(), cliCaller(ctx), { memoryId: positionals[0], reason: v.reason }));
      ctx.out(render({ status: r.appended.length > 0 ? 'forgotten' : 'already forgotten', memoryId: r.memoryId }, { json: !!f.json }));
      return;
    }
    default:
      throw badInput(`memory: expected add, search, recent or forget, got ${sub === undefined ? 'nothing' : `"${sub}"`}\nusage:\n  ${usage}`);
  }
};
