// Who made a package, from which library, and which townships a library takes packages from (docs/decisions.md,
// issue 17). A package names its maker twice — bag-info.txt for people and other tools, catalog.json for Dangka — and
// import refuses a package whose two disagree. Neither is proof (anyone can rewrite both and the manifests); what a
// package may change is bounded by its declared root (engine/pack/scope.ts) and, where the county has recorded them,
// by the townships it expects packages from.
import type Database from 'better-sqlite3';
import type { BagProblem, Tier } from '../../shared/domain';
import type { PackageSources } from '../../shared/packageSources';
import { DangkaError } from '../../shared/errors';
import { currentActor, recordEvent } from '../audit/trail';
import { readMeta, writeMeta, type Library } from '../library/library';
import { stmt } from '../library/sql';
import type { PackageCatalog, PackageMaker } from './catalog';
import { libraryPath } from './scope';

const EXPECTED_SOURCES = 'expected_package_sources';

export function libraryId(db: Database.Database): string {
  const id = readMeta(db, 'library_id');
  if (!id) throw new DangkaError('LIBRARY_CORRUPT', '档案库缺少库标识（meta.library_id），请从备份恢复');
  return id;
}

/** The account of whoever makes this call (a job keeps its starter), and this library. */
export function packageMaker(db: Database.Database): PackageMaker {
  const actor = currentActor();
  const user = actor.userId === null ? undefined : (stmt(db, 'SELECT username FROM app_user WHERE id = ?').get(actor.userId) as { username: string } | undefined);
  return { account: user?.username ?? null, name: actor.name, libraryId: libraryId(db) };
}

/** bag-info.txt labels naming the maker, written beside Bagging-Date. */
export function makerInfo(maker: PackageMaker, madeAt: string): [string, string][] {
  return [
    ['Dangka-Made-By', maker.name],
    ['Dangka-Made-By-Account', maker.account ?? '-'],
    ['Dangka-Library-Id', maker.libraryId],
    ['Dangka-Made-At', madeAt],
  ];
}

/** "王芳（录入员）于 2026-12-04 制作，档案库 3f2a…" for the clerk and the trail. */
export function describeMaker(catalog: PackageCatalog): string {
  return `${catalog.maker.name}${catalog.maker.account ? `（账号 ${catalog.maker.account}）` : ''}于 ${catalog.createdAt.slice(0, 10)} 制作，来源档案库 ${catalog.maker.libraryId.slice(0, 8)}`;
}

/** bag-info.txt and catalog.json must tell the same story: who, where from, when, which unit. */
export function checkMakerAgrees(info: Record<string, string>, catalog: PackageCatalog, problems: BagProblem[]): void {
  const expected = [...makerInfo(catalog.maker, catalog.createdAt), ['External-Identifier', catalog.source.archiveCode] as [string, string]];
  for (const [label, value] of expected) {
    if (info[label] !== value) {
      problems.push({
        kind: 'structure',
        path: 'bag-info.txt',
        message: `包信息 ${label} 与目录不一致（包信息：${info[label] ?? '无'}，目录：${value}）：数据包被改动过，未导入任何数据`,
      });
    }
  }
}

interface UnitRow {
  id: number;
  tier: Tier;
  name: string;
  archive_code: string;
}

function readExpected(db: Database.Database): string[] {
  const raw = readMeta(db, EXPECTED_SOURCES);
  return raw ? (JSON.parse(raw) as string[]) : [];
}

export function expectedSources(lib: Library): PackageSources {
  const units = readExpected(lib.db).map((code) => {
    const row = stmt(lib.db, 'SELECT id, tier, name, archive_code FROM unit WHERE archive_code = ?').get(code) as UnitRow | undefined;
    return { unitId: row?.id ?? null, archiveCode: code, path: row ? libraryPath(lib.db, row.id) : code };
  });
  return { libraryId: libraryId(lib.db), expected: units };
}

/** An administrator records the townships this library takes packages from; [] takes them from anywhere. */
export function setExpectedSources(lib: Library, unitIds: readonly number[]): PackageSources {
  const codes: string[] = [];
  for (const id of new Set(unitIds)) {
    const row = stmt(lib.db, 'SELECT id, tier, name, archive_code FROM unit WHERE id = ?').get(id) as UnitRow | undefined;
    if (!row) throw new DangkaError('NOT_FOUND', `找不到单位 ${id}`);
    if (row.tier !== 'township') throw new DangkaError('INVALID_INPUT', `“${row.name}”不是乡镇：数据包来源按乡镇登记`);
    codes.push(row.archive_code);
  }
  lib.db.transaction(() => {
    writeMeta(lib.db, EXPECTED_SOURCES, JSON.stringify(codes));
    recordEvent(lib.db, '设置数据包来源乡镇', { townships: codes.length ? codes.map((c) => expectedSources(lib).expected.find((e) => e.archiveCode === c)!.path) : '不限' });
  })();
  return expectedSources(lib);
}

/**
 * A library that recorded its townships takes a package only from one of them: the package's township (its root or
 * the root's township) must be listed. A county-level package is then refused too — it comes from no township.
 */
export function checkExpectedSource(lib: Library, catalog: PackageCatalog, problems: BagProblem[]): void {
  const expected = readExpected(lib.db);
  if (!expected.length) return;
  const byCode = new Map(catalog.units.map((u) => [u.archiveCode, u]));
  let township = byCode.get(catalog.source.archiveCode);
  while (township && township.tier !== 'township') township = township.parentArchiveCode === null ? undefined : byCode.get(township.parentArchiveCode);
  if (township && expected.includes(township.archiveCode)) return;
  const listed = expectedSources(lib).expected.map((e) => e.path).join('、');
  problems.push({
    kind: 'conflict',
    path: 'data/catalog.json',
    message: `数据包来自${township ? `“${township.name}”（${township.archiveCode}）` : `“${catalog.source.name}”，不属于任何乡镇`}，不在本库登记的数据包来源乡镇之中（${listed}）。未导入任何数据；如确需导入，请管理员在“数据包来源”中添加该乡镇`,
  });
}
