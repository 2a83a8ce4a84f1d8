// Opened from a full-text search result, the page shows the searched word marked on the image; turned a quarter,
// the page keeps the mark on the same word.
import { renderScan } from '../fixtures/scans';
import { callApi as call, expect, test } from './fixtures';
import { village } from './library';
import { DocumentScreen, SearchScreen } from './pages';

/** The centre of the first mark as a fraction of the page image's width and height. */
async function firstMarkCentre(page: import('@playwright/test').Page): Promise<{ x: number; y: number }> {
  const image = (await page.getByTestId('page-image').boundingBox())!;
  const mark = (await page.getByTestId('search-mark').first().boundingBox())!;
  return { x: (mark.x + mark.width / 2 - image.x) / image.width, y: (mark.y + mark.height / 2 - image.y) / image.height };
}

test('the searched word is marked on the page image and the mark follows a turned page', async ({ app, served, shot }) => {
  test.setTimeout(180_000);
  const { village: v } = village(served.library, 0, 3);
  const scan = await renderScan({ kind: 'application', seed: 23, widthMm: 160, heightMm: 120, jpegQuality: 85 });
  const name = /本人(\p{Script=Han}{2,3})，/u.exec(scan.truth)![1]!;
  await app.goto(`${served.base}#/unit/${v.id}`);
  // The test turns an upright page sideways, and the page is read again after a turn: only the fast path (tesseract,
  // whose clean-up finds the text's orientation) reads a sideways page; PP-OCR finds no lines in it, so the new
  // reading would hold no words to mark. A clerk turns pages the other way (sideways to upright).
  await call(app, 'ocr.recognizerSet', { recognizer: 'fast' });
  const { uploadId } = (await call(app, 'ingest.upload', { fileName: '申请书.jpg', contentBase64: scan.image.toString('base64') })) as { uploadId: string };
  await call(app, 'ingest.start', { uploadIds: [uploadId], unitId: v.id, item: null });
  await expect.poll(async () => ((await call(app, 'ocr.status', {})) as { pending: number; jobId: string | null }).pending, { timeout: 120_000 }).toBe(0);

  const search = new SearchScreen(app);
  await search.search(name);
  await search.results().filter({ hasText: '第1页' }).filter({ hasText: v.name }).first().click();
  await expect(new DocumentScreen(app).title()).toBeVisible();
  await expect(app).toHaveURL(new RegExp(`#/document/\\d+/1\\?q=${encodeURIComponent(name)}$`));
  await expect(app.getByTestId('search-mark').first()).toBeVisible();
  await expect(app.getByTestId('search-mark-count')).toContainText(`“${name}”`);
  await shot('search-marks');
  const before = await firstMarkCentre(app);

  const image = await app.getByTestId('page-image').getAttribute('src');
  await app.getByTestId('rotate-right').click();
  await expect(app.getByTestId('page-image')).not.toHaveAttribute('src', image!);
  await expect(app.getByTestId('search-mark').first()).toBeVisible();
  const after = await firstMarkCentre(app);
  // A clockwise quarter turn: what was at (x, y) of the page is now at (1 − y, x).
  expect(Math.abs(after.x - (1 - before.y))).toBeLessThan(0.08);
  expect(Math.abs(after.y - before.x)).toBeLessThan(0.08);
  await shot('search-marks-turned');
});
