// 文字识别方式（本机）on the import page: 高精度 by default, a clerk switches to 快速 (a 4 GB computer) and the choice
// stays when the page is opened again.
import { expect, test } from './fixtures';

test('a clerk switches this computer to the fast recognizer and the choice is kept', async ({ app, served, shot }) => {
  await app.goto(`${served.base}#/import`);
  const card = app.getByTestId('ocr-recognizer');
  await expect(card).toContainText('文字识别方式（本机）');
  await expect(card.getByRole('radio', { name: /^高精度/ })).toBeChecked();
  await card.scrollIntoViewIfNeeded();
  await shot('ocr-recognizer');
  await card.getByRole('radio', { name: /^快速/ }).click();
  await expect(card.getByRole('radio', { name: /^快速/ })).toBeChecked();
  // Opened again (another page, then back): the choice comes from the engine.
  await app.goto(`${served.base}#/`);
  await app.goto(`${served.base}#/import`);
  await expect(app.getByTestId('ocr-recognizer').getByRole('radio', { name: /^快速/ })).toBeChecked();
  // Back to the default, for the other tests sharing this library.
  await app.getByTestId('ocr-recognizer').getByRole('radio', { name: /^高精度/ }).click();
  await expect(app.getByTestId('ocr-recognizer').getByRole('radio', { name: /^高精度/ })).toBeChecked();
});
