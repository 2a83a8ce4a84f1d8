// Sign-in under attack, through `dangka serve` as the app uses it: the latency of a clerk's ordinary calls (opening
// the catalog) alone, and while 20 wrong sign-ins run in parallel, wave after wave, each on its own account (so every
// guess costs a full scrypt; the throttle would refuse repeats on one account without hashing). With scrypt on the
// main thread the calls waited for every guess (issue 17: 10–39 s); on the thread pool they should not notice.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createEngine, unwrap } from '../engine/api/engine';
import { openLibrary } from '../engine/library/library';
import { startServer } from '../engine/serve/server';
import { HTTP_SESSION_HEADER, HTTP_TOKEN_HEADER } from '../shared/api';
import { percentile, timeMs, type BenchGroup } from './harness';

const ATTACKERS = 20;
const CALLS = 60;

export const signInGroup: BenchGroup = {
  name: 'signin',
  description: 'p95 of ordinary calls through serve, alone and during 20 parallel wrong sign-ins',
  async run(ctx) {
    const dir = ctx.tempDir('signin');
    const engine = createEngine(openLibrary(join(dir, 'library'), { create: true }), { auth: 'sessions' });
    const admin = unwrap(await engine.call('auth.setup', { username: 'admin', displayName: '张管理', password: 'admin password' })).session;
    for (let i = 0; i < ATTACKERS; i++) unwrap(await engine.call('users.create', { username: `clerk${i}`, displayName: `录入${i}`, role: 'clerk', password: 'clerk password' }, admin));
    mkdirSync(join(dir, 'renderer'));
    const served = await startServer(engine, { rendererDir: join(dir, 'renderer') });
    const post = (method: string, input: unknown, session?: string) =>
      fetch(`${served.url}api/${method}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', [HTTP_TOKEN_HEADER]: served.token, ...(session ? { [HTTP_SESSION_HEADER]: session } : {}) },
        body: JSON.stringify(input),
      }).then((r) => r.json());
    const ordinary = async () => {
      const samples: number[] = [];
      for (let i = 0; i < CALLS; i++) samples.push(await timeMs(() => post('catalog.children', { parentId: null }, admin)));
      return samples;
    };
    try {
      const alone: number[] = [];
      const attacked: number[] = [];
      for (let run = 0; run < ctx.runs; run++) {
        alone.push(percentile(await ordinary(), 95));
        let attacking = true;
        let guesses = 0;
        const attack = (async () => {
          for (let wave = 0; attacking; wave++) {
            // The worst case for the other calls: every guess hashed. The throttle would refuse repeats on an account
            // without hashing, so its count is cleared before each wave.
            engine.lib.db.prepare('DELETE FROM sign_in_failure').run();
            await Promise.all(Array.from({ length: ATTACKERS }, (_, i) => post('auth.login', { username: `clerk${i}`, password: `guess ${wave}` })));
            guesses += ATTACKERS;
          }
        })();
        attacked.push(percentile(await ordinary(), 95));
        attacking = false;
        await attack;
        ctx.log(`run ${run + 1}: ${guesses} wrong sign-ins during ${CALLS} ordinary calls`);
      }
      ctx.figure({ name: `catalog.children through serve, p95 of ${CALLS} calls, alone`, unit: 'ms', samples: alone });
      ctx.figure({
        name: `catalog.children through serve, p95 of ${CALLS} calls, during ${ATTACKERS} parallel wrong sign-ins`,
        unit: 'ms',
        samples: attacked,
        targetMax: 500,
        baseline: { name: 'alone', samples: alone },
      });
    } finally {
      await served.close();
      engine.close();
    }
  },
};
