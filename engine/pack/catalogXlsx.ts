// catalog.xlsx: the package's catalog for people (Excel/WPS), beside catalog.json for machines: 案卷目录 (one row
// per unit, households with their head and size) and 卷内文件目录 (one row per document, with the stored file
// names). ID numbers are never listed here; the household's facts stay in Dangka and catalog.json.
import ExcelJS from 'exceljs';
import { isFileNameTitle, missingDescription, RETENTION_LABEL } from '../../shared/description';
import { HOUSEHOLD_STATUS_LABEL, TIER_LABEL } from '../../shared/domain';
import type { PackageCatalog, PackageDocument } from './catalog';

export async function catalogWorkbook(catalog: PackageCatalog): Promise<Uint8Array> {
  const book = new ExcelJS.Workbook();
  book.creator = catalog.createdBy;
  book.created = new Date(catalog.createdAt);
  const header = (sheet: ExcelJS.Worksheet) => {
    const row = sheet.getRow(1);
    row.font = { bold: true };
    row.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE5E7EB' } };
    sheet.views = [{ state: 'frozen', ySplit: 1 }];
  };

  const units = book.addWorksheet('案卷目录');
  units.columns = [
    { header: '档号', key: 'code', width: 26 },
    { header: '层级', key: 'tier', width: 8 },
    { header: '名称', key: 'name', width: 16 },
    { header: '上级档号', key: 'parent', width: 26 },
    { header: '户编号', key: 'no', width: 22 },
    { header: '人数', key: 'size', width: 6 },
    { header: '户类型', key: 'status', width: 10 },
    { header: '文件数', key: 'docs', width: 8 },
    { header: '文件夹', key: 'folder', width: 36 },
  ];
  const docCount = new Map<string, number>();
  for (const d of catalog.documents) docCount.set(d.unitArchiveCode, (docCount.get(d.unitArchiveCode) ?? 0) + 1);
  for (const u of catalog.units) {
    units.addRow({
      code: u.archiveCode,
      tier: TIER_LABEL[u.tier],
      name: u.name,
      parent: u.parentArchiveCode ?? '',
      no: u.household?.householdNo ?? '',
      size: u.household ? u.household.members.length : '',
      status: u.household ? HOUSEHOLD_STATUS_LABEL[u.household.status] : '',
      docs: u.packed ? (docCount.get(u.archiveCode) ?? 0) : '',
      folder: u.folder ?? '',
    });
  }
  header(units);

  const docs = book.addWorksheet('卷内文件目录');
  docs.columns = [
    { header: '序号', key: 'seq', width: 6 },
    { header: '单位档号', key: 'unit', width: 26 },
    { header: '档案项目', key: 'item', width: 30 },
    { header: '件号', key: 'piece', width: 6 },
    { header: '文号', key: 'refNumber', width: 20 },
    { header: '责任者', key: 'author', width: 20 },
    { header: '题名', key: 'title', width: 36 },
    { header: '日期', key: 'date', width: 10 },
    { header: '页数', key: 'pages', width: 6 },
    { header: '保管期限', key: 'retention', width: 9 },
    { header: '密级', key: 'secrecy', width: 6 },
    { header: '备注', key: 'remarks', width: 20 },
    { header: '著录状态', key: 'state', width: 12 },
    { header: '导入日期', key: 'imported', width: 12 },
    { header: '可检索PDF', key: 'pdf', width: 50 },
    { header: '原件', key: 'masters', width: 50 },
  ];
  catalog.documents.forEach((d, i) => {
    const masters = [...new Set(d.pages.map((p) => p.master?.path).filter((p): p is string => !!p))];
    docs.addRow({
      seq: i + 1,
      unit: d.unitArchiveCode,
      item: d.item ?? '未归入档案项目',
      piece: d.description?.pieceNo ?? '',
      refNumber: d.description?.refNumber ?? '',
      author: d.description?.author ?? '',
      title: d.title,
      // 成文日期 as DA/T 22 writes it, text so that Excel keeps 20190400 as it is.
      date: d.description?.date ?? '',
      pages: d.pages.length,
      retention: RETENTION_LABEL[d.description?.retention ?? 'Y'],
      secrecy: d.description?.secrecy ?? '',
      remarks: d.description?.remarks ?? '',
      state: describedState(d),
      imported: d.createdAt.slice(0, 10),
      pdf: d.pdf?.path ?? '',
      masters: masters.join('；'),
    });
  });
  header(docs);
  return new Uint8Array(await book.xlsx.writeBuffer());
}

/** 未著录 (the title still a file name, or no 责任者/日期), 待确认 (read off the scan, not yet confirmed), or 已著录. */
function describedState(d: PackageDocument): string {
  const description = d.description;
  if (!description || missingDescription({ title: d.title, author: description.author, date: description.date }, isFileNameTitle(d.title, description.sourceName)).length > 0) return '未著录';
  return description.suggested.length > 0 ? '待确认' : '已著录';
}
