import { appendFileSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FAILED_DIR, HotFolder, IMPORTED_DIR } from '../../engine/ingest/hotFolder';
import { tempDir } from './helpers';

describe('scanner hot folder', () => {
  it('waits until a file has stopped growing, then imports it once and moves it to 已导入', async () => {
    const dir = tempDir();
    const taken: string[] = [];
    const folder = new HotFolder(dir, async (path) => {
      taken.push(readFileSync(path, 'utf8'));
      return { ok: true };
    }, { stableMs: 3000 });
    const file = join(dir, 'scan0001.jpg');
    writeFileSync(file, 'part1');
    expect(await folder.poll(0)).toEqual([]);
    appendFileSync(file, '-part2'); // the scanner is still writing
    expect(await folder.poll(2000)).toEqual([]);
    expect(await folder.poll(4000)).toEqual([]); // changed at 2000: not stable for 3 s yet
    expect(await folder.poll(5500)).toEqual([file]);
    expect(taken).toEqual(['part1-part2']);
    expect(readdirSync(join(dir, IMPORTED_DIR))).toEqual(['scan0001.jpg']);
    expect(await folder.poll(9000)).toEqual([]);
    expect(taken).toHaveLength(1);
  });

  it('ignores temporary names and empty files', async () => {
    const dir = tempDir();
    const folder = new HotFolder(dir, async () => ({ ok: true }), { stableMs: 10 });
    writeFileSync(join(dir, 'scan.jpg.part'), 'x');
    writeFileSync(join(dir, '~$doc.xlsx'), 'x');
    writeFileSync(join(dir, 'empty.jpg'), '');
    await folder.poll(0);
    expect(await folder.poll(100)).toEqual([]);
  });

  it('moves a file it could not import to 未能导入 with the reason, never deleting it', async () => {
    const dir = tempDir();
    const folder = new HotFolder(dir, async () => ({ ok: false, message: '文件不是图片' }), { stableMs: 10 });
    writeFileSync(join(dir, 'a.jpg'), 'not an image');
    await folder.poll(0);
    await folder.poll(100);
    const failed = join(dir, FAILED_DIR);
    expect(readdirSync(failed).sort()).toEqual(['a.jpg', 'a.jpg.txt']);
    expect(readFileSync(join(failed, 'a.jpg'), 'utf8')).toBe('not an image');
    expect(readFileSync(join(failed, 'a.jpg.txt'), 'utf8')).toContain('文件不是图片');
    // A second file of the same name does not overwrite the first.
    writeFileSync(join(dir, 'a.jpg'), 'again');
    await folder.poll(200);
    await folder.poll(300);
    expect(existsSync(join(failed, 'a (2).jpg'))).toBe(true);
  });
});
