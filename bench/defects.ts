// The planted-defect bench: a demo county with a clean, complete file (the procedure of every village in order,
// each household's application, 入户普查表 and 信息采集表 agreeing with the national roster), then each class of
// defect the seeds name planted at random known places by changing the rows the engine owns, and a full check.
// Per class: planted, caught (a new finding of the class's rules on the unit planted), recall; and the false
// alarms: units where nothing was planted that raise a finding the clean county did not.
import { buildDemoLibrary } from '../engine/demo/build';
import { generateCounty } from '../engine/demo/generate';
import { Rng } from '../engine/demo/random';
import { openLibrary } from '../engine/library/library';
import { checkAll } from '../engine/validate/check';
import type { Finding } from '../engine/validate/model';
import { nameVariant, type NameVariant } from '../engine/validate/names';
import type { BenchGroup } from './harness';
import type Database from 'better-sqlite3';

/** Defects per class; the county is small enough that each class hits different villages. */
const PER_CLASS = 20;
const SEED = 14_003;

interface Household {
  id: number;
  villageId: number;
  head: string;
  size: number;
}

interface DefectClass {
  name: string;
  /** The rules that must raise it (any one). */
  rules: readonly string[];
  /** Village-level defects are planted on a village, the others on a household. */
  on: 'village' | 'household';
  /** Plants the defect; false when this unit cannot carry it (then another is drawn). */
  plant(db: Database.Database, unitId: number, ctx: PlantContext): boolean;
}

interface PlantContext {
  household?: Household;
  /** Characters of the county's names, for a homophone drawn from data. */
  nameChars: readonly string[];
}

const day = (d: number) => new Date(Date.UTC(2019, 2, d)).toISOString().slice(0, 10);

function formOf(db: Database.Database, unitId: number, type: string, where?: (f: Record<string, unknown>) => boolean): { id: number; fields: Record<string, unknown> } {
  const rows = db.prepare('SELECT id, fields FROM form_record WHERE unit_id = ? AND form_type = ? ORDER BY id').all(unitId, type) as { id: number; fields: string }[];
  const found = rows.map((r) => ({ id: r.id, fields: JSON.parse(r.fields) as Record<string, unknown> })).find((r) => !where || where(r.fields));
  if (!found) throw new Error(`no ${type} form on unit ${unitId}`);
  return found;
}

function setFields(db: Database.Database, unitId: number, type: string, change: (f: Record<string, unknown>) => void, where?: (f: Record<string, unknown>) => boolean): void {
  const form = formOf(db, unitId, type, where);
  change(form.fields);
  db.prepare('UPDATE form_record SET fields = ? WHERE id = ?').run(JSON.stringify(form.fields), form.id);
}

const notice = (kind: string) => (f: Record<string, unknown>) => f.kind === kind;
const step = (name: string) => (f: Record<string, unknown>) => f.step === name;

const CLASSES: readonly DefectClass[] = [
  // Seed 000 三算.
  { name: '三算：转移性收入大于家庭纯收入', rules: ['I1'], on: 'household', plant: (db, id) => (setFields(db, id, 'survey', (f) => (f.transferIncome = (f.netIncome as number) + 800)), true) },
  {
    name: '三算：人均收入多一位数（表与系统一致）',
    rules: ['I1'],
    on: 'household',
    plant: (db, id, { household }) => {
      setFields(db, id, 'survey', (f) => {
        f.perCapitaIncome = (f.perCapitaIncome as number) * 10;
        f.netIncome = (f.perCapitaIncome as number) * household!.size;
        f.wageIncome = (f.netIncome as number) - (f.transferIncome as number);
      });
      db.prepare('UPDATE household SET per_capita_income = per_capita_income * 10 WHERE unit_id = ?').run(id);
      return true;
    },
  },
  { name: '三算：人均×人数与家庭纯收入不符', rules: ['I1'], on: 'household', plant: (db, id, { household }) => household!.size > 1 && (setFields(db, id, 'survey', (f) => (f.netIncome = (f.netIncome as number) * household!.size)), true) },
  // Seed 004: forms against the national system.
  { name: '国家系统：主要致贫原因不一致', rules: ['N1'], on: 'household', plant: (db, id) => (setFields(db, id, 'survey', (f) => (f.mainCause = f.mainCause === '因病' ? '缺资金' : '因病')), true) },
  { name: '国家系统：脱贫年度不一致', rules: ['N1'], on: 'household', plant: (db, id) => (setFields(db, id, 'survey', (f) => (f.exitYear = ((f.exitYear as number | null) ?? 2018) + 1)), true) },
  { name: '国家系统：人均纯收入不一致', rules: ['N1'], on: 'household', plant: (db, id) => (setFields(db, id, 'survey', (f) => (f.perCapitaIncome = (f.perCapitaIncome as number) + 350)), true) },
  // Seed 003 姓名不一致: the applicant written with a homophone of one character of the head's given name.
  {
    name: '姓名：申请人与户主同音字',
    rules: ['N2'],
    on: 'household',
    plant: (db, id, { household, nameChars }) => {
      const spelt = respelt(db, household!, nameChars, 'homophone');
      return spelt !== null && (setFields(db, id, 'application', (f) => (f.applicant = spelt)), true);
    },
  },
  {
    name: '姓名：公示名单户主同音字',
    rules: ['N2'],
    on: 'household',
    plant: (db, _id, { household, nameChars }) => {
      const spelt = respelt(db, household!, nameChars, 'homophone');
      if (spelt === null) return false;
      setFields(db, household!.villageId, 'notice', (f) => (f.households = (f.households as { head: string }[]).map((e) => (e.head === household!.head ? { ...e, head: spelt } : e))), notice('第一次公示'));
      return true;
    },
  },
  {
    name: '姓名：申请人与户主形近字',
    rules: ['N2'],
    on: 'household',
    plant: (db, id, { household, nameChars }) => {
      const spelt = respelt(db, household!, nameChars, 'similar-shape');
      return spelt !== null && (setFields(db, id, 'application', (f) => (f.applicant = spelt)), true);
    },
  },
  { name: '表册：信息采集表家庭人数与花名册不符', rules: ['C4', 'N1'], on: 'household', plant: (db, id, { household }) => (setFields(db, id, 'survey', (f) => (f.members = household!.size + 1)), true) },
  // Seed 001: signatures on the forms.
  { name: '签字：申请书缺申请人签字', rules: ['S1', 'F1', 'F2', 'F3', 'F4', 'F5'], on: 'household', plant: (db, id) => (setFields(db, id, 'application', (f) => (f.signatures = {})), true) },
  // Seeds 000/001 screening lists.
  { name: '筛查：缺识别筛查记录', rules: ['H1'], on: 'household', plant: (db, id) => db.prepare('DELETE FROM screening_answer WHERE household_id = ?').run(id).changes > 0 },
  // Seed 001 procedure (逐级审核, 四议两公开).
  { name: '程序：缺贫困户申请书', rules: ['P1', 'C1', 'C2', 'C3'], on: 'household', plant: (db, id) => db.prepare("DELETE FROM form_record WHERE unit_id = ? AND form_type = 'application'").run(id).changes > 0 },
  { name: '程序：入户调查在四议之后', rules: ['P1', 'D1', 'D2', 'D3'], on: 'household', plant: (db, id) => (setFields(db, id, 'census', (f) => (f.date = day(13))), true) },
  { name: '程序：商议在审议之后', rules: ['P1', 'D1', 'D2', 'D3'], on: 'village', plant: (db, id) => (setFields(db, id, 'meeting', (f) => (f.date = day(13)), (f) => f.stage === '商议'), true) },
  { name: '程序：缺第二次公示', rules: ['P1'], on: 'village', plant: (db, id) => db.prepare("DELETE FROM form_record WHERE unit_id = ? AND form_type = 'notice' AND json_extract(fields, '$.kind') = '第二次公示'").run(id).changes > 0 },
  { name: '程序：缺乡镇审核', rules: ['P1'], on: 'village', plant: (db, id) => db.prepare("DELETE FROM form_record WHERE unit_id = ? AND form_type = 'step' AND json_extract(fields, '$.step') = '乡镇审核'").run(id).changes > 0 },
  {
    name: '程序：乡镇审核在第二次公示之后（顺序颠倒）',
    rules: ['P1'],
    on: 'village',
    plant: (db, id) => (setFields(db, id, 'step', (f) => (f.date = day(30)), step('乡镇审核')), true),
  },
  { name: '程序：第一次公示期不足', rules: ['P1', 'D4'], on: 'village', plant: (db, id) => (setFields(db, id, 'notice', (f) => (f.periodDays = 3), notice('第一次公示')), true) },
  { name: '程序：公告早于第二次公示期满', rules: ['P1', 'D4', 'D1', 'D2', 'D3'], on: 'village', plant: (db, id) => (setFields(db, id, 'notice', (f) => (f.date = day(29)), notice('公告')), true) },
];

/** The head's name with one character of the given name changed to another of the kind asked (reads the same,
 * looks alike), drawn from the characters of the county's names; null when none is found or it is another member's. */
function respelt(db: Database.Database, household: Household, nameChars: readonly string[], kind: NameVariant): string | null {
  const head = [...household.head];
  const members = new Set((db.prepare('SELECT name FROM member WHERE household_id = ?').all(household.id) as { name: string }[]).map((m) => m.name));
  for (let i = head.length - 1; i >= 1; i--) {
    for (const c of nameChars) {
      const spelt = [...head.slice(0, i), c, ...head.slice(i + 1)].join('');
      if (c !== head[i] && !members.has(spelt) && nameVariant(household.head, spelt) === kind) return spelt;
    }
  }
  return null;
}

/** A complete, agreeing file for every village and household: what the check must pass clean. */
function fileEverything(db: Database.Database): Household[] {
  const households = db
    .prepare(
      `SELECT u.id, u.parent_id AS villageId, (SELECT name FROM member m WHERE m.household_id = u.id AND m.relation = '户主') AS head,
              (SELECT count(*) FROM member m WHERE m.household_id = u.id) AS size, h.main_cause AS cause, h.exit_year AS exitYear,
              h.per_capita_income AS pc, h.status
         FROM unit u JOIN household h ON h.unit_id = u.id ORDER BY u.id`,
    )
    .all() as (Household & { cause: string | null; exitYear: number | null; pc: number | null; status: string })[];
  const insert = db.prepare("INSERT INTO form_record (unit_id, form_type, fields, source) VALUES (?, ?, ?, 'excel')");
  const byVillage = new Map<number, typeof households>();
  for (const h of households) byVillage.set(h.villageId, [...(byVillage.get(h.villageId) ?? []), h]);
  const everyone = { 申请人: true, 户主: true, 调查人: true, 核查人: true, 填表人: true, 审核人: true, 参会人员: true, 村支部书记: true, 第一书记: true, 部门包村干部: true, 乡镇包村干部: true, 管区书记: true };
  db.transaction(() => {
    for (const [villageId, list] of byVillage) {
      const registered = list.filter((h) => h.status !== 'marginal');
      const listed = registered.map((h) => ({ head: h.head, size: h.size, cause: h.cause ?? '' }));
      for (const [k, stage] of (['提议', '商议', '审议', '决议'] as const).entries()) {
        insert.run(villageId, 'meeting', JSON.stringify({ round: 2019, stage, date: day(6 + k * 2), due: 40, present: 35, signedIn: 35, votesFor: 33, votesAgainst: 1, signatures: everyone }));
      }
      insert.run(villageId, 'notice', JSON.stringify({ round: 2019, kind: '第一次公示', date: day(15), periodDays: 7, households: listed, signatures: everyone }));
      insert.run(villageId, 'step', JSON.stringify({ round: 2019, step: '乡镇审核', date: day(23), signatures: everyone }));
      insert.run(villageId, 'notice', JSON.stringify({ round: 2019, kind: '第二次公示', date: day(24), periodDays: 7, households: listed, signatures: everyone }));
      insert.run(villageId, 'step', JSON.stringify({ round: 2019, step: '县审定', date: day(32), signatures: everyone }));
      insert.run(villageId, 'notice', JSON.stringify({ round: 2019, kind: '公告', date: day(34), households: listed, signatures: everyone }));
      for (const h of registered) {
        const pc = h.pc ?? 3000;
        const net = pc * h.size;
        const transfer = Math.round(net * 0.2);
        insert.run(h.id, 'application', JSON.stringify({ date: day(1), applicant: h.head, round: 2019, signatures: everyone }));
        insert.run(h.id, 'census', JSON.stringify({ date: day(3), surveyor: '调查人', excluded: [], checkerOpinion: '属实', signatures: everyone }));
        insert.run(
          h.id,
          'survey',
          JSON.stringify({ exitYear: h.exitYear, members: h.size, mainCause: h.cause, otherCauses: [], wageIncome: net - transfer, businessIncome: 0, propertyIncome: 0, transferIncome: transfer, productionExpense: 0, debt: 0, netIncome: net, perCapitaIncome: pc, signatures: everyone }),
        );
      }
    }
  })();
  return households.filter((h) => h.status !== 'marginal');
}

export const defectsGroup: BenchGroup = {
  name: 'defects',
  description: 'recall and false alarms of the full check on a demo county with seed defects planted at random known places',
  async run(ctx) {
    const lib = openLibrary(ctx.tempDir('defects'), { create: true });
    try {
      // Small: recall does not depend on scale, and a county of villages with ~10 households each is what the rules see.
      await buildDemoLibrary(lib, generateCounty({ households: Math.min(ctx.households, 4000) }));
      const db = lib.db;
      const households = fileEverything(db);
      const clean = checkAll(lib).findings;
      const cleanKeys = new Set(clean.map((f) => f.key));
      const villages = [...new Set(households.map((h) => h.villageId))];
      const cleanByRule = new Map<string, number>();
      for (const f of clean) cleanByRule.set(f.ruleId, (cleanByRule.get(f.ruleId) ?? 0) + 1);
      ctx.log(`${villages.length} villages, ${households.length} registered households; the clean county raises ${clean.length} findings (${[...cleanByRule].map(([r, n]) => `${r} ${n}`).join(', ')})`);

      const nameChars = [...new Set((db.prepare('SELECT name FROM member').all() as { name: string }[]).flatMap((m) => [...m.name].slice(1)))].sort();
      const rng = new Rng(SEED);
      const taken = new Set<number>();
      const planted: { cls: DefectClass; unitId: number }[] = [];
      db.transaction(() => {
        // Villages' defects first: a village planted keeps its households clean, and the other way round.
        for (const cls of [...CLASSES].sort((a, b) => (a.on === b.on ? 0 : a.on === 'village' ? -1 : 1))) {
          let n = 0;
          for (let tries = 0; n < PER_CLASS && tries < PER_CLASS * 20; tries++) {
            const household = cls.on === 'household' ? rng.pick(households) : undefined;
            const unitId = household?.id ?? rng.pick(villages);
            // One defect a unit, and a village's defects apart from its households': each catch is unambiguous.
            const village = household?.villageId ?? unitId;
            if (taken.has(unitId) || taken.has(village) || (cls.on === 'village' && households.some((h) => h.villageId === unitId && taken.has(h.id)))) continue;
            if (!cls.plant(db, unitId, { household, nameChars })) continue;
            taken.add(unitId);
            planted.push({ cls, unitId });
            n++;
          }
        }
      })();

      const after = checkAll(lib).findings.filter((f) => !cleanKeys.has(f.key));
      const byUnit = new Map<number, Finding[]>();
      for (const f of after) byUnit.set(f.unitId, [...(byUnit.get(f.unitId) ?? []), f]);
      let caughtAll = 0;
      for (const cls of CLASSES) {
        const mine = planted.filter((p) => p.cls === cls);
        const caught = mine.filter((p) => (byUnit.get(p.unitId) ?? []).some((f) => cls.rules.includes(f.ruleId)));
        caughtAll += caught.length;
        const recall = mine.length ? caught.length / mine.length : Number.NaN;
        process.stdout.write(`  ${cls.name}: planted ${mine.length}, caught ${caught.length}, recall ${(recall * 100).toFixed(0)}%\n`);
      }
      // A unit planted, or the village of a household planted (its 公示/公告 lists and spreads see the household),
      // may answer; every other unit raising a new finding is a false alarm.
      const plantedUnits = new Set(planted.map((p) => p.unitId));
      const answering = new Set([...plantedUnits, ...planted.filter((p) => p.cls.on === 'household').map((p) => households.find((h) => h.id === p.unitId)!.villageId)]);
      const unitsChecked = households.length + villages.length;
      const alarmed = [...byUnit.entries()].filter(([unitId]) => !answering.has(unitId));
      const falseRate = alarmed.length / (unitsChecked - plantedUnits.size);
      process.stdout.write(`  overall: planted ${planted.length}, caught ${caughtAll}, recall ${((caughtAll / planted.length) * 100).toFixed(1)}%; false alarms on ${alarmed.length} of ${unitsChecked - plantedUnits.size} units not planted (${(falseRate * 100).toFixed(2)}%)\n`);
      for (const [unitId, fs] of alarmed.slice(0, 5)) process.stdout.write(`    false alarm on unit ${unitId}: ${fs.map((f) => `${f.ruleId} ${f.message}`).join(' | ')}\n`);
      for (const cls of CLASSES) {
        const missed = planted.filter((p) => p.cls === cls && !(byUnit.get(p.unitId) ?? []).some((f) => cls.rules.includes(f.ruleId)));
        if (missed[0]) process.stdout.write(`    missed ${cls.name} on unit ${missed[0].unitId}: new findings there: ${(byUnit.get(missed[0].unitId) ?? []).map((f) => `${f.ruleId} ${f.message}`).join(' | ') || 'none'}\n`);
      }
    } finally {
      lib.close();
    }
  },
};
