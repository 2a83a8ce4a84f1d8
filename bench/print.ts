// Printing: the 明白卡 of the county's largest village (three cards a household, its 村级户档 copy, with photos) as
// one A4 PDF, four cards a sheet (target: 900 cards in under 5 s, a PDF under 10 MB); and the binder parts (cover,
// table of contents, 备考表, spine) of every dossier of the largest township (target: under 30 s).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildDemoLibrary } from '../engine/demo/build';
import { generateCounty } from '../engine/demo/generate';
import { openLibrary } from '../engine/library/library';
import { renderBinder } from '../engine/print/binder';
import { renderContactCards } from '../engine/print/cards';
import { timeMs, type BenchGroup } from './harness';

export const printGroup: BenchGroup = {
  name: 'print',
  description: '明白卡 of the largest village (3 cards a household, with photos), A4 four up; binder parts of a township',
  async run(ctx) {
    const dir = ctx.tempDir('print');
    const lib = openLibrary(dir, { create: true });
    try {
      await buildDemoLibrary(lib, generateCounty({ households: ctx.households }));
      const village = lib.db
        .prepare("SELECT v.id, v.name, count(*) AS n FROM unit v JOIN unit h ON h.parent_id = v.id WHERE v.tier = 'village' GROUP BY v.id ORDER BY n DESC LIMIT 1")
        .get() as { id: number; name: string; n: number };
      const samples: number[] = [];
      let bytes = 0;
      let cards = 0;
      for (let r = 0; r < ctx.runs; r++) {
        samples.push(
          await timeMs(async () => {
            const out = await renderContactCards(lib, [village.id], { layout: 'a4', copies: 'village' });
            bytes = out.bytes.length;
            cards = out.cards;
            writeFileSync(join(dir, 'cards.pdf'), out.bytes);
          }),
        );
      }
      ctx.figure({ name: `明白卡: ${cards} cards of ${village.n} households (${(bytes / 1024 / 1024).toFixed(1)} MB)`, unit: 'ms', samples, targetMax: 5000 * (cards / 900) });
      ctx.log(`PDF size ${(bytes / 1024 / 1024).toFixed(2)} MB for ${cards} cards — target < 10 MB for 900: ${bytes / cards * 900 < 10 * 1024 * 1024 ? 'MET' : 'MISSED'}`);

      const township = lib.db
        .prepare("SELECT t.id, (SELECT count(*) FROM unit v JOIN unit h ON h.parent_id = v.id WHERE v.parent_id = t.id) AS n FROM unit t WHERE t.tier = 'township' ORDER BY n DESC LIMIT 1")
        .get() as { id: number; n: number };
      const binderRuns: number[] = [];
      let dossiers = 0;
      let pages = 0;
      for (let r = 0; r < ctx.runs; r++) {
        binderRuns.push(
          await timeMs(async () => {
            const out = await renderBinder(lib, [township.id], { spineCm: 3 });
            dossiers = out.dossiers;
            pages = out.pages;
          }),
        );
      }
      ctx.figure({ name: `binder parts of a township: ${dossiers} dossiers, ${pages} pages`, unit: 'ms', samples: binderRuns, targetMax: 30_000 });
    } finally {
      lib.close();
    }
  },
};
