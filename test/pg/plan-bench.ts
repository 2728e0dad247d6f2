// Times the planner on both stores with the same facts (issue 14 point 6): a full re-plan and the monthly horizon move.
// Run: npx tsx test/pg/plan-bench.ts [customers] [admin URL]   (admin URL default: $HUIFANG_TEST_PG)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { makeContext } from '../../src/cli/context.js';
import { loadCatalogue } from '../../src/i18n/index.js';
import { markPlannedThrough, moveHorizon, planContext, replan } from '../../src/app/plan-sync.js';
import type { Db } from '../../src/store/db.js';
import { sql } from '../../src/store/sql.js';
import { closeStore, copyFacts, emptyStore, importedScenario, IMPORTED_ON, makePgDatabase, openStore, planOf } from './plan-scenario.js';

const n = Number(process.argv[2] ?? 5000);
const admin = process.argv[3] ?? process.env.HUIFANG_TEST_PG;
if (!admin) throw new Error('give the admin URL of a PostgreSQL server (argument or HUIFANG_TEST_PG)');

await loadCatalogue('en');
const sink = { write: () => {}, isTTY: false };
const contextFor = (dbPath: string, today: string) =>
  makeContext({ db: dbPath, today, color: false }, {}, { stdout: sink, stderr: sink, stdinIsTTY: false, clock: new Date() }, 'en');

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plan-bench-'));
const pgDb = makePgDatabase(admin, 'plan_bench');
try {
  let t = performance.now();
  const source = openStore(await importedScenario(dir, n, contextFor));
  const ctxOf = (today: string) => planContext(source, today);
  const lite = emptyStore(path.join(dir, 'lite.db'));
  const pg = emptyStore(pgDb.url);
  copyFacts(source, lite);
  copyFacts(source, pg);
  pg.exec('ANALYZE');
  console.log(`${n} customers, ${source.value(sql`SELECT count(*) FROM event`)} events, ${source.value(sql`SELECT count(*) FROM visit`)} visits (set up in ${((performance.now() - t) / 1000).toFixed(1)} s)`);

  const time = (label: string, fn: (db: Db) => unknown) => {
    const ms: Record<string, number> = {};
    for (const [name, db] of [['sqlite', lite], ['postgres', pg]] as const) {
      t = performance.now();
      const r = fn(db);
      ms[name] = performance.now() - t;
      if (name === 'sqlite') console.log(`  ${label}: ${JSON.stringify(r)}`);
    }
    const { sqlite = 0, postgres = 0 } = ms;
    console.log(`  ${label}: SQLite ${sqlite.toFixed(0)} ms, PostgreSQL ${postgres.toFixed(0)} ms, ratio ${(postgres / sqlite).toFixed(2)}`);
  };
  const ctx = ctxOf(IMPORTED_ON);
  time('first plan of everyone (replan all, one transaction)', (db) =>
    db.transaction(() => {
      const c = replan(db, 'all', ctx);
      markPlannedThrough(db, ctx);
      return c;
    }),
  );
  time('monthly re-plan (horizon 07-31 → 08-31, chunks of 1000)', (db) => moveHorizon(db, ctxOf('2026-07-14'), true, 1000, () => {}));
  time('monthly re-plan (horizon 08-31 → 09-30, chunks of 1000)', (db) => moveHorizon(db, ctxOf('2026-08-03'), true, 1000, () => {}));
  time('whole re-plan backwards (horizon 09-30 → 08-31, every customer, chunks of 1000)', (db) => moveHorizon(db, ctxOf('2026-07-20'), true, 1000, () => {}));
  const same = JSON.stringify(planOf(lite)) === JSON.stringify(planOf(pg));
  console.log(`  plans identical on both stores: ${same}`);
  closeStore(source);
  closeStore(lite);
  closeStore(pg);
} finally {
  pgDb.drop();
  fs.rmSync(dir, { recursive: true, force: true });
}
