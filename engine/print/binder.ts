// Binder parts (案卷封面, 脊背, 卷内目录, 备考表) for every dossier under a unit, in catalog order, as one print-ready
// PDF: a cover, the table of contents (paginated with its header on every sheet) and the 备考表 for each dossier,
// then the spine labels several to an A4 sheet at the box thickness asked for. Counts of items and pages come from
// the stored scans. Conventions: ../shared/domain (DA/T 22, GB/T 9705); sizes and the wording of 全宗名称 and
// 保管期限 are proposed defaults (docs/decisions.md).
import { PDFDocument, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import { RETENTION_LABEL, RETENTIONS, type DescribedDocument, type Retention } from '../../shared/description';
import type { Tier } from '../../shared/domain';
import { DOSSIER_NAME } from '../../shared/tiers';
import { DangkaError } from '../../shared/errors';
import type { JobContext } from '../jobs/jobs';
import type { Library } from '../library/library';
import { defaultRetention, describedDocuments } from '../describe/store';
import { stmt } from '../library/sql';
import { embedFonts } from '../pdf/fonts';
import { A4_PORTRAIT, drawTable, numberPages, tableText, type PdfTable } from '../pdf/table';
import { unitsInCatalogOrder, type SelectedUnit } from './selection';

const MM = 72 / 25.4;
export const SPINE_WIDTHS_CM = [2, 3, 4, 5, 6] as const;
export type SpineWidth = (typeof SPINE_WIDTHS_CM)[number];
/** Length of a spine label: a standard archive box is 310 mm high; the label leaves room at both ends. */
const SPINE_LENGTH = 270 * MM;

interface Dossier {
  title: string;
  fonds: string;
  archiveCode: string;
  retention: Retention;
  documents: DescribedDocument[];
  pages: number;
  /** Earliest and latest 成文日期 (YYYYMMDD) of its documents. */
  from: string | null;
  to: string | null;
}

export interface BinderResult {
  bytes: Uint8Array;
  dossiers: number;
  pages: number;
  /** Chinese, one per document not yet described (its title still a file name, no date …), to fix before printing. */
  warnings: string[];
}

function dossierOf(lib: Library, unit: SelectedUnit): Dossier {
  const path = stmt(
    lib.db,
    `WITH RECURSIVE up(id, name, tier, parent_id, depth) AS (
       SELECT id, name, tier, parent_id, 0 FROM unit WHERE id = ?
       UNION ALL SELECT u.id, u.name, u.tier, u.parent_id, up.depth + 1 FROM unit u JOIN up ON u.id = up.parent_id)
     SELECT name, tier FROM up ORDER BY depth DESC`,
  ).all(unit.id) as { name: string; tier: Tier }[];
  const county = path.find((p) => p.tier === 'county')?.name ?? '';
  const township = path.find((p) => p.tier === 'township')?.name ?? '';
  const village = path.find((p) => p.tier === 'village')?.name ?? '';
  const place = unit.tier === 'household' ? `${township}${village} ${unit.name}户` : `${unit.tier === 'village' ? township : ''}${unit.name}`;
  const documents = describedDocuments(lib, unit.id);
  const dates = documents.map((d) => d.date).filter((d) => d !== '').sort();
  return {
    title: `${place} ${DOSSIER_NAME[unit.tier]}`,
    // A 市's own dossier is the 市's fonds; a county's (also one inside a 市) stays the county's.
    fonds: unit.tier === 'city' ? `${unit.name}脱贫攻坚档案` : `${county}${unit.tier === 'county' ? '' : township}脱贫攻坚档案`,
    archiveCode: unit.archive_code,
    // The dossier is kept as long as its longest-kept document.
    retention: RETENTIONS.find((r) => documents.some((d) => d.retention === r)) ?? defaultRetention(lib),
    documents,
    pages: documents.reduce((n, d) => n + d.pageCount, 0),
    from: dates[0] ?? null,
    to: dates.at(-1) ?? null,
  };
}

export async function renderBinder(lib: Library, unitIds: readonly number[], options: { spineCm: SpineWidth }, ctx?: JobContext): Promise<BinderResult> {
  const units = unitsInCatalogOrder(lib, unitIds);
  if (units.length === 0) throw new DangkaError('NOT_FOUND', '没有找到该单位');
  const dossiers = units.map((u) => dossierOf(lib, u));
  const tocs = dossiers.map(tocTable);
  const text = [...dossiers.flatMap((d) => [d.title, d.fonds, d.archiveCode]), tableText(tocs), COVER_TEXT, NOTES_TEXT].join('\n');
  const doc = await PDFDocument.create({ updateMetadata: false });
  doc.setTitle('案卷封面、卷内目录、备考表与脊背', { showInWindowTitleBar: true });
  doc.setCreator('档卡 Dangka');
  doc.setProducer('档卡 Dangka');
  const { sans, sansBold, serif } = await embedFonts(doc, ['sans', 'sansBold', 'serif'], text);
  for (const [i, d] of dossiers.entries()) {
    drawCover(doc.addPage(A4_PORTRAIT), d, serif, sans);
    // Each dossier's table of contents is numbered on its own (it may run over several sheets).
    numberPages(drawTable(doc, tocs[i]!, sans, sansBold), sans);
    drawNotes(doc.addPage(A4_PORTRAIT), d, serif, sans);
    if (ctx && i % 50 === 49) {
      ctx.progress('排版案卷', i + 1, dossiers.length);
      ctx.throwIfCancelled('已取消，未生成文件');
      await ctx.yield();
    }
  }
  drawSpines(doc, dossiers, options.spineCm, serif);
  return { bytes: await doc.save(), dossiers: dossiers.length, pages: doc.getPageCount(), warnings: binderWarnings(dossiers) };
}

/** What the 卷内目录 will show that an inspector would send back: titles that are file names, missing 责任者 or dates. */
function binderWarnings(dossiers: readonly Dossier[]): string[] {
  return dossiers.flatMap((d) =>
    d.documents.filter((doc) => doc.missing.length > 0).map((doc) => `${d.archiveCode} 第${doc.pieceNo}件“${doc.title}”：${doc.missing.join('、')}`),
  );
}

function tocTable(d: Dossier): PdfTable {
  let page = 1;
  return {
    title: '卷内目录',
    subtitle: `${d.title}　档号：${d.archiveCode}`,
    pageSize: A4_PORTRAIT,
    // GB/T 9705 卷内文件目录 (DA/T 22's 归档文件目录 has the same description columns).
    columns: [
      { header: '序号', width: 5 },
      { header: '文号', width: 15 },
      { header: '责任者', width: 15 },
      { header: '题名', width: 33 },
      { header: '日期', width: 10 },
      { header: '页号', width: 8 },
      { header: '备注', width: 14 },
    ],
    rows: d.documents.map((doc) => {
      const first = page;
      page += doc.pageCount;
      return [
        String(doc.pieceNo),
        doc.refNumber,
        doc.author,
        doc.title,
        doc.date,
        doc.pageCount > 1 ? `${first}–${page - 1}` : String(first),
        [doc.secrecy, doc.remarks].filter(Boolean).join('；'),
      ];
    }),
  };
}

const COVER_TEXT = `全宗名称档号起止日期保管期限本卷共件页立卷单位年月日${Object.values(RETENTION_LABEL).join('')}`;
const NOTES_TEXT = '卷内备考表本卷情况说明立卷人检查人立卷时间年月日本卷共有文件件页其中';

function centred(page: PDFPage, text: string, y: number, size: number, font: PDFFont): void {
  page.drawText(text, { x: (page.getWidth() - font.widthOfTextAtSize(text, size)) / 2, y, size, font, color: rgb(0, 0, 0) });
}

function drawCover(page: PDFPage, d: Dossier, serif: PDFFont, sans: PDFFont): void {
  const { width, height } = page.getSize();
  page.drawRectangle({ x: 20 * MM, y: 20 * MM, width: width - 40 * MM, height: height - 40 * MM, borderColor: rgb(0, 0, 0), borderWidth: 1.2 });
  centred(page, d.fonds, height - 60 * MM, 16, serif);
  // A long title wraps within the frame.
  const lines: string[] = [];
  let line = '';
  for (const ch of d.title) {
    if (line && serif.widthOfTextAtSize(line + ch, 24) > width - 60 * MM) {
      lines.push(line);
      line = ch;
    } else line += ch;
  }
  lines.push(line);
  lines.forEach((l, i) => centred(page, l, height - 110 * MM - i * 34, 24, serif));
  const rows: [string, string][] = [
    ['档　　号', d.archiveCode],
    ['起止日期', d.from ? `${d.from}—${d.to!}` : '—'],
    ['保管期限', RETENTION_LABEL[d.retention]],
    ['本卷共', `${d.documents.length} 件　${d.pages} 页`],
  ];
  rows.forEach(([k, v], i) => {
    const y = 95 * MM - i * 14 * MM;
    page.drawText(`${k}：`, { x: 50 * MM, y, size: 13, font: serif });
    page.drawText(v, { x: 85 * MM, y, size: 13, font: sans });
    page.drawLine({ start: { x: 85 * MM, y: y - 3 }, end: { x: width - 45 * MM, y: y - 3 }, thickness: 0.5 });
  });
}

function drawNotes(page: PDFPage, d: Dossier, serif: PDFFont, sans: PDFFont): void {
  const { width, height } = page.getSize();
  centred(page, '卷内备考表', height - 40 * MM, 20, serif);
  page.drawText(`档号：${d.archiveCode}`, { x: 25 * MM, y: height - 55 * MM, size: 11, font: sans });
  const boxTop = height - 62 * MM;
  page.drawRectangle({ x: 25 * MM, y: 40 * MM, width: width - 50 * MM, height: boxTop - 40 * MM, borderColor: rgb(0, 0, 0), borderWidth: 0.8 });
  page.drawText('本卷情况说明：', { x: 30 * MM, y: boxTop - 12 * MM, size: 12, font: serif });
  page.drawText(`本卷共有文件 ${d.documents.length} 件，共 ${d.pages} 页。`, { x: 38 * MM, y: boxTop - 24 * MM, size: 12, font: sans });
  for (let i = 0; i < 6; i++) {
    const y = boxTop - (36 + i * 12) * MM;
    page.drawLine({ start: { x: 30 * MM, y }, end: { x: width - 30 * MM, y }, thickness: 0.4, color: rgb(0.5, 0.5, 0.5) });
  }
  const sign: [string, number][] = [
    ['立卷人：', 75],
    ['检查人：', 60],
    ['立卷时间：　　　年　　月　　日', 45],
  ];
  for (const [label, yMm] of sign) page.drawText(label, { x: width / 2, y: yMm * MM, size: 12, font: serif });
}

/** Spine labels, side by side on A4 portrait sheets, the title set vertically (one character a line). */
function drawSpines(doc: PDFDocument, dossiers: readonly Dossier[], cm: SpineWidth, serif: PDFFont): void {
  const w = cm * 10 * MM;
  const margin = 10 * MM;
  const perSheet = Math.floor((A4_PORTRAIT[0] - 2 * margin) / w);
  let page: PDFPage | null = null;
  dossiers.forEach((d, i) => {
    const slot = i % perSheet;
    if (slot === 0) page = doc.addPage(A4_PORTRAIT);
    const x = margin + slot * w;
    const y = (A4_PORTRAIT[1] - SPINE_LENGTH) / 2;
    page!.drawRectangle({ x, y, width: w, height: SPINE_LENGTH, borderColor: rgb(0, 0, 0), borderWidth: 0.6 });
    // Vertical text: the title down the middle, one character per line, sized to fit the strip.
    const chars = [...d.title.replace(/\s+/g, '')];
    const size = Math.min(w * 0.55, 16, (SPINE_LENGTH - 60 * MM) / chars.length);
    chars.forEach((ch, k) => {
      page!.drawText(ch, { x: x + (w - serif.widthOfTextAtSize(ch, size)) / 2, y: y + SPINE_LENGTH - 20 * MM - (k + 1) * size * 1.05, size, font: serif });
    });
    const code = d.archiveCode;
    const codeSize = Math.min(8, (w - 4) / Math.max(1, serif.widthOfTextAtSize(code, 1)));
    page!.drawText(code, { x: x + (w - serif.widthOfTextAtSize(code, codeSize)) / 2, y: y + 25 * MM, size: codeSize, font: serif });
    const retention = RETENTION_LABEL[d.retention];
    page!.drawText(retention, { x: x + (w - serif.widthOfTextAtSize(retention, 9)) / 2, y: y + 12 * MM, size: 9, font: serif });
  });
}
