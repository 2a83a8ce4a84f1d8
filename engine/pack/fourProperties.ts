// The 四性检测 (DA/T 70) of an acceptance package, on top of its BagIt verification (bagit.ts), for `dangka verify`
// (a backup too). Needs no library. A package is small next to a county's library, so here every file is also
// opened: images decoded, PDFs parsed by poppler and their text layer looked for.
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { extname, join, relative, sep } from 'node:path';
import { promisify } from 'node:util';
import sharp from 'sharp';
import type { BagProblem, VerifyReport } from '../../shared/domain';
import type { FourPropertyCheck } from '../../shared/fixity';
import { BACKUP_DESCRIPTION } from '../backup/backup';
import type { JobContext } from '../jobs/jobs';
import { ALLOWED_FORMATS, EXECUTABLE, readHead } from '../library/fixity';
import { DB_FILE } from '../library/library';
import { readCatalog } from './importBag';
import { checkMakerAgrees } from './provenance';

const run = promisify(execFile);
/** Text files a package carries beside its scans and PDFs (catalog.json, index.html). */
const TEXT = new Set(['.json', '.html', '.txt', '.csv']);
const OPEN_TIMEOUT_MS = 60_000;

function check(property: FourPropertyCheck['property'], name: string, checked: number, failures: string[]): FourPropertyCheck {
  return { property, name, checked, passed: failures.length === 0, failures };
}

function messages(problems: readonly BagProblem[], kinds: readonly BagProblem['kind'][]): string[] {
  return problems.filter((p) => kinds.includes(p.kind)).map((p) => p.message);
}

/** Every plain file under data/ as a '/' path (links and special files are the BagIt walk's 安全性 problems). */
function payloadFiles(dir: string): string[] {
  try {
    return readdirSync(join(dir, 'data'), { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => relative(dir, join(e.parentPath, e.name)).split(sep).join('/'))
      .sort();
  } catch {
    return [];
  }
}

/** A backup's database (a backup is a bag too, and `dangka verify` checks it the same way). */
const SQLITE = (head: Buffer) => head.subarray(0, 16).toString('latin1') === 'SQLite format 3\0';

/**
 * Why the file cannot be used, or null. The kind comes from the content (a backup's stored files have no extension):
 * images are decoded, PDFs parsed — and in an acceptance package, whose PDFs are made searchable, looked at for a
 * text layer — workbooks and databases recognised; anything else must be UTF-8 text of a kind a package carries.
 */
async function openProblem(path: string, name: string, head: Buffer, wantTextLayer: boolean): Promise<string | null> {
  const format = ALLOWED_FORMATS.find((f) => f.test(head))?.name;
  try {
    if (format === 'JPEG' || format === 'PNG' || format === 'TIFF' || format === 'WEBP') {
      await sharp(path, { failOn: 'error' }).resize(64, 64, { fit: 'inside' }).raw().toBuffer();
      return null;
    }
    if (format === 'PDF') {
      await run('pdfinfo', [path], { timeout: OPEN_TIMEOUT_MS });
      if (!wantTextLayer) return null;
      const { stdout } = await run('pdffonts', ['-l', '3', path], { timeout: OPEN_TIMEOUT_MS });
      // Two header lines, then one line per font: a PDF without fonts has no text to search or copy.
      return stdout.trim().split('\n').length > 2 ? null : `${name}：PDF 没有文字层（无法检索、复制文字）`;
    }
    if (format === 'XLSX' || SQLITE(head)) return null;
    if (!TEXT.has(extname(name).toLowerCase())) return `${name}：格式不在允许范围内（${extname(name) || '无扩展名'}）`;
    new TextDecoder('utf-8', { fatal: true }).decode(readFileSync(path));
    return null;
  } catch {
    return `${name}：文件无法打开（${format === 'PDF' ? 'PDF 无法解析' : format ? '图像无法解码' : '不是 UTF-8 文本'}）`;
  }
}

export async function packageFourProperties(dir: string, report: VerifyReport, ctx: JobContext): Promise<FourPropertyCheck[]> {
  const catalogProblems: BagProblem[] = [];
  // A backup carries the library's database instead of a catalog: its bag-info is held to that, not to catalog.json.
  const isBackup = report.info['External-Description'] === BACKUP_DESCRIPTION;
  const catalog = isBackup ? null : readCatalog(dir, catalogProblems);
  if (catalog) checkMakerAgrees(report.info, catalog, catalogProblems);
  if (isBackup && !existsSync(join(dir, 'data', DB_FILE))) catalogProblems.push({ kind: 'structure', path: `data/${DB_FILE}`, message: `缺少 data/${DB_FILE}：备份里没有档案库数据库` });
  const files = payloadFiles(dir);
  const unusable: string[] = [];
  const unsafe: string[] = messages(report.problems, ['unsafe']);
  for (const [i, name] of files.entries()) {
    ctx.throwIfCancelled('已取消检测');
    ctx.progress('检测文件可用性', i, files.length);
    const path = join(dir, name);
    let head: Buffer;
    try {
      head = readHead(path);
    } catch {
      continue; // unreadable: BagIt's walk names it
    }
    if (EXECUTABLE(head)) {
      unsafe.push(`${name}：文件是程序或脚本，不是档案文件`);
      continue;
    }
    const problem = await openProblem(path, name, head, catalog !== null);
    if (problem) unusable.push(problem);
    if (i % 10 === 9) await ctx.yield();
  }
  ctx.progress('检测文件可用性', files.length, files.length);
  // A package declared masked (for browsing) must hold no whole ID number or phone.
  const unmasked: string[] = [];
  if (catalog?.masked) {
    for (const unit of catalog.units) {
      const h = unit.household;
      if (!h) continue;
      for (const m of h.members) if (m.idNumber && !m.idNumber.includes('*')) unmasked.push(`${unit.name}：${m.name} 的身份证号未隐藏`);
      if (h.phone && !h.phone.includes('*')) unmasked.push(`${unit.name}：户联系电话未隐藏`);
    }
    for (const p of catalog.people) if (p.phone && !p.phone.includes('*')) unmasked.push(`联系人 ${p.name} 的电话未隐藏`);
  }
  return [
    check('真实性', '每个文件的校验值与校验清单一致', report.files, messages(report.problems, ['changed'])),
    check('真实性', isBackup ? '包信息声明为档案库备份，且备份含档案库数据库' : '包信息（制作者、档案库、时间、单位）与目录一致', catalog || isBackup ? 1 : 0, catalogProblems.map((p) => p.message)),
    check('完整性', '清单所列文件齐全、无多出文件，文件总量与包信息相符', report.files, messages(report.problems, ['missing', 'extra', 'structure'])),
    check('可用性', '文件可以打开（图像可解码、PDF 可解析且有文字层），格式在允许范围内', files.length, unusable),
    check('安全性', '无程序、脚本、链接、特殊文件或包外路径', files.length, unsafe),
    check('安全性', '声明隐藏个人信息的数据包确已隐藏身份证号和电话', catalog?.masked ? catalog.units.length : 0, unmasked),
  ];
}
