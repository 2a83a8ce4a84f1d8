// The clerk's rotation of a page (向左转/向右转): the master stays as it was scanned; the page is cleaned again from
// it with the clerk's quarter turn (which replaces the automatic orientation), and read again. The clerk's text
// correction, if any, is kept. Until it is read again, its word boxes are turned with it (turnWords), so the
// marks on the page follow the turn. page.rotation is the quarter turn from the master to the access copy.
import type { QuarterTurn } from '../imaging/clean';
import { cleanPage } from '../imaging/clean';
import { rasterizeInput } from '../imaging/rasterize';
import { turnWords } from '../imaging/turnBoxes';
import type { OcrWord } from '../../shared/domain';
import { storeBlob } from '../library/blobs';
import { writeTransaction, type Library } from '../library/library';
import { stmt } from '../library/sql';
import { turnPage } from './documents';
import { DangkaError } from '../../shared/errors';

export async function rotatePage(lib: Library, pageId: number, rotation: QuarterTurn): Promise<void> {
  const row = stmt(lib.db, 'SELECT master_sha256, master_page, rotation, width, height, ocr_words FROM page WHERE id = ?').get(pageId) as
    | { master_sha256: string; master_page: number; rotation: QuarterTurn; width: number | null; height: number | null; ocr_words: string | null }
    | undefined;
  if (!row) throw new DangkaError('NOT_FOUND', `没有找到该页（编号 ${pageId}）`);
  const [raster] = await rasterizeInput(lib.files.read(row.master_sha256), `第${pageId}页的原件`, row.master_page);
  if (!raster) throw new DangkaError('NOT_FOUND', '原件中没有这一页');
  const page = await cleanPage(raster.image, { rotation, dpi: raster.dpi, raw: raster.raw });
  const turn = ((((rotation - row.rotation) % 360) + 360) % 360) as QuarterTurn;
  const words =
    row.ocr_words && row.width && row.height
      ? JSON.stringify(turnWords(JSON.parse(row.ocr_words) as OcrWord[], turn, { width: row.width, height: row.height }, page))
      : null;
  writeTransaction(lib.db, (db) => {
    turnPage(db, pageId, {
      rotation,
      accessSha256: storeBlob(lib, page.access, 'image/jpeg'),
      thumbSha256: storeBlob(lib, page.thumbnail, 'image/jpeg'),
      width: page.width,
      height: page.height,
      dpi: page.dpi,
      skew: page.skewDegrees,
      warnings: page.warnings,
      words,
    });
  });
}
