import type { Migration } from './index';

export const m0010_catalog: Migration = {
  version: 10,
  name: 'catalog: units, households, members, contact persons, file store',
  sql: /* sql */ `
CREATE TABLE meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;

-- Every original and derived file, stored under files/ab/abcdef… by its SHA-256.
CREATE TABLE blob (
  sha256     TEXT PRIMARY KEY CHECK (length(sha256) = 64),
  size       INTEGER NOT NULL,
  mime       TEXT NOT NULL,
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
) STRICT;

-- The four tiers 县 → 乡镇 → 村 → 户 in one tree.
CREATE TABLE unit (
  id           INTEGER PRIMARY KEY,
  parent_id    INTEGER REFERENCES unit(id) ON DELETE RESTRICT,
  tier         TEXT NOT NULL CHECK (tier IN ('county', 'township', 'village', 'household')),
  name         TEXT NOT NULL,
  -- This unit's own segment of the 12-digit 统计用区划代码 (县 6, 乡 3, 村 3) or 案卷号 for a household (4).
  code         TEXT NOT NULL,
  -- True when code came from an official 区划代码, false when Dangka numbered it.
  code_official INTEGER NOT NULL DEFAULT 0,
  archive_code TEXT NOT NULL UNIQUE,   -- 档号
  created_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  updated_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  CHECK ((tier = 'county') = (parent_id IS NULL))
) STRICT;
CREATE INDEX unit_parent ON unit(parent_id, code);
CREATE UNIQUE INDEX unit_parent_name ON unit(parent_id, name) WHERE tier <> 'household';
CREATE UNIQUE INDEX unit_parent_code ON unit(ifnull(parent_id, 0), code);

CREATE TABLE household (
  unit_id          INTEGER PRIMARY KEY REFERENCES unit(id) ON DELETE CASCADE,
  household_no     TEXT NOT NULL UNIQUE,          -- 户编号 of the national system
  natural_village  TEXT,                          -- 自然村
  attribute        TEXT,                          -- 贫困户属性
  main_cause       TEXT,                          -- 主要致贫原因
  exit_year        INTEGER,                       -- 脱贫年度
  per_capita_income REAL,                         -- 人均纯收入 (元)
  phone            TEXT,
  declared_size    INTEGER,                       -- 人数 as the roster states it
  status           TEXT NOT NULL DEFAULT 'ordinary'
                   CHECK (status IN ('ordinary', 'stable', 'monitored', 'returned', 'marginal'))
) STRICT;

CREATE TABLE member (
  id           INTEGER PRIMARY KEY,
  household_id INTEGER NOT NULL REFERENCES household(unit_id) ON DELETE CASCADE,
  seq          INTEGER NOT NULL,
  name         TEXT NOT NULL,
  id_number    TEXT NOT NULL,
  relation     TEXT NOT NULL,                     -- 与户主关系; exactly one 户主 per household
  sex          TEXT CHECK (sex IN ('男', '女')),
  birth_date   TEXT,
  ethnicity    TEXT,
  education    TEXT,
  health       TEXT,
  labour_skill TEXT,
  work_status  TEXT,
  UNIQUE (household_id, seq)
) STRICT;
CREATE INDEX member_household ON member(household_id);
CREATE INDEX member_id_number ON member(id_number);
CREATE INDEX member_name ON member(name);

-- A contact person (脱贫责任组组长 / 驻村第一书记 / 帮扶责任人) serves many households: stored once, linked by role.
CREATE TABLE contact_person (
  id           INTEGER PRIMARY KEY,
  name         TEXT NOT NULL,
  post         TEXT NOT NULL,
  work_unit    TEXT NOT NULL DEFAULT '',
  phone        TEXT NOT NULL,
  photo_sha256 TEXT REFERENCES blob(sha256),
  updated_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
) STRICT;
CREATE INDEX contact_person_name ON contact_person(name);

CREATE TABLE household_contact (
  household_id INTEGER NOT NULL REFERENCES household(unit_id) ON DELETE CASCADE,
  role         TEXT NOT NULL CHECK (role IN ('groupLeader', 'firstSecretary', 'helper')),
  person_id    INTEGER NOT NULL REFERENCES contact_person(id) ON DELETE RESTRICT,
  PRIMARY KEY (household_id, role)
) STRICT;
CREATE INDEX household_contact_person ON household_contact(person_id);
`,
};
