// 著录 at dossier scale: 1,000 documents described through the grid API (describe.dossier, then one describe.save of
// every row with a new 件号 order), and their 卷内目录 printed (target as for a township's binder parts in print.ts:
// under 30 s; the save is one transaction and should take well under a second).
import { createEngine, unwrap } from '../engine/api/engine';
import { createUnit } from '../engine/catalog/units';
import { openLibrary } from '../engine/library/library';
import { renderBinder } from '../engine/print/binder';
import { timeMs, type BenchGroup } from './harness';
import { fixtureWriter } from '../tests/fixtureWriter';

const DOCUMENTS = 1000;

export const describeGroup: BenchGroup = {
  name: 'describe',
  description: '1,000 documents described through the grid API (one save, reordered) and their 卷内目录 printed',
  async run(ctx) {
    const engine = createEngine(openLibrary(ctx.tempDir('describe'), { create: true }));
    try {
      const db = engine.lib.db;
      const county = createUnit(fixtureWriter(db), { parentId: null, tier: 'county', name: '示例县' });
      const town = createUnit(fixtureWriter(db), { parentId: county.id, tier: 'township', name: '青山镇' });
      const sha = engine.lib.files.put(Buffer.from('scan'));
      db.prepare("INSERT OR IGNORE INTO blob (sha256, size, mime) VALUES (?, 4, 'image/jpeg')").run(sha);
      db.transaction(() => {
        for (let i = 1; i <= DOCUMENTS; i++) {
          const id = Number(db.prepare("INSERT INTO document (unit_id, title, source, source_name) VALUES (?, ?, 'file', ?)").run(town.id, `scan${i}`, `scan${i}`).lastInsertRowid);
          db.prepare('INSERT INTO page (document_id, seq, master_sha256, master_page) VALUES (?, 1, ?, 0), (?, 2, ?, 1)').run(id, sha, id, sha);
        }
      })();
      const saves: number[] = [];
      const prints: number[] = [];
      for (let r = 0; r < ctx.runs; r++) {
        saves.push(
          await timeMs(async () => {
            const dossier = unwrap(await engine.call('describe.dossier', { unitId: town.id }));
            const rows = dossier.documents.map((d, i) => ({
              id: d.id,
              title: `关于做好第${i + 1 + r}批脱贫攻坚档案整理工作的通知`,
              author: '青山镇人民政府',
              refNumber: `青政发〔2019〕${i + 1}号`,
              date: `2019${String((i % 12) + 1).padStart(2, '0')}${String((i % 28) + 1).padStart(2, '0')}`,
              retention: d.retention,
              secrecy: d.secrecy,
              remarks: '',
            }));
            unwrap(await engine.call('describe.save', { unitId: town.id, rows, order: [...rows.map((x) => x.id)].reverse() }));
          }),
        );
        prints.push(await timeMs(async () => void (await renderBinder(engine.lib, [town.id], { spineCm: 3 }))));
      }
      ctx.figure({ name: `describe.dossier + describe.save of ${DOCUMENTS} documents (one transaction, reordered)`, unit: 'ms', samples: saves, targetMax: 5_000 });
      ctx.figure({ name: `卷内目录 (cover, table, 备考表, spine) of ${DOCUMENTS} described documents`, unit: 'ms', samples: prints, targetMax: 30_000 });
    } finally {
      engine.close();
    }
  },
};
