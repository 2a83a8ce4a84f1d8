// 待核对: the pages the header counts as read with low confidence, each with its document and place, so the count
// opens the very pages it counts (issue 15 item 5).
import type { PagesToCheck } from '../../shared/methods/drill';
import { unitPath } from '../catalog/units';
import type { Library } from '../library/library';
import { stmt } from '../library/sql';
import { PAGE_TO_CHECK } from './service';

export function pagesToCheck(lib: Library, limit: number, offset: number): PagesToCheck {
  const total = (stmt(lib.db, `SELECT count(*) AS n FROM page WHERE ${PAGE_TO_CHECK}`).get() as { n: number }).n;
  const rows = stmt(
    lib.db,
    `SELECT p.id AS pageId, p.document_id AS documentId, p.seq, d.title, d.unit_id AS unitId, p.ocr_confidence AS confidence
       FROM page p JOIN document d ON d.id = p.document_id
      WHERE ${PAGE_TO_CHECK.replace(/(ocr_status|corrected_text|ocr_confidence)/g, 'p.$1')}
      ORDER BY p.ocr_confidence, p.id LIMIT ? OFFSET ?`,
  ).all(limit, offset) as { pageId: number; documentId: number; seq: number; title: string; unitId: number; confidence: number }[];
  return {
    total,
    pages: rows.map(({ unitId, ...r }) => ({ ...r, place: unitPath(lib.db, unitId).map((u) => u.name).join(' › ') })),
  };
}
