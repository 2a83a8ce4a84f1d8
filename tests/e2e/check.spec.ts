// Checking a village as a reviewer would: a date-order defect planted in its records shows as an open error in
// the problem ledger with what disagrees; the clerk corrects the date on the household's application from the
// problem; the re-check makes it 已整改待验收 — never closed by the system; the reviewer sends it back once (退回整改,
// with the reason), the clerk reports it done, and the reviewer accepts it (验收销号) under their own name. The
// review panel shows a round's stages and refuses the same person on two stages.
import { callApi as call, expect, test } from './fixtures';
import { village } from './library';

test('a planted date-order defect is listed as an error; fixing it waits for a person\'s 验收销号', async ({ app, served, shot }) => {
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
  const fixed = app.getByTestId('problem-row').filter({ hasText: '申请书日期（2019年3月12日）' });
  await expect(fixed.getByTestId('problem-stage')).toHaveText('已整改待验收');

  await fixed.getByText('退回整改').click();
  await app.getByRole('dialog').getByTestId('return-reason').fill('申请书原件日期未补正');
  await app.getByRole('dialog').getByRole('button', { name: /^退\s*回$/ }).click();
  await expect(fixed.getByTestId('problem-stage')).toHaveText('退回整改');
  await expect(fixed).toContainText('退回：申请书原件日期未补正');
  await fixed.getByText('整改完成').click();
  await expect(fixed.getByTestId('problem-stage')).toHaveText('已整改待验收');

  await fixed.getByText('验收销号').click();
  await app.getByRole('dialog').getByTestId('accept-note').fill('原件已补正，日期无误');
  await app.getByRole('dialog').getByRole('button', { name: /^销\s*号$/ }).click();
  await expect(app.getByTestId('problem-row').filter({ hasText: '申请书日期' })).toHaveCount(0);
  await app.getByTestId('problem-status').getByText('已销号').click();
  await expect(fixed.getByTestId('problem-stage')).toContainText('已销号（');
  await shot('check-closed');

  // A review round over the village: its stages with deadlines; one person cannot sign two stages.
  await call(app, 'rounds.create', {
    name: '2020年对标查短补短',
    unitIds: [v.id],
    stages: [
      { stage: '核查', deadline: '2020-06-10', members: [{ person: '赵核查' }, { person: '钱核查' }] },
      { stage: '复核', deadline: '2020-06-20', members: [{ person: '孙复核' }, { person: '李复核' }] },
      { stage: '审核', deadline: '2099-06-30', members: [{ person: '周组长', leader: true }] },
    ],
  });
  // Away and back (a reload would sign out): the page loads the round.
  await app.goto(`${served.base}#/unit/${v.id}`);
  await app.goto(`${served.base}#/check/${v.id}`);
  const progress = app.getByTestId('round-progress');
  await expect(progress).toContainText('2020年对标查短补短');
  await expect(progress).toContainText('核查 · 2020-06-10 逾期');
  await expect(progress).toContainText('下一步：核查');
  await progress.scrollIntoViewIfNeeded();
  await shot('check-round');
});
