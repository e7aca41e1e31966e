import { createMemoryDocs, memoryWriter, sortedDocs, type MemoryDocs } from './memory-docs.js';
import type { ProjectionCheckpoint, ProjectionStore, ProjectionTransaction } from './projection.js';

/**
 * Read models held in memory: used to fold the log "as of" a past position, and to rebuild a projection from
 * position 0 to compare it with the persisted live model. Documents are stored as given: a projection that changes
 * a document it got must put it back (the persisted store only sees what is put).
 */
export const createMemoryProjectionStore = (): ProjectionStore => {
  const models = new Map<string, MemoryDocs>();
  const checkpoints = new Map<string, ProjectionCheckpoint>();
  const model = (projection: string) => {
    let m = models.get(projection);
    if (!m) models.set(projection, (m = createMemoryDocs()));
    return m;
  };
  const tx: ProjectionTransaction = {
    checkpoint: (p) => checkpoints.get(p),
    setCheckpoint: (p, c) => void checkpoints.set(p, c),
    docs: (p) => memoryWriter(model(p)),
    clear: (p) => void models.delete(p),
    replace: (p, collections) => {
      models.delete(p);
      const docs = memoryWriter(model(p));
      for (const [collection, entries] of collections) for (const [key, json] of entries) docs.put(collection, key, JSON.parse(json));
    },
  };
  return {
    write: (work) => work(tx),
    reader: (p) => memoryWriter(model(p)),
    checkpoint: (p) => checkpoints.get(p),
    // JSON round trip: the persisted store holds JSON, so a comparison must not trip over `undefined` fields.
    dump: (p) => JSON.parse(JSON.stringify(Object.fromEntries(sortedDocs(model(p)).map(([name, docs]) => [name, Object.fromEntries(docs)])))),
    close: () => undefined,
  };
};
