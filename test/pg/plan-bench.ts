// Times the planner on both stores with the same facts (issue 14 point 6): the first plan of everyone,
// the monthly horizon move, and a whole re-plan. Each run starts from the same snapshot (a file copy;
// CREATE DATABASE … TEMPLATE on PostgreSQL), SQLite and PostgreSQL alternate, and the median is kept,
// so that other work on a shared machine shows as spread rather than as a ratio.
// Run: npx tsx test/pg/plan-bench.ts [customers=5000] [runs=5] [admin URL=$HUIFANG_TEST_PG]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { makeContext } from '../../src/cli/context.js';
import { loadCatalogue } from '../../src/i18n/index.js';
import { markPlannedThrough, moveHorizon, planContext, replan } from '../../src/app/plan-sync.js';
import type { Db } from '../../src/store/db.js';
import { PgDb } from '../../src/store/pg-driver.js';
import { sql } from '../../src/store/sql.js';
import { closeStore, copyFacts, emptyStore, importedScenario, IMPORTED_ON, openStore, planOf } from './plan-scenario.js';

const n = Number(process.argv[2] ?? 5000);
const runs = Number(process.argv[3] ?? 5);
const admin = process.argv[4] ?? process.env.HUIFANG_TEST_PG;
if (!admin) throw new Error('give the admin URL of a PostgreSQL server (argument or HUIFANG_TEST_PG)');

await loadCatalogue('en');
const sink = { write: () => {}, isTTY: false };
const contextFor = (dbPath: string, today: string) =>
  makeContext({ db: dbPath, today, color: false }, {}, { stdout: sink, stderr: sink, stdinIsTTY: false, clock: new Date() }, 'en');

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plan-bench-'));
const base = `plan_bench_${process.pid}`;
const urlOf = (name: string) => Object.assign(new URL(admin), { pathname: `/${name}` }).toString();
const server = new PgDb(admin);
const made: string[] = [];
const snapshot = (from: string, to: string) => {
  server.exec(`CREATE DATABASE ${to} TEMPLATE ${from}`);
  made.push(to);
};

try {
  const source = openStore(await importedScenario(dir, n, contextFor));
  const ctxOf = (today: string) => planContext(source, today);
  // Snapshot 0: the facts alone. Snapshot 1: planned on IMPORTED_ON (horizon 07-31).
  server.exec(`CREATE DATABASE ${base}_0`);
  made.push(`${base}_0`);
  for (const [file, url] of [[path.join(dir, 's0.db'), urlOf(`${base}_0`)]] as const) {
    const lite = emptyStore(file);
    const pg = emptyStore(url);
    copyFacts(source, lite);
    copyFacts(source, pg);
    pg.exec('ANALYZE');
    closeStore(lite);
    closeStore(pg);
  }
  fs.copyFileSync(path.join(dir, 's0.db'), path.join(dir, 's1.db'));
  snapshot(`${base}_0`, `${base}_1`);
  const ctx = ctxOf(IMPORTED_ON);
  const firstPlan = (db: Db) =>
    db.transaction(() => {
      const c = replan(db, 'all', ctx);
      markPlannedThrough(db, ctx);
      return c;
    });
  for (const db of [openStore(path.join(dir, 's1.db')), openStore(urlOf(`${base}_1`))]) {
    firstPlan(db);
    if (db.dialect === 'postgres') db.exec('ANALYZE');
    closeStore(db);
  }
  console.log(
    `${n} customers, ${source.value(sql`SELECT count(*) FROM event`)} events, ${source.value(sql`SELECT count(*) FROM visit`)} visits; ${runs} runs each, median (min–max) ms`,
  );

  const cases: [string, string, (db: Db) => unknown][] = [
    ['first plan of everyone (replan all, one transaction)', 's0', firstPlan],
    ['monthly re-plan (horizon 07-31 → 08-31, chunks of 1000)', 's1', (db) => moveHorizon(db, ctxOf('2026-07-14'), true, 1000, () => {})],
    ['whole re-plan (horizon back 07-31 → 06-30: every customer, chunks of 1000)', 's1', (db) => moveHorizon(db, ctxOf('2026-05-20'), true, 1000, () => {})],
  ];
  let k = 0;
  for (const [label, from, fn] of cases) {
    const ms: Record<'sqlite' | 'postgres', number[]> = { sqlite: [], postgres: [] };
    let counts = '';
    let same = true;
    for (let r = 0; r < runs; r++) {
      const file = path.join(dir, `run${++k}.db`);
      fs.copyFileSync(path.join(dir, `${from}.db`), file);
      const name = `${base}_r${k}`;
      snapshot(`${base}_${from.slice(1)}`, name);
      const stores = [openStore(file), openStore(urlOf(name))];
      if (r % 2 === 1) stores.reverse();
      for (const db of stores) {
        const t = performance.now();
        const c = fn(db);
        ms[db.dialect].push(performance.now() - t);
        if (db.dialect === 'sqlite') counts = JSON.stringify(c);
      }
      if (r === 0) same = JSON.stringify(planOf(stores[0] as Db)) === JSON.stringify(planOf(stores[1] as Db));
      stores.forEach(closeStore);
      fs.rmSync(file);
      server.exec(`DROP DATABASE ${name}`);
      made.pop();
    }
    const stat = (xs: number[]) => {
      const s = [...xs].sort((a, b) => a - b);
      return { median: s[Math.floor(s.length / 2)] as number, text: `${(s[Math.floor(s.length / 2)] as number).toFixed(0)} (${(s[0] as number).toFixed(0)}–${(s[s.length - 1] as number).toFixed(0)})` };
    };
    const a = stat(ms.sqlite);
    const b = stat(ms.postgres);
    console.log(`${label}: ${counts}`);
    console.log(`  SQLite ${a.text}, PostgreSQL ${b.text}, ratio of medians ${(b.median / a.median).toFixed(2)}, same plan: ${same}`);
  }
  closeStore(source);
} finally {
  for (const name of made.reverse()) server.exec(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  server.close();
  fs.rmSync(dir, { recursive: true, force: true });
}
