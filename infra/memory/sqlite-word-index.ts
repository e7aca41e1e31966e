import type Database from 'better-sqlite3';
import type { IndexedMemory, MemoryIndexCheckpoint } from '../../processes/memory/memory-vector-index.js';
import type { MemoryWordIndex, WordHit } from '../../processes/memory/memory-word-index.js';
import { contentWords } from './local-hash-embedder.js';
import { indexCheckpoints, openMemoryIndexDatabase, sameCheckpoint, sameSpace } from './memory-index-database.js';

/** Names the tokenizer (in the checkpoint's `embedder` field): another tokenizer means another index, rebuilt. */
export const wordIndexTokenizer = 'fts5:porter-unicode61@1';

/** A long task text is cut to this many distinct words: enough to find what it is about. */
const maxQueryWords = 100;

/**
 * BM25 column weights (content, tags): a tag names the topic in one word, so a query word found among the tags
 * counts a little more than the same word in the text.
 */
const contentWeight = 1;
const tagsWeight = 1.5;

/** The words of a query: its content words (stop words left out, unless it has nothing else), each once. */
export const queryWords = (text: string): string[] => {
  let words = contentWords(text);
  if (words.length === 0) words = text.normalize('NFKC').toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  return [...new Set(words)].slice(0, maxQueryWords);
};

/** A word as an FTS5 string: FTS5 then reads it as a word, never as its own syntax (AND, NEAR, column filters, `*`). */
const quoted = (word: string) => `"${word.replaceAll('"', '""')}"`;

/** How many candidates BM25 orders before the share of query words reorders them. */
const candidatesFor = (limit: number) => Math.min(1000, Math.max(limit * 5, 100));

export interface SqliteWordIndex extends MemoryWordIndex {
  /** Every stored row, for comparing a rebuild with the live index. */
  dump(): { checkpoint: MemoryIndexCheckpoint | undefined; memories: unknown[]; forgotten: string[] };
}

/**
 * The word index of long-term memory in SQLite FTS5 (better-sqlite3 ships it), in the memory index file: the
 * memories' content and tags tokenized with Porter stemming, ranked by FTS5's BM25. Filters (type, importance, tags)
 * are columns of a side table joined by rowid.
 */
export const createSqliteWordIndex = (path: string): SqliteWordIndex => {
  const db: Database.Database = openMemoryIndexDatabase(path);
  const checkpoints = indexCheckpoints(db, 'words');
  const stmt = {
    forgotten: db.prepare('SELECT 1 FROM memory_word_forgotten WHERE memory_id = ?').pluck(),
    forget: db.prepare('INSERT OR IGNORE INTO memory_word_forgotten (memory_id) VALUES (?)'),
    docOf: db.prepare('SELECT doc FROM memory_word_docs WHERE memory_id = ?').pluck(),
    insertDoc: db.prepare('INSERT INTO memory_word_docs (memory_id, type, importance, tags) VALUES (?, ?, ?, ?)'),
    updateDoc: db.prepare('UPDATE memory_word_docs SET type = ?, importance = ?, tags = ? WHERE doc = ?'),
    deleteDoc: db.prepare('DELETE FROM memory_word_docs WHERE doc = ?'),
    insertText: db.prepare('INSERT INTO memory_words (rowid, content, tags) VALUES (?, ?, ?)'),
    deleteText: db.prepare('DELETE FROM memory_words WHERE rowid = ?'),
    docsWithWord: db.prepare('SELECT rowid FROM memory_words WHERE memory_words MATCH ? AND rowid IN (SELECT value FROM json_each(?))').pluck(),
  };

  const clear = () => db.exec('DELETE FROM memory_words; DELETE FROM memory_word_docs; DELETE FROM memory_word_forgotten;');

  const reset = db.transaction((to: MemoryIndexCheckpoint, seen: MemoryIndexCheckpoint | undefined) => {
    const current = checkpoints.get();
    if (!sameCheckpoint(current, seen) && sameSpace(current, to)) return;
    clear();
    checkpoints.set(to);
  });

  const remove = (memoryId: string) => {
    stmt.forget.run(memoryId);
    const doc = stmt.docOf.get(memoryId) as number | undefined;
    if (doc === undefined) return;
    stmt.deleteText.run(doc);
    stmt.deleteDoc.run(doc);
  };
  const upsert = (memory: IndexedMemory) => {
    // A tombstone keeps a redelivered MemoryRecorded from bringing a forgotten memory back.
    if (stmt.forgotten.get(memory.memoryId)) return;
    const tags = JSON.stringify(memory.tags);
    let doc = stmt.docOf.get(memory.memoryId) as number | undefined;
    if (doc === undefined) doc = Number(stmt.insertDoc.run(memory.memoryId, memory.type, memory.importance, tags).lastInsertRowid);
    else {
      stmt.updateDoc.run(memory.type, memory.importance, tags, doc);
      stmt.deleteText.run(doc);
    }
    stmt.insertText.run(doc, memory.content, memory.tags.join(' '));
  };

  const apply = db.transaction((changes: Parameters<MemoryWordIndex['apply']>[0], to: MemoryIndexCheckpoint): boolean => {
    const current = checkpoints.get();
    if (!sameSpace(current, to)) return false;
    const after = current!.position;
    for (const c of changes) {
      if (c.position <= after) continue;
      if (c.kind === 'upsert') upsert(c.memory);
      else remove(c.memoryId);
    }
    if (to.position > after) checkpoints.set(to);
    return true;
  });

  return {
    location: `embedded words (${path})`,
    tokenizer: wordIndexTokenizer,
    checkpoint: async () => checkpoints.get(),
    reset: async (to, seen) => void reset.immediate(to, seen),
    apply: async (changes, to) => apply.immediate(changes, to),
    search: async (query, { limit, filter = {} }) => {
      const words = queryWords(query);
      if (words.length === 0) return [];
      const conditions = ['memory_words MATCH ?'];
      const params: unknown[] = [words.map(quoted).join(' OR ')];
      if (filter.type) conditions.push('d.type = ?'), params.push(filter.type);
      if (filter.minImportance !== undefined) conditions.push('d.importance >= ?'), params.push(filter.minImportance);
      if (filter.tags && filter.tags.length > 0) {
        conditions.push(`EXISTS (SELECT 1 FROM json_each(d.tags) WHERE json_each.value IN (${filter.tags.map(() => '?').join(', ')}))`);
        params.push(...filter.tags);
      }
      const rows = db
        .prepare(
          `SELECT d.doc, d.memory_id, d.importance, bm25(memory_words, ${contentWeight}, ${tagsWeight}) AS rank FROM memory_words JOIN memory_word_docs d ON d.doc = memory_words.rowid ` +
            `WHERE ${conditions.join(' AND ')} ORDER BY rank, d.importance DESC, d.memory_id LIMIT ?`,
        )
        .raw()
        .all(...params, candidatesFor(limit)) as [number, string, number, number][];
      // How many of the query's words each candidate holds (each word one indexed lookup among the candidates).
      const matched = new Map<number, number>();
      if (words.length > 1 && rows.length > 1) {
        const docs = JSON.stringify(rows.map((r) => r[0]));
        for (const word of words)
          for (const doc of stmt.docsWithWord.all(quoted(word), docs) as number[]) matched.set(doc, (matched.get(doc) ?? 0) + 1);
      }
      // FTS5's bm25() is negative, better matches lower: turned round, and scaled by the share of the query's words
      // matched (Lucene's classic coordination factor). With few memories BM25 alone counts a word found in half of
      // them as nothing, and one rare shared word outranks four common ones.
      const scored = rows.map(([doc, memoryId, importance, rank]) => ({
        memoryId,
        importance,
        score: -rank * (words.length > 1 && rows.length > 1 ? (matched.get(doc) ?? 1) / words.length : 1),
      }));
      scored.sort((a, b) => b.score - a.score || b.importance - a.importance || (a.memoryId < b.memoryId ? -1 : a.memoryId > b.memoryId ? 1 : 0));
      return scored.slice(0, limit).map(({ memoryId, score }): WordHit => ({ memoryId, score }));
    },
    dump: () => ({
      checkpoint: checkpoints.get(),
      memories: db
        .prepare('SELECT d.memory_id, d.type, d.importance, d.tags, w.content, w.tags FROM memory_word_docs d JOIN memory_words w ON w.rowid = d.doc ORDER BY d.memory_id')
        .raw()
        .all(),
      forgotten: db.prepare('SELECT memory_id FROM memory_word_forgotten ORDER BY memory_id').pluck().all() as string[],
    }),
    close: async () => void db.close(),
  };
};
