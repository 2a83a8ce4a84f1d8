import type { Migration } from './index';

export const m0020_documents: Migration = {
  version: 20,
  name: 'documents and pages: scans, clean-up results, OCR text and corrections',
  sql: /* sql */ `
-- A document (件) is an ordered set of pages filed to a unit and a template item. unit_id is NULL while the
-- document waits in the inbox (收件箱) for the clerk to file it.
CREATE TABLE document (
  id         INTEGER PRIMARY KEY,
  unit_id    INTEGER REFERENCES unit(id) ON DELETE RESTRICT,
  -- The template item as '<category>/<item>', e.g. '公示公告/贫困户识别两公示一公告'; NULL = not yet assigned.
  item       TEXT,
  title      TEXT NOT NULL,
  -- Where it came from: 'file' (imported), 'hotFolder' (scanner folder), 'upload' (the app's drop zone).
  source     TEXT NOT NULL CHECK (source IN ('file', 'hotFolder', 'upload')),
  -- The searchable PDF (page images + invisible OCR text), made on demand and cleared when the pages change.
  pdf_sha256 TEXT REFERENCES blob(sha256),
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
) STRICT;
CREATE INDEX document_unit ON document(unit_id, item);

-- One page. The master (the scanned file exactly as received) is never modified; the access copy is the
-- cleaned image (deskewed, border cropped, greyscale) that OCR reads and the viewer shows.
CREATE TABLE page (
  id            INTEGER PRIMARY KEY,
  document_id   INTEGER NOT NULL REFERENCES document(id) ON DELETE CASCADE,
  seq           INTEGER NOT NULL,                -- 1-based order within the document
  master_sha256 TEXT NOT NULL REFERENCES blob(sha256),
  master_page   INTEGER NOT NULL DEFAULT 0,      -- page index inside a multi-page master (TIFF, PDF)
  access_sha256 TEXT REFERENCES blob(sha256),
  thumb_sha256  TEXT REFERENCES blob(sha256),
  width         INTEGER,
  height        INTEGER,
  dpi           INTEGER,
  rotation      INTEGER NOT NULL DEFAULT 0 CHECK (rotation IN (0, 90, 180, 270)),  -- the clerk's extra rotation
  skew          REAL,
  warnings      TEXT NOT NULL DEFAULT '[]',      -- JSON array of Chinese warnings (low dpi, …)
  ocr_status    TEXT NOT NULL DEFAULT 'pending' CHECK (ocr_status IN ('pending', 'done', 'failed')),
  ocr_text      TEXT,
  ocr_confidence REAL,
  ocr_words     TEXT,                            -- JSON [{text, confidence, bbox:[x0,y0,x1,y1]}] on the access image
  ocr_error     TEXT,
  -- The clerk's correction: wins over ocr_text everywhere and is never overwritten by a re-run of OCR.
  corrected_text TEXT,
  created_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  UNIQUE (document_id, seq)
) STRICT;
CREATE INDEX page_master ON page(master_sha256);
-- The OCR queue is the pages themselves: pending pages survive a crash and are picked up again.
CREATE INDEX page_ocr_pending ON page(ocr_status) WHERE ocr_status = 'pending';
`,
};
