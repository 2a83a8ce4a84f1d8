// Running the checks: every village of the county (a full check) or the one village an edit touched (a re-check),
// the rules of the rules file on each, completeness per unit, and the results stored: check_result per unit (the
// roll-up to township and county is a sum over the subtree when asked) and the problem ledger kept in step.
import type Database from 'better-sqlite3';
import type { WriteDb } from '../library/handles';
import { longWrite, writeTransaction, type Library } from '../library/library';
import type { JobContext } from '../jobs/jobs';
import { stmt } from '../library/sql';
import { loadRules, type RulesConfig } from './config';
import { descriptionFigures } from '../describe/store';
import { householdCompleteness, householdItems as filedInHouseholds, requiredEntries, unitCompleteness, type Completeness, type RequiredEntry } from './completeness';
import { loadVillages, villageOf } from './data';
import type { Finding, FindingRef, VillageData } from './model';
import { syncProblems } from './problems';
import type { Rule, RuleContext } from './rule';
import { C1, C2, C3, C4, C5 } from './rules/agreement';
import { R1, S1 } from './rules/forms';
import { I1 } from './rules/income';
import { N1, N2 } from './rules/national';
import { P1 } from './rules/steps';
import { H1, H2, H3 } from './rules/screening';
import { screeningChecklists } from '../catalog/screening';
import { F1, F2, F3, F4, F5 } from './rules/people';
import { D1, D2, D3, D4 } from './rules/procedure';

export const RULES: readonly Rule[] = [D1, D2, D3, D4, C1, C2, C3, C4, C5, F1, F2, F3, F4, F5, R1, S1, N1, N2, I1, P1, H1, H2, H3];

export interface CheckRun {
  findings: Finding[];
  unitsChecked: number;
}

export interface CheckOptions {
  today?: Date;
  rules?: RulesConfig;
}

/** The whole county: every village, township and the county itself. */
export function checkAll(lib: Library, options: CheckOptions = {}): CheckRun {
  return run(lib, null, options);
}

/**
 * A full check that never holds the event loop for long: on a connection of its own in one transaction
 * (library.ts, longWrite), pausing between villages so reads are answered meanwhile; the results show when it
 * commits, all at once.
 */
export async function checkAllInSteps(lib: Library, pause: () => Promise<void>, options: CheckOptions = {}, signal?: AbortSignal): Promise<CheckRun> {
  return longWrite(lib, (db) => stepThrough(checkSteps(lib, db, null, options), pause), () => undefined, signal);
}

/** The village of `unitId` (a village or one of its households), after an edit there. */
export function recheckUnit(lib: Library, unitId: number, options: CheckOptions = {}): CheckRun {
  const village = villageOf(lib.db, unitId);
  if (village === null) return { findings: [], unitsChecked: 0 };
  return run(lib, village, options);
}

/**
 * The whole county as a job (全面检查 in the app): the villages with a count and ETA, cancellable between villages —
 * nothing is stored until every village is checked, so a cancelled check leaves the last results as they were.
 */
export async function checkAllJob(lib: Library, ctx: JobContext, options: CheckOptions = {}): Promise<CheckRun> {
  return ctx.longWrite(lib, (db) =>
    stepThrough(checkSteps(lib, db, null, options), async (step) => {
      ctx.throwIfCancelled('已取消检查，上次的检查结果保持不变');
      ctx.progress('检查各村档案', step.done, step.total);
      await ctx.yield();
    }),
  );
}

/** Runs the check's steps, pausing after each village (reads are answered there; a job reports and may stop). */
async function stepThrough(steps: Generator<{ done: number; total: number }, CheckRun>, pause: (step: { done: number; total: number }) => Promise<void>): Promise<CheckRun> {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    await pause(step.value);
  }
}

/** A check short enough to run at once: one write transaction of the main connection, all or nothing. */
function run(lib: Library, villageId: number | null, options: CheckOptions): CheckRun {
  return writeTransaction(lib.db, (db) => {
    const steps = checkSteps(lib, db, villageId, options);
    for (;;) {
      const step = steps.next();
      if (step.done) return step.value;
    }
  });
}

/**
 * The check itself, reading and writing through `db`; yields after each village (how many of how many) so a caller
 * may pause there; the results are stored when the generator returns.
 */
function* checkSteps(lib: Library, db: WriteDb, villageId: number | null, options: CheckOptions): Generator<{ done: number; total: number }, CheckRun> {
  const rules = options.rules ?? loadRules(lib);
  const today = options.today ?? new Date();
  const sharedIds = sharedIdNumbers(db, villageId);
  const checklists = screeningChecklists(rules).lists;
  const findings: Finding[] = [];
  const results = new Map<number, Completeness>();
  const villageItems = requiredEntries(lib.template, 'village');
  const householdItems = requiredEntries(lib.template, 'household');

  const villageIds = villageId === null ? (stmt(db, "SELECT id FROM unit WHERE tier = 'village' ORDER BY id").all() as { id: number }[]).map((v) => v.id) : [villageId];
  for (const [i, id] of villageIds.entries()) {
    // One village at a time (loaded, checked, let go), so a full check can pause between them.
    const village = loadVillages(db, id)[0];
    if (!village) continue;
    for (const rule of RULES) {
      const setting = rules.get(rule.id);
      if (setting && !setting.enabled) continue;
      const ctx: RuleContext = { setting, template: lib.template, today, sharedIds, checklists };
      const severity = setting?.severity ?? 'error';
      rule.check(village, ctx, (f) => findings.push({ ...f, ruleId: rule.id, severity }));
    }
    completenessOfVillage(village, villageItems, householdItems, rules, results, findings);
    describedFinding(db, village, rules, findings);
    yield { done: i + 1, total: villageIds.length };
  }
  // Townships, counties and a 市 have their own items; only a full check looks at them.
  if (villageId === null) {
    for (const tier of ['township', 'county', 'city'] as const) {
      const required = requiredEntries(lib.template, tier);
      for (const unit of unitsWithItems(db, tier)) {
        const c = unitCompleteness(required, unit.items);
        results.set(unit.id, c);
        const k1 = rules.get('K1');
        if (c.missing.length && k1?.enabled !== false) findings.push(missingItemsFinding(unit.id, unit.name, c, k1?.severity ?? 'warning'));
        // The unit's own documents (a village's are counted with the village).
        describedFinding(db, unit, rules, findings, true);
      }
    }
  }
  const ran = new Set([...RULES.map((r) => r.id), 'K1', 'K2', 'A5'].filter((id) => rules.get(id)?.enabled !== false));
  // Inside a long write's transaction this is a savepoint of it.
  db.transaction(() => {
    storeResults(db, results, findings);
    syncProblems(db, findings, [...results.keys()], ran);
  })();
  return { findings, unitsChecked: results.size };
}

function completenessOfVillage(
  village: VillageData,
  villageItems: readonly RequiredEntry[],
  householdItems: readonly RequiredEntry[],
  rules: RulesConfig,
  results: Map<number, Completeness>,
  findings: Finding[],
): void {
  const own = unitCompleteness(villageItems, village.items, filedInHouseholds(village.households));
  results.set(village.id, own);
  const k1 = rules.get('K1');
  const k2 = rules.get('K2');
  if (own.missing.length && k1?.enabled !== false) findings.push(missingItemsFinding(village.id, village.name, own, k1?.severity ?? 'warning'));
  // The households counted, each with what it lacks: 查看 on the finding lists exactly these.
  const incompleteFiles: FindingRef[] = [];
  const incompleteCards: FindingRef[] = [];
  const lacking = (h: { id: number; name: string }, missing: string[]): FindingRef => ({ unitId: h.id, label: h.name, field: missing.map((m) => m.slice(m.indexOf('/') + 1)).join('、') });
  for (const h of village.households) {
    const c = householdCompleteness(householdItems, h);
    results.set(h.id, c);
    const files = c.missing.filter((m) => !m.includes('明白卡（'));
    const cards = c.missing.filter((m) => m.includes('明白卡（'));
    if (files.length) incompleteFiles.push(lacking(h, files));
    if (cards.length) incompleteCards.push(lacking(h, cards));
  }
  // One finding per village for its households (not one per household: an archive being built would flood the
  // ledger); each household's own list is in its completeness.
  if (incompleteFiles.length && k1?.enabled !== false) {
    findings.push({
      ruleId: 'K1',
      severity: k1?.severity ?? 'warning',
      unitId: village.id,
      key: `K1:${village.id}:households`,
      message: `${village.name}有${incompleteFiles.length}户的户档不完整（共${village.households.length}户）`,
      refs: incompleteFiles,
    });
  }
  if (incompleteCards.length && k2?.enabled !== false) {
    findings.push({
      ruleId: 'K2',
      severity: k2?.severity ?? 'warning',
      unitId: village.id,
      key: `K2:${village.id}`,
      message: `${village.name}有${incompleteCards.length}户的三张明白卡不全（缺照片、姓名、职务或电话）`,
      refs: incompleteCards,
    });
  }
}

/**
 * A5 (DA/T 22 著录): one finding per unit for its documents not yet described — a file name for a title, no 责任者 or
 * no 成文日期 — a village counting its households' too. Its key is the unit, so describing them closes it.
 */
function describedFinding(db: Database.Database, unit: { id: number; name: string }, rules: RulesConfig, findings: Finding[], ownOnly = false): void {
  const a5 = rules.get('A5');
  if (a5?.enabled === false) return;
  const { documents, undescribed } = descriptionFigures(db, unit.id, ownOnly ? 'own' : 'subtree');
  if (undescribed === 0) return;
  findings.push({
    ruleId: 'A5',
    severity: a5?.severity ?? 'warning',
    unitId: unit.id,
    key: `A5:${unit.id}`,
    message: `${unit.name}有${undescribed}件文件未著录（共${documents}件）：题名仍是文件名，或缺责任者、成文日期`,
    refs: [],
  });
}

function missingItemsFinding(unitId: number, name: string, c: Completeness, severity: Finding['severity']): Finding {
  const shown = c.missing.slice(0, 5).map((m) => m.slice(m.indexOf('/') + 1));
  return {
    ruleId: 'K1',
    severity,
    unitId,
    key: `K1:${unitId}`,
    message: `${name}档案缺少${c.missing.length}项（共${c.required}项）：${shown.join('、')}${c.missing.length > shown.length ? '等' : ''}`,
    refs: [],
  };
}

function unitsWithItems(db: Database.Database, tier: 'township' | 'county' | 'city'): { id: number; name: string; items: Set<string> }[] {
  const units = new Map<number, { id: number; name: string; items: Set<string> }>();
  for (const u of stmt(db, 'SELECT id, name FROM unit WHERE tier = ?').all(tier) as { id: number; name: string }[]) units.set(u.id, { ...u, items: new Set() });
  const docs = stmt(db, `SELECT DISTINCT d.unit_id, d.item FROM document d JOIN unit u ON u.id = d.unit_id WHERE u.tier = ? AND d.item IS NOT NULL`).all(tier) as {
    unit_id: number;
    item: string;
  }[];
  for (const d of docs) units.get(d.unit_id)?.items.add(d.item);
  return [...units.values()];
}

/** ID numbers registered in more than one household (all of them, or those of one village's members). */
function sharedIdNumbers(db: Database.Database, villageId: number | null): Map<string, { householdId: number; name: string }[]> {
  const candidates =
    villageId === null
      ? 'SELECT id_number FROM member GROUP BY id_number HAVING count(DISTINCT household_id) > 1'
      : `SELECT m.id_number FROM member m JOIN unit u ON u.id = m.household_id WHERE u.parent_id = ?
          AND EXISTS (SELECT 1 FROM member o WHERE o.id_number = m.id_number AND o.household_id <> m.household_id)`;
  const rows = db
    .prepare(`SELECT m.id_number, m.household_id, u.name FROM member m JOIN unit u ON u.id = m.household_id WHERE m.id_number IN (${candidates})`)
    .all(...(villageId === null ? [] : [villageId])) as { id_number: string; household_id: number; name: string }[];
  const map = new Map<string, { householdId: number; name: string }[]>();
  for (const r of rows) {
    const list = map.get(r.id_number) ?? [];
    list.push({ householdId: r.household_id, name: r.name });
    map.set(r.id_number, list);
  }
  return map;
}

function storeResults(db: Database.Database, results: Map<number, Completeness>, findings: readonly Finding[]): void {
  const counts = new Map<number, { errors: number; warnings: number }>();
  for (const f of findings) {
    const c = counts.get(f.unitId) ?? { errors: 0, warnings: 0 };
    if (f.severity === 'error') c.errors++;
    else c.warnings++;
    counts.set(f.unitId, c);
  }
  const now = new Date().toISOString();
  const upsert = stmt(
    db,
    `INSERT INTO check_result (unit_id, required, present, errors, warnings, checked_at) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (unit_id) DO UPDATE SET required = excluded.required, present = excluded.present, errors = excluded.errors,
       warnings = excluded.warnings, checked_at = excluded.checked_at`,
  );
  for (const [unitId, c] of results) {
    const n = counts.get(unitId) ?? { errors: 0, warnings: 0 };
    upsert.run(unitId, c.required, c.present, n.errors, n.warnings, now);
  }
}
