import type { Projection, ProjectionCheckpoint, ProjectionStore } from './projection.js';

/**
 * Writes a split fold's parts, joined, as the projection's documents with its checkpoint at `position`, in one
 * transaction, unless the checkpoint changed since `seen` (another process folded the projection meanwhile: it is
 * left as that process wrote it).
 */
export const writeJoinedFold = (
  store: ProjectionStore,
  projection: Projection,
  parts: readonly unknown[],
  seen: ProjectionCheckpoint | undefined,
  position: number,
): void => {
  if (!projection.splitFold) throw new Error(`${projection.name} has no split fold`);
  const texts = projection.splitFold.join(parts);
  store.write((tx) => {
    const c = tx.checkpoint(projection.name);
    if (c?.position !== seen?.position || c?.version !== seen?.version) return;
    tx.replace(projection.name, texts);
    tx.setCheckpoint(projection.name, { position, version: projection.version });
  }, { projections: [projection.name] });
};
