// OCR for the library: one pool of workers shared by every job, the reading of one page and the storing of its
// result, and the run that works through every pending page. The queue is the page table itself
// (ocr_status 'pending'), so pages left by a crash, a cancel or a closed window are read on the next run.
import sharp from 'sharp';
import { LOW_CONFIDENCE, type OcrRunResult, type OcrStatus } from '../../shared/domain';
import { DangkaError } from '../../shared/errors';
import { prefillDescription } from '../describe/store';
import { documentIdOfPage, markPageUnreadable, requeueFailedPages, storePageReading } from '../ingest/documents';
import { encodePgm } from '../imaging/raster';
import type { JobContext, JobRunner } from '../jobs/jobs';
import { writeTransaction, type Library } from '../library/library';
import { stmt } from '../library/sql';
import { syncSearchIndex } from '../search/indexer';
import { inFlightLimiter } from './limiter';
import { closeLineReader, warmUpLineReader } from './lineReader';
import { createOcrPool, type OcrLanguage, type OcrPageResult, type OcrPool, type OcrRecognizer, OCR_RECOGNIZERS } from './pool';
import { hostname } from 'node:os';
import { readWorkstationSetting, writeWorkstationSetting } from '../library/workstation';
import { recordEvent } from '../audit/trail';

/** This computer's choice of recognizer (workstation_setting): it is about the machine's memory and speed. */
const RECOGNIZER_SETTING = 'ocrRecognizer';
/** Without a choice: docs/decisions.md (issue 16, item 5) has the measurements behind it. */
export const DEFAULT_RECOGNIZER: OcrRecognizer = 'accurate';

interface PoolInUse {
  pool: OcrPool;
  recognizer: OcrRecognizer;
  /** Pages being read on it: a pool replaced by a change of recognizer is closed when its last page is done. */
  reads: number;
}

/**
 * Queued pages indexed after each page read, at most: usually just that page; behind a long queue the change feed
 * and each search carry on with the rest.
 */
const OCR_INDEX_PAGES = 50;

export type PageReading = 'done' | 'failed' | 'elsewhere';

export class OcrService {
  private current: PoolInUse | null = null;
  /** Pages being read now, by any job: a page is read once even when an import and a run both want it. */
  private readonly claimed = new Set<number>();
  private runJobId: string | null = null;
  private closed = false;

  constructor(
    private readonly lib: Library,
    private readonly jobs: JobRunner,
    private readonly lang: OcrLanguage = 'auto',
    private readonly host = hostname(),
  ) {}

  /** Workers start with the first page, not with the app; the 高精度 models with the first page they read. */
  private get inUse(): PoolInUse {
    if (!this.current) {
      const recognizer = this.recognizer;
      this.current = { pool: createOcrPool({ lang: this.lang, recognizer }), recognizer, reads: 0 };
    }
    return this.current;
  }

  private get workers(): OcrPool {
    return this.inUse.pool;
  }

  /** 高精度 or 快速, as chosen on this computer (else the default). */
  get recognizer(): OcrRecognizer {
    const value = readWorkstationSetting(this.lib.db, this.host, RECOGNIZER_SETTING);
    return (OCR_RECOGNIZERS as readonly string[]).includes(value ?? '') ? (value as OcrRecognizer) : DEFAULT_RECOGNIZER;
  }

  /** Whether the 高精度 models are in this process's memory now (they load with the first page that needs them). */
  get accurateLoaded(): boolean {
    return this.current?.pool.accurateLoaded ?? false;
  }

  /**
   * Chooses the recognizer of this computer. Pages being read finish with the one they started with; the next page
   * is read with the new one, and the old one's memory is given back once its last page is done.
   */
  setRecognizer(recognizer: OcrRecognizer): void {
    this.lib.db.transaction(() => {
      writeWorkstationSetting(this.lib.db, this.host, RECOGNIZER_SETTING, recognizer);
      recordEvent(this.lib.db, '设置文字识别方式', { host: this.host, recognizer });
    })();
    const old = this.current;
    if (old && old.recognizer !== recognizer) {
      this.current = null;
      if (old.reads === 0) void old.pool.terminate();
    }
  }

  get concurrency(): number {
    return this.workers.concurrency;
  }

  /** An import is starting: load the OCR workers (and the orientation probe's) while its first file is cleaned. */
  warmUp(): void {
    this.workers.warmUp();
    warmUpLineReader();
  }

  /**
   * Reads one page and stores the text, confidence and word boxes (the clerk's correction is left as it is).
   * `image` is the cleaned page as CleanedPage.ocrImage when the caller has it, else it is made from the access
   * copy. A page the engine cannot read is marked failed with the reason; a cancel leaves it pending.
   */
  async readPage(pageId: number, signal: AbortSignal, image?: Buffer): Promise<PageReading> {
    const dpi = (stmt(this.lib.db, 'SELECT dpi FROM page WHERE id = ?').get(pageId) as { dpi: number | null } | undefined)?.dpi ?? null;
    if (this.claimed.has(pageId)) return 'elsewhere';
    this.claimed.add(pageId);
    try {
      let result: OcrPageResult;
      try {
        const use = this.inUse;
        use.reads++;
        try {
          result = await use.pool.recognize(image ?? (await this.imageOf(pageId)), signal, dpi);
        } finally {
          if (--use.reads === 0 && use !== this.current) void use.pool.terminate();
        }
      } catch (err) {
        if (this.closed || (err instanceof DangkaError && err.code === 'JOB_CANCELLED')) throw err;
        const message = err instanceof DangkaError ? err.message : `文字识别出错：${String(err)}`;
        writeTransaction(this.lib.db, (db) => markPageUnreadable(db, pageId, message));
        return 'failed';
      }
      if (this.closed) throw new DangkaError('JOB_CANCELLED', '程序正在关闭');
      writeTransaction(this.lib.db, (db) => {
        // Its document's searchable PDF no longer matches its text: made again on the next request.
        storePageReading(db, pageId, result);
        // The last page of a document read: its title, 文号 and 落款 are suggested from the text.
        prefillDescription(db, documentIdOfPage(db, pageId));
      });
      // The page is findable as soon as it is read (one page: a millisecond or two). Bounded: behind it may wait a
      // whole library queued for re-indexing (a rebuild cancelled, an upgrade), which is not this page's to carry.
      syncSearchIndex(this.lib.db, { maxPages: OCR_INDEX_PAGES });
      return 'done';
    } finally {
      this.claimed.delete(pageId);
    }
  }

  private async imageOf(pageId: number): Promise<Buffer> {
    const row = stmt(this.lib.db, 'SELECT access_sha256 FROM page WHERE id = ?').get(pageId) as { access_sha256: string | null } | undefined;
    if (!row?.access_sha256) throw new DangkaError('NOT_FOUND', '该页没有可识别的图像');
    const { data, info } = await sharp(this.lib.files.read(row.access_sha256)).greyscale().raw().toBuffer({ resolveWithObject: true });
    return encodePgm({ data, width: info.width, height: info.height });
  }

  /** Starts the run over every pending page (failed ones too, when asked) unless one is going; its job id. */
  startRun(options: { retryFailed?: boolean } = {}): string | null {
    if (options.retryFailed) writeTransaction(this.lib.db, requeueFailedPages);
    if (this.runJobId && this.jobs.get(this.runJobId).status === 'running') return this.runJobId;
    if (pendingPages(this.lib) === 0) return null;
    this.runJobId = this.jobs.start<OcrRunResult>('ocr', (ctx) => this.run(ctx)).id;
    return this.runJobId;
  }

  get runningJobId(): string | null {
    return this.runJobId && this.jobs.get(this.runJobId).status === 'running' ? this.runJobId : null;
  }

  private async run(ctx: JobContext): Promise<OcrRunResult> {
    const limiter = inFlightLimiter(this.concurrency + 1);
    const result: OcrRunResult = { pagesOcred: 0, failed: 0 };
    let done = 0;
    const tried = new Set<number>();
    const reads: Promise<unknown>[] = [];
    // Pages that become pending meanwhile (an import cancelled, a page rotated) are taken in the same run.
    for (;;) {
      const ids = (stmt(this.lib.db, "SELECT id FROM page WHERE ocr_status = 'pending' ORDER BY id").all() as { id: number }[])
        .map((r) => r.id)
        .filter((id) => !tried.has(id) && !this.claimed.has(id));
      if (ids.length === 0 || ctx.signal.aborted) break;
      const total = tried.size + ids.length;
      for (const id of ids) {
        await limiter.admit();
        if (ctx.signal.aborted) break;
        tried.add(id);
        reads.push(
          limiter.track(this.readPage(id, ctx.signal)).then(
            (outcome) => {
              if (outcome === 'done') result.pagesOcred++;
              if (outcome === 'failed') result.failed++;
              ctx.progress('文字识别', ++done, total);
            },
            () => undefined, // cancelled: the page stays pending
          ),
        );
      }
      await Promise.all(reads);
    }
    await Promise.all(reads);
    return result;
  }

  close(): void {
    this.closed = true;
    void this.current?.pool.terminate();
    // The orientation probe's worker too: a command-line run ends as soon as its work is done.
    void closeLineReader();
  }
}

/** A page to check (待核对): read with low confidence and nobody has corrected it yet. The count and the list use it. */
export const PAGE_TO_CHECK = `ocr_status = 'done' AND corrected_text IS NULL AND ocr_confidence < ${LOW_CONFIDENCE}`;

export function ocrStatus(lib: Library, jobId: string | null): OcrStatus {
  const row = stmt(
    lib.db,
    `SELECT sum(ocr_status = 'pending') AS pending, sum(ocr_status = 'failed') AS failed,
            sum(${PAGE_TO_CHECK}) AS low
       FROM page`,
  ).get() as { pending: number | null; failed: number | null; low: number | null };
  return { pending: row.pending ?? 0, failed: row.failed ?? 0, lowConfidence: row.low ?? 0, jobId };
}

export function pendingPages(lib: Library): number {
  return (stmt(lib.db, "SELECT count(*) AS n FROM page WHERE ocr_status = 'pending'").get() as { n: number }).n;
}
