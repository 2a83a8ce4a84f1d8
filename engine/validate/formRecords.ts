// Form records as the API edits them: validated against their form type's schema (shared/forms.ts) and attached
// to a unit of the right tier; every change re-checks the village it belongs to, so findings and problems follow.
// This module owns the form_record table (tests/unit/tableOwners.test.ts): its writes take the writable handle and its
// reads a read-only one (library/handles.ts).
import type { FormRecordView } from '../../shared/domain';
import { DangkaError } from '../../shared/errors';
import { FORM_LABEL, FORM_TIER, formSchemas, type FormType } from '../../shared/forms';
import { getUnit } from '../catalog/units';
import type { ReadDb, WriteDb } from '../library/handles';
import { stmt } from '../library/sql';

interface Row {
  id: number;
  unit_id: number;
  document_id: number | null;
  form_type: string;
  fields: string;
  source: FormRecordView['source'];
  updated_at: string;
}

const view = (r: Row): FormRecordView => ({
  id: r.id,
  unitId: r.unit_id,
  documentId: r.document_id,
  type: r.form_type,
  fields: JSON.parse(r.fields) as Record<string, unknown>,
  source: r.source,
  updatedAt: r.updated_at,
});

export function listForms(db: ReadDb, unitId: number): FormRecordView[] {
  return (stmt(db, 'SELECT * FROM form_record WHERE unit_id = ? ORDER BY form_type, id').all(unitId) as Row[]).map(view);
}

export function getForm(db: ReadDb, id: number): FormRecordView {
  const row = stmt(db, 'SELECT * FROM form_record WHERE id = ?').get(id) as Row | undefined;
  if (!row) throw new DangkaError('NOT_FOUND', `没有找到该表单记录（编号 ${id}）`);
  return view(row);
}

/** The fields checked against the form type's schema; a Chinese message per field otherwise. */
export function parseFormFields(type: FormType, fields: unknown): Record<string, unknown> {
  const parsed = formSchemas[type].safeParse(fields);
  if (parsed.success) return parsed.data as Record<string, unknown>;
  const byField: Record<string, string> = {};
  for (const issue of parsed.error.issues) byField[issue.path.join('.') || '_'] ??= issue.message;
  const first = parsed.error.issues[0]!;
  throw new DangkaError('INVALID_INPUT', `${FORM_LABEL[type]}填写有误：${first.path.join('.') || ''} ${first.message}`.trim(), byField);
}

export interface FormInput {
  id?: number;
  unitId: number;
  documentId: number | null;
  type: FormType;
  fields: unknown;
  source: FormRecordView['source'];
}

export function saveForm(db: WriteDb, input: FormInput): FormRecordView {
  const unit = getUnit(db, input.unitId);
  if (unit.tier !== FORM_TIER[input.type]) {
    throw new DangkaError('INVALID_INPUT', `${FORM_LABEL[input.type]}应填在${FORM_TIER[input.type] === 'village' ? '村' : '户'}上，而不是${unit.name}`);
  }
  if (input.documentId !== null && !stmt(db, 'SELECT 1 FROM document WHERE id = ?').get(input.documentId)) {
    throw new DangkaError('NOT_FOUND', `没有找到该文件（编号 ${input.documentId}）`);
  }
  const fields = JSON.stringify(parseFormFields(input.type, input.fields));
  if (input.id !== undefined) {
    getForm(db, input.id);
    stmt(
      db,
      `UPDATE form_record SET unit_id = ?, document_id = ?, form_type = ?, fields = ?, source = ?,
              updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = ?`,
    ).run(input.unitId, input.documentId, input.type, fields, input.source, input.id);
    return getForm(db, input.id);
  }
  const id = Number(
    stmt(db, 'INSERT INTO form_record (unit_id, document_id, form_type, fields, source) VALUES (?, ?, ?, ?, ?)').run(
      input.unitId,
      input.documentId,
      input.type,
      fields,
      input.source,
    ).lastInsertRowid,
  );
  return getForm(db, id);
}

export function deleteForm(db: WriteDb, id: number): FormRecordView {
  const form = getForm(db, id);
  stmt(db, 'DELETE FROM form_record WHERE id = ?').run(id);
  return form;
}

/** A record brought by an import (Excel, a package), its fields already checked against the schema. */
export interface ImportedForm {
  unitId: number;
  documentId: number | null;
  type: FormType;
  fields: Record<string, unknown>;
  source: FormRecordView['source'];
  /** When it was last changed where it came from (a package keeps it); now when absent. */
  updatedAt?: string;
}

/**
 * Replaces a unit's records with an import's: all of them (a package sets the unit), or only those of the given
 * form types that came from the same source (an Excel re-import never touches records entered by hand).
 */
export function replaceImportedForms(db: WriteDb, unitId: number, records: readonly ImportedForm[], only?: { types: readonly FormType[]; source: FormRecordView['source'] }): void {
  if (only) for (const type of only.types) stmt(db, 'DELETE FROM form_record WHERE unit_id = ? AND form_type = ? AND source = ?').run(unitId, type, only.source);
  else stmt(db, 'DELETE FROM form_record WHERE unit_id = ?').run(unitId);
  const insert = stmt(
    db,
    `INSERT INTO form_record (unit_id, document_id, form_type, fields, source, updated_at)
     VALUES (?, ?, ?, ?, ?, ifnull(?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now')))`,
  );
  for (const r of records) insert.run(unitId, r.documentId, r.type, JSON.stringify(r.fields), r.source, r.updatedAt ?? null);
}
