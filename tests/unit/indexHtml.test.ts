// data/index.html of an acceptance package: one self-contained file (nothing fetched, a CSP that lets only its own
// inline blocks run), no title able to break out of the embedded JSON, ID numbers never in full, and the JSON holding
// what the page shows — titles and links to the PDFs and masters.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { packageCatalog, type PackageCatalog, type PackageDocument, type PackageUnit } from '../../engine/pack/catalog';
import { renderIndexHtml, type PageData, type PageDocument } from '../../engine/pack/indexHtml';
import { safeName } from '../../engine/pack/names';

const HOSTILE = '</script><img src=x onerror=alert(1)>王芳';
const ID_WANG = '410724199001011234';
const ID_LI = '41072419851203562X';
const PHONE = '13812345678';
const DIGEST = 'ab'.repeat(32);

function unit(archiveCode: string, parent: string | null, tier: PackageUnit['tier'], name: string, packed = true): PackageUnit {
  return {
    archiveCode,
    parentArchiveCode: parent,
    tier,
    name,
    code: '1',
    codeOfficial: false,
    changedAt: '2024-05-01T08:00:00Z',
    packed,
    folder: packed ? `data/units/${safeName(archiveCode)}` : null,
    household: null,
  };
}

function householdUnit(code: string, name: string, no: string, idNumber: string, helper: string | null): PackageUnit {
  const member = (seq: number, n: string, id: string, relation: string) => ({
    seq, name: n, idNumber: id, relation, sex: '女' as const, birthDate: null, ethnicity: '汉族', education: null, health: '健康', labourSkill: null, workStatus: null,
  });
  return {
    ...unit(code, 'JF02·360124101201', 'household', name),
    household: {
      householdNo: no,
      naturalVillage: '上湾',
      attribute: '一般农户',
      mainCause: '因病',
      exitYear: 2019,
      perCapitaIncome: 12034.5,
      phone: PHONE,
      declaredSize: 2,
      status: 'stable',
      members: [member(1, name, idNumber, '户主'), member(2, '刘洋', '410724201005057777', '之子')],
      contacts: helper ? [{ role: 'helper', personKey: helper }] : [],
    },
  };
}

function doc(unitCode: string, key: string, item: string | null, itemNo: number, title: string, masters: string[]): PackageDocument {
  const folder = `data/units/${safeName(unitCode)}`;
  return {
    key,
    unitArchiveCode: unitCode,
    item,
    itemNo,
    title,
    source: 'file',
    createdAt: '2024-05-01T08:00:00Z',
    updatedAt: '2024-05-01T08:00:00Z',
    pdf: { path: `${folder}/${key}.pdf`, sha256: DIGEST, size: 1000 },
    text: { path: `${folder}/${key}.text.json`, sha256: DIGEST, size: 100 },
    pages: masters.map((path, i) => ({
      seq: i + 1, master: { path, sha256: DIGEST, size: 10 }, masterPage: 0, access: null, thumb: null, width: 100, height: 140, dpi: 200, rotation: 0, skew: null, warnings: [],
    })),
  };
}

/** County → township (packed) → village → two households; part 2 of 3. */
function catalog(masked = false): PackageCatalog {
  const h1 = 'JF02·360124101201-0001';
  const h2 = 'JF02·360124101201-0002';
  const f1 = `data/units/${safeName(h1)}`;
  return packageCatalog.parse({
    format: 'dangka-package',
    version: 1,
    createdAt: '2024-05-01T08:00:00.000Z',
    createdBy: 'dangka 0.1.0',
    maker: { account: null, name: '命令行（root）', libraryId: '0123456789abcdef0123456789abcdef' },
    source: { archiveCode: 'JF02·360124101', name: '示例乡<b>', tier: 'township' },
    part: { index: 2, count: 3, group: 'JF02-360124101-20240501' },
    masked,
    units: [
      unit('JF02·360124', null, 'county', '示例县', false),
      unit('JF02·360124101', 'JF02·360124', 'township', '示例乡<b>'),
      unit('JF02·360124101201', 'JF02·360124101', 'village', '和平村'),
      householdUnit(h1, '王芳', '3601241012010001', ID_WANG, 'p1'),
      householdUnit(h2, '李娜', '3601241012010002', ID_LI, null),
    ],
    people: [{ key: 'p1', name: '赵帮扶', post: '科员', workUnit: '县农业局', phone: '13900001111', photo: null }],
    documents: [
      doc(h1, `${safeName(h1)}-003-001`, '家庭基本情况/户申请书', 3, HOSTILE, [`${f1}/${safeName(h1)}-003-001-m01.jpg`, `${f1}/${safeName(h1)}-003-001-m02.tif`]),
      // A multi-page TIFF: one master for both pages, one link.
      doc(h1, `${safeName(h1)}-000-001`, null, 0, '其他材料 ABC', [`${f1}/${safeName(h1)}-000-001-m01.tif`, `${f1}/${safeName(h1)}-000-001-m01.tif`]),
      // A master shared with household 1's document lies in household 1's folder.
      doc(h2, `${safeName(h2)}-003-001`, '家庭基本情况/户申请书', 3, '李娜户申请书', [`${f1}/${safeName(h1)}-003-001-m01.jpg`]),
    ],
    forms: [],
    signoffs: [],
  });
}

const LINKS = { report: 'data/report.pdf', catalogXlsx: 'data/catalog.xlsx' };

function pageData(html: string): PageData {
  const m = /<script type="application\/json" id="catalog-data">([^<]*)<\/script>/.exec(html);
  expect(m).not.toBeNull();
  return JSON.parse(m![1]!) as PageData;
}

/** How the page's script turns a document's stored file code into an href (see PageData). */
function hrefOf(data: PageData, d: PageDocument, code: string): string {
  return code.startsWith('/') ? code.slice(1) : `${data.units[d[0]]!.f}/${encodeURIComponent(d[4])}${code}`;
}

describe('index.html of a package', () => {
  it('is one self-contained file whose CSP allows exactly its own style and script', () => {
    const html = renderIndexHtml(catalog(), LINKS);
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain('<meta charset="utf-8">');
    expect(html).not.toMatch(/https?:/i);
    expect(html).not.toContain('src="/');
    const markup = html.replace(/<script type="application\/json"[^]*?<\/script>/, '');
    expect(markup).not.toMatch(/\bsrc\s*=|@import|url\(|<link rel="stylesheet"|type="module"|fetch\(|XMLHttpRequest|innerHTML/);

    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)![1]!;
    expect(csp).toContain("default-src 'none'");
    const hash = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;
    const script = /<script>([^]*?)<\/script>/.exec(html)![1]!;
    const style = /<style>([^]*?)<\/style>/.exec(html)![1]!;
    expect(csp).toContain(`script-src ${hash(script)}`);
    expect(csp).toContain(`style-src ${hash(style)}`);
  });

  it('escapes a hostile title so it cannot close the script, and the source name in the markup', () => {
    const html = renderIndexHtml(catalog(), LINKS);
    expect(html).not.toContain('</script><img');
    expect(html).not.toContain('<img');
    expect(html.match(/<\/script>/g)).toHaveLength(2);
    expect(html).not.toContain('示例乡<b>');
    expect(html).toContain('<title>示例乡&#60;b&#62;（乡镇）档案数据包</title>');
    expect(html).toContain('\\u003c/script\\u003e\\u003cimg');
  });

  it('never holds an ID number or a household phone in full, even in an unmasked package', () => {
    const html = renderIndexHtml(catalog(false), LINKS);
    for (const id of [ID_WANG, ID_LI, '410724201005057777']) expect(html).not.toContain(id);
    expect(html).not.toContain(PHONE);
    const wang = pageData(html).units.find((u) => u.n === '王芳')!.h!;
    expect(wang.members.map((m) => m[6])).toEqual(['4107**********1234', '4107**********7777']);
    expect(wang.phone).toBe('138****5678');
    expect(wang.contacts).toEqual([['帮扶责任人', 0]]);
    expect(html).not.toContain('身份证号与电话已隐藏');
    expect(renderIndexHtml(catalog(true), LINKS)).toContain('身份证号与电话已隐藏，仅供浏览');
  });

  it('holds the titles and the links to PDFs and distinct masters, and nothing the page does not show', () => {
    const cat = catalog();
    const html = renderIndexHtml(cat, LINKS);
    const data = pageData(html);
    expect(data.units[data.start]!.c).toBe('JF02·360124101');
    expect(data.units.map((u) => u.p)).toEqual([-1, 0, 1, 2, 2]);
    expect(data.units[0]!.f).toBeNull();
    expect(data.docs.map((d) => d[2])).toEqual(cat.documents.map((d) => d.title));
    expect(data.docs.map((d) => d[1] < 0 ? null : data.items[d[1]])).toEqual(cat.documents.map((d) => d.item));
    for (const [i, d] of data.docs.entries()) {
      const source = cat.documents[i]!;
      expect(hrefOf(data, d, d[5]!)).toBe(source.pdf!.path.replace(/^data\//, ''));
      const masters = [...new Set(source.pages.map((p) => p.master!.path.replace(/^data\//, '')))];
      expect(d[6].map((code) => hrefOf(data, d, code))).toEqual(masters);
    }
    expect(data.docs[1]![6]).toHaveLength(1);
    expect(data.docs[2]![6][0]).toMatch(/^\/units\/JF02-360124101201-0001\//);
    expect(html).not.toContain(DIGEST);
    expect(html).not.toContain('.text.json');
  });

  it('shows the part, the date and the links it is given', () => {
    const html = renderIndexHtml(catalog(), LINKS);
    expect(html).toContain('第 2 卷 / 共 3 卷');
    expect(html).toMatch(/打包日期 2024-05-0[12]/);
    expect(html).toContain('<a href="report.pdf" target="_blank" rel="noopener">校验报告（PDF）</a>');
    expect(html).toContain('<a href="catalog.xlsx" target="_blank" rel="noopener">目录（Excel）</a>');
    const bare = renderIndexHtml({ ...catalog(), part: { index: 1, count: 1, group: 'g' } }, { report: null, catalogXlsx: null });
    expect(bare).not.toContain('校验报告');
    expect(bare).not.toContain('目录（Excel）');
    expect(bare).not.toContain('卷 / 共');
  });
});
