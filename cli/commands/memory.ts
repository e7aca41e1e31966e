import { isLeft, type Either } from 'fp-ts/lib/Either.js';
import type { DomainError } from '../../domain/errors.js';
import { addMemory, forgetMemory } from '../../processes/commands/memory-commands.js';
import { catchUpLongTermMemory, searchLongTermMemory } from '../../processes/memory/semantic-memory.js';
import type { SwarmRuntime } from '../../processes/commands/runtime.js';
import { openSemanticMemory } from '../../infra/memory/open-semantic-memory.js';
import { freshReader } from '../../projections/engine/fresh-reader.js';
import { memoryFeedProjection } from '../../projections/memory/memory-feed-projection.js';
import { recentFeed } from '../../projections/memory/queries.js';
import { parseCommandArgs } from '../cli-args.js';
import { cliCaller, type CliContext } from '../cli-context.js';
import { badInput, CliFailure, refused } from '../cli-failure.js';
import { integerInRange } from '../cli-values.js';
import { failOn } from '../domain-failure.js';
import { render, table } from '../output.js';
import { checkAgentFilter } from '../list-filters.js';

export const usage = [
  'swarm memory add --type fact|skill|preference|lesson|discovery|strategy "content" [--importance 1-10] [--tags a,b] [--income-potential USD/h]',
  'swarm memory search "query" [--limit N] [--type T] [--min-importance 1-10] [--tags a,b] | memory recent [--agent A] | memory forget ID --reason R',
].join('\n  ');

const flagOf: Readonly<Record<string, string>> = {
  type: '--type',
  content: 'content',
  importance: '--importance',
  incomePotential: '--income-potential',
  memoryId: 'ID',
  reason: '--reason',
  query: 'query',
  limit: '--limit',
  minImportance: '--min-importance',
  tags: '--tags',
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

/** A memory index or embedder that cannot be reached or loaded (Qdrant down, a bad SWARM_EMBEDDER) is said, not thrown. */
/** The memories not yet in the configured Qdrant, sent: `sent`, or why not (the next search or run sends them). */
const sendToQdrant = async (ctx: CliContext, rt: SwarmRuntime): Promise<string> => {
  try {
    const memory = await openSemanticMemory(ctx.storeUrl, ctx.env);
    try {
      await catchUpLongTermMemory(rt.log, memory);
      return 'sent';
    } finally {
      await memory.close();
    }
  } catch (e) {
    return `not in Qdrant yet: ${(e as Error).message}; the next search or run sends it`;
  }
};

const withReason = async <A>(work: () => Promise<A>): Promise<A> => {
  try {
    return await work();
  } catch (e) {
    if (e instanceof CliFailure) throw e;
    const message = (e as Error).message;
    throw message.startsWith('SWARM_EMBEDDER') ? badInput(message, { field: 'SWARM_EMBEDDER' }) : refused(`memory search: ${message}`);
  }
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
      }, [['content', 'text']]);
      if (!v.type) throw badInput('--type is required', { field: '--type' });
      if (positionals.length !== 1) throw badInput('memory add: give the content as one quoted argument', { field: 'content' });
      const input = {
        type: v.type,
        content: positionals[0],
        ...(v.importance !== undefined ? { importance: integerInRange('--importance', v.importance, 1, 10) } : {}),
        ...(v.tags !== undefined ? { tags: v.tags.split(',').map((t) => t.trim().toLowerCase()).filter(Boolean) } : {}),
        ...(v['income-potential'] !== undefined ? { incomePotential: numberFlag('--income-potential', v['income-potential']) } : {}),
      };
      const rt = await ctx.runtime();
      const r = ok(await addMemory(rt, cliCaller(ctx), input));
      // A configured Qdrant gets the memory now (else at the next search or run): the log has it either way.
      const sent = ctx.env.QDRANT_URL ? await sendToQdrant(ctx, rt) : undefined;
      ctx.out(render({ status: 'recorded', memoryId: r.memoryId, ...(sent ? { qdrant: sent } : {}) }, { json: !!f.json }, () => `recorded memory ${r.memoryId}${sent && sent !== 'sent' ? ` (${sent})` : ''}`));
      return;
    }
    case 'search': {
      const { values: v, flags: f, positionals } = parseCommandArgs(rest, {
        limit: { type: 'string', short: 'l' },
        type: { type: 'string', short: 't' },
        'min-importance': { type: 'string' },
        tags: { type: 'string' },
      }, [['query', 'text']]);
      if (positionals.length !== 1 || positionals[0]!.trim() === '') throw badInput('memory search: give the query as one quoted argument', { field: 'query' });
      const input = {
        query: positionals[0],
        ...(v.limit !== undefined ? { limit: integerInRange('--limit', v.limit, 1, 1000) } : {}),
        ...(v.type !== undefined ? { type: v.type } : {}),
        ...(v['min-importance'] !== undefined ? { minImportance: integerInRange('--min-importance', v['min-importance'], 1, 10) } : {}),
        ...(v.tags !== undefined ? { tags: v.tags.split(',').map((t) => t.trim().toLowerCase()).filter(Boolean) } : {}),
      };
      const rt = await ctx.runtime();
      const memory = await withReason(() => openSemanticMemory(ctx.storeUrl, ctx.env));
      try {
        const found = ok(await withReason(() => searchLongTermMemory(rt, memory, input)));
        if (f.json) return ctx.out(JSON.stringify(found));
        ctx.out(`ranking: ${found.rankingText} | embedder: ${found.embedder}${found.embedderNote ? ` (${found.embedderNote})` : ''} | index: ${found.index}`);
        ctx.out(table(found.results.map((r) => ({ id: r.memoryId, score: r.score.toFixed(3), importance: r.importance, type: r.type, tags: r.tags.join(','), content: r.content })), undefined, 80));
      } finally {
        await memory.close();
      }
      return;
    }
    case 'recent': {
      const { values: v, flags: f } = parseCommandArgs(rest, { agent: { type: 'string', short: 'a' } });
      if (v.agent !== undefined) checkAgentFilter('--agent', v.agent);
      const rt = await ctx.runtime();
      const items = recentFeed(await freshReader(rt.log, rt.projections, memoryFeedProjection), v.agent);
      ctx.out(f.json ? JSON.stringify({ items }) : table(items.map((i) => ({ at: i.at, agent: i.agent ?? '', kind: i.kind, text: i.text })), undefined, 100));
      return;
    }
    case 'forget': {
      const { values: v, flags: f, positionals } = parseCommandArgs(rest, { reason: { type: 'string' } }, [['ID', 'id']]);
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
