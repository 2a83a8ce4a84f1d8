// Acceptance packages: exporting a township's documents as a bag (every file copied, fsynced and read back against
// its digest) and verifying it, in MB/s, against what the same files cost with the system's tools in the same run:
// `cp -r` + `sync` + `sha256sum` of the copy for export, `sha256sum -c manifest-sha256.txt` for verify.
// Target: within 1.5× of the baseline. Scans are JPEGs made unique by trailing bytes (decoders ignore them), so
// the store holds as many distinct files as a real township; searchable PDFs are made once before timing, as the
// viewer would have made them (their making is measured by nothing here).
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { createUnit } from '../engine/catalog/units';
import { detachedContext } from '../engine/jobs/jobs';
import { storeBlob } from '../engine/library/blobs';
import { openLibrary, type Library } from '../engine/library/library';
import { verifyBag } from '../engine/pack/bagit';
import { packUnit } from '../engine/pack/pack';
import { documentPdf } from '../engine/pdf/documentPdf';
import { timeMs, type BenchGroup } from './harness';
import { fixtureWriter } from '../tests/fixtureWriter';

const DOCUMENTS = 150;
const PAGES = 5;

async function township(lib: Library): Promise<number> {
  const db = lib.db;
  const county = createUnit(fixtureWriter(db), { parentId: null, tier: 'county', name: '示例县' });
  const town = createUnit(fixtureWriter(db), { parentId: county.id, tier: 'township', name: '青山镇' });
  const villages = [0, 1, 2].map((i) => createUnit(fixtureWriter(db), { parentId: town.id, tier: 'village', name: `第${i + 1}村` }));
  const base = await sharp({ create: { width: 1654, height: 2339, channels: 3, background: '#f4f1ea' } }).jpeg({ quality: 85 }).toBuffer();
  const access = await sharp(base).greyscale().jpeg({ quality: 85 }).toBuffer();
  const thumb = await sharp(base).resize(200).jpeg().toBuffer();
  // Real scans of an A4 page run ~300–600 KB as JPEG; the trailing bytes bring these to that size, each unique.
  const unique = (jpeg: Buffer, bytes: number) => Buffer.concat([jpeg, randomBytes(Math.max(0, bytes - jpeg.length))]);
  for (let d = 0; d < DOCUMENTS; d++) {
    const village = villages[d % villages.length]!;
    const id = Number(db.prepare("INSERT INTO document (unit_id, item, title, source) VALUES (?, NULL, ?, 'file')").run(village.id, `文件${d + 1}`).lastInsertRowid);
    for (let p = 0; p < PAGES; p++) {
      const master = storeBlob(lib, unique(base, 400_000), 'image/jpeg');
      const acc = storeBlob(lib, unique(access, 150_000), 'image/jpeg');
      const th = storeBlob(lib, unique(thumb, 8_000), 'image/jpeg');
      db.prepare(
        `INSERT INTO page (document_id, seq, master_sha256, access_sha256, thumb_sha256, width, height, dpi, ocr_status, ocr_text, ocr_words)
         VALUES (?, ?, ?, ?, ?, 1654, 2339, 200, 'done', '桃园村贫困户识别第一次公示', '[]')`,
      ).run(id, p + 1, master, acc, th);
    }
    await documentPdf(lib, id);
  }
  return town.id;
}

function treeBytes(dir: string): number {
  let total = 0;
  for (const e of readdirSync(dir, { recursive: true, withFileTypes: true })) if (e.isFile()) total += statSync(join(e.parentPath, e.name)).size;
  return total;
}

export const packGroup: BenchGroup = {
  name: 'pack',
  description: `acceptance package of a township (${DOCUMENTS} documents × ${PAGES} pages): export and verify MB/s vs cp -r + sync + sha256sum`,
  async run(ctx) {
    const dir = ctx.tempDir('pack');
    const lib = openLibrary(join(dir, 'library'), { create: true });
    try {
      ctx.log('building the township…');
      const townId = await township(lib);
      const exportRuns: number[] = [];
      const verifyRuns: number[] = [];
      const copyRuns: number[] = [];
      const checkRuns: number[] = [];
      let bytes = 0;
      let files = 0;
      for (let r = 0; r < ctx.runs; r++) {
        const out = ctx.tempDir(`out-${r}`);
        let bag = '';
        exportRuns.push(
          await timeMs(async () => {
            const result = await packUnit(lib, { unitId: townId, outDir: out, include: { masters: true, pdfs: true }, maxPartBytes: null }, detachedContext());
            bag = result.bags[0]!.path;
            bytes = result.bags[0]!.bytes;
            files = result.bags[0]!.files;
          }),
        );
        verifyRuns.push(
          await timeMs(async () => {
            const report = await verifyBag(bag, detachedContext());
            if (!report.valid) throw new Error(`bag not valid: ${report.problems[0]?.message}`);
          }),
        );
        const copy = join(ctx.tempDir(`copy-${r}`), 'data');
        copyRuns.push(
          await timeMs(() => {
            execFileSync('bash', ['-c', 'cp -r "$1" "$2" && sync && find "$2" -type f -exec sha256sum {} + > /dev/null', '_', join(bag, 'data'), copy]);
          }),
        );
        checkRuns.push(await timeMs(() => execFileSync('sha256sum', ['-c', '--quiet', 'manifest-sha256.txt'], { cwd: bag })));
        if (treeBytes(join(bag, 'data')) !== bytes) throw new Error('payload size differs from the bag-info figure');
        rmSync(out, { recursive: true, force: true });
        rmSync(copy, { recursive: true, force: true });
      }
      const mb = bytes / 1024 / 1024;
      const rate = (ms: number[]) => (mb / (ms.sort((a, b) => a - b)[Math.floor(ms.length / 2)]! / 1000)).toFixed(0);
      ctx.figure({
        name: `export ${files} files, ${mb.toFixed(0)} MB (${rate([...exportRuns])} MB/s; cp+sync+sha256sum ${rate([...copyRuns])} MB/s)`,
        unit: 'ms',
        samples: exportRuns,
        baseline: { name: 'cp -r + sync + sha256sum', samples: copyRuns },
      });
      ctx.figure({
        name: `verify ${files} files, ${mb.toFixed(0)} MB (${rate([...verifyRuns])} MB/s; sha256sum -c ${rate([...checkRuns])} MB/s)`,
        unit: 'ms',
        samples: verifyRuns,
        baseline: { name: 'sha256sum -c', samples: checkRuns },
      });
    } finally {
      lib.close();
    }
  },
};
