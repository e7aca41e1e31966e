// The baseline of `npm run bench:log`: the same work as our store, written directly against better-sqlite3 on the
// same schema — compute the next revision, insert with the same unique constraints, commit; read and JSON-parse.
import type Database from 'better-sqlite3';
import type { EventData } from '../domain/log/envelope.js';

type Db = Database.Database;
const cache = new WeakMap<Db, ReturnType<typeof prepare>>();

const prepare = (db: Db) => {
  const revision = db.prepare('SELECT max(revision) FROM events WHERE stream = ?').pluck();
  const insert = db.prepare('INSERT INTO events (id, stream, revision, type, data, metadata) VALUES (?, ?, ?, ?, ?, ?)');
  const write = (stream: string, events: readonly EventData[]) => {
    let r = (revision.get(stream) as number | null) ?? -1;
    for (const e of events) insert.run(e.id, stream, ++r, e.type, JSON.stringify(e.data), JSON.stringify(e.metadata));
  };
  return { many: db.transaction(write), scan: db.prepare('SELECT position, id, stream, revision, type, data, metadata FROM events ORDER BY position').raw() };
};

const statements = (db: Db) => {
  let s = cache.get(db);
  if (!s) cache.set(db, (s = prepare(db)));
  return s;
};

export const rawInsertOne = (db: Db, stream: string, event: EventData): void => statements(db).many.immediate(stream, [event]);
export const rawInsertBatch = (db: Db, stream: string, events: readonly EventData[]): void => statements(db).many.immediate(stream, events);

export const rawReadAll = (db: Db): number => {
  let n = 0;
  for (const row of statements(db).scan.iterate() as Iterable<unknown[]>) {
    JSON.parse(row[5] as string);
    JSON.parse(row[6] as string);
    n++;
  }
  return n;
};
