import { json, record } from './0060_trust';
import type { Migration } from './index';

const COLUMNS = ['household_id', 'checklist', 'item', 'result', 'note', 'checked_by', 'checked_on'];
const audit = (op: 'insert' | 'update' | 'delete', row: 'NEW' | 'OLD', before: string, after: string) =>
  record('screening_answer', op, `${row}.id`, `${row}.household_id`, before, after);

export const m0140_screening: Migration = {
  version: 140,
  name: 'screening checklists of a household (一进二看三算四比五议, 十一种人, 五看·五不录·六优先, 两不愁三保障)',
  sql: /* sql */ `
-- One answer per item of a checklist (shared/screening.ts; the lists are rule H1's params in the rules file): the result
-- in the list's own sense, a note, who checked it and when. A list is saved whole (engine/catalog/screening.ts).
CREATE TABLE screening_answer (
  id           INTEGER PRIMARY KEY,
  household_id INTEGER NOT NULL REFERENCES household(unit_id) ON DELETE CASCADE,
  checklist    TEXT NOT NULL,
  item         TEXT NOT NULL,
  result       INTEGER NOT NULL CHECK (result IN (0, 1)),
  note         TEXT NOT NULL DEFAULT '',
  checked_by   TEXT NOT NULL,
  checked_on   TEXT NOT NULL,
  recorded_by  TEXT NOT NULL,
  recorded_at  TEXT NOT NULL,
  UNIQUE (household_id, checklist, item)
) STRICT;

CREATE TRIGGER audit_screening_answer_insert AFTER INSERT ON screening_answer BEGIN
  ${audit('insert', 'NEW', 'NULL', json(COLUMNS, 'NEW'))}
END;
CREATE TRIGGER audit_screening_answer_update AFTER UPDATE ON screening_answer WHEN ${COLUMNS.map((c) => `NEW.${c} IS NOT OLD.${c}`).join(' OR ')} BEGIN
  ${audit('update', 'NEW', json(COLUMNS, 'OLD'), json(COLUMNS, 'NEW'))}
END;
CREATE TRIGGER audit_screening_answer_delete AFTER DELETE ON screening_answer BEGIN
  ${audit('delete', 'OLD', json(COLUMNS, 'OLD'), 'NULL')}
END;
`,
};
