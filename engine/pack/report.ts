// The validation report inside a package (data/report.pdf): the 验收 reviewer's first page. Completeness and open
// problems of the packed unit and the units one level down, then every open problem (DA/T 70 四性: what is known
// to be missing or wrong travels with the dossier). A library never checked is checked first, so the report is
// never an empty page that looks like a clean bill.
import { TIER_LABEL } from '../../shared/domain';
import type { Library } from '../library/library';
import { stmt } from '../library/sql';
import { A4_LANDSCAPE, writeTablePdf, type PdfTable } from '../pdf/table';
import { checkAll } from '../validate/check';
import { listProblems } from '../validate/ledger';
import { checkSummary } from '../validate/summary';

/** The most problems listed; the rest are counted (a county can have tens of thousands of warnings). */
const MAX_LISTED = 5000;

export async function validationReport(lib: Library, unitId: number, now: Date): Promise<Uint8Array> {
  const checked = stmt(lib.db, 'SELECT count(*) AS n FROM check_result').get() as { n: number };
  if (checked.n === 0) checkAll(lib);
  const summary = checkSummary(lib, unitId);
  const percent = (p: number | null) => (p === null ? '未检查' : `${p}%`);
  const overview: PdfTable = {
    title: `${summary.unit.name} 档案校验报告`,
    subtitle: `${TIER_LABEL[summary.unit.tier]} · 最近检查：${summary.checkedAt ? summary.checkedAt.slice(0, 16).replace('T', ' ') : '未检查'} · 报告生成：${now.toLocaleString('zh-CN')}`,
    columns: [
      { header: '单位', width: 16 },
      { header: '应有项', width: 6 },
      { header: '已有项', width: 6 },
      { header: '完整率', width: 6 },
      { header: '未整改错误', width: 7 },
      { header: '未整改提醒', width: 7 },
      { header: '逾期', width: 5 },
    ],
    rows: [summary, ...summary.children].map((f) => [
      f.unit.name,
      String(f.required),
      String(f.present),
      percent(f.percent),
      String(f.openErrors),
      String(f.openWarnings),
      String(f.overdue),
    ]),
    pageSize: A4_LANDSCAPE,
    creationDate: now,
  };
  if (summary.missing.length) overview.rows.push([`${summary.unit.name}缺少：${summary.missing.join('、')}`, '', '', '', '', '', '']);
  const open = listProblems(lib.db, { unitId, status: 'open', limit: MAX_LISTED, offset: 0 });
  const problems: PdfTable = {
    title: `未整改问题（${open.total} 条${open.total > MAX_LISTED ? `，列出前 ${MAX_LISTED} 条` : ''}）`,
    columns: [
      { header: '序号', width: 4 },
      { header: '单位', width: 16 },
      { header: '类别', width: 4 },
      { header: '问题', width: 30 },
      { header: '整改措施', width: 16 },
      { header: '责任人', width: 6 },
      { header: '期限', width: 7 },
    ],
    rows: open.problems.map((p, i) => [
      String(i + 1),
      p.pathLabel,
      p.severity === 'error' ? '错误' : '提醒',
      p.description,
      p.measure,
      p.responsiblePerson,
      p.deadline ?? '',
    ]),
    pageSize: A4_LANDSCAPE,
    creationDate: now,
  };
  if (!problems.rows.length) problems.rows.push(['', '', '', '没有未整改的问题', '', '', '']);
  return writeTablePdf([overview, problems]);
}
