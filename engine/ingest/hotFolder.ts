// The scanner's hot folder: new files land in the inbox. Scanners and copies write a file in pieces, so a file is
// taken only once its size and modification time have stopped changing for `stableMs` (Paperless-ngx users lose
// half-written scans to a watcher that does not wait). Polling rather than fs.watch: it also works on network
// shares and USB drives, where change events are unreliable.
//
// After a file is imported it is moved to 已导入/ (so it is never imported twice and the clerk can see it was
// taken); a file that cannot be imported goes to 未能导入/ with a .txt saying why. Nothing is deleted. Only scan
// types (JPG, PNG, TIFF, PDF…) are ever taken or moved: anything else in the folder is left where it is.
import { existsSync, lstatSync, mkdirSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { isScanFileName } from './ingest';

export const IMPORTED_DIR = '已导入';
export const FAILED_DIR = '未能导入';

/** Names that scanners, browsers and Office use while a file is still being written. */
const IN_PROGRESS = /^(\.|~\$)|\.(tmp|part|partial|crdownload|download)$/i;

export interface HotFolderOptions {
  stableMs?: number;
  pollMs?: number;
}

export type HotFolderHandler = (path: string) => Promise<{ ok: true } | { ok: false; message: string }>;

interface Seen {
  size: number;
  mtimeMs: number;
  since: number;
}

export class HotFolder {
  private readonly seen = new Map<string, Seen>();
  private timer: NodeJS.Timeout | null = null;
  /** The pass under way: passes never overlap, and a pass asked for meanwhile runs after it. */
  private running: Promise<string[]> = Promise.resolve([]);
  private queued = 0;
  private readonly stableMs: number;
  private readonly pollMs: number;

  constructor(
    readonly dir: string,
    private readonly handle: HotFolderHandler,
    options: HotFolderOptions = {},
  ) {
    this.stableMs = options.stableMs ?? 3000;
    this.pollMs = options.pollMs ?? 1000;
  }

  start(): void {
    if (this.timer) return;
    // A slow import (a long PDF) must not pile up passes behind it.
    this.timer = setInterval(() => {
      if (this.queued === 0) void this.poll();
    }, this.pollMs);
  }

  /** Stops watching; resolves once a file being imported is done (the library must stay open until then). */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  /** One pass, after any pass under way: imports every file that has been stable long enough. Returns the files handled. */
  poll(now?: number): Promise<string[]> {
    this.queued++;
    const pass = this.running.then(() => this.pass(now ?? Date.now())).finally(() => this.queued--);
    this.running = pass.catch(() => []);
    return pass;
  }

  private async pass(now: number): Promise<string[]> {
    const ready: string[] = [];
    const present = new Set<string>();
    for (const name of safeList(this.dir)) {
      if (IN_PROGRESS.test(name) || !isScanFileName(name)) continue;
      const path = join(this.dir, name);
      let st;
      try {
        st = lstatSync(path);
      } catch {
        continue; // vanished between list and stat
      }
      if (!st.isFile()) continue; // a folder, or a link that could point anywhere: never taken or moved
      present.add(path);
      const prev = this.seen.get(path);
      if (!prev || prev.size !== st.size || prev.mtimeMs !== st.mtimeMs) {
        this.seen.set(path, { size: st.size, mtimeMs: st.mtimeMs, since: now });
      } else if (st.size > 0 && now - prev.since >= this.stableMs) {
        ready.push(path);
      }
    }
    for (const path of this.seen.keys()) if (!present.has(path)) this.seen.delete(path);
    for (const path of ready) {
      this.seen.delete(path);
      const outcome = await this.handle(path).catch((err: unknown) => ({
        ok: false as const,
        message: err instanceof Error ? err.message : String(err),
      }));
      // Per file: one taken away meanwhile (the clerk moved it) has nothing left to set aside, and the files after
      // it are still handled.
      if (!existsSync(path)) continue;
      if (outcome.ok) moveAside(path, IMPORTED_DIR);
      else {
        const moved = moveAside(path, FAILED_DIR);
        writeFileSync(`${moved}.txt`, `${outcome.message}\n`);
      }
    }
    return ready;
  }
}

function safeList(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

/** Moves a file into a subfolder, never overwriting: a name that exists gets a numbered suffix. */
function moveAside(path: string, sub: string): string {
  const dir = join(path, '..', sub);
  mkdirSync(dir, { recursive: true });
  const ext = extname(path);
  const stem = basename(path, ext);
  let target = join(dir, basename(path));
  for (let n = 2; existsSync(target); n++) target = join(dir, `${stem} (${n})${ext}`);
  renameSync(path, target);
  return target;
}
