import type { Migration } from './index';

export const m0050_validation: Migration = {
  version: 50,
  name: 'validation: form records, findings per unit, the problem ledger and review sign-offs',
  sql: /* sql */ `
-- The facts of a document that the checks need (shared/forms.ts), entered beside the scan or imported from Excel.
-- unit_id is the village (meetings, notices) or the household (application, survey, 明白卡) the form is about.
CREATE TABLE form_record (
  id          INTEGER PRIMARY KEY,
  unit_id     INTEGER NOT NULL REFERENCES unit(id) ON DELETE CASCADE,
  document_id INTEGER REFERENCES document(id) ON DELETE SET NULL,
  form_type   TEXT NOT NULL,
  fields      TEXT NOT NULL,                    -- JSON, valid for the form type's schema
  source      TEXT NOT NULL CHECK (source IN ('manual', 'excel', 'ocr')),
  updated_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
) STRICT;
CREATE INDEX form_record_unit ON form_record(unit_id, form_type);
CREATE INDEX form_record_document ON form_record(document_id);

-- The last check of each village and household (and the rolled-up figures of townships and the county), so that a
-- re-check after an edit redoes one village and adds up again.
CREATE TABLE check_result (
  unit_id          INTEGER PRIMARY KEY REFERENCES unit(id) ON DELETE CASCADE,
  required         INTEGER NOT NULL,            -- completeness: entries required
  present          INTEGER NOT NULL,            -- … and present
  errors           INTEGER NOT NULL,
  warnings         INTEGER NOT NULL,
  checked_at       TEXT NOT NULL
) STRICT;

-- 问题清单 / 整改台账: a finding of a rule (rule_id, finding_key) or a problem a reviewer added (rule_id NULL).
-- A rule's problem closes (销号) when its rule passes again, or when a reviewer accepts it with a note.
CREATE TABLE problem (
  id                 INTEGER PRIMARY KEY,
  unit_id            INTEGER NOT NULL REFERENCES unit(id) ON DELETE CASCADE,
  rule_id            TEXT,
  finding_key        TEXT UNIQUE,               -- rule id + what it is about: the same defect found again is the same problem
  severity           TEXT NOT NULL CHECK (severity IN ('error', 'warning')),
  description        TEXT NOT NULL,
  refs               TEXT NOT NULL DEFAULT '[]', -- JSON [{documentId?, formId?, field?}] the description names
  measure            TEXT NOT NULL DEFAULT '',  -- 整改措施
  responsible_unit   TEXT NOT NULL DEFAULT '',
  responsible_person TEXT NOT NULL DEFAULT '',
  deadline           TEXT,                      -- YYYY-MM-DD
  status             TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
  closed_how         TEXT CHECK (closed_how IN ('rule_passed', 'accepted')),
  closed_by          TEXT,
  closed_at          TEXT,
  close_note         TEXT,
  created_by         TEXT NOT NULL DEFAULT '系统检查',
  created_at         TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
) STRICT;
CREATE INDEX problem_unit ON problem(unit_id, status);

-- 核查 → 复核 → 审核: each stage signed off per unit (who, when, result).
CREATE TABLE review_signoff (
  id         INTEGER PRIMARY KEY,
  unit_id    INTEGER NOT NULL REFERENCES unit(id) ON DELETE CASCADE,
  stage      TEXT NOT NULL CHECK (stage IN ('核查', '复核', '审核')),
  reviewer   TEXT NOT NULL,
  result     TEXT NOT NULL CHECK (result IN ('通过', '不通过')),
  note       TEXT NOT NULL DEFAULT '',
  signed_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
) STRICT;
CREATE INDEX review_signoff_unit ON review_signoff(unit_id, stage);
`,
};
