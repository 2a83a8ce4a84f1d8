// Full-text search over page text, document titles and the place names of the unit a document is filed to.
//
// Semantics: terms separated by spaces (or punctuation) must all occur (AND); each matches as a substring
// (text.ts). A page is a hit when every term occurs in its text, its document's title or its place names, and at
// least one in its text — so a matching title does not list every page of its document. A document is a hit when
// every term occurs in its title or place names; it stands for its pages once, and document hits come before page
// hits.
//
// Cost grows with the hits, not the pages. The index (detail=none: which rows hold a token) gives candidates in
// rowid order, newest first; FTS5 walks its doclists in that order and stops at a LIMIT. A term of 3+ characters
// is confirmed against the text of each candidate looked at: a batch at a time in SQLite (instr over the stored
// text: a page holding every term as stored is a hit without its text leaving SQLite), the rest normalised here.
//  - At most RANK_LIMIT candidates (one read of RANK_LIMIT + 1 ids says so): each is read and confirmed, the total
//    is exact, and hits are ranked by how often each term occurs (saturating, as bm25 does), a term in the title
//    weighing most, then the place names.
//  - More: the newest come first (ranked: false; a word on hundreds of pages ranks poorly anyway, and the clerk
//    narrows the search). When the index alone decides (1–2 characters, 4 digits) the page of results is the
//    newest candidates and the count is exact up to COUNT_LIMIT ("more than", totalIsLowerBound, past it).
//    Otherwise candidates are confirmed newest first until the page of results is full and a sample for the
//    estimate taken (SAMPLE_HITS hits or SAMPLE_READS candidates), CONFIRM_LIMIT past the page at most; the total
//    is exact when that reached the oldest candidate, else the hits of the window of rows looked at scaled to the
//    search's scope (scopeWindow: totalIsEstimate, the UI says 约), between the hits found and the rows in scope.
//    Nothing counts every candidate.
import type Database from 'better-sqlite3';
import type { SearchHit, SearchResult } from '../../shared/domain';
import { getUnit } from '../catalog/units';
import { stmt } from '../library/sql';
import { itemToken, pendingCount, syncSearchIndex, unitToken } from './indexer';
import { makeSnippet } from './snippet';
import { countTerm, DOCUMENT_MARK, normalizedString, queryTerms, termTokens, tokenQuery, tokensAreExact } from './text';

export interface SearchOptions {
  /** Only documents filed to this unit or below it. */
  unitId?: number | null;
  /** Only documents of this template item ('<category>/<item>'). */
  item?: string | null;
  limit?: number;
  offset?: number;
}

/** Candidates of a term the index alone decides counted per kind (documents, pages); past it the total is "more than". */
export const COUNT_LIMIT = 10_000;
/**
 * Candidates read, confirmed and ranked when there are at most this many: the one place a search reads every
 * candidate before its first page of results, so it is kept small (each costs ~20 µs on a quiet core and ~100 µs
 * on a busy one, where 200 made a name on 190 pages the slowest query of the bench at 23 ms).
 */
export const RANK_LIMIT = 50;
/**
 * Candidates read by the first step past the first RANK_LIMIT + 1 while filling a page of unranked results; each
 * step reads twice the one before: FTS5 finds its way back to where the last step stopped by walking the doclists
 * from their end (~10 ms 300,000 rows down at 1.2 M pages), so few steps are cheaper than many small ones.
 */
const READ_STEP = 200;
/**
 * What an estimate rests on: confirming goes on past the page of results until SAMPLE_HITS hits were found or
 * SAMPLE_READS candidates looked at (a phrase few of its candidates hold: those not holding it as stored cost
 * ~15–25 µs each).
 */
const SAMPLE_HITS = 100;
const SAMPLE_READS = 400;
/** Candidates confirmed at most past the page of results: a phrase whose pairs are everywhere but which is nowhere. */
const CONFIRM_LIMIT = 2_000;
/**
 * Pages indexed from the queue before a search runs, at most (~0.3 ms a page): a search right after a big import
 * waits a little and says how much is still queued (pending) instead of waiting for all of it.
 */
const SYNC_BUDGET_PAGES = 500;

/** Weights of where a term occurs, for ranking: the title says most about a page, then the place names. */
const TITLE_WEIGHT = 4;
const PLACE_WEIGHT = 2;
/** bm25's k1: the 2nd occurrence of a term adds less than the first, the 10th next to nothing. */
const SATURATION = 1.2;

/** The FTS5 query of one kind of row. Terms reach it only through termTokens: nothing a clerk types is syntax. */
export interface KindQuery {
  match: string;
  /** Page rows have rowid = page id > 0, document rows -document id. */
  kind: 'page' | 'document';
  /** Whether the index alone decides (every term of 1–2 characters or 4 digits): no text to read to confirm. */
  exact: boolean;
  /** The unit and item filter alone (FTS5 query), '' without one: the rows an estimate scales up to. */
  scope: string;
}

export function buildQueries(terms: readonly string[], filter: Pick<SearchOptions, 'unitId' | 'item'>): { pages: KindQuery; documents: KindQuery } {
  const scopeTokens: string[] = [];
  if (filter.unitId != null) scopeTokens.push(`"${unitToken(filter.unitId)}"`);
  if (filter.item != null) scopeTokens.push(`"${itemToken(filter.item)}"`);
  const scopeMatch = scopeTokens.join(' AND ');
  const scope = scopeMatch ? ` AND ${scopeMatch}` : '';
  const inText = (t: string) => `(${tokenQuery(termTokens(t))})`;
  const inTitleOrPlace = (t: string) => `(${tokenQuery(termTokens(t, DOCUMENT_MARK))})`;
  // One term must be in the page text; of several, each in the text, title or place and one at least in the text.
  const pages =
    terms.length === 1
      ? inText(terms[0]!)
      : `${terms.map((t) => `(${inText(t)} OR ${inTitleOrPlace(t)})`).join(' AND ')} AND (${terms.map(inText).join(' OR ')})`;
  const exact = terms.every(tokensAreExact);
  return {
    // With several terms, "one at least in the text" is decided per term by the index only when each is exact.
    pages: { match: `(${pages})${scope}`, kind: 'page', exact, scope: scopeMatch },
    documents: { match: `(${terms.map(inTitleOrPlace).join(' AND ')})${scope}`, kind: 'document', exact, scope: scopeMatch },
  };
}

interface Found {
  /** Row ids (page id, or -document id), best first, at most `want`. */
  ids: number[];
  scores: Map<number, number>;
  total: number;
  totalIsEstimate: boolean;
  totalIsLowerBound: boolean;
  ranked: boolean;
}

/** What a candidate row is confirmed and ranked against: its text, title and place names, normalised. */
interface Candidate {
  /** The page text as stored (a term found in it as typed needs no normalising: see scoreOf). */
  raw: string;
  text: () => string;
  title: string;
  /** Looked up only when needed: a term not in the text or title, or ranking. */
  place: () => string;
}

/** Reads candidates' text, titles and place names, and the hits' paths; each unit is read once per search. */
class CandidateReader {
  /** Per unit: its place names below the county, normalised (for matching), and its path label (for the hit). */
  private readonly units = new Map<number, { place: string; label: string }>();
  constructor(private readonly db: Database.Database) {}

  /** Built from the parent's: the 20 hits of a page of results share most of their ancestors. */
  private unit(unitId: number): { place: string; label: string } {
    let names = this.units.get(unitId);
    if (names === undefined) {
      const unit = getUnit(this.db, unitId);
      const above = unit.parent_id === null ? { place: '', label: '' } : this.unit(unit.parent_id);
      names = {
        place: unit.tier === 'county' ? '' : normalizedString(above.place ? `${above.place} ${unit.name}` : unit.name),
        label: above.label ? `${above.label} / ${unit.name}` : unit.name,
      };
      this.units.set(unitId, names);
    }
    return names;
  }

  place(unitId: number | null): string {
    return unitId === null ? '' : this.unit(unitId).place;
  }

  /** The hit's path as the results list shows it (县 / 镇 / 村 / 户), 收件箱 for a document not filed yet. */
  pathLabel(unitId: number | null): string {
    return unitId === null ? '收件箱' : this.unit(unitId).label;
  }

  /**
   * A batch of page candidates in one statement: 'sure' for a page whose text as stored holds every term (a hit:
   * scoreOf's first test, decided in SQLite without carrying the text into JavaScript), else what scoreOf needs.
   * A missing page (deleted meanwhile) is left out.
   */
  readPages(ids: readonly number[], terms: readonly string[]): Map<number, Candidate | 'sure'> {
    const holds = terms.map(() => 'instr(t.text, ?) > 0').join(' AND ');
    const rows = stmt(
      this.db,
      `SELECT t.id, CASE WHEN ${holds} THEN NULL ELSE coalesce(t.text, '') END AS text, d.title, d.unit_id
         FROM (SELECT p.id, p.document_id, coalesce(p.corrected_text, p.ocr_text) AS text FROM json_each(?) j JOIN page p ON p.id = j.value) t
         JOIN document d ON d.id = t.document_id`,
    ).all(...terms, JSON.stringify(ids)) as { id: number; text: string | null; title: string; unit_id: number | null }[];
    const out = new Map<number, Candidate | 'sure'>();
    for (const row of rows) out.set(row.id, row.text === null ? 'sure' : this.candidate(row.text, row.title, row.unit_id));
    return out;
  }

  private candidate(raw: string, title: string, unitId: number | null): Candidate {
    let text: string | undefined;
    return { raw, text: () => (text ??= normalizedString(raw)), title: normalizedString(title), place: () => this.place(unitId) };
  }

  read(rowid: number): Candidate | null {
    if (rowid < 0) {
      const doc = stmt(this.db, 'SELECT title, unit_id FROM document WHERE id = ?').get(-rowid) as { title: string; unit_id: number | null } | undefined;
      return doc ? { raw: '', text: () => '', title: normalizedString(doc.title), place: () => this.place(doc.unit_id) } : null;
    }
    const row = stmt(
      this.db,
      `SELECT coalesce(p.corrected_text, p.ocr_text) AS text, d.title, d.unit_id
         FROM page p JOIN document d ON d.id = p.document_id WHERE p.id = ?`,
    ).get(rowid) as { text: string | null; title: string; unit_id: number | null } | undefined;
    return row ? this.candidate(row.text ?? '', row.title, row.unit_id) : null;
  }
}

const saturate = (n: number) => (n * (SATURATION + 1)) / (n + SATURATION);

/**
 * The candidate's score if it is a hit (the rules at the top of this file), else null; with `rank` false only
 * whether it is a hit (1), looking at the place names only for a term in neither text nor title. A term's weight:
 * its occurrences in the text, saturating, plus TITLE_WEIGHT if in the title and PLACE_WEIGHT if in the place names.
 */
function scoreOf(candidate: Candidate, terms: readonly string[], kind: KindQuery['kind'], rank = true): number | null {
  let score = 0;
  let inText = false;
  for (const term of terms) {
    // A term (normalised: lower case, NFKC, no spaces) found in the raw text as it is is in the normalised text too,
    // since normalising changes no character of it; confirming a hit mostly needs no normalising then.
    const text = kind !== 'page' ? 0 : !rank && candidate.raw.includes(term) ? 1 : countTerm(candidate.text(), term);
    const title = candidate.title.includes(term);
    const place = (rank || (text === 0 && !title)) && candidate.place().includes(term);
    if (text === 0 && !title && !place) return null;
    if (text > 0) inText = true;
    score += saturate(text) + (title ? TITLE_WEIGHT : 0) + (place ? PLACE_WEIGHT : 0);
  }
  if (kind === 'page' && !inText) return null;
  return rank ? score : 1;
}

/**
 * Candidate row ids, newest first (the highest page id, the lowest document rowid), at most `limit`, after the
 * row `after` if given. FTS5 walks the doclists in that order and stops at the limit: the cost is the rows read.
 */
function candidateIds(db: Database.Database, query: KindQuery, limit: number, after?: number): number[] {
  const [range, next, order] = query.kind === 'page' ? ['rowid > 0', 'rowid < ?', 'DESC'] : ['rowid < 0', 'rowid > ?', 'ASC'];
  const sql = `SELECT rowid AS id FROM search_index WHERE search_index MATCH ? AND ${range}${after === undefined ? '' : ` AND ${next}`} ORDER BY rowid ${order} LIMIT ?`;
  const args = after === undefined ? [query.match, limit] : [query.match, after, limit];
  return (stmt(db, sql).all(...args) as { id: number }[]).map((r) => r.id);
}

/** Candidates, counted up to `limit` (FTS5 stops there). */
function countCandidates(db: Database.Database, query: KindQuery, limit: number): number {
  const range = query.kind === 'page' ? 'rowid > 0' : 'rowid < 0';
  return (
    stmt(db, `SELECT count(*) AS n FROM (SELECT rowid FROM search_index WHERE search_index MATCH ? AND ${range} LIMIT ?)`).get(query.match, limit) as {
      n: number;
    }
  ).n;
}

function find(db: Database.Database, reader: CandidateReader, query: KindQuery, terms: readonly string[], want: number): Found {
  const scores = new Map<number, number>();
  // One read of the newest RANK_LIMIT + 1 candidates says whether there are few enough to rank.
  const first = candidateIds(db, query, RANK_LIMIT + 1);
  if (first.length <= RANK_LIMIT) {
    const ids: number[] = [];
    for (const id of first) {
      const candidate = reader.read(id);
      const score = candidate && scoreOf(candidate, terms, query.kind);
      if (score == null) continue;
      ids.push(id);
      scores.set(id, score);
    }
    // Best first; equal scores newest first (candidateIds gave them newest first, and sort is stable).
    ids.sort((a, b) => scores.get(b)! - scores.get(a)!);
    return { ids: ids.slice(0, want), scores, total: ids.length, totalIsEstimate: false, totalIsLowerBound: false, ranked: true };
  }
  if (query.exact) {
    // The index alone decides: the newest `want` candidates are the page of results, the count is the total.
    const counted = countCandidates(db, query, COUNT_LIMIT + 1);
    const ids = want <= first.length ? first.slice(0, want) : candidateIds(db, query, want);
    return { ids, scores, total: Math.min(counted, COUNT_LIMIT), totalIsEstimate: false, totalIsLowerBound: counted > COUNT_LIMIT, ranked: false };
  }
  // Too many to rank, and each must be confirmed against its text: newest first, confirming until the page of
  // results is full and the estimate has its sample (SAMPLE_HITS hits or SAMPLE_READS candidates), and
  // never more than CONFIRM_LIMIT past the page (a phrase whose pairs are everywhere but which is nowhere).
  const ids: number[] = [];
  let read = 0;
  let oldestRead = first[0]!;
  let batch = first;
  let exhausted = false;
  const budget = want + CONFIRM_LIMIT;
  const enough = () => (ids.length >= want && (ids.length >= SAMPLE_HITS || read >= SAMPLE_READS)) || read >= budget;
  let asked = first.length;
  let step = READ_STEP;
  for (;;) {
    const pages = query.kind === 'page' ? reader.readPages(batch, terms) : null;
    for (const id of batch) {
      if (enough()) break;
      read++;
      oldestRead = id;
      const candidate = pages ? pages.get(id) : reader.read(id);
      if (candidate === 'sure' || (candidate && scoreOf(candidate, terms, query.kind, false) !== null)) ids.push(id);
    }
    if (enough()) break;
    if (batch.length < asked) {
      exhausted = true;
      break;
    }
    asked = Math.min(step, budget - read);
    step *= 2;
    batch = candidateIds(db, query, asked, batch.at(-1));
    if (batch.length === 0) {
      exhausted = true;
      break;
    }
  }
  if (exhausted) return { ids: ids.slice(0, want), scores, total: ids.length, totalIsEstimate: false, totalIsLowerBound: false, ranked: false };
  // Every candidate from the newest down to oldestRead was looked at, so the hits found are all the hits of that
  // window of rows: scaled by the rows of the search's scope over those in the window, at least the hits found and
  // at most the rows in scope (the bounds of the estimate). Pages of one document or household lie together, so
  // the window is a lumpy sample: 约 179,000 for ~130,000 once at 1.2 M pages (sampling strata lower down as well
  // was tried: ~10% off, but FTS5 seeks into the middle of common pairs' doclists slowly, 3 ms → 21 ms).
  // Counting the candidates instead would walk the doclists of common pairs across the whole library (21 ms for
  // 危房改造 in one village of 1.2 million pages).
  const { rows, inWindow } = scopeWindow(db, query, oldestRead);
  const total = Math.min(rows, Math.max(ids.length, Math.round((ids.length * rows) / Math.max(1, inWindow))));
  return { ids: ids.slice(0, want), scores, total, totalIsEstimate: true, totalIsLowerBound: false, ranked: false };
}

/** Rows in a unit's or item's scope counted exactly up to this many (a village's, a township's); past it the
 * window's share is taken from the row ids (as without a filter). */
const SCOPE_COUNT_LIMIT = 50_000;

/**
 * Rows of the query's kind in its scope, and those from the newest down to `oldest` (a row id). The scope's rows
 * are one short doclist (a unit token); a wide scope, or none, is measured by row ids, which a library hands out
 * in order (deleted rows leave gaps the estimate ignores).
 */
function scopeWindow(db: Database.Database, query: KindQuery, oldest: number): { rows: number; inWindow: number } {
  const [kindRange, windowRange] = query.kind === 'page' ? ['rowid > 0', 'rowid >= ?'] : ['rowid < 0', 'rowid <= ?'];
  if (query.scope) {
    const count = (range: string, ...args: unknown[]) =>
      (
        stmt(db, `SELECT count(*) AS n FROM (SELECT rowid FROM search_index WHERE search_index MATCH ? AND ${range} LIMIT ?)`).get(
          query.scope,
          ...args,
          SCOPE_COUNT_LIMIT + 1,
        ) as { n: number }
      ).n;
    const rows = count(kindRange);
    if (rows <= SCOPE_COUNT_LIMIT) return { rows, inWindow: count(`${kindRange} AND ${windowRange}`, oldest) };
  }
  const table = query.kind === 'page' ? 'page' : 'document';
  // Two statements: SQLite looks max() or min() up in the b-tree only when it is the query's one aggregate.
  const newest = (stmt(db, `SELECT max(id) AS id FROM ${table}`).get() as { id: number }).id;
  const first = (stmt(db, `SELECT min(id) AS id FROM ${table}`).get() as { id: number }).id;
  const id = Math.abs(oldest);
  return { rows: newest - first + 1, inWindow: newest - id + 1 };
}

export function searchDocuments(db: Database.Database, query: string, options: SearchOptions = {}): SearchResult {
  const limit = options.limit ?? 20;
  const offset = options.offset ?? 0;
  syncSearchIndex(db, { maxPages: SYNC_BUDGET_PAGES });
  const pending = pendingCount(db);
  const terms = queryTerms(query);
  if (terms.length === 0 || limit <= 0) return { hits: [], total: 0, totalIsLowerBound: false, totalIsEstimate: false, ranked: true, pending };
  if (options.unitId != null) getUnit(db, options.unitId); // a unit that does not exist is an error, not "no hits"

  const queries = buildQueries(terms, options);
  const reader = new CandidateReader(db);
  // Documents (title or place matched) first: the document is about the words; then the pages that hold them.
  const documents = find(db, reader, queries.documents, terms, offset + limit);
  const pages = find(db, reader, queries.pages, terms, offset + limit);
  const chosen = [...documents.ids, ...pages.ids].slice(offset, offset + limit);

  const hits: SearchHit[] = [];
  for (const id of chosen) {
    const hit = id > 0 ? pageHit(db, id, terms) : documentHit(db, -id, terms);
    const score = (id > 0 ? pages : documents).scores.get(id) ?? 0;
    if (hit) hits.push({ ...hit, pathLabel: reader.pathLabel(hit.unitId), score });
  }
  return {
    hits,
    total: documents.total + pages.total,
    totalIsLowerBound: documents.totalIsLowerBound || pages.totalIsLowerBound,
    totalIsEstimate: documents.totalIsEstimate || pages.totalIsEstimate,
    ranked: documents.ranked && pages.ranked,
    pending,
  };
}

type HitWithoutPlace = Omit<SearchHit, 'pathLabel' | 'score'>;

function pageHit(db: Database.Database, pageId: number, terms: readonly string[]): HitWithoutPlace | null {
  const row = stmt(
    db,
    `SELECT p.id, p.seq, coalesce(p.corrected_text, p.ocr_text) AS text, d.id AS documentId, d.unit_id, d.item, d.title
       FROM page p JOIN document d ON d.id = p.document_id WHERE p.id = ?`,
  ).get(pageId) as
    | { id: number; seq: number; text: string | null; documentId: number; unit_id: number | null; item: string | null; title: string }
    | undefined;
  if (!row) return null;
  return {
    kind: 'page',
    documentId: row.documentId,
    pageId: row.id,
    pageSeq: row.seq,
    unitId: row.unit_id,
    documentTitle: row.title,
    item: row.item,
    snippet: makeSnippet(row.text ?? '', terms),
  };
}

function documentHit(db: Database.Database, documentId: number, terms: readonly string[]): HitWithoutPlace | null {
  const row = stmt(db, 'SELECT id, unit_id, item, title FROM document WHERE id = ?').get(documentId) as
    | { id: number; unit_id: number | null; item: string | null; title: string }
    | undefined;
  if (!row) return null;
  return {
    kind: 'document',
    documentId: row.id,
    pageId: null,
    pageSeq: null,
    unitId: row.unit_id,
    documentTitle: row.title,
    item: row.item,
    snippet: makeSnippet(row.title, terms),
  };
}
