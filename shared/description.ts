// Item-level description (著录) of a document (件), after DA/T 22-2015 归档文件整理规则 (归档文件目录: 序号、档号、文号、
// 责任者、题名、日期、密级、页数、备注) and GB/T 9705 (卷内文件目录: 顺序号、文号、责任者、题名、日期、页号、备注).
// Pure: the grid checks each cell with these rules as the clerk types, the engine checks the same rules again.

/** 保管期限: 永久 / 定期30年 / 定期10年, coded as in DA/T 22's 档号. */
export const RETENTIONS = ['Y', 'D30', 'D10'] as const;
export type Retention = (typeof RETENTIONS)[number];
export const RETENTION_LABEL: Record<Retention, string> = { Y: '永久', D30: '定期30年', D10: '定期10年' };

/** 密级 where the template asks for it; empty = not marked (most poverty-alleviation files are not classified). */
export const SECRECY_LEVELS = ['', '非密', '内部', '秘密', '机密'] as const;
export type Secrecy = (typeof SECRECY_LEVELS)[number];

/** The fields the clerk describes (the page count comes from the scans, 件号 from the order). */
export const DESCRIPTION_FIELDS = ['title', 'author', 'refNumber', 'date', 'retention', 'secrecy', 'remarks'] as const;
export type DescriptionField = (typeof DESCRIPTION_FIELDS)[number];
export const DESCRIPTION_LABEL: Record<DescriptionField, string> = {
  title: '题名',
  author: '责任者',
  refNumber: '文号',
  date: '成文日期',
  retention: '保管期限',
  secrecy: '密级',
  remarks: '备注',
};
/** What can be pre-filled from a scan's text (engine/describe/read.ts). */
export const SUGGESTED_FIELDS = ['title', 'author', 'refNumber', 'date'] as const satisfies readonly DescriptionField[];

export interface DocumentDescription {
  title: string;
  author: string;
  refNumber: string;
  /** 成文日期 YYYYMMDD; the day (or month) 00 when unknown; '' = not yet described. */
  date: string;
  retention: Retention;
  secrecy: Secrecy;
  remarks: string;
}

/** One row of a dossier's description grid. */
export interface DescribedDocument extends DocumentDescription {
  id: number;
  /** 件号: the place in its dossier, 1… */
  pieceNo: number;
  item: string | null;
  pageCount: number;
  /** The fields pre-filled from the scan's text that the clerk has not yet confirmed or edited. */
  suggested: DescriptionField[];
  /** The file name the scan came in with, when the title is still it. */
  fileNameTitle: boolean;
  /** Chinese: what is still missing (题名仍是文件名, 缺成文日期 …); empty when described. */
  missing: string[];
}

export interface DossierDescription {
  unitId: number;
  /** Whether the template asks for 密级. */
  secrecyWanted: boolean;
  documents: DescribedDocument[];
  /** Documents not yet described (missing is not empty). */
  undescribed: number;
  /** Documents with pre-filled values still to confirm. */
  unconfirmed: number;
}

/**
 * A title that is only a file name as a scanner or a phone makes it: scan1, IMG_0001, DSC01234, 扫描件 3, 新建文档 2,
 * 微信图片_2019…, 20190402_123456, 未命名. Such a document counts as 未著录 whatever else is filled.
 */
export function looksLikeFileName(title: string): boolean {
  const t = title.trim().replace(/[（(]\d+[–-]\d+页[)）]$/, '');
  if (t === '') return true;
  return (
    /^(?:scan|img|image|dsc|dscn|dcim|pict?|photo|doc|document|page|file|untitled|mmexport|wx_camera|screenshot|cam|p)[\s_\-.]*\d*[\s_\-.\d()a-z]*$/i.test(t) ||
    /^(?:扫描件?|扫描文档|扫描全能王|新建文档|新建|未命名|未标题|图片|照片|微信图片|文档|文件|页)[\s_\-.]*[\d_\-.\s()（）]*$/.test(t) ||
    /^[\d_\-.\s()]+$/.test(t) ||
    /^[A-Za-z]{0,4}[\s_\-.]*\d{3,}[\s_\-.\w]*$/.test(t)
  );
}

/** Whether the title is still only a file name: the one the scan came in as (while unchanged), or a scanner's. */
export function isFileNameTitle(title: string, sourceName: string | null): boolean {
  return (sourceName !== null && title === sourceName) || looksLikeFileName(title);
}

/** '20190402' (or '20200100' for 元月) is a date that exists; '' is allowed (not yet described). */
export function dateProblem(date: string): string | null {
  if (date === '') return null;
  if (!/^\d{8}$/.test(date)) return '日期应为8位数字，如 20190402（日不详写 00）';
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(4, 6));
  const day = Number(date.slice(6, 8));
  if (year < 1949 || year > 2100) return '年份有误';
  if (month === 0 && day === 0) return null;
  if (month < 1 || month > 12) return '月份有误';
  if (day === 0) return null;
  const d = new Date(Date.UTC(year, month - 1, day));
  return d.getUTCMonth() === month - 1 ? null : '没有这一天';
}

/** What the clerk types as a date: 2019-4-2, 2019.4.2, 2019年4月2日, 20190402 → 20190402; unknown forms unchanged. */
export function normalizeDateInput(raw: string): string {
  const s = raw.trim();
  const m = /^(\d{4})\s*[年.\-/．]\s*(\d{1,2})(?:\s*[月.\-/．]\s*(\d{1,2})\s*日?)?\s*月?$/.exec(s);
  if (m) return `${m[1]}${m[2]!.padStart(2, '0')}${(m[3] ?? '0').padStart(2, '0')}`;
  return s;
}

/** Per-field problems of one description, in Chinese; empty when it can be saved. */
export function descriptionProblems(d: DocumentDescription): Partial<Record<DescriptionField, string>> {
  const problems: Partial<Record<DescriptionField, string>> = {};
  const title = d.title.trim();
  if (title === '') problems.title = '请填写题名';
  else if ([...title].length > 200) problems.title = '题名不能超过200个字';
  else if (/^\[/.test(title) !== /\]$/.test(title)) problems.title = '自拟题名应整个放在 [ ] 内';
  if ([...d.author].length > 100) problems.author = '责任者不能超过100个字';
  if ([...d.refNumber].length > 50) problems.refNumber = '文号不能超过50个字';
  else if (d.refNumber !== '' && !/[号號]$/.test(d.refNumber.trim())) problems.refNumber = '文号应以“号”结尾，如 青政发〔2019〕12号';
  const date = dateProblem(d.date);
  if (date) problems.date = date;
  if (!(RETENTIONS as readonly string[]).includes(d.retention)) problems.retention = '保管期限应为 永久、定期30年 或 定期10年';
  if (!(SECRECY_LEVELS as readonly string[]).includes(d.secrecy)) problems.secrecy = `密级应为 ${SECRECY_LEVELS.filter(Boolean).join('、')} 或不填`;
  if ([...d.remarks].length > 200) problems.remarks = '备注不能超过200个字';
  return problems;
}

/** What an archive still needs described of a document (DA/T 22's required 题名、责任者、日期). */
export function missingDescription(d: Pick<DocumentDescription, 'title' | 'author' | 'date'>, fileNameTitle: boolean): string[] {
  const missing: string[] = [];
  if (fileNameTitle) missing.push('题名仍是文件名');
  if (d.author.trim() === '') missing.push('缺责任者');
  if (d.date === '') missing.push('缺成文日期');
  return missing;
}
