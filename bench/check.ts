// Checking the county: a full check of the 40,000-household demo county with form records for every household
// (application, information form, 明白卡) and every village (the four meetings, two 公示 and the 公告 listing its
// households), and the re-check after editing one household's form through the API (forms.save re-checks its
// village). Baseline in the same run: reading the rows the check reads (households, members, contacts, forms).
import { createEngine, unwrap } from '../engine/api/engine';
import { buildDemoLibrary } from '../engine/demo/build';
import { generateCounty } from '../engine/demo/generate';
import { openLibrary } from '../engine/library/library';
import { checkAll } from '../engine/validate/check';
import { timeMs, type BenchGroup } from './harness';

const EDITS = 25;

export const checkGroup: BenchGroup = {
  name: 'check',
  description: 'full check of the demo county with form records, and the re-check after editing one household',
  async run(ctx) {
    const dir = ctx.tempDir('check');
    const lib = openLibrary(dir, { create: true });
    await buildDemoLibrary(lib, generateCounty({ households: ctx.households }));
    const db = lib.db;
    const villages = db.prepare("SELECT id FROM unit WHERE tier = 'village'").all() as { id: number }[];
    const insert = db.prepare("INSERT INTO form_record (unit_id, form_type, fields, source) VALUES (?, ?, ?, 'excel')");
    const signed = { 申请人: true, 户主: true, 填表人: true, 审核人: true, 参会人员: true };
    db.transaction(() => {
      for (const [i, v] of villages.entries()) {
        const households = db.prepare("SELECT u.id, u.name, (SELECT count(*) FROM member m WHERE m.household_id = u.id) AS size FROM unit u WHERE u.parent_id = ?").all(v.id) as {
          id: number;
          name: string;
          size: number;
        }[];
        const day = (d: number) => `2019-03-${String(d).padStart(2, '0')}`;
        for (const [k, stage] of (['提议', '商议', '审议', '决议'] as const).entries()) {
          insert.run(v.id, 'meeting', JSON.stringify({ round: 2019, stage, date: day(5 + k * 3), due: 40, present: 35, signedIn: 35, votesFor: 33, votesAgainst: 1, signatures: signed }));
        }
        const listed = households.map((h) => ({ head: h.name, size: h.size, cause: '因病' }));
        // One village in ten announces before its second 公示 ended: findings to store.
        const late = i % 10 === 0;
        insert.run(v.id, 'notice', JSON.stringify({ round: 2019, kind: '第一次公示', date: day(18), periodDays: 7, households: listed, signatures: {} }));
        insert.run(v.id, 'notice', JSON.stringify({ round: 2019, kind: '第二次公示', date: day(26), periodDays: 7, households: listed, signatures: {} }));
        insert.run(v.id, 'notice', JSON.stringify({ round: 2019, kind: '公告', date: late ? '2019-03-30' : '2019-04-05', households: listed, signatures: {} }));
        for (const h of households) {
          insert.run(h.id, 'application', JSON.stringify({ date: '2019-03-01', applicant: h.name, signatures: signed }));
          insert.run(h.id, 'survey', JSON.stringify({ exitYear: 2020, members: h.size, mainCause: '因病', otherCauses: [], transferIncome: 1200, netIncome: 3000 * h.size, perCapitaIncome: 3000, signatures: signed }));
        }
      }
    })();
    const forms = (db.prepare('SELECT count(*) AS n FROM form_record').get() as { n: number }).n;
    ctx.log(`${villages.length} villages, ${forms} form records`);

    const fullRuns: number[] = [];
    const readRuns: number[] = [];
    let findings = 0;
    for (let r = 0; r < ctx.runs; r++) {
      readRuns.push(
        await timeMs(() => {
          for (const sql of [
            'SELECT u.id, u.parent_id, u.name, h.* FROM unit u JOIN household h ON h.unit_id = u.id',
            'SELECT household_id, name, id_number, relation, sex, birth_date, health, labour_skill FROM member',
            'SELECT hc.household_id, hc.role, p.name, p.post, p.phone FROM household_contact hc JOIN contact_person p ON p.id = hc.person_id',
            'SELECT id, unit_id, document_id, form_type, fields FROM form_record',
          ])
            db.prepare(sql).all();
        }),
      );
      fullRuns.push(await timeMs(() => (findings = checkAll(lib).findings.length)));
    }
    ctx.figure({
      name: `full check (${ctx.households} households, ${forms} forms; ${findings} findings)`,
      unit: 'ms',
      samples: fullRuns,
      targetMax: 5000,
      baseline: { name: 'reading the same rows', samples: readRuns },
    });
    lib.close();

    const engine = createEngine(openLibrary(dir));
    try {
      const edits = engine.lib.db.prepare("SELECT id, unit_id FROM form_record WHERE form_type = 'application' ORDER BY id").all() as { id: number; unit_id: number }[];
      const samples: number[] = [];
      for (let i = 0; i < EDITS; i++) {
        const form = edits[Math.floor((i * edits.length) / EDITS)]!;
        const date = i % 2 === 0 ? '2019-03-10' : '2019-03-01';
        samples.push(await timeMs(async () => unwrap(await engine.call('forms.save', { id: form.id, unitId: form.unit_id, type: 'application', fields: { date, applicant: '申请人', signatures: { 申请人: true } } }))));
      }
      ctx.figure({ name: 'forms.save + re-check of its village', unit: 'ms', samples, p95: true, targetMax: 100 });
    } finally {
      engine.close();
    }
  },
};
