// Fixity (四性检测·完整性, `dangka fsck`): re-hashing every stored file of a library against the database, in MB/s,
// against `sha256sum` of the same files (the disk and hash speed any tool gets). Files are cold-ish: written just
// before, so both read from the page cache alike.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { createEngine } from '../engine/api/engine';
import { detachedContext } from '../engine/jobs/jobs';
import { storeBlob } from '../engine/library/blobs';
import { checkFixity } from '../engine/library/fixity';
import { openLibrary } from '../engine/library/library';
import { timeMs, type BenchGroup } from './harness';

/** ~400 MB in scan-sized files (2 MB masters). */
const FILES = 200;
const FILE_BYTES = 2 * 1024 * 1024;

export const fixityGroup: BenchGroup = {
  name: 'fixity',
  description: `dangka fsck over ${FILES} stored files of ${FILE_BYTES / 1024 / 1024} MB: MB/s vs sha256sum of the same files`,
  async run(ctx) {
    const engine = createEngine(openLibrary(join(ctx.tempDir('fixity'), 'library'), { create: true }));
    try {
      const paths: string[] = [];
            // Random bytes behind a JPEG signature: the 可用性 check reads the format from the first bytes.
      const jpeg = () => Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), randomBytes(FILE_BYTES - 4)]);
      for (let i = 0; i < FILES; i++) paths.push(engine.lib.files.pathOf(storeBlob(engine.lib, jpeg(), 'image/jpeg')));
      const mb = (FILES * FILE_BYTES) / 1024 / 1024;
      const ours: number[] = [];
      const baseline: number[] = [];
      for (let run = 0; run < ctx.runs; run++) {
        ours.push(await timeMs(async () => {
          const report = await checkFixity(engine.lib, detachedContext());
          if (!report.ok) throw new Error('fixity bench: files reported broken');
        }));
        baseline.push(await timeMs(() => execFileSync('sha256sum', paths, { maxBuffer: 64 * 1024 * 1024 })));
      }
      const rate = (ms: number[]) => (mb / (ms.sort((a, b) => a - b)[Math.floor(ms.length / 2)]! / 1000)).toFixed(0);
      ctx.figure({
        name: `fsck ${FILES} files, ${mb.toFixed(0)} MB (${rate([...ours])} MB/s; sha256sum ${rate([...baseline])} MB/s)`,
        unit: 'ms',
        samples: ours,
        baseline: { name: 'sha256sum', samples: baseline },
      });
    } finally {
      engine.close();
    }
  },
};
