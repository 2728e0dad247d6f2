// The first command of a busy month leaves the horizon move to a detached `huifang plan --sync` (SPEC §3.0, issue 11 point 4). On SQLite and PostgreSQL.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { PLAN_LOCK } from '../../src/app/plan-sync.js';
import { copyOfStore, dumpStore, newStore, queryStore, rawSql, runCli, serverSession, storeKinds, tempDir, type StoreKind } from '../helpers.js';

/** More than one chunk (1,000 customers): a move the command does not do before it prints. */
const CUSTOMERS = 1100;

/**
 * Hold what a move takes for each chunk (SQLite: the write lock; PostgreSQL: the plan's advisory
 * lock), as a clerk's long write would: a command then cannot move the plan itself. Returns the release.
 */
function holdPlanLock(kind: StoreKind, db: string): () => void {
  if (kind === 'sqlite') {
    const conn = new Database(db);
    conn.exec('BEGIN IMMEDIATE');
    return () => {
      conn.exec('COMMIT');
      conn.close();
    };
  }
  const session = serverSession(db);
  session.query(`SELECT pg_advisory_lock(hashtext('${PLAN_LOCK}'))`);
  return () => {
    session.query('SELECT pg_advisory_unlock_all()');
    session.close();
  };
}

describe.each(storeKinds)('on %s', (kind) => {
  it('`due` prints at once and a process of its own moves the plan, as `plan --sync` would have', async () => {
    // Every customer's last order is on Monday 2026-03-02: wake-up call on 09-02 (SPEC §3.3, last
    // order + 6 months), which the horizon of 2026-08-14 (the end of September) reaches and that of
    // 07-14 (the end of August) does not.
    const dir = tempDir();
    const codes = Array.from({ length: CUSTOMERS }, (_, i) => `W${String(i + 1).padStart(4, '0')}`);
    fs.writeFileSync(path.join(dir, 'c.csv'), `code,name,tier,since,owner\n${codes.map((c) => `${c},${c} Co,C,2026-01-05,王芳`).join('\n')}\n`);
    fs.writeFileSync(path.join(dir, 'e.csv'), `customer,type,date,ref\n${codes.map((c, i) => `${c},order,2026-03-02,O${i}`).join('\n')}\n`);
    const db = newStore(kind, dir);
    const on = (today: string, ...args: string[]) => runCli(['--db', db, '--today', today, ...args], { timeout: 60_000 });
    for (const args of [['init'], ['import', 'customers', path.join(dir, 'c.csv')], ['import', 'events', path.join(dir, 'e.csv')]]) {
      const r = on('2026-06-10', ...args);
      expect(r.code, r.stderr).toBe(0);
    }
    expect(on('2026-07-14', 'due', '--json').code).toBe(0); // horizon 08-31: nobody reached, moved inline
    const meta = (key: string) => queryStore(db, `SELECT value FROM meta WHERE key = '${key}'`)[0]?.value;
    expect(meta('planned_through')).toBe('2026-08-31');
    const inline = copyOfStore(db);

    // The first command of 08-14 reads only 08-14, which the stored plan covers: it prints the list
    // (every customer's first call, due since July and never made, SPEC §3.0) and leaves the 1,100
    // re-plans to the process it started.
    // While the lock is held, nobody can move the plan: the command does not wait for it, and once
    // it is released, the plan moves with no other command run (before: the next command moved it).
    const release = holdPlanLock(kind, db);
    let first;
    try {
      first = on('2026-08-14', 'due', '--json');
      expect(meta('planned_through')).toBe('2026-08-31');
    } finally {
      release();
    }
    expect(first.code, first.stderr).toBe(0);
    const items = (JSON.parse(first.stdout) as { items: { tasks: { rule: string }[] }[] }).items;
    expect(items.map((i) => i.tasks.map((t) => t.rule).join())).toEqual(codes.map(() => 'routine'));

    // That process finishes the move: the plan reaches 09-30 and the lease is given back.
    for (let waited = 0; meta('planned_through') !== '2026-09-30'; waited += 100) {
      if (waited > 60_000) throw new Error(`the move did not finish in 60 s (planned_through ${String(meta('planned_through'))})`);
      await sleep(100);
    }
    for (let waited = 0; meta('horizon_mover') !== ''; waited += 100) {
      if (waited > 10_000) throw new Error(`the lease was not given back: ${String(meta('horizon_mover'))}`);
      await sleep(100);
    }
    const wakeUps = queryStore(db, "SELECT due_on, count(*) AS n FROM task WHERE rule = 'wake_up' GROUP BY due_on");
    expect(wakeUps).toEqual([{ due_on: '2026-09-02', n: CUSTOMERS }]);

    // The same move done in the foreground on a copy of the store as 07-14 left it gives the same store.
    const sync = runCli(['--db', inline, '--today', '2026-08-14', '--lang', 'en', 'plan', '--sync'], { timeout: 60_000 });
    expect(sync.stdout).toBe(`The plan is up to date through 2026-09-30 (${CUSTOMERS} customers re-planned).\n`);
    expect(dumpStore(db)).toEqual(dumpStore(inline));
    // Nothing is left to do: a second sync re-plans nobody (in Chinese).
    const again = runCli(['--db', inline, '--today', '2026-08-14', '--lang', 'zh', 'plan', '--sync']);
    expect(again.stdout).toBe('回访计划已更新至 2026-09-30（重新安排了 0 位客户）。\n');
  }, 120_000);

  it('doctor says how far the plan reaches and whether a process is moving it (always passed: a plan behind is no fault)', () => {
    const db = newStore(kind);
    expect(runCli(['--db', db, '--today', '2026-06-10', 'init']).code).toBe(0); // planned through 07-31 (SPEC §3.0)
    const doctor = (today: string, lang = 'en') => {
      const r = runCli(['--db', db, '--today', today, '--lang', lang, 'doctor']);
      expect(r.code, r.stdout + r.stderr).toBe(0);
      return r.stdout.trimEnd().split('\n').at(-1);
    };
    expect(doctor('2026-06-10')).toBe('✓ the plan reaches 2026-07-31, the end of next month');
    // 07-14: the horizon is 08-31 and nothing has moved the plan yet; the hint runs as the test typed huifang.
    expect(doctor('2026-07-14')).toBe('✓ the plan reaches 2026-07-31; the next due or plan, or node bin/huifang.js plan --sync, moves it to 2026-08-31');
    expect(doctor('2026-07-14', 'zh')).toBe('✓ 回访计划排到 2026-07-31；下次查看回访清单或计划时，或运行 node bin/huifang.js plan --sync，会把它排到 2026-08-31');
    // A live process on this PC holds the mover's lease (this test's own process stands for it).
    rawSql(db, `INSERT INTO meta (key, value) VALUES ('horizon_mover', '${process.pid} ${Date.now()} ${os.hostname()}') ON CONFLICT (key) DO UPDATE SET value = excluded.value`);
    expect(doctor('2026-07-14')).toBe(`✓ the plan reaches 2026-07-31; a process on ${os.hostname()} (pid ${process.pid}) is moving it to 2026-08-31`);
    // The mover done (its lease emptied), a day before the plan was made: its horizon (05-31) is behind the stored plan.
    rawSql(db, "UPDATE meta SET value = '' WHERE key = 'horizon_mover'");
    expect(doctor('2026-04-20')).toBe(
      '✓ the plan reaches 2026-07-31, past the end of next month (it was made with a later --today); the next due or plan, or node bin/huifang.js plan --sync, re-plans it to 2026-05-31',
    );
  });

  it('`plan --sync` prints no plan: it refuses the options that shape one (exit 3)', () => {
    const db = newStore(kind);
    expect(runCli(['--db', db, 'init']).code).toBe(0);
    const r = runCli(['--db', db, '--lang', 'en', 'plan', '--sync', '--csv']);
    expect(r).toMatchObject({ code: 3, stdout: '', stderr: '--sync brings the plan up to date and prints no plan: leave out --csv.\n' });
    expect(JSON.parse(runCli(['--db', db, 'plan', '--sync', '--json']).stdout)).toMatchObject({ customers: 0, planned_through: expect.any(String) });
  });
});
