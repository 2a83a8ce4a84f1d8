// The 四性检测 report (DA/T 70) an acceptance can file: each check with its property, what it looked at, its result
// and the failures by name — printed as text by `dangka fsck` and written as a PDF (the ledgers' table layout and
// embedded Chinese font), which the fixity job keeps as its result file (任务 → 保存文件).
import type { LibraryInfo } from '../../shared/domain';
import type { FixityReport, FourPropertyCheck } from '../../shared/fixity';
import { formatBytes } from '../pack/writer';
import { A4_PORTRAIT, writeTablePdf } from '../pdf/table';

/** Failures listed per check in the PDF; the rest are counted (the text output and the job result hold them all). */
const LISTED = 200;

export interface FourPropertiesSubject {
  /** 档案库 示例县 (/path/to/library) or 数据包 青山镇 2026-03. */
  title: string;
  /** What was covered: 1,234 个文件（2.1 GB）. */
  scope: string;
  at: Date;
}

function resultOf(check: FourPropertyCheck): string {
  return check.passed ? '通过' : `不通过（${check.failures.length} 项）`;
}

function failureText(check: FourPropertyCheck, listed: number): string {
  if (check.passed) return '—';
  const shown = check.failures.slice(0, listed);
  return [...shown, ...(check.failures.length > listed ? [`……另有 ${check.failures.length - listed} 项`] : [])].join('\n');
}

export function fourPropertiesText(subject: FourPropertiesSubject, checks: readonly FourPropertyCheck[], listed = 100): string {
  const lines = [`四性检测报告：${subject.title}`, `检测时间：${localTime(subject.at)}；范围：${subject.scope}`];
  for (const check of checks) {
    lines.push(`【${check.property}】${check.name}（检查 ${check.checked} 项）：${resultOf(check)}`);
    if (!check.passed) for (const line of failureText(check, listed).split('\n')) lines.push(`    ${line}`);
  }
  lines.push(checks.every((c) => c.passed) ? '结论：四性检测全部通过' : `结论：不通过（${checks.filter((c) => !c.passed).map((c) => c.property).filter((p, i, all) => all.indexOf(p) === i).join('、')}有问题）`);
  return `${lines.join('\n')}\n`;
}

export function fourPropertiesPdf(subject: FourPropertiesSubject, checks: readonly FourPropertyCheck[]): Promise<Uint8Array> {
  const passed = checks.every((c) => c.passed);
  return writeTablePdf([
    {
      title: '电子档案四性检测报告',
      subtitle: `${subject.title}　检测时间：${localTime(subject.at)}　范围：${subject.scope}　结论：${passed ? '全部通过' : '不通过'}（依据 DA/T 70）`,
      columns: [
        { header: '检测项目', width: 1.1 },
        { header: '检测内容', width: 3.6 },
        { header: '检查数', width: 0.9 },
        { header: '结果', width: 1.9 },
        { header: '问题', width: 5.5 },
      ],
      rows: checks.map((c) => [c.property, c.name, String(c.checked), resultOf(c), failureText(c, LISTED)]),
      highlightRows: new Set(checks.flatMap((c, i) => (c.passed ? [] : [i]))),
      creationDate: subject.at,
      pageSize: A4_PORTRAIT,
    },
  ]);
}

/** 2026-12-04 20:41 in the machine's own time zone (the clerk's wall clock). */
function localTime(at: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())} ${pad(at.getHours())}:${pad(at.getMinutes())}`;
}

/** The subject line of the library's own 四性检测. */
export function fourPropertiesSubjectOf(info: LibraryInfo, report: FixityReport, at: Date): FourPropertiesSubject {
  return { title: `档案库 ${info.countyName ?? ''}（${info.path}）`, scope: `${report.files} 个文件（${formatBytes(report.bytes)}）及审计记录`, at };
}
