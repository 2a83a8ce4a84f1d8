import type { Migration } from './index';

export const m0100_search_tokens: Migration = {
  version: 100,
  name: 'search index at county scale: one column of tokens, detail=none (smaller than the text it indexes)',
  sql: /* sql */ `
-- Replaces 0030's index (five columns of gram phrases with positions and a prefix index: ~2× the text) with one
-- column of tokens made by engine/search/text.ts indexTokens: each character and each overlapping pair of the page
-- text, 4-digit grams of its numbers, the title's and place names' tokens marked §, and the scope tokens
-- (u<unit id> for the unit and each ancestor, i<hex of the item's UTF-8>). detail=none records only which rows
-- hold a token: 1–2 character queries are answered by the index, longer ones are the AND of their pairs and the
-- text confirms each candidate looked at (engine/search/search.ts). Rows: rowid = page.id, or -document.id for a
-- document's own row (title and place only). Contentless: the text stays in page/document; contentless_delete
-- lets 0030's triggers remove a row by rowid (they name the table, so they carry over unchanged).
DROP TABLE search_index;
CREATE VIRTUAL TABLE search_index USING fts5(
  tokens,
  tokenize = 'ascii', detail = none, content = '', contentless_delete = 1
);

-- Everything is queued again. Opening does not wait for it: a search indexes a bounded batch first and says how
-- much is left, and the app (or dangka search --rebuild) indexes the rest as a job with progress.
DELETE FROM search_queue;
INSERT INTO search_queue (kind, id) SELECT 'document', id FROM document;
`,
};
