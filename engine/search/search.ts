// Full-text search over page text, document titles and the place names of the unit a document is filed to.
//
// Semantics: terms separated by spaces (or punctuation) must all occur (AND); each matches as a substring
// (text.ts). A page is a hit when every term occurs in its text, its document's title or its place names, and at
// least one in its text — so a matching title does not list every page of its document. A document is a hit when
// every term occurs in its title or place names; it stands for its pages once, and document hits come before page
// hits.
//
// Cost grows with the hits, not the pages. The index (detail=none: which rows hold a token) gives candidates in
// rowid order; a term of 3+ characters is confirmed against the text of each candidate looked at (countTerm).
//  - Candidates are counted up to COUNT_LIMIT (FTS5 stops there).
//  - At most RANK_LIMIT candidates: each is read and confirmed, the total is exact, and hits are ranked by how
//    often each term occurs (saturating, as bm25 does), a term in the title weighing most, then the place names.
//  - More: the newest come first (ranked: false; a word on thousands of pages ranks poorly anyway, and the clerk
//    narrows the search), only as many candidates are read as the page of results needs, and the total is the
//    candidate count times the share of them confirmed (totalIsEstimate: the UI says 约), or more than
//    COUNT_LIMIT (totalIsLowerBound).
import type Database from 'better-sqlite3';
import type { SearchHit, SearchResult } from '../../shared/domain';
import { getUnit, unitPath } from '../catalog/units';
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

/** Candidates counted per kind (documents, pages); past it the total is "more than". */
export const COUNT_LIMIT = 10_000;
/** Candidates read, confirmed and ranked when there are at most this many (~20 µs each). */
export const RANK_LIMIT = 500;
/** Candidates read per step while filling a page of unranked results. */
const READ_STEP = 50;
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
}

export function buildQueries(terms: readonly string[], filter: Pick<SearchOptions, 'unitId' | 'item'>): { pages: KindQuery; documents: KindQuery } {
  let scope = '';
  if (filter.unitId != null) scope += ` AND "${unitToken(filter.unitId)}"`;
  if (filter.item != null) scope += ` AND "${itemToken(filter.item)}"`;
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
    pages: { match: `(${pages})${scope}`, kind: 'page', exact },
    documents: { match: `(${terms.map(inTitleOrPlace).join(' AND ')})${scope}`, kind: 'document', exact },
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
  text: string;
  title: string;
  place: string;
}

/** Reads candidates' text, titles and place names; the place names of a unit once per search. */
class CandidateReader {
  private readonly places = new Map<number, string>();
  constructor(private readonly db: Database.Database) {}

  private place(unitId: number | null): string {
    if (unitId === null) return '';
    let place = this.places.get(unitId);
    if (place === undefined) {
      const names = unitPath(this.db, unitId).filter((u) => u.tier !== 'county').map((u) => u.name);
      this.places.set(unitId, (place = normalizedString(names.join(' '))));
    }
    return place;
  }

  read(rowid: number): Candidate | null {
    if (rowid < 0) {
      const doc = stmt(this.db, 'SELECT title, unit_id FROM document WHERE id = ?').get(-rowid) as { title: string; unit_id: number | null } | undefined;
      return doc ? { text: '', title: normalizedString(doc.title), place: this.place(doc.unit_id) } : null;
    }
    const row = stmt(
      this.db,
      `SELECT coalesce(p.corrected_text, p.ocr_text) AS text, d.title, d.unit_id
         FROM page p JOIN document d ON d.id = p.document_id WHERE p.id = ?`,
    ).get(rowid) as { text: string | null; title: string; unit_id: number | null } | undefined;
    return row ? { text: normalizedString(row.text ?? ''), title: normalizedString(row.title), place: this.place(row.unit_id) } : null;
  }
}

const saturate = (n: number) => (n * (SATURATION + 1)) / (n + SATURATION);

/**
 * The candidate's score if it is a hit (the rules at the top of this file), else null. A term's weight: its
 * occurrences in the text, saturating, plus TITLE_WEIGHT if in the title and PLACE_WEIGHT if in the place names.
 */
function scoreOf(candidate: Candidate, terms: readonly string[], kind: KindQuery['kind']): number | null {
  let score = 0;
  let inText = false;
  for (const term of terms) {
    const text = kind === 'page' ? countTerm(candidate.text, term) : 0;
    const title = candidate.title.includes(term);
    const place = candidate.place.includes(term);
    if (text === 0 && !title && !place) return null;
    if (text > 0) inText = true;
    score += saturate(text) + (title ? TITLE_WEIGHT : 0) + (place ? PLACE_WEIGHT : 0);
  }
  return kind === 'page' && !inText ? null : score;
}

function candidateIds(db: Database.Database, query: KindQuery, limit: number, after?: number): number[] {
  // Newest first: the highest page id, the lowest (most negative) document rowid; `after` is the last one read.
  const [range, next, order] = query.kind === 'page' ? ['rowid > 0', 'rowid < ?', 'DESC'] : ['rowid < 0', 'rowid > ?', 'ASC'];
  const sql = `SELECT rowid AS id FROM search_index WHERE search_index MATCH ? AND ${range}${after === undefined ? '' : ` AND ${next}`} ORDER BY rowid ${order} LIMIT ?`;
  const args = after === undefined ? [query.match, limit] : [query.match, after, limit];
  return (stmt(db, sql).all(...args) as { id: number }[]).map((r) => r.id);
}

function countCandidates(db: Database.Database, query: KindQuery, limit: number): number {
  const range = query.kind === 'page' ? 'rowid > 0' : 'rowid < 0';
  return (
    stmt(db, `SELECT count(*) AS n FROM (SELECT rowid FROM search_index WHERE search_index MATCH ? AND ${range} LIMIT ?)`).get(query.match, limit) as {
      n: number;
    }
  ).n;
}

function find(db: Database.Database, reader: CandidateReader, query: KindQuery, terms: readonly string[], want: number): Found {
  const count = countCandidates(db, query, COUNT_LIMIT + 1);
  const scores = new Map<number, number>();
  if (count <= RANK_LIMIT) {
    const ids: number[] = [];
    for (const id of candidateIds(db, query, RANK_LIMIT)) {
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
  // Too many to rank: newest first, reading candidates only until `want` are confirmed.
  const ids: number[] = [];
  let read = 0;
  let last: number | undefined;
  while (ids.length < want) {
    const batch = candidateIds(db, query, READ_STEP, last);
    for (const id of batch) {
      read++;
      const candidate = reader.read(id);
      if (candidate && scoreOf(candidate, terms, query.kind) !== null) ids.push(id);
      if (ids.length === want) break;
    }
    if (batch.length < READ_STEP) break;
    last = batch.at(-1);
  }
  // Exact when the index alone decides, else the share confirmed so far applied to all candidates.
  const share = query.exact || read === 0 ? 1 : ids.length / read;
  const candidates = Math.min(count, COUNT_LIMIT);
  return {
    ids,
    scores,
    total: Math.round(candidates * share),
    totalIsEstimate: share < 1,
    totalIsLowerBound: count > COUNT_LIMIT,
    ranked: false,
  };
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

  const paths = new Map<number, string>();
  const pathLabel = (unitId: number | null) => {
    if (unitId === null) return '收件箱';
    let label = paths.get(unitId);
    if (label === undefined) paths.set(unitId, (label = unitPath(db, unitId).map((u) => u.name).join(' / ')));
    return label;
  };
  const hits: SearchHit[] = [];
  for (const id of chosen) {
    const hit = id > 0 ? pageHit(db, id, terms) : documentHit(db, -id, terms);
    const score = (id > 0 ? pages : documents).scores.get(id) ?? 0;
    if (hit) hits.push({ ...hit, pathLabel: pathLabel(hit.unitId), score });
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
