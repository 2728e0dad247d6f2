// `npm run bench [-- --huge] [-- --pg]`: synthetic stores through the real importers, every row of issue 11's table as a ratio to a floor measured in the same run; --pg the same store on PostgreSQL against SQLite (issue 14).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { backgroundSyncs } from './background-syncs.js';
import { generate, type Dataset } from './generate.js';
import { taskwarriorPeer } from './taskwarrior.js';
import { hasDriver, INSTALL_HINT, serverBinaries, startThrowawayServer, type ThrowawayServer } from './throwaway-pg.js';

const here = path.dirname(fileURLToPath(import.meta.url)); // dist/bench
const root = path.resolve(here, '..', '..');
const bin = path.join(root, 'bin', 'huifang.js');
const probe = path.join(root, 'bench', 'rss-probe.mjs');
const floorScript = path.join(here, 'floor-import.js');
const floorDueScript = path.join(here, 'floor-due.js');
const REPEAT = Number(process.env.BENCH_REPEAT ?? 5);
const TODAY = '2026-11-23';
/** The first day of the month after TODAY's: the planning horizon moves a month on (SPEC §3.0). */
const NEW_MONTH = '2026-12-01';
/** The horizon end on NEW_MONTH: the end of the month after it. */
const NEW_HORIZON = '2027-01-31';
const REPORT_MONTH = '2026-10';

const HUGE = process.argv.includes('--huge');
const PG = process.argv.includes('--pg');
const CUSTOMERS = Number(process.env.BENCH_CUSTOMERS ?? 100_000);
const VISITS_PER_CUSTOMER = Number(process.env.BENCH_VISITS_PER_CUSTOMER ?? 5);
const HUGE_CUSTOMERS = Number(process.env.BENCH_HUGE_CUSTOMERS ?? 1_000_000);
/** Two visits each keep the million-customer store's build within minutes on two cores. */
const HUGE_VISITS_PER_CUSTOMER = Number(process.env.BENCH_HUGE_VISITS_PER_CUSTOMER ?? 2);

interface Run {
  seconds: number;
  /** User + system CPU seconds of the process. */
  cpu: number;
  peakMb: number;
  stdout: string;
}

/** Run node with the RSS probe preloaded; wall-clock seconds and peak resident memory. */
function timed(args: string[]): Run {
  const rssFile = path.join(os.tmpdir(), `huifang-rss-${process.pid}-${Math.random().toString(36).slice(2)}`);
  const started = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ['--import', probe, ...args], {
    encoding: 'utf8',
    env: { ...process.env, HUIFANG_BENCH_RSS_FILE: rssFile, HUIFANG_LANG: 'en' },
    maxBuffer: 1 << 28,
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (r.status !== 0) throw new Error(`failed: node ${args.join(' ')}\n${r.stderr}`);
  const [rss, cpu] = fs.readFileSync(rssFile, 'utf8').split(' ').map(Number) as [number, number];
  fs.rmSync(rssFile, { force: true });
  return { seconds, cpu: cpu / 1e6, peakMb: rss / 1024, stdout: r.stdout };
}

/** The median run of REPEAT (each preceded by `before`, untimed). */
function median(args: string[] | ((i: number) => string[]), before?: () => void): Run {
  const runs = Array.from({ length: REPEAT }, (_, i) => {
    before?.();
    return timed(typeof args === 'function' ? args(i) : args);
  }).sort((a, b) => a.seconds - b.seconds);
  return runs[Math.floor(runs.length / 2)] as Run;
}

const fmt = (n: number, d = 2) => n.toFixed(d);
const code = (i: number) => `B${String(i).padStart(6, '0')}`;

/** A row of the printed table: what, its time, memory, its ratio, and the goal it is held to. */
interface Row {
  what: string;
  run: Run;
  ratio: number;
  /** The same ratio in CPU seconds (NaN where there is none). */
  cpuRatio: number;
  floor: string;
  goal: string;
  note?: string;
}

interface Built {
  db: string;
  data: Dataset;
  imports: { customers: Run; visits: Run; events: Run };
  floorDue: Run;
  /** For each import, the other rows it wrote (see planRows). */
  planRowsOf: { customers: string; visits: string };
}

/** Generate a dataset and import it into a new store, each import timed. */
async function build(dir: string, customers: number, visitsPerCustomer: number, seed?: number): Promise<Built> {
  const data = await generate(path.join(dir, 'data'), customers, visitsPerCustomer, seed);
  const db = path.join(dir, 'bench.db');
  const base = [bin, '--db', db, '--today', TODAY];
  timed([...base, 'init']);
  const afterCustomers = path.join(dir, 'after-customers.db');
  const afterVisits = path.join(dir, 'after-visits.db');
  const importedCustomers = timed([...base, 'import', 'customers', data.customers]);
  fs.copyFileSync(db, afterCustomers);
  const importedVisits = timed([...base, 'import', 'visits', data.visits]);
  fs.copyFileSync(db, afterVisits);
  const imports = { customers: importedCustomers, visits: importedVisits, events: timed([...base, 'import', 'events', data.events]) };
  const planRowsOf = {
    customers: planRows(undefined, afterCustomers, path.join(dir, 'plan-rows-customers.db')),
    visits: planRows(afterCustomers, afterVisits, path.join(dir, 'plan-rows-visits.db')),
  };
  for (const f of [afterCustomers, afterVisits]) fs.rmSync(f);
  // Floor: node opening the store and running the one indexed query `due` needs.
  const floorDue = median([floorDueScript, db, TODAY]);
  return { db, data, imports, floorDue, planRowsOf };
}

/**
 * The rows an import wrote besides those of its file, as tables of a new SQLite file for
 * floor-import.ts: the contacts and tasks in `after` and not in `before` (same id), the tasks changed
 * or removed, the links of visits to tasks, and the customers whose next plan date changed. Computed
 * here, untimed, from the store before and after the import (huifang closes a store with its WAL
 * checkpointed, so the .db file is the whole store).
 */
function planRows(before: string | undefined, after: string, out: string): string {
  fs.rmSync(out, { force: true });
  const p = new Database(out);
  p.prepare('ATTACH DATABASE ? AS a').run(after);
  if (before !== undefined) p.prepare('ATTACH DATABASE ? AS b').run(before);
  const was = (table: string) => (before === undefined ? `(SELECT * FROM a.${table} WHERE 0)` : `b.${table}`);
  p.exec(`
    CREATE TABLE contact_added AS SELECT * FROM a.contact WHERE id NOT IN (SELECT id FROM ${was('contact')});
    CREATE TABLE task_added AS SELECT * FROM a.task WHERE id NOT IN (SELECT id FROM ${was('task')});
    CREATE TABLE task_removed AS SELECT id FROM ${was('task')} WHERE id NOT IN (SELECT id FROM a.task);
    CREATE TABLE task_changed AS SELECT * FROM (SELECT * FROM a.task EXCEPT SELECT * FROM ${was('task')}) WHERE id IN (SELECT id FROM ${was('task')});
    CREATE TABLE visit_task_added AS SELECT * FROM a.visit_task EXCEPT SELECT * FROM ${was('visit_task')};
    CREATE TABLE customer_replanned AS SELECT id, next_plan_on FROM (SELECT id, next_plan_on FROM a.customer EXCEPT SELECT id, next_plan_on FROM ${was('customer')});
  `);
  // The floor updates rows of these by id.
  p.exec('CREATE INDEX task_changed_id ON task_changed (id); CREATE INDEX customer_replanned_id ON customer_replanned (id);');
  p.close();
  return out;
}

/** Every row of issue 11's table on one store. */
function measure(dir: string, b: Built, label: string, withImportFloor: boolean): Row[] {
  const base = [bin, '--db', b.db, '--today', TODAY];
  const n = b.data.counts;
  const rows: Row[] = [];
  const floorDue = b.floorDue.seconds;
  const vsDue = (what: string, run: Run, goal: string, note?: string): Row => ({
    what: `${what} ${label}`,
    run,
    ratio: run.seconds / floorDue,
    cpuRatio: run.cpu / b.floorDue.cpu,
    floor: `open + 1 query ${fmt(floorDue)} s`,
    goal,
    note,
  });

  if (withImportFloor) {
    // Floor: csv-parse + one prepared INSERT per row, in one transaction, into a store made by init.
    const floorDb = path.join(dir, 'floor.db');
    timed([bin, '--db', floorDb, '--today', TODAY, 'init']);
    const fc = timed([floorScript, floorDb, 'customers', b.data.customers]);
    const fv = timed([floorScript, floorDb, 'visits', b.data.visits]);
    // The same floors writing every other row huifang's imports wrote: what those rows cost alone.
    const sameDb = path.join(dir, 'floor-same-rows.db');
    timed([bin, '--db', sameDb, '--today', TODAY, 'init']);
    const sc = timed([floorScript, sameDb, 'customers', b.data.customers, b.planRowsOf.customers]);
    const sv = timed([floorScript, sameDb, 'visits', b.data.visits, b.planRowsOf.visits]);
    const imp = (what: string, run: Run, floor: Run, count: number, goal: string): Row => ({
      what: `import ${what} ${label}`,
      run,
      ratio: run.seconds / floor.seconds,
      cpuRatio: run.cpu / floor.cpu,
      floor: `csv-parse + insert ${fmt(floor.seconds)} s`,
      goal,
      note: `${count} rows, ${Math.round(count / run.seconds)} rows/s`,
    });
    const same = (what: string, run: Run, floor: Run, goal: string): Row => ({
      what: `  floor writing the same rows as huifang`,
      run,
      ratio: run.seconds / floor.seconds,
      cpuRatio: run.cpu / floor.cpu,
      floor: `csv-parse + insert ${fmt(floor.seconds)} s`,
      goal: `below ${goal}?`,
      note: `huifang's import ${fmt(b.imports[what as 'customers' | 'visits'].seconds / run.seconds)}× this`,
    });
    rows.push(imp('customers', b.imports.customers, fc, n.customers, '≤ 2×'));
    rows.push(same('customers', sc, fc, '≤ 2×'));
    rows.push(imp('visits', b.imports.visits, fv, n.visits, '≤ 1.5×'));
    rows.push(same('visits', sv, fv, '≤ 1.5×'));
  }
  rows.push({ ...vsDue('import events', b.imports.events, '—', `${n.events} rows`), ratio: NaN, cpuRatio: NaN, floor: '' });

  const dueJson = median([...base, 'due', '--json']);
  const listed = (JSON.parse(dueJson.stdout) as { items: unknown[] }).items.length;
  rows.push(vsDue('due --json', dueJson, '≤ 1.5×', `${listed} customers listed`));
  rows.push(vsDue('due (table)', median([...base, 'due']), '≤ 2×'));
  rows.push(vsDue(`report --json ${REPORT_MONTH}`, median([...base, 'report', '--month', REPORT_MONTH, '--json']), label.includes('1M') ? '≤ 10×, < 200 MB' : '≤ 3×, < 120 MB'));

  // The first command of a new month moves the horizon; each run starts from a copy of the store
  // as last month left it (afterwards it is a plain read).
  const monthDb = path.join(dir, 'new-month.db');
  const copy = (to: string) => () => {
    for (const s of ['-wal', '-shm']) fs.rmSync(to + s, { force: true });
    fs.copyFileSync(b.db, to);
  };
  const probeDb = new Database(b.db, { readonly: true });
  const waiting = probeDb.prepare('SELECT count(*) FROM customer WHERE next_plan_on <= ?').pluck().get(NEW_HORIZON) as number;
  probeDb.close();
  rows.push(
    vsDue(`first command of ${NEW_MONTH.slice(0, 7)} (re-plan)`, median([bin, '--db', monthDb, '--today', NEW_MONTH, 'due', '--json'], copy(monthDb)), label.includes('1M') ? '≤ 20×' : '≤ 5×', `${waiting} customers re-planned by time`),
  );
  rows.push(...busiestMonth(b, dir));
  // Re-planning every customer at once (what a policy or holidays import does): the bulk planner's pace.
  const policyFile = path.join(dir, 'policy.json');
  timed([...base, 'policy', 'export', policyFile]);
  const allDb = path.join(dir, 're-plan-all.db');
  copy(allDb)();
  const all = timed([bin, '--db', allDb, '--today', TODAY, 'policy', 'import', policyFile]);
  rows.push({ ...vsDue('re-plan every customer (policy import)', all, '—', `${n.customers} customers, ${Math.round(n.customers / all.seconds)}/s`) });

  // One call recorded, a different customer each run (the store grows by one visit a run).
  const log = median((i) => [...base, 'log', code(1 + ((i * 7919) % n.customers)), '--outcome', 'reached', '--score', '4', '--at', `${TODAY} 10:0${i % 10}`, '--yes']);
  rows.push(vsDue('log (one write)', log, '≤ 2×, flat with size'));
  return rows;
}

/**
 * The new month in which time alone re-plans the most customers of this store. On the synthetic data
 * each customer's next call is stored whatever its date, so December re-plans nobody; the busiest
 * month is the one whose horizon (the end of the next month) reaches the latest stored next plan
 * date. The store is first moved, untimed, to the month before, as last month would have left it;
 * then the first command of the busiest month is timed on copies of that store, minus the same
 * command run again on the moved store: what the move costs the user's command. The command leaves
 * a move that big to a detached `huifang plan --sync` (src/cli/background-move.ts); the second row
 * is that process's work, from the command's start until it has moved the plan and exited.
 */
function busiestMonth(b: Built, dir: string): Row[] {
  const endOfMonthAfter = (first: Date) => new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 2, 0)).toISOString().slice(0, 10);
  const probe = new Database(b.db, { readonly: true });
  const latest = probe.prepare('SELECT max(next_plan_on) FROM customer').pluck().get() as string;
  probe.close();
  const month = new Date(`${latest.slice(0, 7)}-01T00:00:00Z`);
  month.setUTCMonth(month.getUTCMonth() - 1);
  const before = new Date(month);
  before.setUTCMonth(before.getUTCMonth() - 1);
  const today = month.toISOString().slice(0, 10);
  const horizon = endOfMonthAfter(month);
  const base = path.join(dir, 'busiest-month-before.db');
  fs.copyFileSync(b.db, base);
  timed([bin, '--db', base, '--today', before.toISOString().slice(0, 10), 'plan', '--sync']);
  const moved = new Database(base, { readonly: true });
  const waiting = moved.prepare('SELECT count(*) FROM customer WHERE next_plan_on <= ?').pluck().get(horizon) as number;
  moved.close();
  const db = path.join(dir, 'busiest-month.db');
  const args = [bin, '--db', db, '--today', today, 'plan', '--json'];
  const runs: { first: Run; moved: number }[] = [];
  for (let i = 0; i < REPEAT; i++) {
    for (const s of ['-wal', '-shm']) fs.rmSync(db + s, { force: true });
    fs.copyFileSync(base, db);
    const started = process.hrtime.bigint();
    const first = timed(args);
    runs.push({ first, moved: backgroundMoveDone(started, db, horizon) });
  }
  const first = runs.sort((x, y) => x.first.seconds - y.first.seconds)[Math.floor(runs.length / 2)]!.first;
  const movedIn = runs.map((r) => r.moved).sort((x, y) => x - y)[Math.floor(runs.length / 2)]!;
  const again = median(args);
  const run: Run = { ...first, seconds: first.seconds - again.seconds, cpu: first.cpu - again.cpu };
  const big = b.data.counts.customers >= 1_000_000;
  return [
    {
      what: `  the move's cost to the first command of ${today.slice(0, 7)}`,
      run,
      ratio: run.seconds / b.floorDue.seconds,
      cpuRatio: run.cpu / b.floorDue.cpu,
      floor: `open + 1 query ${fmt(b.floorDue.seconds)} s`,
      goal: big ? '≤ 20×' : '≤ 5×',
      note: `the data's busiest month: ${waiting} customers re-planned by time; plan --json ${fmt(first.seconds)} s, again ${fmt(again.seconds)} s`,
    },
    {
      what: `  the move itself, in its own process`,
      run: { seconds: movedIn, cpu: NaN, peakMb: NaN, stdout: '' },
      ratio: movedIn / b.floorDue.seconds,
      cpuRatio: NaN,
      floor: `open + 1 query ${fmt(b.floorDue.seconds)} s`,
      goal: '—',
      note: `from the command's start until plan --sync exited: ${Math.round(waiting / movedIn)} customers/s`,
    },
  ];
}

/** Seconds from `started` until no background move runs; fails unless the store's plan then reaches `horizon`. */
function backgroundMoveDone(started: bigint, db: string, horizon: string): number {
  while (backgroundSyncs(bin).length) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const check = new Database(db, { readonly: true });
  const through = check.prepare("SELECT value FROM meta WHERE key = 'planned_through'").pluck().get();
  check.close();
  if (through !== horizon) throw new Error(`the first command left the plan at ${String(through)}, not ${horizon}, and no process is moving it`);
  return seconds;
}

/** psql against the bench server's admin database (create and drop the bench databases). */
function psql(admin: string, statement: string): void {
  const r = spawnSync('psql', [admin, '-v', 'ON_ERROR_STOP=1', '-qc', statement], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`psql failed: ${statement}\n${r.stderr}`);
}

/** The URL of database `name` on the server of the admin URL. */
function databaseUrl(admin: string, name: string): string {
  const u = new URL(admin);
  u.pathname = `/${name}`;
  return u.toString();
}

/**
 * The same dataset on PostgreSQL (issue 14 point 6): each figure as a ratio to the SQLite figure of
 * this run on the same data. The new month starts each run from a copy of the store as last month
 * left it (CREATE DATABASE … TEMPLATE).
 */
function measurePg(admin: string, b: Built, sqliteRows: Row[], label: string): Row[] {
  const name = `huifang_bench_${process.pid}`;
  const url = databaseUrl(admin, name);
  const base = [bin, '--db', url, '--today', TODAY];
  const lite = (what: string) => sqliteRows.find((r) => r.what.startsWith(what))?.run as Run;
  const vs = (what: string, run: Run, sqlite: Run, goal: string, note?: string): Row => ({
    what: `${what} ${label} PostgreSQL`,
    run,
    ratio: run.seconds / sqlite.seconds,
    cpuRatio: NaN,
    floor: `SQLite ${fmt(sqlite.seconds)} s`,
    goal,
    note,
  });
  psql(admin, `DROP DATABASE IF EXISTS ${name}`);
  psql(admin, `CREATE DATABASE ${name}`);
  const rows: Row[] = [];
  try {
    timed([...base, 'init']);
    rows.push(vs('import customers', timed([...base, 'import', 'customers', b.data.customers]), b.imports.customers, '≤ 2×', `${b.data.counts.customers} rows`));
    rows.push(vs('import visits', timed([...base, 'import', 'visits', b.data.visits]), b.imports.visits, '—', `${b.data.counts.visits} rows`));
    rows.push(vs('import events', timed([...base, 'import', 'events', b.data.events]), b.imports.events, '—', `${b.data.counts.events} rows`));
    rows.push(vs('due --json', median([...base, 'due', '--json']), lite('due --json'), '≤ 2×'));
    rows.push(vs('due (table)', median([...base, 'due']), lite('due (table)'), '—'));
    rows.push(vs(`report --json ${REPORT_MONTH}`, median([...base, 'report', '--month', REPORT_MONTH, '--json']), lite('report --json'), '—'));
    const month = `${name}_month`;
    const monthUrl = databaseUrl(admin, month);
    const fresh = () => {
      psql(admin, `DROP DATABASE IF EXISTS ${month}`);
      psql(admin, `CREATE DATABASE ${month} TEMPLATE ${name}`);
    };
    rows.push(vs(`first command of ${NEW_MONTH.slice(0, 7)} (re-plan)`, median([bin, '--db', monthUrl, '--today', NEW_MONTH, 'due', '--json'], fresh), lite('first command of'), '≤ 2×'));
    psql(admin, `DROP DATABASE IF EXISTS ${month}`);
    const policyFile = path.join(os.tmpdir(), `huifang-bench-policy-${process.pid}.json`);
    timed([...base, 'policy', 'export', policyFile]);
    rows.push(vs('re-plan every customer (policy import)', timed([...base, 'policy', 'import', policyFile]), lite('re-plan every customer'), '—'));
    fs.rmSync(policyFile, { force: true });
    const log = median((i) => [...base, 'log', code(1 + ((i * 7919) % b.data.counts.customers)), '--outcome', 'reached', '--score', '4', '--at', `${TODAY} 10:0${i % 10}`, '--yes']);
    rows.push(vs('log (one write)', log, lite('log (one write)'), '—'));
  } finally {
    psql(admin, `DROP DATABASE IF EXISTS ${name}`);
  }
  return rows;
}

function print(rows: Row[]): void {
  const w = Math.max(...rows.map((r) => r.what.length)) + 1;
  const x = (n: number) => (Number.isNaN(n) ? '' : `${fmt(n)}×`);
  console.log(`${'what'.padEnd(w)} ${'seconds'.padEnd(8)} ${'cpu s'.padEnd(7)} ${'peak MB'.padEnd(8)} ${'ratio'.padEnd(8)} ${'cpu ratio'.padEnd(10)} ${'goal'.padEnd(22)} floor / note`);
  for (const r of rows) {
    const mb = Number.isNaN(r.run.peakMb) ? '' : fmt(r.run.peakMb, 0);
    const cpu = Number.isNaN(r.run.cpu) ? '' : fmt(r.run.cpu);
    console.log(`${r.what.padEnd(w)} ${fmt(r.run.seconds).padEnd(8)} ${cpu.padEnd(7)} ${mb.padEnd(8)} ${x(r.ratio).padEnd(8)} ${x(r.cpuRatio).padEnd(10)} ${r.goal.padEnd(22)} ${[r.floor, r.note].filter(Boolean).join('; ')}`);
  }
}

async function main(): Promise<void> {
  const started = Date.now();
  const out = path.join(root, 'bench', 'out');
  fs.rmSync(out, { recursive: true, force: true });
  console.log(`huifang bench on ${os.cpus().length} cores, node ${process.version}, median of ${REPEAT} runs where repeated`);
  const k = (n: number) => (n >= 1e6 ? `${n / 1e6}M` : `${n / 1e3}k`);

  console.log(`building ${k(CUSTOMERS)} customers, ${VISITS_PER_CUSTOMER} visits each…`);
  const big = await build(path.join(out, 'big'), CUSTOMERS, VISITS_PER_CUSTOMER);
  const rows = measure(path.join(out, 'big'), big, `@${k(CUSTOMERS)}`, true);

  // A 10× smaller store: `due` and `log` should cost the same on both (flat with size).
  const smallN = Math.round(CUSTOMERS / 10);
  console.log(`building ${k(smallN)} customers…`);
  const small = await build(path.join(out, 'small'), smallN, VISITS_PER_CUSTOMER, 7);
  const smallBase = [bin, '--db', small.db, '--today', TODAY];
  const dueSmall = median([...smallBase, 'due', '--json']);
  const logSmall = median((i) => [...smallBase, 'log', code(1 + ((i * 7919) % smallN)), '--outcome', 'reached', '--score', '4', '--at', `${TODAY} 10:0${i % 10}`, '--yes']);
  const bigRow = (what: string) => rows.find((r) => r.what.startsWith(what)) as Row;
  rows.push({ what: `due --json @${k(smallN)}`, run: dueSmall, ratio: bigRow('due --json').run.seconds / dueSmall.seconds, cpuRatio: bigRow('due --json').run.cpu / dueSmall.cpu, floor: '', goal: 'big/small ≤ 1.2×', note: `big/small; small floor ${fmt(small.floorDue.seconds)} s` });
  rows.push({ what: `log (one write) @${k(smallN)}`, run: logSmall, ratio: bigRow('log').run.seconds / logSmall.seconds, cpuRatio: bigRow('log').run.cpu / logSmall.cpu, floor: '', goal: 'big/small ≈ 1×', note: 'big/small' });

  // The peer: taskwarrior's `next` over as many pending tasks as the big store has customers.
  const peer = taskwarriorPeer(path.join(out, 'taskwarrior'), CUSTOMERS, REPEAT);
  if (peer === undefined) {
    console.log('taskwarrior not installed — skipped');
  } else {
    const due = bigRow('due --json').run;
    rows.push({ what: `peer: task next, ${k(CUSTOMERS)} pending`, run: { ...peer, cpu: NaN, stdout: '' }, ratio: peer.seconds / due.seconds, cpuRatio: NaN, floor: '', goal: 'keep ≥ 6×', note: `taskwarrior ${peer.version} ÷ huifang due --json` });
  }

  if (PG) {
    // A server given (HUIFANG_BENCH_PG: an admin URL of a login that may create databases), else a
    // throwaway one started here, with fsync on: it must pay for durability as the SQLite store does.
    let admin = process.env.HUIFANG_BENCH_PG;
    let server: ThrowawayServer | undefined;
    if (!admin) {
      const bin = serverBinaries();
      if (!bin || !hasDriver()) throw new Error(`--pg needs PostgreSQL: set HUIFANG_BENCH_PG to a server's admin URL, or install one for a throwaway server: ${INSTALL_HINT}`);
      server = await startThrowawayServer(bin, { fast: false });
      admin = server.url;
    }
    try {
      console.log(`the ${k(CUSTOMERS)} store again on PostgreSQL (${new URL(admin).host}${server ? `, throwaway server ${server.version}` : ''})…`);
      rows.push(...measurePg(admin, big, rows, `@${k(CUSTOMERS)}`));
    } finally {
      server?.stop();
    }
  }

  if (HUGE) {
    console.log(`building ${k(HUGE_CUSTOMERS)} customers, ${HUGE_VISITS_PER_CUSTOMER} visits each (--huge)…`);
    const huge = await build(path.join(out, 'huge'), HUGE_CUSTOMERS, HUGE_VISITS_PER_CUSTOMER, 11);
    rows.push(...measure(path.join(out, 'huge'), huge, `@${k(HUGE_CUSTOMERS)}`, true));
    const hugeLog = rows[rows.length - 1] as Row;
    rows.push({ what: `log (one write) @${k(HUGE_CUSTOMERS)} vs @${k(smallN)}`, run: hugeLog.run, ratio: hugeLog.run.seconds / logSmall.seconds, cpuRatio: hugeLog.run.cpu / logSmall.cpu, floor: '', goal: 'flat with size', note: 'big/small' });
  }

  console.log('');
  print(rows);
  console.log('');
  console.log('ratio: to the floor measured in the same run on the same store — for `due`, `report`, the new month and `log`, node');
  console.log('opening the store with better-sqlite3 and running the one indexed query `due` needs (bench/floor-due.ts); for imports,');
  console.log('csv-parse + one prepared INSERT per row in one transaction into a store made by init (bench/floor-import.ts). Every');
  console.log('time is a whole process, start-up included. Peak MB is the process\'s maximum resident set. "ratio" is wall-clock');
  console.log('seconds, "cpu ratio" user + system CPU seconds (what a machine busy with other work distorts least).');
  if (PG) console.log('The PostgreSQL rows (--pg) are ratios to the same row on SQLite in this run, on the same data; the server is on this machine.');
  console.log(`bench took ${fmt((Date.now() - started) / 60_000, 1)} min`);
}

await main();
