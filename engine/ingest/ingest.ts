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
import { rasterizePages } from '../imaging/rasterize';
import type { JobContext } from '../jobs/jobs';
import { recordBlob, storeBlob } from '../library/blobs';
import { writeTransaction, type Library } from '../library/library';
import { stmt } from '../library/sql';
import { holdLineReader } from '../ocr/lineReader';
import { inFlightLimiter } from '../ocr/limiter';
import type { OcrService } from '../ocr/service';
import { checkFilingTarget, copyPagesOfMaster, insertDocument, insertPage } from './documents';

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

/** The phase of a file of several pages (a PDF, a multi-page TIFF): counted in pages from the first. */
export const PAGES_PHASE = '整理页面';

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
      const pagesPhase = sources.length > 1 ? `${PAGES_PHASE}（第${i + 1}/${sources.length}个文件）` : PAGES_PHASE;
      const imported = await ingestFile(lib, source, target, ctx.signal, (done, count) => {
        if (count > 1) ctx.progress(pagesPhase, done, count);
      });
      files.push(imported.file);
      for (const page of imported.toRead) {
        if (!ocr) break;
        await limiter!.admit();
        readPage(page.pageId, page.ocrImage);
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
  /** Pages stored without text, with the image OCR reads when it is still in memory. */
  toRead: { pageId: number; ocrImage: Buffer | undefined }[];
}

interface Existing {
  document_id: number;
  unit_id: number | null;
  item: string | null;
  title: string;
}

/** `onPage(done, count)`: pages of the file cleaned and stored so far, reported from before the first page. */
async function ingestFile(
  lib: Library,
  source: IngestSource,
  target: IngestTarget,
  signal: AbortSignal,
  onPage: (done: number, count: number) => void,
): Promise<ImportedFile> {
  const { fileName } = source;
  let bytes: Buffer;
  try {
    bytes = source.read();
  } catch (err) {
    // A source may say why itself (an upload that expired); a path that is gone or locked says so here.
    throw new DangkaError('FILE_UNREADABLE', `${fileName}：${err instanceof DangkaError ? err.message : '无法读取文件（不存在或没有读取权限）'}`);
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

  // Page by page: each is rendered, cleaned and its access copy and thumbnail written to the store before the next
  // is rendered, so memory holds one page whatever the page count; the rows (document, pages, blobs) are written
  // in one transaction at the end — the file is imported whole or not at all.
  const written: string[] = [];
  const write = (bytes: Buffer, mime: string): StoredFile => {
    const { sha256, created } = lib.files.add(bytes);
    if (created) written.push(sha256);
    return { sha256, size: bytes.length, mime };
  };
  const pages: StoredPage[] = [];
  const releaseLineReader = holdLineReader();
  try {
    for await (const raster of rasterizePages(bytes, fileName)) {
      if (signal.aborted) throw new DangkaError('JOB_CANCELLED', '已取消，未导入');
      onPage(raster.index, raster.count);
      let page: CleanedPage;
      try {
        page = await cleanPage(raster.image, { dpi: raster.dpi, raw: raster.raw });
      } catch (err) {
        const why = err instanceof DangkaError ? err.message : String(err);
        throw new DangkaError('FILE_UNREADABLE', raster.count > 1 ? `${fileName} 第${raster.index + 1}页：${why}` : `${fileName}：${why}`);
      }
      pages.push({
        masterPage: raster.index,
        access: write(page.access, 'image/jpeg'),
        thumb: write(page.thumbnail, 'image/jpeg'),
        width: page.width,
        height: page.height,
        dpi: page.dpi,
        rotation: page.rotationDetected,
        skew: page.skewDegrees,
        warnings: page.warnings,
        ocrImage: pages.length < KEEP_OCR_IMAGES ? page.ocrImage : undefined,
      });
      onPage(raster.index + 1, raster.count);
    }
    const stored = writeTransaction(lib.db, (db) => {
      const master = storeBlob(lib, bytes, MIME_BY_FORMAT[extname(fileName).toLowerCase()] ?? 'application/octet-stream');
      const documentId = insertDocument(db, { unitId: target.unitId, item: target.item, title, source: target.source, sourceName: title });
      const toRead = pages.map((page, k) => {
        for (const file of [page.access, page.thumb]) {
          // Another import that failed meanwhile may have removed a file this one shares (a blank page's thumbnail):
          // never a row without its file.
          if (!lib.files.has(file.sha256)) throw new DangkaError('FILE_UNREADABLE', `${fileName}：第${k + 1}页的图像在导入期间丢失，请重新导入`);
          recordBlob(lib.db, file.sha256, file.size, file.mime);
        }
        const pageId = insertPage(db, documentId, k + 1, {
          masterSha256: master,
          masterPage: page.masterPage,
          accessSha256: page.access.sha256,
          thumbSha256: page.thumb.sha256,
          width: page.width,
          height: page.height,
          dpi: page.dpi,
          // The quarter turn found to make the text upright, so a clerk's later turn starts from it (rotate.ts).
          rotation: page.rotation,
          skew: page.skew,
          warnings: page.warnings,
        });
        return { pageId, ocrImage: page.ocrImage };
      });
      return { documentId, toRead };
    });
    return { file: { fileName, status: 'imported', documentId: stored.documentId, pages: pages.length, message: null }, toRead: stored.toRead };
  } catch (err) {
    // What this import wrote and no row names (another file may hold the same bytes by now: it has its row).
    for (const sha256 of written) if (!stmt(lib.db, 'SELECT 1 FROM blob WHERE sha256 = ?').get(sha256)) lib.files.remove(sha256);
    throw err;
  } finally {
    releaseLineReader();
  }
}

interface StoredFile {
  sha256: string;
  size: number;
  mime: string;
}

/** A cleaned page whose images are in the store, waiting for its row. */
interface StoredPage {
  masterPage: number;
  access: StoredFile;
  thumb: StoredFile;
  width: number;
  height: number;
  dpi: number | null;
  rotation: number;
  skew: number | null;
  warnings: string[];
  /** Kept for the first pages only (KEEP_OCR_IMAGES); later pages are read back from their access copy. */
  ocrImage: Buffer | undefined;
}

/**
 * The same file filed in another place (a household's paper that also belongs in the village file): a new
 * document over the same stored master, with the existing pages' clean-up and text (and the clerk's corrections).
 */
function linkCopy(lib: Library, copy: Existing, sha256: string, title: string, target: IngestTarget, fileName: string): ImportedFile {
  const documentId = writeTransaction(lib.db, (db) => {
    const id = insertDocument(db, { unitId: target.unitId, item: target.item, title, source: target.source, sourceName: title });
    copyPagesOfMaster(db, id, copy.document_id, sha256);
    // Its text is already read: described as the copy's text says.
    prefillDescription(db, id);
    return id;
  });
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
