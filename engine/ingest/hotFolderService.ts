// The scanner hot folder of this workstation, wired to the library: its path is a per-computer setting (the
// scanner writes to a folder on this machine), files taken from it go to the inbox (收件箱) as one document each,
// and their pages are then read by the background OCR run. Only while the app or `dangka serve` runs.
import { readFileSync, statSync } from 'node:fs';
import { hostname } from 'node:os';
import { basename, isAbsolute, resolve } from 'node:path';
import type { HotFolderStatus } from '../../shared/domain';
import { DangkaError } from '../../shared/errors';
import { detachedContext } from '../jobs/jobs';
import type { Library } from '../library/library';
import { readWorkstationSetting, writeWorkstationSetting } from '../library/workstation';
import type { OcrService } from '../ocr/service';
import { HotFolder, type HotFolderOptions } from './hotFolder';
import { ingestFiles } from './ingest';
import { recordEvent, runAs, type Actor } from '../audit/trail';
import { checkScanFolder } from './hotFolderSafety';

const SETTING = 'hotFolder';
const HOT_FOLDER_ACTOR: Actor = { userId: null, name: '扫描仪文件夹', displayName: '扫描仪文件夹', role: 'clerk', action: 'hotFolder' };

export class HotFolderService {
  private watcher: HotFolder | null = null;
  private imported = 0;
  private failed = 0;
  private problem: string | null = null;

  constructor(
    private readonly lib: Library,
    private readonly ocr: OcrService,
    private readonly options: HotFolderOptions = {},
    private readonly host = hostname(),
  ) {}

  get dir(): string | null {
    return readWorkstationSetting(this.lib.db, this.host, SETTING);
  }

  status(): HotFolderStatus {
    return { dir: this.dir, active: this.watcher !== null, problem: this.problem, imported: this.imported, failed: this.failed };
  }

  /**
   * Sets (or with null clears) this workstation's folder and starts watching it. An administrator's call (the API
   * says so): the trail names who chose the folder. Refused where moving its files away would do harm
   * (engine/ingest/hotFolderSafety.ts).
   */
  async set(dir: string | null): Promise<HotFolderStatus> {
    if (dir !== null) {
      if (!isAbsolute(dir)) throw new DangkaError('INVALID_INPUT', '请填写扫描文件夹的完整路径（如 D:\\扫描 或 /home/user/扫描）');
      let isDir = false;
      try {
        isDir = statSync(dir).isDirectory();
      } catch {
        // reported below
      }
      if (!isDir) throw new DangkaError('INVALID_INPUT', `找不到文件夹：${dir}（请确认扫描仪保存文件的位置）`);
      const refusal = checkScanFolder(dir, this.lib.dir);
      if (refusal) throw new DangkaError('INVALID_INPUT', refusal);
    }
    await this.stop();
    this.lib.db.transaction(() => {
      writeWorkstationSetting(this.lib.db, this.host, SETTING, dir === null ? null : resolve(dir));
      recordEvent(this.lib.db, dir === null ? '取消扫描文件夹' : '设置扫描文件夹', { host: this.host, dir: dir === null ? null : resolve(dir) });
    })();
    this.start();
    return this.status();
  }

  /** Starts watching the folder set for this workstation, if any (the app's start). */
  start(): void {
    if (this.watcher) return;
    const dir = this.dir;
    this.problem = null;
    if (dir === null) return;
    try {
      if (!statSync(dir).isDirectory()) throw new Error('not a directory');
    } catch {
      // A USB disk not plugged in, a renamed folder: said in the UI, and tried again at the next start.
      this.problem = `扫描文件夹不存在或无法打开：${dir}`;
      return;
    }
    // A folder set before these rules existed (the library itself, a home folder) is not watched until changed.
    const refusal = checkScanFolder(dir, this.lib.dir);
    if (refusal) {
      this.problem = `${refusal}。请管理员重新设置扫描文件夹`;
      return;
    }
    this.watcher = new HotFolder(dir, (path) => this.take(path), this.options);
    this.watcher.start();
  }

  /** Stops watching; resolves once a file being imported is done. */
  async stop(): Promise<void> {
    const watcher = this.watcher;
    this.watcher = null;
    await watcher?.stop();
  }

  /** One pass now (tests, and `dangka watch --once`). */
  poll(now?: number): Promise<string[]> {
    return this.watcher ? this.watcher.poll(now) : Promise.resolve([]);
  }

  private async take(path: string): Promise<{ ok: true } | { ok: false; message: string }> {
    // Nobody signed this in: the trail names the scanner folder (the clerk who files the scan later is named then).
    const result = await runAs(HOT_FOLDER_ACTOR, () =>
      ingestFiles(this.lib, null, [{ fileName: basename(path), read: () => readFileSync(path) }], { unitId: null, item: null, source: 'hotFolder' }, detachedContext()),
    );
    const file = result.files[0]!;
    if (file.status === 'failed') {
      this.failed++;
      return { ok: false, message: file.message ?? '无法导入' };
    }
    this.imported++;
    this.ocr.startRun();
    return { ok: true };
  }
}
