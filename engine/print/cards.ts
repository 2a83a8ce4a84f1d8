// 明白卡 contact cards as a print-ready PDF: for each household its three cards (脱贫责任组组长, 驻村第一书记, 帮扶责任人)
// with the person's photo, name, post, work unit and phone and the household served, marked for the copy they go
// into (村级户档 / 家庭户档). Layouts: one card a page (A6 or A5 landscape), or four up on A4 landscape with crop marks at
// a fixed card size (140 × 100 mm, proposed: no source gives a size). A missing photo or phone prints a clear
// placeholder and is listed as a warning before printing; so is a character the font lacks (生僻字).
import { PDFDocument, rgb, type PDFFont, type PDFImage, type PDFPage } from 'pdf-lib';
import { CONTACT_ROLE_LABEL, CONTACT_ROLES, type ContactRole } from '../../shared/domain';
import { DangkaError } from '../../shared/errors';
import type { JobContext } from '../jobs/jobs';
import type { Library } from '../library/library';
import { stmt } from '../library/sql';
import { embedFonts, missingGlyphs, ownBytes } from '../pdf/fonts';
import { unitsInCatalogOrder } from './selection';

export type CardLayout = 'a4' | 'a5' | 'a6';
export type CardCopies = 'both' | 'village' | 'family';

const MM = 72 / 25.4;
const COPY_LABEL = { village: '村级户档', family: '家庭户档' } as const;

export interface CardsResult {
  bytes: Uint8Array;
  cards: number;
  pages: number;
  households: number;
  /** Chinese, one per problem: what will print as a placeholder or a missing character. */
  warnings: string[];
}

interface Person {
  name: string;
  post: string;
  workUnit: string;
  phone: string;
  photoSha256: string | null;
}

interface HouseholdCards {
  head: string;
  place: string;
  contacts: Partial<Record<ContactRole, Person>>;
}

/** The households of the selection in catalog order, with their contacts. */
function loadHouseholds(lib: Library, unitIds: readonly number[]): HouseholdCards[] {
  const contactsOf = stmt(
    lib.db,
    `SELECT u.name AS head, v.name AS village, t.name AS township, c.role, p.name, p.post, p.work_unit, p.phone, p.photo_sha256
       FROM unit u JOIN unit v ON v.id = u.parent_id LEFT JOIN unit t ON t.id = v.parent_id
       LEFT JOIN household_contact c ON c.household_id = u.id LEFT JOIN contact_person p ON p.id = c.person_id
      WHERE u.id = ?`,
  );
  return unitsInCatalogOrder(lib, unitIds)
    .filter((u) => u.tier === 'household')
    .map((u) => {
      const rows = contactsOf.all(u.id) as {
        head: string;
        village: string;
        township: string | null;
        role: ContactRole | null;
        name: string | null;
        post: string;
        work_unit: string;
        phone: string;
        photo_sha256: string | null;
      }[];
      const h: HouseholdCards = { head: rows[0]!.head, place: `${rows[0]!.township ?? ''}${rows[0]!.village}`, contacts: {} };
      for (const r of rows) if (r.role && r.name !== null) h.contacts[r.role] = { name: r.name, post: r.post, workUnit: r.work_unit, phone: r.phone, photoSha256: r.photo_sha256 };
      return h;
    });
}

export async function renderContactCards(
  lib: Library,
  unitIds: readonly number[],
  options: { layout: CardLayout; copies: CardCopies },
  ctx?: JobContext,
): Promise<CardsResult> {
  const households = loadHouseholds(lib, unitIds);
  if (households.length === 0) throw new DangkaError('NOT_FOUND', '所选单位下没有户，无法打印明白卡');
  const copies = options.copies === 'both' ? (['village', 'family'] as const) : ([options.copies] as const);
  const warnings: string[] = [];
  const text: string[] = [];
  for (const h of households) {
    text.push(h.head, h.place);
    for (const role of CONTACT_ROLES) {
      const p = h.contacts[role];
      if (!p) {
        warnings.push(`${h.place} ${h.head}户：未指定${CONTACT_ROLE_LABEL[role]}，卡片将留空`);
        continue;
      }
      text.push(p.name, p.post, p.workUnit, p.phone);
      if (!p.photoSha256) warnings.push(`${h.place} ${h.head}户的${CONTACT_ROLE_LABEL[role]}${p.name}没有照片，将印“照片”占位框`);
      if (!p.phone) warnings.push(`${h.place} ${h.head}户的${CONTACT_ROLE_LABEL[role]}${p.name}没有电话`);
    }
  }
  const allText = [...text, ...Object.values(CONTACT_ROLE_LABEL), '明白卡姓名职务工作单位联系电话帮扶户照片未填写村级户档家庭户档户'].join('\n');
  const missing = missingGlyphs(allText);
  if (missing.length) warnings.unshift(`字体中没有这些字，打印出来会是空框：${missing.join('')}（请核对姓名，或手写补上）`);
  // Warnings are per person, not per card: one person serves many households.
  const unique = [...new Set(warnings)];

  const doc = await PDFDocument.create({ updateMetadata: false });
  doc.setTitle('明白卡', { showInWindowTitleBar: true });
  doc.setCreator('档卡 Dangka');
  doc.setProducer('档卡 Dangka');
  const fonts = await embedFonts(doc, ['sans', 'sansBold'], allText);
  const photos = new Map<string, PDFImage>();
  const photoOf = async (sha: string | null) => {
    if (!sha || !lib.files.has(sha)) return null;
    let image = photos.get(sha);
    if (!image) photos.set(sha, (image = await doc.embedJpg(ownBytes(lib.files.read(sha)))));
    return image;
  };

  const cards: { household: HouseholdCards; role: ContactRole; copy: 'village' | 'family' }[] = [];
  for (const household of households) for (const copy of copies) for (const role of CONTACT_ROLES) cards.push({ household, role, copy });

  const single = options.layout !== 'a4';
  const card = options.layout === 'a6' ? { w: 148 * MM, h: 105 * MM } : options.layout === 'a5' ? { w: 210 * MM, h: 148 * MM } : { w: 140 * MM, h: 100 * MM };
  let page: PDFPage | null = null;
  for (const [i, c] of cards.entries()) {
    let x: number;
    let y: number;
    if (single) {
      page = doc.addPage([card.w, card.h]);
      x = 0;
      y = 0;
    } else {
      const slot = i % 4;
      if (slot === 0) {
        page = doc.addPage([297 * MM, 210 * MM]);
        drawCropMarks(page, card);
      }
      const left = (297 * MM - 2 * card.w) / 2;
      const bottom = (210 * MM - 2 * card.h) / 2;
      x = left + (slot % 2) * card.w;
      y = bottom + (slot < 2 ? card.h : 0);
    }
    const person = c.household.contacts[c.role] ?? null;
    drawCard(page!, x, y, card.w, card.h, c, person, await photoOf(person?.photoSha256 ?? null), fonts.sans, fonts.sansBold, single);
    if (i % 30 === 29 && ctx) {
      ctx.progress('排版明白卡', i + 1, cards.length);
      ctx.throwIfCancelled('已取消，未生成文件');
      await ctx.yield();
    }
  }
  return { bytes: await doc.save(), cards: cards.length, pages: doc.getPageCount(), households: households.length, warnings: unique };
}

/** Crop marks at the corners of the 2 × 2 card grid, outside the cards (so cutting leaves no mark on a card). */
function drawCropMarks(page: PDFPage, card: { w: number; h: number }): void {
  const left = (297 * MM - 2 * card.w) / 2;
  const bottom = (210 * MM - 2 * card.h) / 2;
  const xs = [left, left + card.w, left + 2 * card.w];
  const ys = [bottom, bottom + card.h, bottom + 2 * card.h];
  const len = 4 * MM;
  const gap = 1 * MM;
  const color = rgb(0, 0, 0);
  for (const x of xs) {
    page.drawLine({ start: { x, y: bottom - gap }, end: { x, y: bottom - gap - len }, thickness: 0.3, color });
    page.drawLine({ start: { x, y: ys[2]! + gap }, end: { x, y: ys[2]! + gap + len }, thickness: 0.3, color });
  }
  for (const y of ys) {
    page.drawLine({ start: { x: left - gap, y }, end: { x: left - gap - len, y }, thickness: 0.3, color });
    page.drawLine({ start: { x: xs[2]! + gap, y }, end: { x: xs[2]! + gap + len, y }, thickness: 0.3, color });
  }
}

/**
 * The largest size (down to `min`) at which `text` fits `width`; below that it is cut into lines that fit.
 * A long work unit or post therefore shrinks a little, then wraps — it never runs over the card's edge.
 */
export function fitText(text: string, font: PDFFont, size: number, min: number, width: number): { size: number; lines: string[] } {
  for (let s = size; s >= min; s -= 0.5) if (font.widthOfTextAtSize(text, s) <= width) return { size: s, lines: [text] };
  const lines: string[] = [];
  let line = '';
  for (const ch of text) {
    if (line && font.widthOfTextAtSize(line + ch, min) > width) {
      lines.push(line);
      line = ch;
    } else line += ch;
  }
  if (line) lines.push(line);
  return { size: min, lines };
}

function drawCard(
  page: PDFPage,
  x: number,
  y: number,
  w: number,
  h: number,
  c: { household: HouseholdCards; role: ContactRole; copy: 'village' | 'family' },
  person: Person | null,
  photo: PDFImage | null,
  font: PDFFont,
  bold: PDFFont,
  border: boolean,
): void {
  const pad = 6 * MM;
  const ink = rgb(0.1, 0.1, 0.1);
  const accent = rgb(0.12, 0.23, 0.37);
  if (border) page.drawRectangle({ x: x + 2 * MM, y: y + 2 * MM, width: w - 4 * MM, height: h - 4 * MM, borderColor: accent, borderWidth: 0.8 });
  else page.drawRectangle({ x, y, width: w, height: h, borderColor: rgb(0.75, 0.75, 0.75), borderWidth: 0.3 });
  // Title band.
  const title = `${CONTACT_ROLE_LABEL[c.role]}明白卡`;
  const titleSize = 15;
  page.drawText(title, { x: x + (w - bold.widthOfTextAtSize(title, titleSize)) / 2, y: y + h - pad - titleSize, size: titleSize, font: bold, color: accent });
  const copy = COPY_LABEL[c.copy];
  page.drawText(copy, { x: x + w - pad - font.widthOfTextAtSize(copy, 8), y: y + h - pad + 1, size: 8, font, color: rgb(0.4, 0.4, 0.4) });
  // Photo: 25 × 35 mm (1 inch), or a placeholder box.
  const pw = 25 * MM;
  const ph = 35 * MM;
  const px = x + pad;
  const py = y + h - pad - titleSize - 6 * MM - ph;
  if (photo) page.drawImage(photo, { x: px, y: py, width: pw, height: ph });
  else {
    page.drawRectangle({ x: px, y: py, width: pw, height: ph, borderColor: rgb(0.6, 0.6, 0.6), borderWidth: 0.6, borderDashArray: [3, 2] });
    page.drawText('照片', { x: px + pw / 2 - font.widthOfTextAtSize('照片', 10) / 2, y: py + ph / 2 - 4, size: 10, font, color: rgb(0.6, 0.6, 0.6) });
  }
  // Fields beside the photo, one row each over the photo's height; a long value shrinks, then wraps in its row.
  const fx = px + pw + 6 * MM;
  const fw = x + w - pad - fx;
  const rowHeight = ph / 4;
  const field = (row: number, label: string, value: string, size: number) => {
    const labelText = `${label}：`;
    const lw = font.widthOfTextAtSize(labelText, 9.5);
    const valueFont = value ? bold : font;
    const fitted = fitText(value || '（未填写）', valueFont, size, 7.5, fw - lw);
    const top = py + ph - row * rowHeight;
    const baseline = top - Math.min(rowHeight - 2, fitted.size + 4);
    page.drawText(labelText, { x: fx, y: baseline, size: 9.5, font, color: rgb(0.35, 0.35, 0.35) });
    fitted.lines.slice(0, 2).forEach((line, k) =>
      page.drawText(line, { x: fx + lw, y: baseline - k * (fitted.size + 1), size: fitted.size, font: valueFont, color: value ? ink : rgb(0.6, 0.6, 0.6) }),
    );
  };
  field(0, '姓名', person?.name ?? '', 16);
  field(1, '职务', person?.post ?? '', 11);
  field(2, '工作单位', person?.workUnit ?? '', 11);
  field(3, '联系电话', person?.phone ?? '', 15);
  // The household served, along the bottom.
  const served = `帮扶户：${c.household.place} ${c.household.head}户`;
  const fitted = fitText(served, font, 10, 7, w - 2 * pad);
  fitted.lines.slice(0, 2).forEach((line, k) => page.drawText(line, { x: x + pad, y: y + pad + (fitted.lines.length - 1 - k) * (fitted.size + 2), size: fitted.size, font, color: ink }));
}
