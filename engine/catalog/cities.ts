// The optional 市 above the counties (seed 003: 市、县、乡、村四级档案). A 市 is made by the administrator, and counties
// are placed under it or taken out again; a county keeps its 档号 and everything below it (its 6-digit 区划代码
// already begins with the 市's 4), so a placement changes one row. Each change is recorded with the reason typed.
import type Database from 'better-sqlite3';
import { TIER_LABEL } from '../../shared/domain';
import { DangkaError } from '../../shared/errors';
import { recordEvent } from '../audit/trail';
import { writeTransaction } from '../library/library';
import { stmt } from '../library/sql';
import { createUnit, getUnit, moveUnit, type UnitRow } from './units';

/** Makes a 市 (a root of the tree). `officialCode`: its 4-digit 区划代码 (or a longer code beginning with it). */
export function createCity(db: Database.Database, name: string, officialCode: string | null): UnitRow {
  return writeTransaction(db, (db) => {
    if (stmt(db, "SELECT 1 FROM unit WHERE tier = 'city' AND name = ?").get(name)) throw new DangkaError('INVALID_INPUT', `已有名为“${name}”的市`);
    const code = officialCode?.replace(/\D/g, '').slice(0, 4) ?? null;
    if (officialCode && code?.length !== 4) throw new DangkaError('INVALID_INPUT', `市的区划代码应为 4 位数字（省2位+市2位），如 4107：${officialCode}`);
    if (code && stmt(db, "SELECT 1 FROM unit WHERE tier = 'city' AND code = ?").get(code)) throw new DangkaError('INVALID_INPUT', `区划代码 ${code} 已被另一个市使用`);
    const city = createUnit(db, { parentId: null, tier: 'city', name, officialCode: code });
    recordEvent(db, '新建市', { name, code: city.code }, city.id);
    return city;
  });
}

/**
 * Places a county under a 市 (cityId) or makes it a root again (null). A county whose 区划代码 is official must
 * begin with the 市's official code: a county of another 市 is refused rather than filed where an inspector would
 * not look for it.
 */
export function placeCounty(db: Database.Database, countyId: number, cityId: number | null, reason: string): UnitRow {
  return writeTransaction(db, (db) => {
    const county = getUnit(db, countyId);
    if (county.tier !== 'county') throw new DangkaError('INVALID_INPUT', `只有县可以放到市下面：“${county.name}”是${TIER_LABEL[county.tier]}`);
    const city = cityId === null ? null : getUnit(db, cityId);
    if (city && city.tier !== 'city') throw new DangkaError('INVALID_INPUT', `“${city.name}”是${TIER_LABEL[city.tier]}，不是市`);
    if (county.parent_id === cityId) throw new DangkaError('INVALID_INPUT', city ? `“${county.name}”已在“${city.name}”下` : `“${county.name}”已不属于任何市`);
    if (city && bothOfficial(db, county.id, city.id) && !county.code.startsWith(city.code)) {
      throw new DangkaError('INVALID_INPUT', `“${county.name}”的区划代码 ${county.code} 不属于“${city.name}”（${city.code}），未做修改`);
    }
    const sameName = stmt(db, "SELECT 1 FROM unit WHERE tier = 'county' AND ifnull(parent_id, 0) = ifnull(?, 0) AND name = ? AND id <> ?").get(cityId, county.name, county.id);
    if (sameName) throw new DangkaError('INVALID_INPUT', `${city ? `“${city.name}”下` : '顶层'}已有名为“${county.name}”的县，未做修改`);
    const from = county.parent_id === null ? '（不属于任何市）' : getUnit(db, county.parent_id).name;
    moveUnit(db, county.id, cityId);
    recordEvent(db, city ? '县划入市' : '县移出市', { county: county.name, from, to: city?.name ?? '（不属于任何市）', reason }, county.id);
    return { ...county, parent_id: cityId };
  });
}

function bothOfficial(db: Database.Database, countyId: number, cityId: number): boolean {
  return (stmt(db, "SELECT count(*) AS n FROM unit WHERE id IN (?, ?) AND code_official = 1").get(countyId, cityId) as { n: number }).n === 2;
}

