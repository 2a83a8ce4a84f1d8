import type { Migration } from './index';

/** The description columns, audited as the clerk's work (0060's document trigger covers unit, item and title). */
const DESCRIBED = ['author', 'ref_number', 'doc_date', 'piece_no', 'retention', 'secrecy', 'remarks'];
const json = (row: 'NEW' | 'OLD') => `json_object(${DESCRIBED.map((c) => `'${c}', ${row}.${c}`).join(', ')})`;

export const m0090_description: Migration = {
  version: 90,
  name: 'item-level description (著录) of documents: 责任者, 文号, 成文日期, 件号, 保管期限, 密级, 备注',
  sql: /* sql */ `
-- DA/T 22-2015 归档文件目录 / GB/T 9705 卷内文件目录 columns. Empty text = not yet described.
ALTER TABLE document ADD COLUMN author TEXT NOT NULL DEFAULT '';
ALTER TABLE document ADD COLUMN ref_number TEXT NOT NULL DEFAULT '';
-- 成文日期 as DA/T 22 writes it: YYYYMMDD, 00 for an unknown day or month.
ALTER TABLE document ADD COLUMN doc_date TEXT NOT NULL DEFAULT '' CHECK (doc_date = '' OR doc_date GLOB '[12][0-9][0-9][0-9][01][0-9][0-3][0-9]');
-- 件号: the place within its dossier; NULL = after the numbered ones, in filing order (engine/describe/store.ts).
ALTER TABLE document ADD COLUMN piece_no INTEGER;
-- 保管期限 Y/D30/D10; NULL = the template's default (永久).
ALTER TABLE document ADD COLUMN retention TEXT CHECK (retention IS NULL OR retention IN ('Y', 'D30', 'D10'));
ALTER TABLE document ADD COLUMN secrecy TEXT NOT NULL DEFAULT '';
ALTER TABLE document ADD COLUMN remarks TEXT NOT NULL DEFAULT '';
-- The name of the file the scan came in as, while the title is still it (a title that is a file name = 未著录).
ALTER TABLE document ADD COLUMN source_name TEXT;
-- Fields pre-filled from the scan's text that the clerk has not confirmed or edited: JSON ["title","date",…].
ALTER TABLE document ADD COLUMN suggested TEXT NOT NULL DEFAULT '[]';

-- Until now a document's title was its file name unless the clerk changed it (the trail says whether they did).
UPDATE document SET source_name = title
 WHERE NOT EXISTS (SELECT 1 FROM audit a WHERE a.tbl = 'document' AND a.op = 'update' AND a.row_id = document.id
                     AND json_extract(a.before, '$.title') IS NOT json_extract(a.after, '$.title'));

CREATE TRIGGER audit_document_description AFTER UPDATE ON document
  WHEN ${DESCRIBED.map((c) => `NEW.${c} IS NOT OLD.${c}`).join(' OR ')}
BEGIN
  INSERT INTO audit (at, actor, action, tbl, op, row_id, unit_id, before, after, hash)
    SELECT t.at, t.actor, t.action, 'document', 'update', t.row_id, t.unit_id, t.before, t.after,
           dangka_audit_hash(ifnull((SELECT hash FROM audit ORDER BY id DESC LIMIT 1), ''), t.at, t.actor, t.action, 'document', 'update', t.row_id, t.unit_id, t.before, t.after)
      FROM (SELECT strftime('%Y-%m-%dT%H:%M:%fZ', 'now') AS at, dangka_actor() AS actor, dangka_action() AS action,
                   NEW.id AS row_id, NEW.unit_id AS unit_id, ${json('OLD')} AS before, ${json('NEW')} AS after) t;
END;
CREATE INDEX document_piece ON document(unit_id, piece_no);
`,
};
