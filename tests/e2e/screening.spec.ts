// The screening checklists on the household page (issue 14 item 6): the demo household was screened clean; the clerk
// records a 十一种人 case found on a re-visit, the list shows it in red, and the check page lists the H2 problem.
import { expect, test } from './fixtures';
import { household } from './library';

test('a 十一种人 case recorded on the household shows there and on the check page', async ({ app, served, shot }) => {
  // Finding a registered household runs `dangka show` per candidate: slow on two shared cores.
  test.setTimeout(150_000);
  // A registered household (a 边缘户 is not screened for registration).
  let index = 171;
  while (household(served.library, index).status === 'marginal') index++;
  const h = household(served.library, index);
  await app.goto(`${served.base}#/household/${h.unit.id}`);
  const panel = app.getByTestId('screening');
  await expect(panel.getByTestId('screening-verdict-shiyizhongren')).toHaveText('均不属于');
  await expect(panel.getByTestId('screening-verdict-liangbuchou')).toHaveText('全部有保障');

  await panel.getByTestId('screening-edit-shiyizhongren').click();
  const form = app.getByTestId('screening-form');
  await form.getByTestId('screening-item-3').getByText('属于', { exact: true }).click();
  await form.getByRole('row').filter({ hasText: '拥有小轿车' }).getByPlaceholder('情况说明（选填）').fill('2019年购入小轿车一辆');
  await form.getByTestId('screening-by').fill('');
  await app.getByRole('dialog').getByRole('button', { name: '保存' }).click();
  await expect(app.getByTestId('screening-error')).toHaveText('请填写核查人');
  await form.getByTestId('screening-by').fill('刘调查');
  await shot('screening-dialog');
  await app.getByRole('dialog').getByRole('button', { name: '保存' }).click();
  await expect(app.getByRole('dialog')).toHaveCount(0);
  await expect(panel.getByTestId('screening-verdict-shiyizhongren')).toHaveText('属于：拥有小轿车等非生产必需车辆、大型农机、工程机械、船舶');
  await panel.scrollIntoViewIfNeeded();
  await shot('screening-panel');

  await app.getByTestId('household-check').click();
  const problem = app.getByTestId('problem-row').filter({ hasText: '按规定不应识别为贫困户' });
  await expect(problem).toContainText('“十一种人”核查为“拥有小轿车等非生产必需车辆、大型农机、工程机械、船舶”');
  await expect(problem).toContainText('错误');
  await shot('screening-check');
});
