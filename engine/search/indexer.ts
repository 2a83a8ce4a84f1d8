// Keeps the search index (migration 0030) in step with page and document. Triggers record every change in
// search_queue and remove deleted rows at once; this module turns queued rows into index rows, because the gram
// transform lives in TypeScript. No caller has to remember to index anything: searchDocuments drains the queue
// first, and an ingest or OCR job may call syncSearchIndex after a batch so the next search finds nothing to do.
import type Database from 'better-sqlite3';
import { unitPath } from '../catalog/units';
import type { JobContext } from '../jobs/jobs';
import { stmt } from '../library/sql';
import { DOCUMENT_MARK, indexTokens } from './text';

/** The scope token of a unit: every row carries it for its own unit and each ancestor (subtree filter). */
export function unitToken(unitId: number): string {
  return `u${unitId}`;
}

/** The scope token of a template item: its UTF-8 bytes in hex, one exact ASCII token whatever the item says. */
export function itemToken(item: string): string {
  return `i${Buffer.from(item.normalize('NFC'), 'utf8').toString('hex')}`;
}

/** What every row of a document carries: its title's and place names' tokens, marked, and its scope tokens. */
interface DocumentContext {
  tokens: string;
}

interface DocumentRow {
  id: number;
  unit_id: number | null;
  item: string | null;
  title: string;
}

/** Per sync: a unit's place names and scope tokens are looked up once for all its documents. */
class Indexer {
  private readonly units = new Map<number, { place: string; scope: string }>();
  pages = 0;

  /** `fresh`: the index was emptied and nothing written since (a rebuild): rows need no delete before insert. */
  constructor(
    private readonly db: Database.Database,
    private readonly fresh = false,
  ) {}

  private unitContext(unitId: number): { place: string; scope: string } {
    let context = this.units.get(unitId);
    if (!context) {
      const path = unitPath(this.db, unitId);
      // The county's name is on every row and would only add noise to every query that contains it.
      const names = path.filter((u) => u.tier !== 'county').map((u) => u.name);
      context = { place: indexTokens(names.join(' '), DOCUMENT_MARK), scope: path.map((u) => unitToken(u.id)).join(' ') };
      this.units.set(unitId, context);
    }
    return context;
  }

  private documentContext(doc: DocumentRow): DocumentContext {
    const unit = doc.unit_id === null ? { place: '', scope: '' } : this.unitContext(doc.unit_id);
    const scope = doc.item === null ? unit.scope : `${unit.scope} ${itemToken(doc.item)}`;
    return { tokens: [indexTokens(doc.title, DOCUMENT_MARK), unit.place, scope].filter(Boolean).join(' ') };
  }

  private write(rowid: number, tokens: string): void {
    // A delete of a row FTS5 may hold costs a tombstone lookup in every segment: a quarter of a rebuild's time.
    if (!this.fresh) stmt(this.db, 'DELETE FROM search_index WHERE rowid = ?').run(rowid);
    stmt(this.db, 'INSERT INTO search_index (rowid, tokens) VALUES (?, ?)').run(rowid, tokens);
  }

  private writePage(id: number, text: string | null, context: DocumentContext): void {
    const body = indexTokens(text ?? '');
    // A page without text can never be a hit (a page hit needs a term in its text): no row at all.
    if (body) this.write(id, `${body} ${context.tokens}`);
    else stmt(this.db, 'DELETE FROM search_index WHERE rowid = ?').run(id);
    this.pages++;
  }

  /** The document row and every page row of the document (they all carry its title, place and scope). */
  document(documentId: number): void {
    // A document in the 回收站 (document_bin) is out of the index as if deleted, until it is restored.
    const doc = stmt(this.db, 'SELECT id, unit_id, item, title FROM document WHERE id = ? AND id NOT IN (SELECT document_id FROM document_bin)').get(documentId) as
      | DocumentRow
      | undefined;
    if (!doc) {
      stmt(this.db, 'DELETE FROM search_index WHERE rowid = ?').run(-documentId);
      // Pages of a document in the 回收站 still exist (those of a deleted one are gone with it).
      stmt(this.db, 'DELETE FROM search_index WHERE rowid IN (SELECT id FROM page WHERE document_id = ?)').run(documentId);
      return;
    }
    const context = this.documentContext(doc);
    this.write(-doc.id, context.tokens);
    const pages = stmt(this.db, 'SELECT id, coalesce(corrected_text, ocr_text) AS text FROM page WHERE document_id = ?').all(
      doc.id,
    ) as { id: number; text: string | null }[];
    for (const page of pages) this.writePage(page.id, page.text, context);
    stmt(this.db, "DELETE FROM search_queue WHERE kind = 'page' AND id IN (SELECT id FROM page WHERE document_id = ?)").run(doc.id);
  }

  page(pageId: number): void {
    const row = stmt(
      this.db,
      `SELECT p.id, coalesce(p.corrected_text, p.ocr_text) AS text, d.id AS documentId, d.unit_id, d.item, d.title
         FROM page p JOIN document d ON d.id = p.document_id WHERE p.id = ? AND d.id NOT IN (SELECT document_id FROM document_bin)`,
    ).get(pageId) as (DocumentRow & { text: string | null; documentId: number }) | undefined;
    if (!row) {
      stmt(this.db, 'DELETE FROM search_index WHERE rowid = ?').run(pageId);
      return;
    }
    this.writePage(row.id, row.text, this.documentContext({ ...row, id: row.documentId }));
  }
}

/** Documents handled per transaction while draining: short write locks, and progress to show between them. */
const DOCUMENTS_PER_BATCH = 200;
const PAGES_PER_BATCH = 1000;

/** Queue entries still waiting (a unit entry counts once, however many documents it covers). */
export function pendingCount(db: Database.Database): number {
  return (stmt(db, 'SELECT count(*) AS n FROM search_queue').get() as { n: number }).n;
}

export interface SyncOptions {
  /** Stop after about this many pages (the batch that crosses it finishes); the rest stays queued. */
  maxPages?: number;
  onProgress?: (pagesDone: number) => void;
}

/**
 * Indexes what the queue holds, a batch per transaction; returns how many queue entries are left (0 unless
 * maxPages stopped it). Cheap when there is nothing to do: one lookup on an empty table.
 */
export function syncSearchIndex(db: Database.Database, options: SyncOptions = {}): number {
  return drainQueue(db, options, new Indexer(db));
}

function drainQueue(db: Database.Database, options: SyncOptions, indexer: Indexer): number {
  const maxPages = options.maxPages ?? Infinity;
  if (!stmt(db, 'SELECT 1 FROM search_queue LIMIT 1').get()) return 0;
  // A unit entry stands for every document below it.
  db.transaction(() => {
    stmt(
      db,
      `INSERT OR IGNORE INTO search_queue (kind, id)
       WITH RECURSIVE sub(id) AS (
         SELECT id FROM search_queue WHERE kind = 'unit'
         UNION SELECT u.id FROM unit u JOIN sub ON u.parent_id = sub.id)
       SELECT 'document', d.id FROM document d JOIN sub ON d.unit_id = sub.id`,
    ).run();
    stmt(db, "DELETE FROM search_queue WHERE kind = 'unit'").run();
  }).immediate();
  for (const kind of ['document', 'page'] as const) {
    for (;;) {
      if (indexer.pages >= maxPages) return pendingCount(db);
      // No batch much past maxPages (a document has a page or more): a bounded sync stays short.
      const batch = Math.min(kind === 'document' ? DOCUMENTS_PER_BATCH : PAGES_PER_BATCH, maxPages - indexer.pages);
      const done = db
        .transaction(() => {
          const ids = (stmt(db, 'SELECT id FROM search_queue WHERE kind = ? ORDER BY id LIMIT ?').all(kind, batch) as { id: number }[]).map(
            (r) => r.id,
          );
          for (const id of ids) {
            if (kind === 'document') indexer.document(id);
            else indexer.page(id);
            stmt(db, 'DELETE FROM search_queue WHERE kind = ? AND id = ?').run(kind, id);
          }
          return ids.length;
        })
        .immediate();
      if (done > 0) options.onProgress?.(indexer.pages);
      if (done < batch) break;
    }
  }
  return 0;
}

/** Empties the index and queues every document, in one transaction; returns the pages to index. */
function queueRebuild(db: Database.Database): number {
  return db
    .transaction(() => {
      db.prepare("INSERT INTO search_index (search_index) VALUES ('delete-all')").run();
      db.prepare('DELETE FROM search_queue').run();
      db.prepare("INSERT INTO search_queue (kind, id) SELECT 'document', id FROM document").run();
      return (stmt(db, 'SELECT count(*) AS n FROM page').get() as { n: number }).n;
    })
    .immediate();
}

/** FTS5's optimize: merges the index into one segment (smaller, and faster to query). */
function optimizeIndex(db: Database.Database): void {
  db.prepare("INSERT INTO search_index (search_index) VALUES ('optimize')").run();
}

/**
 * Rebuilds the whole index from page and document in one synchronous run (`dangka search --rebuild`, the bench):
 * empties it and queues every document, then drains the queue. Nothing else writes meanwhile, so rows are inserted
 * without the delete each would need otherwise. Interrupted, it leaves the rest queued and the next sync carries on.
 */
export function rebuildSearchIndex(db: Database.Database, onProgress?: (pagesDone: number, pagesTotal: number) => void): void {
  const total = queueRebuild(db);
  drainQueue(db, { onProgress: (done) => onProgress?.(done, total) }, new Indexer(db, true));
  optimizeIndex(db);
}

/** Pages indexed between two looks at cancel and two turns of the event loop in the app's rebuild job. */
const JOB_STEP_PAGES = 2_000;

/**
 * The app's rebuild (search.rebuildStart): as rebuildSearchIndex, in steps of JOB_STEP_PAGES between which the
 * engine answers other calls (a search meanwhile indexes its bounded batch too, so rows are deleted before insert)
 * and cancel is looked at. Cancelled, what is left stays queued: searches and the change feed index it bit by bit.
 */
export async function rebuildSearchIndexJob(db: Database.Database, ctx: JobContext): Promise<{ pages: number }> {
  const phase = '重建检索索引';
  const total = queueRebuild(db);
  ctx.progress(phase, 0, total);
  let done = 0;
  for (;;) {
    ctx.throwIfCancelled(`已取消：已编入 ${done} 页，其余 ${Math.max(0, total - done)} 页在检索时陆续补上`);
    let step = 0;
    const left = syncSearchIndex(db, {
      maxPages: JOB_STEP_PAGES,
      onProgress: (n) => ctx.progress(phase, Math.min(total, done + (step = n)), total),
    });
    // Pages edited meanwhile are indexed again: the count never passes the total.
    done = Math.min(total, done + step);
    if (left === 0) break;
    await ctx.yield();
  }
  ctx.progress('合并索引', 0, 1);
  await ctx.yield();
  optimizeIndex(db);
  ctx.progress('合并索引', 1, 1);
  return { pages: total };
}
