// Full-text search over page text, document titles and the place names of the unit a document is filed to.
//
// Semantics: terms separated by spaces (or punctuation) must all occur (AND); each matches as a substring
// (text.ts). A page is a hit when every term occurs in its text, its document's title or its place names, and at
// least one in its text — so a matching title does not list every page of its document. A document is a hit when
// every term occurs in its title or place names; it stands for its pages once, and document hits come before page
// hits. Each kind is ranked by FTS5's bm25, the title weighted above the place names above the page text.
//
// Cost: finding hits is cheap (FTS5 stops after the first COUNT_LIMIT), ranking is not. bm25 first counts, over the
// whole index, the rows holding each phrase of its query (for idf): 25 ms for 2019 (three digit grams on half of all
// pages) at 100,000 pages, whatever the filter. So bm25 ranks by the terms found in at most RANK_TERM_LIMIT rows,
// and only when there are at most COUNT_LIMIT hits; when no term is that rare, the newest hits come first and the
// result says so (ranked: false) — a word on half the pages ranks poorly anyway, and the clerk narrows the search.
import type Database from 'better-sqlite3';
import type { SearchHit, SearchResult } from '../../shared/domain';
import { getUnit, unitPath } from '../catalog/units';
import { stmt } from '../library/sql';
import { itemToken, pendingCount, syncSearchIndex, unitToken } from './indexer';
import { makeSnippet } from './snippet';
import { DIGIT_GRAM, digitPhrases, DOCUMENT_MARK, queryTerms, termPhrase } from './text';

export interface SearchOptions {
  /** Only documents filed to this unit or below it. */
  unitId?: number | null;
  /** Only documents of this template item ('<category>/<item>'). */
  item?: string | null;
  limit?: number;
  offset?: number;
}

/** Hits counted per kind (documents, pages), and the most bm25 ranks. */
export const COUNT_LIMIT = 1000;
/** A term ranks (bm25) when it is in at most this many rows: its idf scan then stays under a few ms. */
export const RANK_TERM_LIMIT = 3000;
/**
 * Pages indexed from the queue before a search runs, at most (~0.5 ms a page, so ~0.25 s): a search right after a
 * big import waits a little and says how much is still queued (pending) instead of waiting for all of it.
 */
const SYNC_BUDGET_PAGES = 500;

/** bm25 weights of the columns body, digits, title, place, scope (scope only filters). */
const WEIGHTS = '1.0, 1.0, 4.0, 2.0, 0.0';

/** The FTS5 query of one kind of row, and what ranking needs. */
export interface KindQuery {
  /** The terms (AND) and the filter. */
  match: string;
  /** Each term alone, in the columns ranking looks at. */
  terms: string[];
  /** Newest first: page rows have rowid = page id (newest highest), document rows -document id (newest lowest). */
  newest: 'DESC' | 'ASC';
}

/** A term's condition on page rows, looked for in `columns`. */
function pageTerm(term: string, columns: string): string {
  // A number alone (4+ digits) is looked for in the digits column only: the same hits in the text as its bigrams,
  // far cheaper (a number in a title is found through the document row).
  if (/^[0-9]+$/.test(term) && term.length >= DIGIT_GRAM) return `{digits}: ${digitPhrases(term)[0]}`;
  // Numbers inside a longer term (2019年) narrow the rows cheaply before the bigram phrase is checked.
  return [`{${columns}}: ${termPhrase(term)}`, ...digitPhrases(term).map((p) => `{digits}: ${p}`)].join(' AND ');
}

/** The FTS5 queries. Terms reach them only through termPhrase and digitPhrases: nothing a clerk types is syntax. */
export function buildQueries(terms: readonly string[], filter: Pick<SearchOptions, 'unitId' | 'item'>): { pages: KindQuery; documents: KindQuery } {
  let scope = '';
  if (filter.unitId != null) scope += ` AND {scope}: ${unitToken(filter.unitId)}`;
  if (filter.item != null) scope += ` AND {scope}: ${itemToken(filter.item)}`;
  const anywhere = terms.map((t) => `(${pageTerm(t, 'body title place')})`);
  // One term must be in the page text; of several, each in the text, title or place and one at least in the text.
  const pages =
    terms.length === 1 ? pageTerm(terms[0]!, 'body') : `${anywhere.join(' AND ')} AND (${terms.map((t) => `(${pageTerm(t, 'body')})`).join(' OR ')})`;
  const marked = terms.map((t) => `{title place}: ${termPhrase(t, DOCUMENT_MARK)}`);
  return {
    pages: { match: `(${pages})${scope}`, terms: anywhere, newest: 'DESC' },
    documents: { match: `(${marked.join(' AND ')})${scope}`, terms: marked, newest: 'ASC' },
  };
}

interface Found {
  /** Row ids, best first, at most `want`. */
  ids: number[];
  scores: Map<number, number>;
  /** Up to COUNT_LIMIT + 1. */
  count: number;
  ranked: boolean;
}

function countRows(db: Database.Database, match: string, limit: number): number {
  return (
    stmt(db, 'SELECT count(*) AS n FROM (SELECT rowid FROM search_index WHERE search_index MATCH ? LIMIT ?)').get(match, limit) as {
      n: number;
    }
  ).n;
}

function find(db: Database.Database, query: KindQuery, want: number): Found {
  const limit = Math.max(COUNT_LIMIT, want);
  const ids = (
    stmt(db, `SELECT rowid AS id FROM search_index WHERE search_index MATCH ? ORDER BY rowid ${query.newest} LIMIT ?`).all(
      query.match,
      limit + 1,
    ) as { id: number }[]
  ).map((r) => r.id);
  const scores = new Map<number, number>();
  // Ranked by the terms that are rare enough for bm25's idf scan; a common word adds next to nothing to bm25
  // anyway (its idf is near 0). Without the filter: a scope token such as the county's is on every row.
  const rankable = ids.length > 1 && ids.length <= limit;
  const selective = rankable ? query.terms.filter((term) => countRows(db, term, RANK_TERM_LIMIT + 1) <= RANK_TERM_LIMIT) : [];
  if (selective.length > 0) {
    const rows = stmt(db, `SELECT rowid AS id, bm25(search_index, ${WEIGHTS}) AS score FROM search_index WHERE search_index MATCH ?`).all(
      selective.map((term) => `(${term})`).join(' OR '),
    ) as { id: number; score: number }[];
    // bm25 is negative, better is lower; the API says higher is better.
    for (const row of rows) scores.set(row.id, -row.score);
    ids.sort((a, b) => (scores.get(b) ?? 0) - (scores.get(a) ?? 0));
  }
  return { ids: ids.slice(0, want), scores, count: ids.length, ranked: ids.length <= 1 || selective.length > 0 };
}

export function searchDocuments(db: Database.Database, query: string, options: SearchOptions = {}): SearchResult {
  const limit = options.limit ?? 20;
  const offset = options.offset ?? 0;
  syncSearchIndex(db, { maxPages: SYNC_BUDGET_PAGES });
  const pending = pendingCount(db);
  const terms = queryTerms(query);
  if (terms.length === 0 || limit <= 0) return { hits: [], total: 0, totalIsLowerBound: false, ranked: true, pending };
  if (options.unitId != null) getUnit(db, options.unitId); // a unit that does not exist is an error, not "no hits"

  const queries = buildQueries(terms, options);
  // Documents (title or place matched) first: the document is about the words; then the pages that hold them.
  const documents = find(db, queries.documents, offset + limit);
  const pages = find(db, queries.pages, offset + limit);
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
    total: Math.min(documents.count, COUNT_LIMIT) + Math.min(pages.count, COUNT_LIMIT),
    totalIsLowerBound: documents.count > COUNT_LIMIT || pages.count > COUNT_LIMIT,
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
