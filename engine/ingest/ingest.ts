// Importing scans: every file becomes one document (件) whose pages keep the file's order. Per file: the bytes are
// hashed; a file already filed in the same place is reported, not imported again; a file filed elsewhere is linked
// (the same stored master, its cleaned pages and text reused — nothing stored or read twice); otherwise each page
// is decoded (rasterize.ts), cleaned (clean.ts) and stored, and the document is written in one transaction — a
// file is imported whole or not at all, and a bad file fails alone with a Chinese message while the batch goes on.
// OCR of the stored pages starts at once in the shared pool while the next file is cleaned on this thread.
import { createHash } from 'node:crypto';
import { extname } from 'node:path';
import type { DocumentSummary, IngestFileResult, IngestResult } from '../../shared/domain';
import { DangkaError } from '../../shared/errors';
import { unitPath } from '../catalog/units';
import { prefillDescription } from '../describe/store';
import { cleanPage, type CleanedPage } from '../imaging/clean';
import { rasterizeInput } from '../imaging/rasterize';
import type { JobContext } from '../jobs/jobs';
import { storeBlob } from '../library/blobs';
import type { Library } from '../library/library';
import { stmt } from '../library/sql';
import { inFlightLimiter } from '../ocr/limiter';
import type { OcrService } from '../ocr/service';
import { checkFilingTarget } from './documents';

export interface IngestTarget {
  unitId: number | null;
  item: string | null;
  source: DocumentSummary['source'];
}

/** One file to import; its bytes are read only when its turn comes (a batch may be large). */
export interface IngestSource {
  fileName: string;
  read(): Buffer;
}

const MIME_BY_FORMAT: Record<string, string> = {
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.png': 'image/png',
  '.tif': 'image/tiff',
  '.tiff': 'image/tiff',
  '.webp': 'image/webp',
  '.pdf': 'application/pdf',
};

/** A file whose type Dangka imports as a scan (the scanner folder takes only these; engine/ingest/hotFolder.ts). */
export function isScanFileName(name: string): boolean {
  return Object.hasOwn(MIME_BY_FORMAT, extname(name).toLowerCase());
}

/**
 * Cleaned pages of a file kept in memory for OCR; further pages of a long PDF are read back from their stored
 * access copy when their turn comes (~4 MB each at 200 dpi).
 */
const KEEP_OCR_IMAGES = 4;

export async function ingestFiles(lib: Library, ocr: OcrService | null, sources: readonly IngestSource[], target: IngestTarget, ctx: JobContext): Promise<IngestResult> {
  checkFilingTarget(lib, target.unitId, target.item);
  const files: IngestFileResult[] = [];
  const result: IngestResult = { files, pagesOcred: 0, ocrFailed: 0 };
  ocr?.warmUp();
  const limiter = ocr ? inFlightLimiter(ocr.concurrency + 1) : null;
  const reads: Promise<void>[] = [];
  let pagesQueued = 0;
  let pagesRead = 0;
  const readPage = (pageId: number, image: Buffer | undefined) => {
    pagesQueued++;
    reads.push(
      limiter!.track(ocr!.readPage(pageId, ctx.signal, image)).then(
        (outcome) => {
          pagesRead++;
          if (outcome === 'done') result.pagesOcred++;
          if (outcome === 'failed') result.ocrFailed++;
          if (files.length === sources.length) ctx.progress('文字识别', pagesRead, pagesQueued);
        },
        () => undefined, // cancelled: the page stays pending for the next OCR run
      ),
    );
  };

  for (const [i, source] of sources.entries()) {
    ctx.progress('导入', i, sources.length);
    if (ctx.signal.aborted) {
      files.push({ fileName: source.fileName, status: 'cancelled', documentId: null, pages: 0, message: '已取消，未导入' });
      continue;
    }
    try {
      const imported = await ingestFile(lib, source, target, ctx.signal);
      files.push(imported.file);
      for (const [k, page] of imported.toRead.entries()) {
        if (!ocr) break;
        await limiter!.admit();
        readPage(page.pageId, k < KEEP_OCR_IMAGES ? page.ocrImage : undefined);
      }
    } catch (err) {
      if (!(err instanceof DangkaError)) throw err;
      const cancelled = err.code === 'JOB_CANCELLED';
      files.push({ fileName: source.fileName, status: cancelled ? 'cancelled' : 'failed', documentId: null, pages: 0, message: err.message });
    }
    await ctx.yield();
  }
  ctx.progress('文字识别', pagesRead, pagesQueued);
  await Promise.all(reads);
  return result;
}

interface ImportedFile {
  file: IngestFileResult;
  /** Pages stored without text, with the image OCR reads. */
  toRead: { pageId: number; ocrImage: Buffer }[];
}

interface Existing {
  document_id: number;
  unit_id: number | null;
  item: string | null;
  title: string;
}

async function ingestFile(lib: Library, source: IngestSource, target: IngestTarget, signal: AbortSignal): Promise<ImportedFile> {
  const { fileName } = source;
  let bytes: Buffer;
  try {
    bytes = source.read();
  } catch {
    throw new DangkaError('FILE_UNREADABLE', `${fileName}：无法读取文件（不存在或没有读取权限）`);
  }
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const title = titleOf(fileName);
  const copies = stmt(
    lib.db,
    `SELECT DISTINCT d.id AS document_id, d.unit_id, d.item, d.title FROM page p JOIN document d ON d.id = p.document_id
      WHERE p.master_sha256 = ? ORDER BY d.id`,
  ).all(sha256) as Existing[];
  const here = copies.find((c) => c.unit_id === target.unitId && c.item === target.item);
  if (here) {
    return {
      file: { fileName, status: 'duplicate', documentId: here.document_id, pages: 0, message: `已导入过：与“${here.title}”（${placeOf(lib, here)}）是同一文件，未重复导入` },
      toRead: [],
    };
  }
  if (copies.length > 0) return linkCopy(lib, copies[0]!, sha256, title, target, fileName);

  const rasters = await rasterizeInput(bytes, fileName);
  const cleaned: CleanedPage[] = [];
  for (const [k, raster] of rasters.entries()) {
    if (signal.aborted) throw new DangkaError('JOB_CANCELLED', '已取消，未导入');
    try {
      cleaned.push(await cleanPage(raster.image, { dpi: raster.dpi }));
    } catch (err) {
      const why = err instanceof DangkaError ? err.message : String(err);
      throw new DangkaError('FILE_UNREADABLE', rasters.length > 1 ? `${fileName} 第${k + 1}页：${why}` : `${fileName}：${why}`);
    }
  }
  const stored = lib.db.transaction(() => {
    const master = storeBlob(lib, bytes, MIME_BY_FORMAT[extname(fileName).toLowerCase()] ?? 'application/octet-stream');
    const documentId = Number(
      stmt(lib.db, 'INSERT INTO document (unit_id, item, title, source, source_name) VALUES (?, ?, ?, ?, ?)').run(target.unitId, target.item, title, target.source, title)
        .lastInsertRowid,
    );
    const insertPage = stmt(
      lib.db,
      // rotation: the quarter turn found to make the text upright, so a clerk's later turn starts from it (rotate.ts).
      `INSERT INTO page (document_id, seq, master_sha256, master_page, access_sha256, thumb_sha256, width, height, dpi, rotation, skew, warnings)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const toRead = cleaned.map((page, k) => {
      const pageId = Number(
        insertPage.run(
          documentId,
          k + 1,
          master,
          rasters[k]!.index,
          storeBlob(lib, page.access, 'image/jpeg'),
          storeBlob(lib, page.thumbnail, 'image/jpeg'),
          page.width,
          page.height,
          page.dpi,
          page.rotationDetected,
          page.skewDegrees,
          JSON.stringify(page.warnings),
        ).lastInsertRowid,
      );
      return { pageId, ocrImage: page.ocrImage };
    });
    return { documentId, toRead };
  })();
  return { file: { fileName, status: 'imported', documentId: stored.documentId, pages: cleaned.length, message: null }, toRead: stored.toRead };
}

/**
 * The same file filed in another place (a household's paper that also belongs in the village file): a new
 * document over the same stored master, with the existing pages' clean-up and text (and the clerk's corrections).
 */
function linkCopy(lib: Library, copy: Existing, sha256: string, title: string, target: IngestTarget, fileName: string): ImportedFile {
  const documentId = lib.db.transaction(() => {
    const id = Number(
      stmt(lib.db, 'INSERT INTO document (unit_id, item, title, source, source_name) VALUES (?, ?, ?, ?, ?)').run(target.unitId, target.item, title, target.source, title)
        .lastInsertRowid,
    );
    stmt(
      lib.db,
      `INSERT INTO page (document_id, seq, master_sha256, master_page, access_sha256, thumb_sha256, width, height, dpi, rotation, skew,
                         warnings, ocr_status, ocr_text, ocr_confidence, ocr_words, ocr_error, corrected_text)
       SELECT ?, row_number() OVER (ORDER BY master_page), master_sha256, master_page, access_sha256, thumb_sha256, width, height, dpi,
              rotation, skew, warnings, ocr_status, ocr_text, ocr_confidence, ocr_words, ocr_error, corrected_text
         FROM page WHERE document_id = ? AND master_sha256 = ?`,
    ).run(id, copy.document_id, sha256);
    // Its text is already read: described as the copy's text says.
    prefillDescription(lib.db, id);
    return id;
  })();
  const pages = stmt(lib.db, 'SELECT id, ocr_status FROM page WHERE document_id = ?').all(documentId) as { id: number; ocr_status: string }[];
  return {
    file: { fileName, status: 'imported', documentId, pages: pages.length, message: `与“${copy.title}”（${placeOf(lib, copy)}）是同一文件：未重复存储，已关联` },
    toRead: [],
  };
}

function titleOf(fileName: string): string {
  const stem = fileName.slice(0, fileName.length - extname(fileName).length).trim();
  return (stem || fileName).slice(0, 200);
}

function placeOf(lib: Library, doc: Existing): string {
  if (doc.unit_id === null) return '收件箱';
  const place = unitPath(lib.db, doc.unit_id).map((u) => u.name).join(' / ');
  return `${place}${doc.item ? ` · ${doc.item.slice(doc.item.indexOf('/') + 1)}` : ''}`;
}
