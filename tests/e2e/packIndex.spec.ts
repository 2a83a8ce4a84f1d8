// data/index.html opened as a clerk opens it: double-clicked on the stick (file://), no network, no Dangka. The tree
// leads to a household with its ID numbers masked, the title search finds a two-character name, a hit opens its
// unit, the PDF link points at the file beside it; and a township of 30,000 documents opens and filters promptly.
import { expect, test, type Page } from '@playwright/test';
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import type { PackageCatalog, PackageDocument, PackageUnit } from '../../engine/pack/catalog';
import { renderIndexHtml } from '../../engine/pack/indexHtml';
import { safeName } from '../../engine/pack/names';

const SHOT = '/tmp/shots/pack-index.png';
const DIGEST = '0'.repeat(64);
const VILLAGE_NAMES = ['和平村', '上湾村', '新庄村', '柳树村', '石桥村', '东岭村', '南坪村', '西沟村', '北塬村', '中河村'];
const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗';
const GIVEN = ['芳', '娜', '伟', '强', '敏', '静', '磊', '军', '洋', '勇', '艳', '杰', '涛', '明', '超', '秀英', '桂兰', '建国', '志强', '丽'];
const TITLES = ['户申请书', '家庭情况登记表', '收入核算表', '帮扶措施表', '脱贫验收表', '明白卡', '危房改造验收单', '产业补助发放表', '教育资助登记表', '医疗救助单据'];

function unit(archiveCode: string, parent: string | null, tier: PackageUnit['tier'], name: string, packed = true): PackageUnit {
  return {
    archiveCode, parentArchiveCode: parent, tier, name, code: '1', codeOfficial: false, changedAt: '2024-05-01T08:00:00Z', packed,
    folder: packed ? `data/units/${safeName(archiveCode)}` : null, household: null,
  };
}

function householdUnit(code: string, village: string, name: string, idNumber: string): PackageUnit {
  return {
    ...unit(code, village, 'household', name),
    household: {
      householdNo: code.split('·')[1]!.replace(/\D/g, ''), naturalVillage: null, attribute: '一般农户', mainCause: '因病', exitYear: 2019, perCapitaIncome: 11800,
      phone: '13812345678', declaredSize: 1, status: 'stable',
      members: [{ seq: 1, name, idNumber, relation: '户主', sex: '女', birthDate: null, ethnicity: '汉族', education: '初中', health: '健康', labourSkill: null, workStatus: null }],
      contacts: [{ role: 'helper', personKey: 'p1' }],
    },
  };
}

function doc(u: PackageUnit, itemNo: number, seq: number, title: string, masters: number): PackageDocument {
  const key = `${safeName(u.archiveCode)}-${String(itemNo).padStart(3, '0')}-${String(seq).padStart(3, '0')}`;
  const ref = (name: string) => ({ path: `${u.folder}/${name}`, sha256: DIGEST, size: 1 });
  return {
    key, unitArchiveCode: u.archiveCode, item: itemNo ? `家庭基本情况/${TITLES[(itemNo - 1) % TITLES.length]}` : null, itemNo, title, source: 'file',
    createdAt: '2024-05-01T08:00:00Z', updatedAt: '2024-05-01T08:00:00Z', pdf: ref(`${key}.pdf`), text: null,
    pages: Array.from({ length: masters }, (_, i) => ({
      seq: i + 1, master: ref(`${key}-m${String(i + 1).padStart(2, '0')}.jpg`), masterPage: 0, access: null, thumb: null,
      width: 1654, height: 2339, dpi: 200, rotation: 0 as const, skew: null, warnings: [],
    })),
  };
}

/** A county (only placing the tree) → 示例乡 (packed) → villages → households, each with `docsPerHousehold` documents. */
function township(villages: number, householdsPerVillage: number, docsPerHousehold: number): PackageCatalog {
  const units = [unit('JF02·360124', null, 'county', '示例县', false), unit('JF02·360124101', 'JF02·360124', 'township', '示例乡')];
  const documents: PackageDocument[] = [];
  let n = 0;
  for (let v = 0; v < villages; v++) {
    const village = unit(`JF02·360124101${String(201 + v)}`, 'JF02·360124101', 'village', VILLAGE_NAMES[v % VILLAGE_NAMES.length]! + (v >= VILLAGE_NAMES.length ? v : ''));
    units.push(village);
    documents.push(doc(village, 1, 1, `${village.name}贫困户识别公示`, 1));
    for (let h = 0; h < householdsPerVillage; h++, n++) {
      const name = n === 0 ? '王芳' : SURNAMES[n % SURNAMES.length]! + GIVEN[(n * 7 + 3) % GIVEN.length]!;
      const hh = householdUnit(`${village.archiveCode}-${String(h + 1).padStart(4, '0')}`, village.archiveCode, name, `4107241990${String(n).padStart(4, '0')}1234`);
      units.push(hh);
      for (let d = 0; d < docsPerHousehold; d++) documents.push(doc(hh, d + 1, 1, `${name}户${TITLES[d % TITLES.length]}`, 1 + (d % 4)));
    }
  }
  return {
    format: 'dangka-package', version: 1, createdAt: '2024-05-01T08:00:00.000Z', createdBy: 'dangka 0.1.0', maker: { account: 'wangfang', name: '王芳（录入员）', libraryId: '0123456789abcdef0123456789abcdef' },
    source: { archiveCode: 'JF02·360124101', name: '示例乡', tier: 'township' }, part: { index: 1, count: 2, group: 'JF02-360124101-20240501' },
    masked: false, units, people: [{ key: 'p1', name: '赵帮扶', post: '科员', workUnit: '县农业局', phone: '13900001111', photo: null }],
    documents, forms: [], signoffs: [],
  };
}

/** The bag's data/ folder in a temporary directory, index.html in it; returns index.html's path. */
function writeBag(catalog: PackageCatalog, files: Record<string, Uint8Array> = {}): string {
  const root = mkdtempSync(join(tmpdir(), 'dangka-pack-index-'));
  test.info().attach('bag', { body: root });
  for (const [path, bytes] of Object.entries({ ...files, 'data/index.html': Buffer.from(renderIndexHtml(catalog, { report: 'data/report.pdf', catalogXlsx: 'data/catalog.xlsx' })) })) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), bytes);
  }
  cleanups.push(() => rmSync(root, { recursive: true, force: true }));
  return join(root, 'data', 'index.html');
}

const cleanups: (() => void)[] = [];
test.afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});

/** Fails the test on any console error, uncaught error, dialog (an injected alert) or request leaving file://. */
function watch(page: Page): void {
  page.on('console', (m) => {
    if (m.type() === 'error') throw new Error(`console error: ${m.text()}`);
  });
  page.on('pageerror', (e) => {
    throw new Error(`page error: ${e.message}`);
  });
  page.on('dialog', (d) => {
    throw new Error(`dialog: ${d.message()}`);
  });
  page.on('request', (r) => {
    if (!r.url().startsWith('file:')) throw new Error(`request: ${r.url()}`);
  });
}

async function tinyPdf(): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  const page = pdf.addPage([200, 100]);
  page.drawText('Dangka', { x: 20, y: 40, size: 18, font: await pdf.embedFont(StandardFonts.Helvetica) });
  return pdf.save();
}

test('a clerk opens index.html from the stick, finds a household and its PDF', async ({ page }) => {
  const catalog = township(2, 3, 3);
  const hostile = catalog.documents.find((d) => d.title === '王芳户收入核算表')!;
  hostile.title = '</script><img src=x onerror=alert(1)>王芳户收入核算表';
  const wangPdf = catalog.documents.find((d) => d.title === '王芳户户申请书')!;
  const index = writeBag(catalog, { [wangPdf.pdf!.path]: await tinyPdf() });
  watch(page);

  await page.goto(pathToFileURL(index).href);
  const header = page.locator('header');
  await expect(header).toContainText('示例乡（乡镇）档案数据包');
  await expect(header).toContainText('第 1 卷 / 共 2 卷');
  await expect(header.getByRole('link', { name: '校验报告（PDF）' })).toHaveAttribute('href', 'report.pdf');
  const main = page.locator('main');
  await expect(main.locator('h2')).toContainText('示例乡');
  await expect(main).toContainText('下级单位（2）');

  // The packed township is open; its villages show their households.
  const tree = page.locator('#tree');
  await expect(tree.locator('.row').filter({ hasText: '和平村' })).toContainText('3 户');
  await expect(tree).not.toContainText('王芳');
  await tree.getByRole('button', { name: '和平村', exact: true }).click();
  await expect(main.locator('h2')).toContainText('和平村');
  await tree.getByRole('button', { name: '王芳', exact: true }).click();
  await expect(main.locator('h2')).toContainText('王芳');
  await expect(main.locator('table').first()).toContainText('4107**********1234');
  await expect(main).not.toContainText(/\d{17}[\dX]/);
  await expect(main).toContainText('138****5678');
  await expect(main).toContainText('帮扶责任人');
  await expect(main).toContainText('赵帮扶');
  // The hostile title is text, not markup.
  await expect(main).toContainText('</script><img src=x onerror=alert(1)>王芳户收入核算表');
  await expect(main.locator('img')).toHaveCount(0);

  // Back to the village, then find 王芳 by the search box and open the hit.
  await page.goBack();
  await expect(main.locator('h2')).toContainText('和平村');
  await page.getByPlaceholder('检索题名').fill('王芳');
  const hits = page.locator('#hits');
  await expect(hits).toContainText('找到 4 条');
  const hit = hits.getByRole('button').filter({ hasText: '王芳户户申请书' });
  await expect(hit).toContainText('示例县 / 示例乡 / 和平村 / 王芳');
  await hit.click();
  await expect(main.locator('h2')).toContainText('王芳');
  const row = main.locator('li.focus');
  await expect(row).toContainText('王芳户户申请书');
  await expect(row).toContainText('1 页');
  await expect(row.getByRole('link', { name: '原件1' })).toBeVisible();
  const pdfHref = await row.getByRole('link', { name: '打开PDF' }).evaluate((a) => (a as HTMLAnchorElement).href);
  expect(pdfHref.startsWith('file://')).toBe(true);
  expect(statSync(fileURLToPath(pdfHref)).size).toBeGreaterThan(100);

  // Search is case-insensitive and reaches unit names too.
  await page.getByPlaceholder('检索题名').fill('上湾');
  await expect(hits).toContainText('上湾村贫困户识别公示');
  await expect(hits.locator('.hit').first()).toContainText('村上湾村');
  await page.getByPlaceholder('检索题名').fill('王芳');
  await expect(hits).toContainText('找到 4 条');

  mkdirSync(dirname(SHOT), { recursive: true });
  await page.screenshot({ path: SHOT.replace('.png', '-search.png') });

  // 清除 brings back the tree, opened down to the household.
  await page.getByRole('button', { name: '清除' }).click();
  await expect(tree.locator('.row.selected')).toHaveText('王芳');
  await expect(tree.locator('.row').filter({ hasText: '上湾村' })).toContainText('3 户');
  await page.screenshot({ path: SHOT });
});

test('a township of 30,000 documents opens, lists 200 hits of thousands with how many more, and stays a small file', async ({ page }) => {
  const catalog = township(20, 150, 10);
  expect(catalog.documents.length).toBe(30_020);
  const index = writeBag(catalog);
  const bytes = statSync(index).size;
  watch(page);

  await page.goto(pathToFileURL(index).href);
  await expect(page.locator('main h2')).toContainText('示例乡');

  await page.locator('#tree').getByRole('button', { name: '和平村', exact: true }).click();
  await expect(page.locator('main h2')).toContainText('和平村');
  await expect(page.locator('#tree .row')).toHaveCount(2 + 20 + 150);

  // Every household has a 收入核算表: 3,000 hits, 200 shown.
  await page.getByPlaceholder('检索题名').fill('收入核算');
  await expect(page.locator('#hits')).toContainText('还有 2800 条');
  await expect(page.locator('#hits .hit')).toHaveCount(200);
  // Typing on narrows the hits.
  await page.getByPlaceholder('检索题名').pressSequentially('表');
  await expect(page.locator('#hits')).toContainText('找到 3000 条');
  // Only what the page shows is embedded: a township's index stays small enough for any browser.
  expect(bytes).toBeLessThan(8 * 1024 * 1024);
});
