// The screening checklists of a household (shared/screening.ts): read with the lists the rules file names, saved one
// list at a time, whole — every item answered, with who checked it and when — or not at all.
import type Database from 'better-sqlite3';
import { z } from 'zod';
import { DangkaError } from '../../shared/errors';
import { screeningChecklist, type HouseholdScreening, type ScreeningAnswer, type ScreeningChecklist } from '../../shared/screening';
import { currentActor, recordEvent } from '../audit/trail';
import type { RulesConfig } from '../validate/config';
import { stmt } from '../library/sql';

/** The checklists of rule H1 (params.checklists) and which of them it requires (params.required). */
export function screeningChecklists(rules: RulesConfig): { lists: ScreeningChecklist[]; required: Set<string> } {
  const params = rules.get('H1')?.params ?? {};
  const parsed = z.array(screeningChecklist).safeParse(params.checklists ?? []);
  if (!parsed.success) throw new DangkaError('INVALID_INPUT', `检查规则文件中 H1 的核查清单有误：${parsed.error.issues.map((i) => `${i.path.join('.')}：${i.message}`).join('；')}`);
  const required = new Set(Array.isArray(params.required) ? (params.required as string[]) : []);
  return { lists: parsed.data, required };
}

interface AnswerRow {
  checklist: string;
  item: string;
  result: number;
  note: string;
  checked_by: string;
  checked_on: string;
  recorded_by: string;
  recorded_at: string;
}

export function getScreening(db: Database.Database, rules: RulesConfig, householdId: number): HouseholdScreening {
  if (!stmt(db, 'SELECT 1 FROM household WHERE unit_id = ?').get(householdId)) throw new DangkaError('NOT_FOUND', `没有找到该户（编号 ${householdId}）`);
  const { lists, required } = screeningChecklists(rules);
  const rows = stmt(db, 'SELECT checklist, item, result, note, checked_by, checked_on, recorded_by, recorded_at FROM screening_answer WHERE household_id = ? ORDER BY id').all(householdId) as AnswerRow[];
  return {
    householdId,
    lists: lists.map((checklist) => {
      const mine = rows.filter((r) => r.checklist === checklist.id);
      const latest = mine.reduce<AnswerRow | null>((a, r) => (a === null || r.recorded_at > a.recorded_at ? r : a), null);
      return {
        checklist,
        required: required.has(checklist.id),
        answers: mine.map((r) => ({ item: r.item, result: r.result === 1, note: r.note, checkedBy: r.checked_by, checkedOn: r.checked_on })),
        recordedBy: latest?.recorded_by ?? null,
        recordedAt: latest?.recorded_at ?? null,
      };
    }),
  };
}

/** Replaces the answers of one list; the items must be exactly the list's (a province's rules file names them). */
export function saveScreening(db: Database.Database, rules: RulesConfig, householdId: number, checklistId: string, answers: readonly ScreeningAnswer[]): HouseholdScreening {
  const { lists } = screeningChecklists(rules);
  const checklist = lists.find((l) => l.id === checklistId);
  if (!checklist) throw new DangkaError('INVALID_INPUT', `没有名为“${checklistId}”的核查清单（可用：${lists.map((l) => `${l.id} ${l.title}`).join('、')}）`);
  const unknown = answers.filter((a) => !checklist.items.includes(a.item)).map((a) => a.item);
  if (unknown.length) throw new DangkaError('INVALID_INPUT', `“${checklist.title}”中没有这些项目：${unknown.join('、')}`);
  const missing = checklist.items.filter((item) => !answers.some((a) => a.item === item));
  if (missing.length) throw new DangkaError('INVALID_INPUT', `“${checklist.title}”还有${missing.length}项未填写：${missing.join('、')}`);
  const twice = answers.filter((a, i) => answers.findIndex((b) => b.item === a.item) !== i).map((a) => a.item);
  if (twice.length) throw new DangkaError('INVALID_INPUT', `“${checklist.title}”的项目填了两次：${twice.join('、')}`);
  return db
    .transaction(() => {
      if (!stmt(db, 'SELECT 1 FROM household WHERE unit_id = ?').get(householdId)) throw new DangkaError('NOT_FOUND', `没有找到该户（编号 ${householdId}）`);
      writeAnswers(db, householdId, checklist, answers, currentActor().name);
      recordEvent(db, '登记核查清单', { checklist: checklist.title }, householdId);
      return getScreening(db, rules, householdId);
    })
    .immediate();
}

/** Writes (or replaces) every item of one list; the caller has checked the answers cover the list. */
export function writeAnswers(db: Database.Database, householdId: number, checklist: ScreeningChecklist, answers: readonly ScreeningAnswer[], recordedBy: string): void {
  const upsert = stmt(
    db,
    `INSERT INTO screening_answer (household_id, checklist, item, result, note, checked_by, checked_on, recorded_by, recorded_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
     ON CONFLICT (household_id, checklist, item) DO UPDATE SET result = excluded.result, note = excluded.note, checked_by = excluded.checked_by,
       checked_on = excluded.checked_on, recorded_by = excluded.recorded_by, recorded_at = excluded.recorded_at`,
  );
  for (const item of checklist.items) {
    const a = answers.find((x) => x.item === item)!;
    upsert.run(householdId, checklist.id, item, a.result ? 1 : 0, a.note, a.checkedBy, a.checkedOn, recordedBy);
  }
}

/** The answers of every household of a set, as the checks read them: household → list → item → result. */
export function screeningAnswers(db: Database.Database, householdIdsSql: string, args: unknown[]): Map<number, Map<string, Map<string, boolean>>> {
  const out = new Map<number, Map<string, Map<string, boolean>>>();
  const rows = db.prepare(`SELECT household_id, checklist, item, result FROM screening_answer WHERE household_id IN ${householdIdsSql}`).all(...args) as {
    household_id: number;
    checklist: string;
    item: string;
    result: number;
  }[];
  for (const r of rows) {
    let lists = out.get(r.household_id);
    if (!lists) out.set(r.household_id, (lists = new Map()));
    let items = lists.get(r.checklist);
    if (!items) lists.set(r.checklist, (items = new Map()));
    items.set(r.item, r.result === 1);
  }
  return out;
}
