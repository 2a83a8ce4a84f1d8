// A table as a print-ready PDF: a title, a header row repeated on every page, rows whose cells wrap within their
// column, page numbers; A4 landscape by default. The Chinese font is embedded as a subset (STYLE.md). Used by the
// ledgers (台账) and, later, the binder parts.
import { PDFDocument, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import { embedFonts } from './fonts';

export interface PdfColumn {
  header: string;
  /** Relative width. */
  width: number;
}

export interface PdfTable {
  title: string;
  subtitle?: string;
  columns: PdfColumn[];
  rows: string[][];
  /** A band of colour behind the title (a ledger's colour), as r, g, b in 0–1. */
  accent?: [number, number, number];
  creationDate?: Date;
  /** Default A4 landscape. */
  pageSize?: [number, number];
  /** Rows (0-based) drawn on a light red ground: what needs attention (an overdue rectification). */
  highlightRows?: ReadonlySet<number>;
}

const MM = 72 / 25.4;
export const A4_LANDSCAPE: [number, number] = [297 * MM, 210 * MM];
export const A4_PORTRAIT: [number, number] = [210 * MM, 297 * MM];
const MARGIN = 12 * MM;
const FONT_SIZE = 9;
const LINE = FONT_SIZE * 1.35;
const PAD = 3;

/** Breaks text into lines that fit `width` (character by character: Chinese has no spaces to break at). */
export function wrapText(text: string, font: PDFFont, size: number, width: number): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    for (const ch of paragraph) {
      if (line && font.widthOfTextAtSize(line + ch, size) > width) {
        lines.push(line);
        line = ch;
      } else line += ch;
    }
    lines.push(line);
  }
  return lines;
}

/** All the text of the tables, for the font subset. */
export function tableText(tables: readonly PdfTable[]): string {
  return tables.map((t) => [t.title, t.subtitle ?? '', ...t.columns.map((c) => c.header), ...t.rows.flat()].join('\n')).join('\n') + '0123456789第页共/（无）';
}

export async function writeTablePdf(tables: readonly PdfTable[]): Promise<Uint8Array> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  const { sans, sansBold } = await embedFonts(doc, ['sans', 'sansBold'], tableText(tables));
  doc.setTitle(tables[0]?.title ?? '台账', { showInWindowTitleBar: true });
  doc.setLanguage('zh-CN');
  doc.setCreator('档卡 Dangka');
  doc.setProducer('档卡 Dangka');
  const date = tables[0]?.creationDate ?? new Date();
  doc.setCreationDate(date);
  doc.setModificationDate(date);
  for (const table of tables) drawTable(doc, table, sans, sansBold);
  numberPages(doc.getPages(), sans);
  return doc.save();
}

/** 第 n 页 / 共 N 页 at the foot of each page, once the count is known. */
export function numberPages(pages: readonly PDFPage[], font: PDFFont): void {
  pages.forEach((page, i) => {
    const label = `第 ${i + 1} 页 / 共 ${pages.length} 页`;
    page.drawText(label, { x: page.getWidth() / 2 - font.widthOfTextAtSize(label, 8) / 2, y: MARGIN / 2, size: 8, font, color: rgb(0.35, 0.35, 0.35) });
  });
}

/** Draws the table on new pages of `doc`; returns those pages. */
export function drawTable(doc: PDFDocument, table: PdfTable, font: PDFFont, bold: PDFFont): PDFPage[] {
  const PAGE = table.pageSize ?? A4_LANDSCAPE;
  const added: PDFPage[] = [];
  const usable = PAGE[0] - 2 * MARGIN;
  const total = table.columns.reduce((n, c) => n + c.width, 0);
  const widths = table.columns.map((c) => (c.width / total) * usable);
  let page: PDFPage;
  let y = 0;
  const newPage = (first: boolean) => {
    page = doc.addPage(PAGE);
    added.push(page);
    y = PAGE[1] - MARGIN;
    if (first) {
      if (table.accent) page.drawRectangle({ x: MARGIN, y: y - 20, width: 6, height: 20, color: rgb(...table.accent) });
      page.drawText(table.title, { x: MARGIN + (table.accent ? 12 : 0), y: y - 16, size: 15, font: bold });
      y -= 24;
      if (table.subtitle) {
        // Wrapped: a long subject (a package's description, a folder) would run off the page.
        for (const line of wrapText(table.subtitle, font, 9, usable)) {
          page.drawText(line, { x: MARGIN, y: y - 10, size: 9, font, color: rgb(0.3, 0.3, 0.3) });
          y -= 13;
        }
        y -= 3;
      }
    }
    drawRow(table.columns.map((c) => c.header), true);
  };
  const drawRow = (cells: string[], header: boolean, highlight = false) => {
    const f = header ? bold : font;
    const wrapped = cells.map((text, i) => wrapText(text, f, FONT_SIZE, widths[i]! - 2 * PAD));
    const height = Math.max(...wrapped.map((l) => l.length)) * LINE + 2 * PAD;
    if (!header && y - height < MARGIN + 10) newPage(false);
    let x = MARGIN;
    wrapped.forEach((lines, i) => {
      page.drawRectangle({ x, y: y - height, width: widths[i]!, height, borderColor: rgb(0.55, 0.55, 0.55), borderWidth: 0.5, ...(header ? { color: rgb(0.93, 0.94, 0.96) } : highlight ? { color: rgb(1, 0.89, 0.89) } : {}) });
      lines.forEach((line, k) => page.drawText(line, { x: x + PAD, y: y - PAD - (k + 1) * LINE + 2.5, size: FONT_SIZE, font: f }));
      x += widths[i]!;
    });
    y -= height;
  };
  newPage(true);
  if (table.rows.length === 0) {
    page!.drawText('（无）', { x: MARGIN + PAD, y: y - LINE, size: FONT_SIZE, font });
    return added;
  }
  table.rows.forEach((row, i) => drawRow(row, false, table.highlightRows?.has(i) ?? false));
  return added;
}
