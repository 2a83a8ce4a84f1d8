import type { Migration } from './index';

export const m0030_search: Migration = {
  version: 30,
  name: 'full-text search: FTS5 index of page text and document titles, kept by triggers and a queue',
  sql: /* sql */ `
-- Derived data: rebuilt from page and document by rebuildSearchIndex (dangka search --rebuild).
-- One row per page (rowid = page.id) and one per document (rowid = -document.id).
--   body   page text (corrected_text, else ocr_text) as two-character grams (engine/search/text.ts); '' on
--          document rows
--   digits the page text's numbers of 4+ digits as 4-digit grams (selective where digit bigrams are not)
--   title  the document title, grams (marked §低保 on document rows, so their doclists stay short and apart)
--   place  township, village and household names of the document's unit, grams (marked on document rows)
--   scope  filter tokens: u<unit id> for the unit and each ancestor, i<hex of the item's UTF-8>
-- The text arrives as grams already: the ascii tokenizer only splits at spaces (and ASCII punctuation) and keeps
-- every non-ASCII character inside its token, with no Unicode tables to consult.
-- Contentless (content=''): the text stays in page/document only; contentless_delete lets a trigger remove a row
-- by rowid. prefix='1' keeps 1-character queries (a prefix query over grams) fast on common characters: without it
-- 户 took 10–20 ms at 20,000 pages (so 50–100 ms at 100,000), with it ~2 ms; it is ~40% of the index's size
-- (291 MB per 100,000 generated pages of ~600 characters, for 148 MB of text).
CREATE VIRTUAL TABLE search_index USING fts5(
  body, digits, title, place, scope,
  tokenize = 'ascii', prefix = '1', content = '', contentless_delete = 1
);

-- What changed since the index was last brought up to date. Triggers only record the change (the gram transform
-- is TypeScript, which a trigger cannot call — and any connection, even the sqlite3 shell, may write these tables);
-- engine/search/indexer.ts drains the queue before every search. 'unit' means every document below that unit.
CREATE TABLE search_queue (
  kind TEXT NOT NULL CHECK (kind IN ('page', 'document', 'unit')),
  id   INTEGER NOT NULL,
  PRIMARY KEY (kind, id)
) STRICT, WITHOUT ROWID;

CREATE TRIGGER search_page_insert AFTER INSERT ON page BEGIN
  INSERT OR IGNORE INTO search_queue (kind, id) VALUES ('page', new.id);
END;
-- seq is not indexed (the hit reads it), so reordering pages queues nothing.
CREATE TRIGGER search_page_update AFTER UPDATE OF ocr_text, corrected_text, document_id ON page
  WHEN new.ocr_text IS NOT old.ocr_text OR new.corrected_text IS NOT old.corrected_text
    OR new.document_id IS NOT old.document_id
BEGIN
  INSERT OR IGNORE INTO search_queue (kind, id) VALUES ('page', new.id);
END;
-- Removal needs no transform: done at once, so a deleted page is never found.
CREATE TRIGGER search_page_delete AFTER DELETE ON page BEGIN
  DELETE FROM search_index WHERE rowid = old.id;
  DELETE FROM search_queue WHERE kind = 'page' AND id = old.id;
END;

CREATE TRIGGER search_document_insert AFTER INSERT ON document BEGIN
  INSERT OR IGNORE INTO search_queue (kind, id) VALUES ('document', new.id);
END;
CREATE TRIGGER search_document_update AFTER UPDATE OF title, unit_id, item ON document
  WHEN new.title IS NOT old.title OR new.unit_id IS NOT old.unit_id OR new.item IS NOT old.item
BEGIN
  INSERT OR IGNORE INTO search_queue (kind, id) VALUES ('document', new.id);
END;
CREATE TRIGGER search_document_delete AFTER DELETE ON document BEGIN
  DELETE FROM search_index WHERE rowid = -old.id;
  DELETE FROM search_queue WHERE kind = 'document' AND id = old.id;
END;

-- A renamed or moved unit changes the place names and scope tokens of every document below it.
CREATE TRIGGER search_unit_update AFTER UPDATE OF name, parent_id ON unit
  WHEN new.name IS NOT old.name OR new.parent_id IS NOT old.parent_id
BEGIN
  INSERT OR IGNORE INTO search_queue (kind, id) VALUES ('unit', new.id);
END;

-- A library that already has documents gets them indexed by the first search (or dangka search --rebuild).
INSERT INTO search_queue (kind, id) SELECT 'document', id FROM document;
`,
};
