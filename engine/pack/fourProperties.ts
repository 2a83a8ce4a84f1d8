// The 四性检测 (DA/T 70) of an acceptance package or a backup, on top of its BagIt verification (bagit.ts): one
// function, verifyPackage, for `dangka verify`, the 校验数据包 tab (pack.verifyStart) and the check an import makes
// before it merges (importBag.ts). Needs no library. A package is small next to a county's library, so here every
// file is also opened: images decoded, PDFs parsed by poppler and their text layer looked for.
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { extname, join, relative, sep } from 'node:path';
import { promisify } from 'node:util';
import sharp from 'sharp';
import type { BagProblem } from '../../shared/domain';
import type { FourPropertyCheck, PackageVerifyReport } from '../../shared/fixity';
import { BACKUP_DESCRIPTION } from '../backup/backup';
import type { JobContext } from '../jobs/jobs';
import { ALLOWED_FORMATS, EXECUTABLE, readHead } from '../library/fixity';
import { DB_FILE } from '../library/library';
import { fourPropertiesPdf, fourPropertiesText, type FourPropertiesSubject } from '../library/fourPropertiesReport';
import { verifyBag } from './bagit';
import { checkReferences, readCatalog, readManifest } from './importBag';
import { checkMakerAgrees } from './provenance';
import { formatBytes } from './writer';

const run = promisify(execFile);
/** Text files a package carries beside its scans and PDFs (catalog.json, index.html). */
const TEXT = new Set(['.json', '.html', '.txt', '.csv']);
const OPEN_TIMEOUT_MS = 60_000;

/** One check, and the problems behind its failures (each with its file: an import's refusal names them). */
interface PackageCheck extends FourPropertyCheck {
  problems: BagProblem[];
}

function check(property: FourPropertyCheck['property'], name: string, checked: number, problems: BagProblem[]): PackageCheck {
  return { property, name, checked, passed: problems.length === 0, failures: problems.map((p) => p.message), problems };
}

function ofKinds(problems: readonly BagProblem[], kinds: readonly BagProblem['kind'][]): BagProblem[] {
  return problems.filter((p) => kinds.includes(p.kind));
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

/**
 * The 四性检测 of the bag in dir: RFC 8493 verification (progress in bytes hashed), then every payload file opened
 * (progress in files); cancellable between files. An import is refused on any failure of 真实性、完整性、安全性.
 */
export async function verifyPackage(dir: string, ctx: JobContext): Promise<PackageVerifyReport> {
  const bag = await verifyBag(dir, ctx);
  const catalogProblems: BagProblem[] = [];
  // A backup carries the library's database instead of a catalog: its bag-info is held to that, not to catalog.json.
  const isBackup = bag.info['External-Description'] === BACKUP_DESCRIPTION;
  const catalog = isBackup ? null : readCatalog(dir, catalogProblems);
  const unreferenced: BagProblem[] = [];
  if (catalog) {
    checkMakerAgrees(bag.info, catalog, catalogProblems);
    // A file changed and its manifests regenerated passes BagIt; the catalog's own digests still name it.
    if (bag.valid) {
      const references: BagProblem[] = [];
      checkReferences(catalog, readManifest(dir), references);
      catalogProblems.push(...ofKinds(references, ['changed']));
      unreferenced.push(...ofKinds(references, ['missing']));
    }
  }
  if (isBackup && !existsSync(join(dir, 'data', DB_FILE))) catalogProblems.push({ kind: 'structure', path: `data/${DB_FILE}`, message: `缺少 data/${DB_FILE}：备份里没有档案库数据库` });
  // A folder that is not a bag (the wrong folder picked: a whole stick, a home folder) has no payload to open.
  const files = existsSync(join(dir, 'bagit.txt')) ? payloadFiles(dir) : [];
  const unusable: BagProblem[] = [];
  const unsafe = ofKinds(bag.problems, ['unsafe']);
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
      unsafe.push({ kind: 'unsafe', path: name, message: `${name}：文件是程序或脚本，不是档案文件` });
      continue;
    }
    const problem = await openProblem(path, name, head, catalog !== null);
    if (problem) unusable.push({ kind: 'structure', path: name, message: problem });
    if (i % 10 === 9) await ctx.yield();
  }
  ctx.progress('检测文件可用性', files.length, files.length);
  // A package declared masked (for browsing) must hold no whole ID number or phone.
  const unmasked: BagProblem[] = [];
  if (catalog?.masked) {
    const exposed = (message: string) => unmasked.push({ kind: 'unsafe', path: 'data/catalog.json', message });
    for (const unit of catalog.units) {
      const h = unit.household;
      if (!h) continue;
      for (const m of h.members) if (m.idNumber && !m.idNumber.includes('*')) exposed(`${unit.name}：${m.name} 的身份证号未隐藏`);
      if (h.phone && !h.phone.includes('*')) exposed(`${unit.name}：户联系电话未隐藏`);
    }
    for (const p of catalog.people) if (p.phone && !p.phone.includes('*')) exposed(`联系人 ${p.name} 的电话未隐藏`);
  }
  const checks = [
    check('真实性', '每个文件的校验值与校验清单一致', bag.files, ofKinds(bag.problems, ['changed'])),
    check('真实性', isBackup ? '包信息声明为档案库备份，且备份含档案库数据库' : '包信息（制作者、档案库、时间、单位）与目录一致，目录记录的校验值与文件一致', catalog || isBackup ? 1 : 0, catalogProblems),
    check('完整性', '清单所列文件齐全、无多出文件，文件总量与包信息相符；目录指向的文件都在包内', bag.files, [...ofKinds(bag.problems, ['missing', 'extra', 'structure']), ...unreferenced]),
    check('可用性', '文件可以打开（图像可解码、PDF 可解析且有文字层），格式在允许范围内', files.length, unusable),
    check('安全性', '无程序、脚本、链接、特殊文件或包外路径', files.length, unsafe),
    check('安全性', '声明隐藏个人信息的数据包确已隐藏身份证号和电话', catalog?.masked ? catalog.units.length : 0, unmasked),
  ];
  const refusing = checks.filter((c) => c.property !== '可用性');
  return {
    ...bag,
    backup: isBackup,
    checks: checks.map(({ problems: _, ...c }) => c),
    ok: checks.every((c) => c.passed),
    admissible: refusing.every((c) => c.passed),
    refusals: refusing.flatMap((c) => c.problems),
    checkedAt: new Date().toISOString(),
  };
}

/** 脱贫攻坚档案验收数据包：青山镇（乡镇），第 1/2 卷; 档卡档案库备份: what the bag says it is. */
export function packageLabel(report: PackageVerifyReport): string {
  const count = report.info['Bag-Count'];
  return [report.info['External-Description'], count && count !== '1 of 1' ? `第 ${count.replace(' of ', '/')} 卷` : null].filter(Boolean).join('，');
}

function packageSubject(report: PackageVerifyReport): FourPropertiesSubject {
  const code = report.info['External-Identifier'];
  const title = packageLabel(report) ? `${packageLabel(report)}${code ? `，档号 ${code}` : ''}` : `数据包 ${report.path}`;
  return { title, scope: `${report.files} 个文件（${formatBytes(report.bytes)}）`, at: new Date(report.checkedAt) };
}

/** The report's text (`dangka verify`). */
export function packageReportText(report: PackageVerifyReport): string {
  return fourPropertiesText(packageSubject(report), report.checks);
}

/** The report an acceptance files (PDF): written by `dangka verify --pdf`, kept by the 校验数据包 job. */
export function packageReportPdf(report: PackageVerifyReport): Promise<Uint8Array> {
  return fourPropertiesPdf(packageSubject(report), report.checks);
}

/** 四性检测报告-青山镇-2026-12-04.pdf */
export function packageReportFileName(report: PackageVerifyReport): string {
  const label = (packageLabel(report) || 'package').replace(/[\\/:*?"<>|\s]+/g, '-').slice(0, 60);
  return `四性检测报告-${label}-${report.checkedAt.slice(0, 10)}.pdf`;
}
