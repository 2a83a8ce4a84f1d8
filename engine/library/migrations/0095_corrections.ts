import type { Migration } from './index';

/**
 * The clerk's safe corrections (issue 15 item 3) and the 家庭户档 handover (issue 14 item 7):
 * - 户类型 changes as dated events (动态调整, seed 002) with the reason typed and who recorded them;
 * - the 回收站: a withdrawn document keeps its pages and files, remembers where it was filed, and leaves every
 *   unit-based list (its unit_id is cleared) until an administrator restores or purges it;
 * - the 家庭户档 kept at the household: when it was made and handed over, and to whom.
 */
export const m0095_corrections: Migration = {
  version: 95,
  name: 'household status events, recycle bin, home copy handover',
  sql: /* sql */ `
CREATE TABLE household_status_event (
  id             INTEGER PRIMARY KEY,
  household_id   INTEGER NOT NULL REFERENCES household(unit_id) ON DELETE CASCADE,
  from_status    TEXT NOT NULL CHECK (from_status IN ('ordinary', 'stable', 'monitored', 'returned', 'marginal')),
  to_status      TEXT NOT NULL CHECK (to_status IN ('ordinary', 'stable', 'monitored', 'returned', 'marginal')),
  -- The day the adjustment took effect (the 乡镇/县 decision), not the day it was typed.
  effective_date TEXT NOT NULL CHECK (effective_date GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
  reason         TEXT NOT NULL CHECK (length(trim(reason)) > 0),
  recorded_by    TEXT NOT NULL,
  recorded_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  CHECK (from_status <> to_status)
) STRICT;
CREATE INDEX household_status_event_household ON household_status_event(household_id, effective_date);

CREATE TABLE document_bin (
  document_id    INTEGER PRIMARY KEY REFERENCES document(id) ON DELETE CASCADE,
  -- Where it was filed, to go back there on restore (the inbox when both are NULL or the unit is gone).
  former_unit_id INTEGER REFERENCES unit(id) ON DELETE SET NULL,
  former_item    TEXT,
  reason         TEXT NOT NULL CHECK (length(trim(reason)) > 0),
  withdrawn_by   TEXT NOT NULL,
  withdrawn_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
) STRICT;

CREATE TABLE home_copy (
  household_id INTEGER PRIMARY KEY REFERENCES household(unit_id) ON DELETE CASCADE,
  made_on      TEXT NOT NULL CHECK (made_on GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
  handed_on    TEXT NOT NULL CHECK (handed_on GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
  -- Who received it at the household (户主 or another member, by name).
  handed_to    TEXT NOT NULL CHECK (length(trim(handed_to)) > 0),
  recorded_by  TEXT NOT NULL,
  recorded_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  CHECK (handed_on >= made_on)
) STRICT;
`,
};
