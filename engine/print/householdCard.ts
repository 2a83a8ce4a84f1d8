// The household's own 明白卡 (贫困户精准扶贫明白卡) on A4, one a household, in catalog order: the household's facts,
// its members (ID numbers masked), the measures and their results (from its 明白卡 form record), the three helpers'
// contacts, and the signature row. Layout is the proposed default of ../shared/domain §2.
import { PDFDocument, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import { CONTACT_ROLE_LABEL, CONTACT_ROLES } from '../../shared/domain';
import { DangkaError } from '../../shared/errors';
import { FORMS, type FormFields } from '../../shared/forms';
import { householdDetail } from '../catalog/households';
import type { JobContext } from '../jobs/jobs';
import type { Library } from '../library/library';
import { stmt } from '../library/sql';
import { embedFonts, missingGlyphs } from '../pdf/fonts';
import { A4_PORTRAIT, wrapText } from '../pdf/table';
import { fitText } from './cards';
import { unitsInCatalogOrder } from './selection';

const MM = 72 / 25.4;

/** The 明白卡 form's own labels (shared/forms.ts FORMS): the card prints what the editor and the Excel sheet name. */
const CARD_FORM = FORMS.householdCard;
const label = (key: string): string => CARD_FORM.fields.find((f) => f.key === key)!.label;
const MEASURE_COLUMNS = CARD_FORM.items!.columns;
const MEASURE_WIDTHS: Record<string, number> = { category: 20, content: 62, amount: 18 };
const MARGIN = 15 * MM;

interface Grid {
  headers: string[];
  widths: number[];
  rows: string[][];
}

export async function renderHouseholdCards(lib: Library, unitIds: readonly number[], ctx?: JobContext): Promise<{ bytes: Uint8Array; pages: number; warnings: string[] }> {
  const ids = unitsInCatalogOrder(lib, unitIds)
    .filter((u) => u.tier === 'household')
    .map((u) => u.id);
  if (ids.length === 0) throw new DangkaError('NOT_FOUND', '所选单位下没有户');
  const households = ids.map((id) => {
    const detail = householdDetail(lib, id);
    const card = stmt(lib.db, "SELECT fields FROM form_record WHERE unit_id = ? AND form_type = 'householdCard' ORDER BY id DESC LIMIT 1").get(id) as
      | { fields: string }
      | undefined;
    return { detail, card: card ? (JSON.parse(card.fields) as FormFields<'householdCard'>) : null };
  });
  const warnings: string[] = [];
  for (const h of households) if (!h.card) warnings.push(`${h.detail.headName ?? h.detail.unit.name}户还没有填写帮扶措施及成效（明白卡表单），将印空行`);
  const doc = await PDFDocument.create({ updateMetadata: false });
  doc.setTitle('贫困户精准扶贫明白卡', { showInWindowTitleBar: true });
  doc.setCreator('档卡 Dangka');
  doc.setProducer('档卡 Dangka');
  const text = JSON.stringify(households) + '贫困户精准扶贫明白卡户主家庭住址家庭人口贫困户属性主要致贫原因联系电话脱贫年度人均纯收入元家庭成员姓名与户主关系性别健康状况劳动能力身份证号帮扶联系人职务签字填写人日期年月日（无）：0123456789' + label('measures') + label('effect') + MEASURE_COLUMNS.map((c) => c.label).join('');
  const missing = missingGlyphs(text);
  if (missing.length) warnings.unshift(`字体中没有这些字，打印出来会是空框：${missing.join('')}`);
  const { sans, sansBold } = await embedFonts(doc, ['sans', 'sansBold'], text);
  for (const [i, h] of households.entries()) {
    drawHouseholdCard(doc.addPage(A4_PORTRAIT), h.detail, h.card, sans, sansBold);
    if (ctx && i % 50 === 49) {
      ctx.progress('排版户明白卡', i + 1, households.length);
      ctx.throwIfCancelled('已取消，未生成文件');
      await ctx.yield();
    }
  }
  return { bytes: await doc.save(), pages: doc.getPageCount(), warnings };
}

function drawHouseholdCard(page: PDFPage, h: ReturnType<typeof householdDetail>, card: FormFields<'householdCard'> | null, font: PDFFont, bold: PDFFont): void {
  const width = page.getWidth() - 2 * MARGIN;
  let y = page.getHeight() - MARGIN;
  const title = '贫困户精准扶贫明白卡';
  page.drawText(title, { x: MARGIN + (width - bold.widthOfTextAtSize(title, 18)) / 2, y: y - 18, size: 18, font: bold, color: rgb(0.12, 0.23, 0.37) });
  y -= 30;
  const place = h.unit.path.slice(0, -1).map((u) => u.name).join('');
  const facts: [string, string][] = [
    ['户主', h.headName ?? h.unit.name],
    ['家庭人口', `${h.members.length}人`],
    ['贫困户属性', h.attribute ?? ''],
    ['主要致贫原因', h.mainCause ?? ''],
    ['联系电话', h.phone ?? ''],
    ['脱贫年度', h.exitYear ? String(h.exitYear) : ''],
    ['人均纯收入', h.perCapitaIncome === null ? '' : `${h.perCapitaIncome.toFixed(0)}元`],
  ];
  const colW = width / 2;
  facts.forEach(([k, v], i) => {
    const x = MARGIN + (i % 2) * colW;
    const rowY = y - Math.floor(i / 2) * 18;
    page.drawText(`${k}：`, { x, y: rowY - 11, size: 10, font, color: rgb(0.35, 0.35, 0.35) });
    const lw = font.widthOfTextAtSize(`${k}：`, 10);
    const fitted = fitText(v, bold, 10.5, 7, colW - lw - 6);
    page.drawText(fitted.lines[0] ?? '', { x: x + lw, y: rowY - 11, size: fitted.size, font: bold });
  });
  y -= Math.ceil(facts.length / 2) * 18;
  // The address on a line of its own: it is the longest fact.
  page.drawText('家庭住址：', { x: MARGIN, y: y - 11, size: 10, font, color: rgb(0.35, 0.35, 0.35) });
  const address = fitText(`${place}${h.naturalVillage ?? ''}`, bold, 10.5, 6, width - font.widthOfTextAtSize('家庭住址：', 10) - 6);
  address.lines.forEach((line, i) => page.drawText(line, { x: MARGIN + font.widthOfTextAtSize('家庭住址：', 10), y: y - 11 - i * (address.size + 2), size: address.size, font: bold }));
  y -= 18 + (address.lines.length - 1) * (address.size + 2) + 10;
  y = drawGrid(page, y, '家庭成员', { headers: ['姓名', '与户主关系', '性别', '身份证号', '健康状况', '劳动能力'], widths: [14, 14, 8, 28, 18, 18], rows: h.members.map((m) => [m.name, m.relation, m.sex ?? '', m.idNumberMasked, m.health ?? '', m.labourSkill ?? '']) }, font, bold);
  const measures = card?.measures ?? [];
  y = drawGrid(
    page,
    y,
    label('measures'),
    {
      headers: MEASURE_COLUMNS.map((c) => c.label),
      widths: MEASURE_COLUMNS.map((c) => MEASURE_WIDTHS[c.key]!),
      rows: measures.length ? measures.map((m) => MEASURE_COLUMNS.map((c) => String(m[c.key as keyof typeof m] ?? ''))) : [MEASURE_COLUMNS.map(() => ''), MEASURE_COLUMNS.map(() => '')],
    },
    font,
    bold,
  );
  const effectLabel = `${label('effect')}：`;
  const effectX = bold.widthOfTextAtSize(effectLabel, 10) + 6;
  page.drawText(effectLabel, { x: MARGIN, y: y - 12, size: 10, font: bold });
  const effect = wrapText(card?.effect || '', font, 10, width - effectX);
  effect.slice(0, 3).forEach((line, i) => page.drawText(line, { x: MARGIN + effectX, y: y - 12 - i * 14, size: 10, font }));
  y -= Math.max(1, Math.min(3, effect.length)) * 14 + 16;
  y = drawGrid(
    page,
    y,
    '帮扶联系人',
    { headers: ['', '姓名', '职务', '联系电话'], widths: [26, 18, 34, 22], rows: CONTACT_ROLES.map((r) => [CONTACT_ROLE_LABEL[r], h.contacts[r]?.name ?? '', h.contacts[r]?.post ?? '', h.contacts[r]?.phone ?? '']) },
    font,
    bold,
  );
  page.drawText('户主签字：', { x: MARGIN, y: MARGIN + 10, size: 11, font });
  page.drawText('填写人：', { x: MARGIN + width / 3, y: MARGIN + 10, size: 11, font });
  page.drawText('日期：　　年　　月　　日', { x: MARGIN + (2 * width) / 3, y: MARGIN + 10, size: 11, font });
}

/** A small table with a caption; returns the y below it. */
function drawGrid(page: PDFPage, top: number, caption: string, grid: Grid, font: PDFFont, bold: PDFFont): number {
  const width = page.getWidth() - 2 * MARGIN;
  const total = grid.widths.reduce((a, b) => a + b, 0);
  const widths = grid.widths.map((w) => (w / total) * width);
  page.drawText(caption, { x: MARGIN, y: top - 12, size: 11, font: bold });
  let y = top - 18;
  const row = (cells: string[], header: boolean) => {
    const f = header ? bold : font;
    // A long cell shrinks, then wraps; the row grows to hold it.
    const fitted = cells.map((c, i) => fitText(c, f, 9.5, 6.5, widths[i]! - 6));
    const rowH = Math.max(17, ...fitted.map((t) => t.lines.length * (t.size + 2) + 7));
    let x = MARGIN;
    fitted.forEach((t, i) => {
      page.drawRectangle({ x, y: y - rowH, width: widths[i]!, height: rowH, borderColor: rgb(0.55, 0.55, 0.55), borderWidth: 0.5, ...(header ? { color: rgb(0.93, 0.94, 0.96) } : {}) });
      t.lines.forEach((line, k) => page.drawText(line, { x: x + 3, y: y - 5 - t.size - k * (t.size + 2) + 1, size: t.size, font: f }));
      x += widths[i]!;
    });
    y -= rowH;
  };
  row(grid.headers, true);
  for (const r of grid.rows) row(r, false);
  return y - 10;
}
