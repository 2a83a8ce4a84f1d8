// BagIt 1.0 (RFC 8493): the tag files we write, and verification of any bag — ours or another tool's. "Complete"
// means every listed file is there and every payload file is listed; "valid" adds that every digest matches. The
// bag is read with lstat only: a symlink, device or anything but plain files and folders is reported as unsafe
// and never followed, so verification can run on a stick from anywhere.
import { createHash } from 'node:crypto';
import { closeSync, lstatSync, openSync, readdirSync, readFileSync, readSync, type Stats } from 'node:fs';
import { join } from 'node:path';
import type { BagProblem, VerifyReport } from '../../shared/domain';
import { DangkaError } from '../../shared/errors';
import type { JobContext } from '../jobs/jobs';

export const BAGIT_TXT = 'BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n';
const ALGORITHMS = ['sha512', 'sha256'] as const;
type Algorithm = (typeof ALGORITHMS)[number];

/** Limits on what verification reads, so a hostile stick cannot make it run forever or exhaust memory. */
export const BAG_LIMITS = { files: 2_000_000, depth: 32, tagFileBytes: 64 * 1024 * 1024 } as const;

/** RFC 8493 §2.1.3: CR, LF and % are percent-encoded in manifest paths. */
export function encodeManifestPath(path: string): string {
  return path.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function decodeManifestPath(path: string): string {
  return path.replace(/%0D/gi, '\r').replace(/%0A/gi, '\n').replace(/%25/g, '%');
}

export function manifestText(entries: readonly { path: string; sha256: string }[]): string {
  return entries.map((e) => `${e.sha256}  ${encodeManifestPath(e.path)}\n`).join('');
}

/** bag-info.txt: `Label: value` lines; a value never spans lines here (newlines become spaces). */
export function bagInfoText(fields: readonly [string, string][]): string {
  return fields.map(([label, value]) => `${label}: ${value.replace(/[\r\n]+/g, ' ')}\n`).join('');
}

export function parseBagInfo(text: string): Record<string, string> {
  const info: Record<string, string> = {};
  let last: string | null = null;
  for (const line of text.split(/\r?\n/)) {
    if (/^[ \t]/.test(line) && last !== null) {
      info[last] += ` ${line.trim()}`;
      continue;
    }
    const m = /^([^:]+):\s*(.*)$/.exec(line);
    if (!m) continue;
    last = m[1]!.trim();
    if (!(last in info)) info[last] = m[2]!.trim();
    else last = null; // a repeated label keeps its first value
  }
  return info;
}

export interface ManifestEntry {
  path: string;
  digest: string;
}

/** Lines `<digest> <path>`; a malformed line is a problem, never a crash. */
export function parseManifest(text: string, name: string, problems: BagProblem[]): ManifestEntry[] {
  const entries: ManifestEntry[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    if (!line.trim()) return;
    const m = /^([0-9a-fA-F]+)[ \t]+(.+)$/.exec(line);
    if (!m) {
      problems.push({ kind: 'structure', path: name, message: `${name} 第${i + 1}行格式不对` });
      return;
    }
    entries.push({ digest: m[1]!.toLowerCase(), path: decodeManifestPath(m[2]!.replace(/^\*/, '')) });
  });
  return entries;
}

/** A manifest path is safe when it stays inside the bag: relative, '/'-separated, no '..' and no empty segment. */
export function isInsideBag(path: string): boolean {
  if (path.startsWith('/') || /^[A-Za-z]:/.test(path) || path.includes('\\') || path.includes('\0')) return false;
  return path.split('/').every((seg) => seg !== '' && seg !== '.' && seg !== '..');
}

const HASH_CHUNK = 4 * 1024 * 1024;
const hashBuffer = Buffer.allocUnsafe(HASH_CHUNK);

/** The digest of a file, read in large chunks; `onBytes` reports progress. */
export function hashFile(path: string, algorithm: Algorithm = 'sha256', onBytes?: (n: number) => void): string {
  const hash = createHash(algorithm);
  const fd = openSync(path, 'r');
  try {
    for (;;) {
      const n = readSync(fd, hashBuffer, 0, HASH_CHUNK, null);
      if (n === 0) break;
      hash.update(hashBuffer.subarray(0, n));
      onBytes?.(n);
    }
  } finally {
    closeSync(fd);
  }
  return hash.digest('hex');
}

interface Walked {
  files: Map<string, number>;
  problems: BagProblem[];
}

/** Every plain file under the bag (bag-relative '/' paths → size); anything else is reported as unsafe. */
function walk(root: string): Walked {
  const files = new Map<string, number>();
  const problems: BagProblem[] = [];
  const visit = (dir: string, rel: string, depth: number) => {
    if (depth > BAG_LIMITS.depth) {
      problems.push({ kind: 'unsafe', path: rel, message: `文件夹层级过深：${rel}` });
      return;
    }
    for (const name of readdirSync(dir).sort()) {
      const path = rel ? `${rel}/${name}` : name;
      let st: Stats;
      try {
        st = lstatSync(join(dir, name));
      } catch {
        problems.push({ kind: 'structure', path, message: `无法读取：${path}` });
        continue;
      }
      if (st.isSymbolicLink()) problems.push({ kind: 'unsafe', path, message: `包内有符号链接（不允许）：${path}` });
      else if (st.isDirectory()) visit(join(dir, name), path, depth + 1);
      else if (st.isFile()) {
        files.set(path.normalize('NFC'), st.size);
        if (files.size > BAG_LIMITS.files) throw new DangkaError('INVALID_INPUT', `数据包文件数超过上限（${BAG_LIMITS.files}个），不是正常的档案数据包`);
      } else problems.push({ kind: 'unsafe', path, message: `包内有设备或特殊文件（不允许）：${path}` });
    }
  };
  visit(root, '', 0);
  return { files, problems };
}

function readTagFile(root: string, name: string, size: number, problems: BagProblem[]): string | null {
  if (size > BAG_LIMITS.tagFileBytes) {
    problems.push({ kind: 'structure', path: name, message: `${name} 过大` });
    return null;
  }
  return readFileSync(join(root, name), 'utf8');
}

/** Verifies a bag (RFC 8493 §3): structure, completeness, then every digest; progress in bytes hashed. */
export async function verifyBag(dir: string, ctx: JobContext): Promise<VerifyReport> {
  let st: Stats;
  try {
    st = lstatSync(dir);
  } catch {
    throw new DangkaError('NOT_FOUND', `找不到数据包：${dir}`);
  }
  if (!st.isDirectory()) throw new DangkaError('INVALID_INPUT', `不是数据包文件夹：${dir}（请选择含有 bagit.txt 的文件夹）`);
  ctx.progress('检查结构', 0, 0);
  const { files, problems } = walk(dir);
  const report = (info: Record<string, string>, payloadFiles: number, payloadBytes: number): VerifyReport => ({
    path: dir,
    valid: problems.length === 0,
    files: payloadFiles,
    bytes: payloadBytes,
    problems,
    info,
  });

  if (!files.has('bagit.txt')) {
    problems.push({ kind: 'structure', path: 'bagit.txt', message: '缺少 bagit.txt：这不是 BagIt 数据包，或包不完整' });
    return report({}, 0, 0);
  }
  const declaration = readTagFile(dir, 'bagit.txt', files.get('bagit.txt')!, problems) ?? '';
  const version = /BagIt-Version:\s*([0-9.]+)/.exec(declaration)?.[1];
  if (!version || !/Tag-File-Character-Encoding:\s*UTF-8/i.test(declaration)) {
    problems.push({ kind: 'structure', path: 'bagit.txt', message: 'bagit.txt 内容不对（应为 BagIt-Version 与 UTF-8 编码声明）' });
  }
  const info = files.has('bag-info.txt') ? parseBagInfo(readTagFile(dir, 'bag-info.txt', files.get('bag-info.txt')!, problems) ?? '') : {};

  const payload = [...files].filter(([p]) => p.startsWith('data/'));
  const payloadBytes = payload.reduce((sum, [, size]) => sum + size, 0);
  if (!payload.length && ![...files.keys()].some((p) => p === 'data' || p.startsWith('data/'))) {
    problems.push({ kind: 'structure', path: 'data', message: '缺少 data 文件夹' });
  }

  const manifests = ALGORITHMS.filter((a) => files.has(`manifest-${a}.txt`));
  if (manifests.length === 0) {
    problems.push({ kind: 'structure', path: 'manifest-sha256.txt', message: '缺少校验清单 manifest-sha256.txt' });
    return report(info, payload.length, payloadBytes);
  }
  const oxum = info['Payload-Oxum'];
  if (oxum && oxum !== `${payloadBytes}.${payload.length}`) {
    problems.push({ kind: 'structure', path: 'bag-info.txt', message: `文件总量与包信息不符：应为 ${oxum}（字节.文件数），实际 ${payloadBytes}.${payload.length}` });
  }

  // What to hash: every payload manifest's entries, then the tag manifests' (bag-info and manifests themselves).
  const toHash: { path: string; algorithm: Algorithm; digest: string }[] = [];
  for (const algorithm of manifests) {
    const name = `manifest-${algorithm}.txt`;
    const entries = parseManifest(readTagFile(dir, name, files.get(name)!, problems) ?? '', name, problems);
    const listed = new Set<string>();
    for (const e of entries) {
      const path = e.path.normalize('NFC');
      if (!isInsideBag(path) || !path.startsWith('data/')) {
        problems.push({ kind: 'unsafe', path: e.path, message: `校验清单中有包外路径（不允许）：${e.path}` });
        continue;
      }
      listed.add(path);
      if (!files.has(path)) problems.push({ kind: 'missing', path, message: `缺少文件：${path}` });
      else toHash.push({ path, algorithm, digest: e.digest });
    }
    for (const [path] of payload) if (!listed.has(path)) problems.push({ kind: 'extra', path, message: `多出未登记的文件：${path}` });
  }
  for (const algorithm of ALGORITHMS) {
    const name = `tagmanifest-${algorithm}.txt`;
    if (!files.has(name)) continue;
    for (const e of parseManifest(readTagFile(dir, name, files.get(name)!, problems) ?? '', name, problems)) {
      const path = e.path.normalize('NFC');
      if (!isInsideBag(path) || path.startsWith('data/')) {
        problems.push({ kind: 'unsafe', path: e.path, message: `标签清单中的路径不对：${e.path}` });
      } else if (!files.has(path)) problems.push({ kind: 'missing', path, message: `缺少标签文件：${path}` });
      else toHash.push({ path, algorithm, digest: e.digest });
    }
  }

  const total = toHash.reduce((sum, e) => sum + (files.get(e.path) ?? 0), 0);
  let done = 0;
  let lastYield = Date.now();
  for (const e of toHash) {
    ctx.throwIfCancelled('已取消校验');
    const actual = hashFile(join(dir, e.path), e.algorithm, (n) => {
      done += n;
    });
    if (actual !== e.digest) problems.push({ kind: 'changed', path: e.path, message: `文件已改动或损坏（校验值不符）：${e.path}` });
    ctx.progress('校验文件', done, total, 'bytes');
    if (Date.now() - lastYield > 50) {
      await ctx.yield();
      lastYield = Date.now();
    }
  }
  return report(info, payload.length, payloadBytes);
}
