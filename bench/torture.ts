// `npm run torture`: kill import, log and demo at random moments and run clerks in parallel across a month boundary; report what survived.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { seededRandom } from '../src/domain/sample.js';
import { backgroundSyncs } from './background-syncs.js';
import { generate } from './generate.js';

const here = path.dirname(fileURLToPath(import.meta.url)); // dist/bench
/** The binary under test; TORTURE_BIN points at another build (say, the previous version) to compare. */
const BIN = process.env.TORTURE_BIN ?? path.resolve(here, '..', '..', 'bin', 'huifang.js');
const RUNS = Number(process.env.TORTURE_RUNS ?? 20);
/** The store the clerks share across the month boundary: big enough that one re-plan takes seconds. */
const CUSTOMERS = Number(process.env.TORTURE_CUSTOMERS ?? 15000);
/** The file whose import is killed: small enough to kill it twenty times in half a minute. */
const KILLED_IMPORT_CUSTOMERS = 3000;
const random = seededRandom(Number(process.env.TORTURE_SEED ?? 1));
const TODAY = '2026-11-23';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'huifang-torture-'));
/** The children's own temporary folder: whatever they leave behind in it is a leak. */
const childTmp = path.join(work, 'tmp');
fs.mkdirSync(childTmp);

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  seconds: number;
}

/** Run the CLI; with killAfterMs, SIGKILL it then (if it is still running). */
function cli(args: string[], killAfterMs?: number): Promise<Run> {
  const started = process.hrtime.bigint();
  const child = spawn(process.execPath, [BIN, '--lang', 'en', ...args], {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, LANG: 'C', TMPDIR: childTmp },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => void (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => void (stderr += d.toString()));
  const timer = killAfterMs === undefined ? undefined : setTimeout(() => child.kill('SIGKILL'), killAfterMs);
  return new Promise((resolve) => {
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, seconds: Number(process.hrtime.bigint() - started) / 1e9 });
    });
  });
}

async function ok(args: string[]): Promise<Run> {
  const r = await cli(args);
  if (r.code !== 0) throw new Error(`huifang ${args.join(' ')} failed (${r.code}): ${r.stderr}`);
  return r;
}

/** Columns that hold the wall-clock time of the run (the rest is fixed by --today and --at). */
const CLOCK_COLUMNS = new Set(['recorded_at']);

/** A fingerprint of every row of every table: equal fingerprints, equal stores. */
function fingerprint(db: Database.Database): string {
  const hash = createHash('sha256');
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all() as string[];
  for (const t of tables) {
    hash.update(`\n#${t}\n`);
    for (const row of db.prepare(`SELECT * FROM "${t}" ORDER BY rowid`).iterate() as Iterable<Record<string, unknown>>) {
      for (const [k, v] of Object.entries(row)) hash.update(CLOCK_COLUMNS.has(k) ? `${k}=*;` : `${k}=${String(v)};`);
      hash.update('\n');
    }
  }
  return hash.digest('hex');
}

type StoreState = { kind: 'missing' } | { kind: 'unreadable'; why: string } | { kind: 'store'; integrity: string; print: string };

function inspect(file: string): StoreState {
  if (!fs.existsSync(file)) return { kind: 'missing' };
  let db: Database.Database | undefined;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    const integrity = (db.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check).join('; ');
    return { kind: 'store', integrity, print: integrity === 'ok' ? fingerprint(db) : '' };
  } catch (err) {
    return { kind: 'unreadable', why: (err as Error).message };
  } finally {
    db?.close();
  }
}

function copyFiles(from: string, to: string): void {
  for (const suffix of ['', '-wal', '-shm']) {
    fs.rmSync(to + suffix, { force: true });
    if (fs.existsSync(from + suffix)) fs.copyFileSync(from + suffix, to + suffix);
  }
}

interface Tally {
  name: string;
  seconds?: number;
  total: number;
  survived: number;
  killedMidway: number;
  /** What went wrong, each kind of problem once with how often it happened. */
  notes: Map<string, number>;
}

function note(t: Tally, text: string): void {
  t.notes.set(text, (t.notes.get(text) ?? 0) + 1);
}

/**
 * Kill `args` at a random moment RUNS times, each on a fresh copy of `base` (or none), and check the
 * store each time: intact (integrity_check ok) and all or nothing — the state before, or the state
 * an uninterrupted run leaves.
 */
async function killLoop(
  name: string,
  base: string | undefined,
  target: string,
  args: string[],
  extra?: (t: Tally, state: StoreState) => Promise<void>,
): Promise<Tally> {
  const t: Tally = { name, total: 0, survived: 0, killedMidway: 0, notes: new Map() };
  const reset = () => {
    if (base) copyFiles(base, target);
    else for (const suffix of ['', '-wal', '-shm']) fs.rmSync(target + suffix, { force: true });
  };
  reset();
  const before = inspect(target);
  const reference = await ok(args);
  const after = inspect(target);
  if (after.kind !== 'store' || after.integrity !== 'ok') throw new Error(`${name}: the uninterrupted run left ${JSON.stringify(after)}`);
  const allowed = new Set([after.print, before.kind === 'store' ? before.print : 'missing']);
  for (let i = 0; i < RUNS; i++) {
    reset();
    // Uniform over the whole run, a little past its end so that some runs complete.
    const at = Math.floor(random() * reference.seconds * 1000 * 1.1);
    const r = await cli(args, at);
    t.total++;
    if (r.signal === 'SIGKILL') t.killedMidway++;
    const state = inspect(target);
    const print = state.kind === 'missing' ? 'missing' : state.kind === 'store' ? state.print : '';
    const problems: string[] = [];
    if (state.kind === 'unreadable') problems.push(`unreadable (${state.why})`);
    else if (state.kind === 'store' && state.integrity !== 'ok') problems.push(`integrity_check: ${state.integrity}`);
    else if (!allowed.has(print)) problems.push(`left ${state.kind === 'missing' ? 'no store' : 'a store'} that is neither the state before nor the state after a whole run`);
    if (r.signal !== 'SIGKILL' && r.code !== 0) problems.push(`was not killed but exit ${r.code}: ${r.stderr.trim()}`);
    for (const p of problems) note(t, `killed: ${p}`);
    if (problems.length === 0) t.survived++;
    if (extra) await extra(t, state);
  }
  return t;
}

/** Wait until no background move runs: the next round copies over the store it writes. */
async function backgroundDone(): Promise<void> {
  while (backgroundSyncs(BIN).length) await new Promise((r) => setTimeout(r, 20));
}

/** The month in which time alone re-plans the most customers: the one whose horizon reaches the latest next plan date. */
function busiestMonth(db: string): { today: string; before: string; horizon: string } {
  const probe = new Database(db, { readonly: true });
  const latest = probe.prepare('SELECT max(next_plan_on) FROM customer').pluck().get() as string;
  probe.close();
  const first = (months: number) => new Date(Date.UTC(Number(latest.slice(0, 4)), Number(latest.slice(5, 7)) - 1 + months, 1));
  const iso = (d: Date) => d.toISOString().slice(0, 10);
  return { today: iso(first(-1)), before: iso(first(-2)), horizon: iso(new Date(first(1).getTime() - 86_400_000)) };
}

/**
 * The first command of a busy month leaves the move to a detached `plan --sync`: kill that process at
 * a random moment, RUNS times. The store must stay intact, the next command must start another (the
 * dead one's lease is void), and the plan it finishes must be the one an uninterrupted move makes.
 */
async function killBackgroundMove(base: string, target: string, month: { today: string; horizon: string }): Promise<Tally> {
  const t: Tally = { name: `kill the background move of ${month.today.slice(0, 7)}`, total: 0, survived: 0, killedMidway: 0, notes: new Map() };
  const g = ['--db', target, '--today', month.today];
  copyFiles(base, target);
  await ok([...g, 'plan', '--sync']);
  const reference = inspect(target);
  /**
   * The first due of the month, and its mover once it has started: it starts while the command still
   * builds its list (and may finish before the command does), so it is looked for from the start.
   */
  const firstDue = async () => {
    let ended = false;
    const running = cli([...g, 'due', '--json']).then((r) => ((ended = true), r));
    let movers: number[] = [];
    while (movers.length === 0 && !ended) {
      movers = backgroundSyncs(BIN);
      await new Promise((r) => setTimeout(r, 2));
    }
    return { running, movers, found: process.hrtime.bigint() };
  };
  // How long the mover runs, once, uninterrupted: the kills fall anywhere in that time.
  copyFiles(base, target);
  const whole = await firstDue();
  await backgroundDone();
  const lifetime = Number(process.hrtime.bigint() - whole.found) / 1e9;
  await whole.running;
  t.name += ` (mover ${lifetime.toFixed(2)} s${whole.movers.length ? '' : ', none started'})`;
  for (let i = 0; i < RUNS; i++) {
    copyFiles(base, target);
    t.total++;
    const problems: string[] = [];
    const { running, movers } = await firstDue();
    await new Promise((r) => setTimeout(r, Math.floor(random() * lifetime * 1000)));
    for (const pid of movers) {
      try {
        // An ended process not yet reaped still takes a signal; its command line is empty.
        if (fs.readFileSync(`/proc/${pid}/cmdline`).length === 0) continue;
        process.kill(pid, 'SIGKILL');
        t.killedMidway++;
      } catch {
        // it had finished
      }
    }
    const first = await running;
    if (first.code !== 0) problems.push(`the first due: exit ${first.code}: ${first.stderr.trim()}`);
    if (movers.length === 0 && inspectThrough(target) !== month.horizon) problems.push('the first due neither moved the plan nor started a process to');
    await backgroundDone();
    const killed = inspect(target);
    if (killed.kind !== 'store' || killed.integrity !== 'ok') problems.push(`after the kill: ${JSON.stringify(killed).slice(0, 200)}`);
    const next = await cli([...g, 'due', '--json']);
    if (next.code !== 0) problems.push(`the next due: exit ${next.code}: ${next.stderr.trim()}`);
    await backgroundDone();
    const after = inspect(target);
    if (inspectThrough(target) !== month.horizon) problems.push(`after the next due the plan reaches ${inspectThrough(target)}, not ${month.horizon}`);
    else if (after.kind !== 'store' || reference.kind !== 'store' || after.print !== reference.print) problems.push('the finished plan is not the one an uninterrupted move makes');
    for (const p of problems) note(t, p);
    if (problems.length === 0) t.survived++;
  }
  return t;
}

function inspectThrough(db: string): string {
  const probe = new Database(db, { readonly: true });
  try {
    return probe.prepare("SELECT value FROM meta WHERE key = 'planned_through'").pluck().get() as string;
  } finally {
    probe.close();
  }
}

/** Several clerks' commands started together on the first day(s) after a month ends. */
async function parallelRound(base: string, target: string, today: string, codes: string[], round: number): Promise<Tally> {
  const t: Tally = { name: `parallel on ${today}`, total: 0, survived: 0, killedMidway: 0, notes: new Map() };
  copyFiles(base, target);
  const g = ['--db', target, '--today', today];
  const newCode = `TORTURE${round}`;
  const writers = [
    [...g, 'log', codes[0]!, '--channel', 'phone', '--outcome', 'no_answer', '--staff', '王芳', '--at', `${today} 10:0${round}`, '--yes'],
    [...g, 'log', codes[1]!, '--channel', 'phone', '--outcome', 'busy', '--staff', '李娜', '--at', `${today} 10:1${round}`, '--yes'],
    [...g, 'customer', 'add', newCode, '--name', `并发客户${round}`, '--owner', '张伟'],
  ];
  const readers = [
    [...g, 'due', '--json'],
    [...g, 'due', '--csv'],
    [...g, 'plan', '--json'],
    [...g, 'due', '--json', '--days', '3'],
    [...g, 'plan', '--csv'],
    [...g, 'due'],
  ];
  const runs = await Promise.all([...writers, ...readers].map((a) => cli(a)));
  // A reader may have left a busy month's move to a process of its own: the checks are of the store it leaves.
  await backgroundDone();
  runs.forEach((r, i) => {
    const what = i < writers.length ? `writer ${writers[i]!.slice(4, 6).join(' ')}` : `reader ${readers[i - writers.length]!.slice(4).join(' ')}`;
    t.total++;
    if (r.code === 0) t.survived++;
    else note(t, `${what}: exit ${r.code} after ${r.seconds.toFixed(1)} s: ${r.stderr.trim().split('\n')[0]}`);
  });
  // The store afterwards: intact, the horizon moved, and no write lost.
  const db = new Database(target, { readonly: true });
  try {
    const integrity = db.pragma('integrity_check', { simple: true });
    if (integrity !== 'ok') note(t, `integrity_check: ${String(integrity)}`);
    const logged = db
      .prepare("SELECT count(*) FROM visit v JOIN customer c ON c.id = v.customer_id WHERE v.source = 'log' AND v.at LIKE ? AND c.code IN (?, ?)")
      .pluck()
      .get(`${today}%`, codes[0], codes[1]) as number;
    const expectedLogs = runs.slice(0, 2).filter((r) => r.code === 0).length;
    if (logged !== expectedLogs) note(t, `${logged} logged visits stored, ${expectedLogs} confirmed`);
    const added = db.prepare('SELECT count(*) FROM customer WHERE code = ?').pluck().get(newCode) as number;
    if (added !== (runs[2]!.code === 0 ? 1 : 0)) note(t, `customer ${newCode}: ${added} stored, exit ${runs[2]!.code}`);
  } finally {
    db.close();
  }
  // A reader that found the lock taken left the horizon for later: the next command moves it.
  const next = await cli([...g, 'due', '--json']);
  await backgroundDone();
  const check = new Database(target, { readonly: true });
  const through = check.prepare("SELECT value FROM meta WHERE key = 'planned_through'").pluck().get() as string;
  check.close();
  const horizon = new Date(Date.UTC(Number(today.slice(0, 4)), Number(today.slice(5, 7)) + 1, 0)).toISOString().slice(0, 10);
  if (next.code !== 0 || through !== horizon) note(t, `the next due: exit ${next.code}, planned_through ${through}, expected ${horizon}`);
  for (const r of runs.slice(writers.length)) {
    if (r.code !== 0 || !r.stdout.trimStart().startsWith('{')) continue;
    try {
      JSON.parse(r.stdout);
    } catch {
      note(t, 'a reader printed JSON that does not parse');
    }
  }
  return t;
}

async function main(): Promise<void> {
  const started = Date.now();
  console.log(`huifang torture: ${BIN}\n${RUNS} kills each, ${CUSTOMERS} customers shared by parallel clerks, work folder ${work}`);
  const data = await generate(path.join(work, 'data'), CUSTOMERS, 2);
  const small = await generate(path.join(work, 'small'), KILLED_IMPORT_CUSTOMERS, 1);
  const empty = path.join(work, 'empty.db');
  await ok(['--db', empty, '--today', TODAY, 'init']);
  const base = path.join(work, 'base.db');
  copyFiles(empty, base);
  for (const kind of ['customers', 'visits', 'events'] as const) await ok(['--db', base, '--today', TODAY, 'import', kind, data[kind]]);
  const probe = new Database(base, { readonly: true });
  const codes = probe
    .prepare("SELECT DISTINCT c.code FROM task t JOIN customer c ON c.id = t.customer_id WHERE t.status = 'open' ORDER BY t.due_on, c.code LIMIT 2")
    .pluck()
    .all() as string[];
  probe.close();
  const target = path.join(work, 'huifang.db');
  const tallies: Tally[] = [];

  /** Time each part: the whole run should stay within a few minutes on two cores. */
  const timed = async (part: Promise<Tally>): Promise<Tally> => {
    const t0 = Date.now();
    const t = await part;
    t.seconds = (Date.now() - t0) / 1000;
    return t;
  };
  tallies.push(await timed(killLoop('kill import customers', empty, target, ['--db', target, '--today', TODAY, 'import', 'customers', small.customers])));
  tallies.push(
    await timed(killLoop('kill log', base, target, [
      '--db', target, '--today', TODAY, 'log', codes[0]!, '--channel', 'phone', '--outcome', 'reached', '--score', '4',
      '--respondent', 'self', '--staff', '王芳', '--at', `${TODAY} 10:30`, '--yes',
    ])),
  );
  const demoDb = path.join(work, 'demo.db');
  tallies.push(
    await timed(killLoop('kill demo', undefined, demoDb, ['--db', demoDb, '--today', TODAY, 'demo'], async (t, state) => {
      // Whatever a killed demo left, the next demo must build a good one, and no temporary copy
      // of the customer files (full phone numbers) may stay behind.
      const leftovers = fs.readdirSync(childTmp);
      if (leftovers.length) note(t, 'a temporary folder with the customer files (full phone numbers) left behind');
      for (const f of leftovers) fs.rmSync(path.join(childTmp, f), { recursive: true, force: true });
      const again = await cli(['--db', demoDb, '--today', TODAY, 'demo']);
      if (again.code !== 0) note(t, `after a kill leaving ${state.kind}, demo again: exit ${again.code}: ${again.stderr.trim()}`);
    })),
  );

  // The month ends. 2026-12-01: the stored plan (through 2026-12-31) already covers every reader;
  // 2027-01-04: it does not (the store was last used in November), so the first one must re-plan.
  for (const [round, today] of ['2026-12-01', '2027-01-04', '2026-12-01', '2027-01-04'].entries()) {
    tallies.push(await timed(parallelRound(base, target, today, codes, round)));
  }
  // The busiest month of the data: its first commands leave the move to a process of their own.
  const busy = busiestMonth(base);
  const busyBase = path.join(work, 'busy-base.db');
  copyFiles(base, busyBase);
  await ok(['--db', busyBase, '--today', busy.before, 'plan', '--sync']);
  tallies.push(await timed(parallelRound(busyBase, target, busy.today, codes, 4)));
  tallies.push(await timed(killBackgroundMove(busyBase, target, busy)));

  console.log('');
  let total = 0;
  let survived = 0;
  for (const t of tallies) {
    total += t.total;
    survived += t.survived;
    const killed = t.name.startsWith('kill') ? ` (${t.killedMidway} killed mid-run)` : '';
    const verdict = t.survived === t.total && t.notes.size === 0 ? 'ok  ' : 'FAIL';
    console.log(`${verdict} ${t.name}: ${t.survived}/${t.total} survived${killed} · ${t.seconds?.toFixed(0)} s`);
    for (const [n, times] of t.notes) console.log(`       ${times}× ${n}`);
  }
  console.log(`\n${survived}/${total} survived in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  fs.rmSync(work, { recursive: true, force: true });
  process.exitCode = tallies.every((t) => t.survived === t.total && t.notes.size === 0) ? 0 : 1;
}

await main();
