import type { LibraryInfo } from '../../shared/domain';
import type { Library } from '../library/library';
import { LATEST_SCHEMA_VERSION } from '../library/migrations/index';

export function libraryInfo(lib: Library): LibraryInfo {
  const { db } = lib;
  const counts = db
    .prepare(
      `SELECT sum(tier = 'township') AS townships, sum(tier = 'village') AS villages, sum(tier = 'household') AS households,
              (SELECT count(*) FROM member) AS persons, (SELECT count(*) FROM contact_person) AS contacts
         FROM unit`,
    )
    .get() as LibraryInfo['counts'];
  // The library's name in the header: its 市 when it has one, else its (first) county.
  const county = db.prepare("SELECT name FROM unit WHERE parent_id IS NULL ORDER BY tier = 'city' DESC, id LIMIT 1").get() as { name: string } | undefined;
  return {
    path: lib.dir,
    schemaVersion: LATEST_SCHEMA_VERSION,
    template: { id: lib.template.id, version: lib.template.version, name: lib.template.name },
    counts: {
      townships: counts.townships ?? 0,
      villages: counts.villages ?? 0,
      households: counts.households ?? 0,
      persons: counts.persons ?? 0,
      contacts: counts.contacts ?? 0,
    },
    countyName: county?.name ?? null,
  };
}
