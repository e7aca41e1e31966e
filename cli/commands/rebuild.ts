import { catchUpInParallel } from '../../infra/projections/parallel-catch-up.js';
import { projectionStorePath } from '../../infra/config/store-location.js';
import { allProjections } from '../../projections/all-projections.js';
import { openSemanticMemory } from '../../infra/memory/open-semantic-memory.js';
import { rebuildMemoryIndex, rebuildWordIndex } from '../../processes/memory/memory-index-catch-up.js';
import { keepsVectors } from '../../processes/memory/semantic-memory.js';
import { parseCommandArgs } from '../cli-args.js';
import type { CliContext } from '../cli-context.js';
import { badInput } from '../cli-failure.js';
import { render } from '../output.js';
import { progressBar } from '../progress.js';
import { foldedAsOf, parseAsOf, type AsOf } from '../as-of.js';
import type { Projection } from '../../projections/engine/projection.js';

export const usage =
  'swarm rebuild [--projection NAME] [--as-of POSITION|ISO-TIME]   (folds read models again from position 0, with a progress bar; --as-of folds them up to that point aside and shows them, the live ones untouched)';

/** Drops the chosen read models and folds them again from the start of the log. */
export const run = async (argv: string[], ctx: CliContext): Promise<void> => {
  const { values: v, flags: f } = parseCommandArgs(argv, { projection: { type: 'string' }, 'as-of': { type: 'string' } });
  const names = allProjections.map((p) => p.name);
  const chosen = v.projection === undefined ? allProjections : allProjections.filter((p) => p.name === v.projection);
  if (chosen.length === 0 && v.projection !== 'memory-index') throw badInput(`--projection: unknown read model "${v.projection}"; known: ${[...names, 'memory-index'].join(', ')}`, { field: '--projection' });
  const asOf = parseAsOf(v['as-of']);
  if (asOf) {
    if (chosen.length === 0) throw badInput('--as-of: the memory index is folded whole; choose another --projection', { field: '--as-of' });
    return rebuildAsOf(ctx, chosen, asOf, !!f.json, v.projection !== undefined);
  }
  const runtime = await ctx.runtime();
  const started = performance.now();
  runtime.projections.write((tx) => {
    for (const p of chosen) {
      tx.clear(p.name);
      tx.setCheckpoint(p.name, { position: 0, version: p.version });
    }
  }, { projections: chosen.map((p) => p.name) });
  const bar = progressBar('rebuild');
  const files = { storeUrl: ctx.storeUrl, projectionPath: projectionStorePath(ctx.storeUrl, ctx.env) };
  const result = await catchUpInParallel(files, runtime.log, runtime.projections, chosen, { onProgress: (done, total) => bar.update(done, total) });
  bar.stop();
  // The long-term memory indexes are projections too (of MemoryRecorded/MemoryForgotten), kept in their own file:
  // the word index always, the vectors when a model ranks with them.
  let memories: number | undefined;
  if (v.projection === undefined || v.projection === 'memory-index') {
    const memory = await openSemanticMemory(ctx.storeUrl, ctx.env);
    try {
      memories = memory.words ? (await rebuildWordIndex(runtime.log, memory.words)).applied : 0;
      if (keepsVectors(memory)) memories = (await rebuildMemoryIndex(runtime.log, memory.index, memory.embedder)).applied;
    } finally {
      await memory.close();
    }
  }
  const seconds = (performance.now() - started) / 1000;
  const out = { rebuilt: [...chosen.map((p) => p.name), ...(memories !== undefined ? ['memory-index'] : [])], position: result.position, events: result.applied, ...(memories !== undefined ? { memories } : {}), seconds: Number(seconds.toFixed(3)) };
  ctx.out(render(out, { json: !!f.json }, () => `rebuilt ${out.rebuilt.length} read model(s) up to position ${result.position}: ${result.applied} events in ${seconds.toFixed(2)} s`));
};

/**
 * The read models as they were at a point of history (`--as-of`), folded from position 0 in a throw-away store: how
 * many documents each collection held (and, for one chosen read model, its documents with `--json`). The live read
 * models are neither dropped nor rewritten: history is read, never rewound.
 */
const rebuildAsOf = async (ctx: CliContext, chosen: readonly Projection[], asOf: AsOf, json: boolean, one: boolean): Promise<void> => {
  const runtime = await ctx.runtime();
  const started = performance.now();
  const { store, result } = await foldedAsOf(runtime.log, chosen, asOf);
  const seconds = (performance.now() - started) / 1000;
  const dumps = Object.fromEntries(chosen.map((p) => [p.name, store.dump(p.name)]));
  const counts = Object.fromEntries(Object.entries(dumps).map(([name, collections]) => [name, Object.fromEntries(Object.entries(collections).map(([c, docs]) => [c, Object.keys(docs).length]))]));
  const point = 'position' in asOf ? `position ${asOf.position}` : asOf.time;
  const out = {
    asOf: 'position' in asOf ? { position: asOf.position } : { time: asOf.time },
    rebuilt: chosen.map((p) => p.name),
    position: result.position,
    events: result.applied,
    readModels: counts,
    ...(one ? { documents: dumps[chosen[0]!.name] } : {}),
    seconds: Number(seconds.toFixed(3)),
  };
  ctx.out(
    render(out, { json }, () =>
      [
        `folded ${chosen.length} read model(s) as of ${point}: ${result.applied} events, up to position ${result.position} (the live read models are unchanged)`,
        ...chosen.map((p) => `  ${p.name}: ${Object.entries(counts[p.name]!).map(([c, n]) => `${c} ${n}`).join(', ') || 'empty'}`),
      ].join('\n'),
    ),
  );
};
