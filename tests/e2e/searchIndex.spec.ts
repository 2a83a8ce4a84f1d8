// 检索索引 in 用户管理 (issue 16 item 8): an administrator rebuilds the search index as a job, sees it finish with
// the number of pages, and search answers the same afterwards.
import { storeBlob } from '../../engine/library/blobs';
import { openLibrary } from '../../engine/library/library';
import { expect, test } from './fixtures';

/**
 * A scanned file of 600 read pages in the first household (the demo library has no scans): every page holds 低保 and
 * 保户, one in three 低保户 — more candidates than are ranked, so its total is an estimate (约). Their scan is a real
 * stored file: later specs share this library, and a backup refuses a library with a file missing.
 */
const WHITE_PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAgAAAAICAIAAABLbSncAAAACXBIWXMAAAPoAAAD6AG1e1JrAAAAD0lEQVQImWP4jwMwDC0JALoev0GybL49AAAAAElFTkSuQmCC', 'base64');

function addReadPages(library: string): void {
  const lib = openLibrary(library);
  try {
    const db = lib.db;
    db.transaction(() => {
      const sha = storeBlob(lib, WHITE_PNG, 'image/png');
      const unit = db.prepare("SELECT id FROM unit WHERE tier = 'household' ORDER BY id LIMIT 1").get() as { id: number };
      const doc = Number(db.prepare("INSERT INTO document (unit_id, title, source) VALUES (?, '低保对象名册', 'file')").run(unit.id).lastInsertRowid);
      const page = db.prepare("INSERT INTO page (document_id, seq, master_sha256, ocr_status, ocr_text) VALUES (?, ?, ?, 'done', ?)");
      for (let i = 1; i <= 600; i++) page.run(doc, i, sha, `第${i}页 低保对象，保户名单。${i % 3 === 0 ? '同意纳入低保户。' : ''}`);
    })();
  } finally {
    lib.close();
  }
}

test('an administrator rebuilds the search index from 用户管理, and search still finds the same', async ({ app, served, shot }) => {
  addReadPages(served.library);
  await app.goto(`${served.base}#/search/${encodeURIComponent('低保户')}`);
  const total = app.getByTestId('search-total');
  await expect(total).toContainText(/找到 约 \d+ 条/);
  await shot('search-estimate');
  const before = await total.textContent();

  await app.getByTestId('user-menu').click();
  await app.getByTestId('open-users').click();
  const card = app.getByTestId('search-index-card');
  await card.scrollIntoViewIfNeeded();
  await card.getByTestId('search-index-rebuild').click();
  await expect(card.getByTestId('search-index-result')).toContainText(/检索索引已重建：共 \d+ 页/, { timeout: 60_000 });
  await shot('search-index-rebuilt');

  await app.goto(`${served.base}#/search/${encodeURIComponent('低保户')}`);
  await expect(app.getByTestId('search-total')).toHaveText(before!);
});
