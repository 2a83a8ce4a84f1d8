// Checking a village as a reviewer would: a date-order defect planted in its records shows as an open error in
// the problem ledger with what disagrees; the clerk corrects the date on the household's application from the
// problem, and the re-check closes it (销号).
import { callApi as call, expect, test } from './fixtures';
import { village } from './library';

test('a planted date-order defect is listed as an error, and fixing the date closes it', async ({ app, served, shot }) => {
  const { village: v } = village(served.library, 0, 2);
  const households = (await call(app, 'catalog.children', { parentId: v.id })) as { id: number; name: string }[];
  const h = households[0]!;
  await call(app, 'forms.save', { unitId: v.id, type: 'meeting', fields: { round: 2019, stage: '提议', date: '2019-03-05', due: 7, present: 7, signedIn: 7, votesFor: 7, signatures: { 参会人员: true } } });
  await call(app, 'forms.save', { unitId: h.id, type: 'application', fields: { date: '2019-03-12', applicant: h.name, signatures: { 申请人: true } } });

  await app.goto(`${served.base}#/unit/${v.id}`);
  await app.getByTestId('unit-check').click();
  await expect(app.getByTestId('check-title')).toContainText(v.name);
  const problem = app.getByTestId('problem-row').filter({ hasText: '申请书日期（2019年3月12日）不早于' });
  await expect(problem).toContainText('错误');
  await expect(problem).toContainText(h.name);
  await shot('check-village');

  // From the problem to the household, where the clerk corrects the application's date.
  await problem.getByText('查看').click();
  await expect(app).toHaveURL(new RegExp(`#/household/${h.id}$`));
  const record = app.getByTestId('form-record').filter({ hasText: '贫困户申请书' });
  await record.getByTestId('form-edit').click();
  const date = app.getByRole('dialog').getByTestId('form-date');
  await date.click();
  await date.press('Control+a');
  await date.fill('2019-03-01');
  await date.press('Enter');
  await app.getByRole('dialog').getByTestId('form-save').click();
  await expect(record).toContainText('2019-03-01');

  await app.goto(`${served.base}#/check/${v.id}`);
  await expect(app.getByTestId('check-title')).toContainText(v.name);
  await expect(app.getByTestId('problem-row').filter({ hasText: '申请书日期' })).toHaveCount(0);
  await app.getByTestId('problem-status').getByText('已销号').click();
  await expect(app.getByTestId('problem-row').filter({ hasText: '申请书日期（2019年3月12日）' })).toContainText('已销号（复查通过）');
  await shot('check-closed');
});
