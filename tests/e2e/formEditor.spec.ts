// The form editor names each field and each column of a list as the form's one description does (shared/forms.ts
// FORMS): a 明白卡 entered with a measure row shows 措施类别/措施内容/金额（元）, refuses a row without its 类别, and saves.
import { FORMS } from '../../shared/forms';
import { expect, test } from './fixtures';
import { household } from './library';

test('a 明白卡 is entered with measure rows whose columns carry the form’s labels', async ({ app, served, shot }) => {
  const h = household(served.library, 150);
  await app.goto(`${served.base}#/household/${h.unit.id}`);
  await app.getByTestId('form-new-householdCard').click();
  const dialog = app.getByRole('dialog');
  await dialog.getByRole('button', { name: '添加措施' }).click();
  for (const c of FORMS.householdCard.items!.columns) await expect(dialog.getByPlaceholder(c.label)).toBeVisible();
  await dialog.getByPlaceholder('措施内容').fill('发放养殖补助');
  await dialog.getByPlaceholder('金额（元）').fill('2000');
  await app.getByTestId('form-save').click();
  // Refused in the dialog, the empty 措施类别 marked with the description's own words.
  await expect(dialog.getByPlaceholder('措施类别')).toHaveAttribute('aria-invalid', 'true');
  await expect(dialog).toContainText('请填写措施类别');
  await shot('form-editor-measures');
  await dialog.getByPlaceholder('措施类别').fill('产业扶贫');
  await app.getByTestId('form-save').click();
  await expect(app.getByTestId('forms-panel')).toContainText('帮扶措施1项');
});
