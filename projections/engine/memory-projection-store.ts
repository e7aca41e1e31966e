import type { DocWriter, ProjectionCheckpoint, ProjectionStore, ProjectionTransaction } from './projection.js';

type Collections = Map<string, Map<string, unknown>>;

const writerOver = (collections: Collections): DocWriter => {
  const collection = (name: string) => {
    let c = collections.get(name);
    if (!c) collections.set(name, (c = new Map()));
    return c;
  };
  return {
    get: <T>(name: string, key: string) => collections.get(name)?.get(key) as T | undefined,
    all: <T>(name: string) =>
      [...(collections.get(name) ?? new Map<string, unknown>()).entries()]
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([, doc]) => doc as T),
    page: <T>(name: string, options: { prefix?: string; limit?: number }) =>
      [...(collections.get(name) ?? new Map<string, unknown>()).entries()]
        .filter(([k]) => !options.prefix || k.startsWith(options.prefix))
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .slice(0, options.limit ?? Number.MAX_SAFE_INTEGER)
        .map(([, doc]) => doc as T),
    count: (name, prefix) => [...(collections.get(name)?.keys() ?? [])].filter((k) => !prefix || k.startsWith(prefix)).length,
    put: (name, key, doc) => void collection(name).set(key, doc),
    delete: (name, key) => void collections.get(name)?.delete(key),
  };
};

/**
 * Read models held in memory: used to fold the log "as of" a past position, and to rebuild a projection from
 * position 0 to compare it with the persisted live model. Documents are stored as given (apply must not mutate
 * a document after putting it; the engine's projections build new objects).
 */
export const createMemoryProjectionStore = (): ProjectionStore => {
  const models = new Map<string, Collections>();
  const checkpoints = new Map<string, ProjectionCheckpoint>();
  const model = (projection: string) => {
    let m = models.get(projection);
    if (!m) models.set(projection, (m = new Map()));
    return m;
  };
  const tx: ProjectionTransaction = {
    checkpoint: (p) => checkpoints.get(p),
    setCheckpoint: (p, c) => void checkpoints.set(p, c),
    docs: (p) => writerOver(model(p)),
    clear: (p) => void models.delete(p),
  };
  return {
    write: (work) => work(tx),
    reader: (p) => writerOver(model(p)),
    checkpoint: (p) => checkpoints.get(p),
    // JSON round trip: the persisted store holds JSON, so a comparison must not trip over `undefined` fields.
    dump: (p) =>
      JSON.parse(JSON.stringify(Object.fromEntries(
        [...model(p).entries()]
          .filter(([, docs]) => docs.size > 0)
          .sort(([a], [b]) => (a < b ? -1 : 1))
          .map(([name, docs]) => [name, Object.fromEntries([...docs.entries()].sort(([a], [b]) => (a < b ? -1 : 1)))]),
      ))),
    close: () => undefined,
  };
};
