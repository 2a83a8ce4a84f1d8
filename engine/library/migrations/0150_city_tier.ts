import type { Migration } from './index';
import { json, record } from './0060_trust';

// The unit's audited columns, as 0060 wrote its triggers: recreated here word for word (the migration test compares
// the schema before and after).
const UNIT_COLUMNS = ['parent_id', 'tier', 'name', 'code', 'archive_code'];
const UNIT_CHANGED = UNIT_COLUMNS.map((c) => `NEW.${c} IS NOT OLD.${c}`).join(' OR ');

export const m0150_city_tier: Migration = {
  version: 150,
  name: 'an optional 市 tier above the counties (the unit table rebuilt for its CHECK constraint)',
  // SQLite cannot alter a CHECK constraint: the table is rebuilt (sqlite.org/lang_altertable.html, "making other kinds
  // of table schema changes"). Dropping the old table with foreign keys on would cascade to every household; the
  // runner turns them off around this migration and checks them all before it commits.
  rebuildsTables: true,
  sql: /* sql */ `
-- 市 → 县 → 乡镇 → 村 → 户. A 市 and a county without one are the roots; a 市 has no parent.
CREATE TABLE unit_rebuilt (
  id           INTEGER PRIMARY KEY,
  parent_id    INTEGER REFERENCES unit(id) ON DELETE RESTRICT,
  tier         TEXT NOT NULL CHECK (tier IN ('city', 'county', 'township', 'village', 'household')),
  name         TEXT NOT NULL,
  -- This unit's own segment of the 12-digit 统计用区划代码 (县 6, 乡 3, 村 3) or 案卷号 for a household (4); a 市's
  -- 4 digits, which its counties' 6 already begin with.
  code         TEXT NOT NULL,
  -- True when code came from an official 区划代码, false when Dangka numbered it.
  code_official INTEGER NOT NULL DEFAULT 0,
  archive_code TEXT NOT NULL UNIQUE,   -- 档号
  created_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  updated_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  CHECK (tier IN ('city', 'county') OR parent_id IS NOT NULL),
  CHECK (tier <> 'city' OR parent_id IS NULL)
) STRICT;
INSERT INTO unit_rebuilt (id, parent_id, tier, name, code, code_official, archive_code, created_at, updated_at)
  SELECT id, parent_id, tier, name, code, code_official, archive_code, created_at, updated_at FROM unit;
DROP TABLE unit;
ALTER TABLE unit_rebuilt RENAME TO unit;

CREATE INDEX unit_parent ON unit(parent_id, code);
CREATE UNIQUE INDEX unit_parent_name ON unit(parent_id, name) WHERE tier <> 'household';
CREATE UNIQUE INDEX unit_parent_code ON unit(ifnull(parent_id, 0), code);

CREATE TRIGGER search_unit_update AFTER UPDATE OF name, parent_id ON unit
  WHEN new.name IS NOT old.name OR new.parent_id IS NOT old.parent_id
BEGIN
  INSERT OR IGNORE INTO search_queue (kind, id) VALUES ('unit', new.id);
END;

CREATE TRIGGER audit_unit_insert AFTER INSERT ON unit BEGIN
  ${record('unit', 'insert', 'NEW.id', 'NEW.id', 'NULL', json(UNIT_COLUMNS, 'NEW'))}
END;
CREATE TRIGGER audit_unit_update AFTER UPDATE ON unit WHEN ${UNIT_CHANGED} BEGIN
  ${record('unit', 'update', 'NEW.id', 'NEW.id', json(UNIT_COLUMNS, 'OLD'), json(UNIT_COLUMNS, 'NEW'))}
END;
CREATE TRIGGER audit_unit_delete AFTER DELETE ON unit BEGIN
  ${record('unit', 'delete', 'OLD.id', 'OLD.id', json(UNIT_COLUMNS, 'OLD'), 'NULL')}
END;
`,
};
